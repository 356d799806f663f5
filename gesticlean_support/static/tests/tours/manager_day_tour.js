import { registry } from "@web/core/registry";

// The support manager's day: the clients' ratings (smiley, comment, the unhappy
// client still to call), then the support settings a manager may change.
registry.category("web_tour.tours").add("gesticlean_support_manager_day", {
    steps: () => [
        {
            content: "The ratings dashboard opens on the shares per month",
            trigger: ".o_pivot:contains('Satisfait')",
        },
        {
            content: "The list of ratings",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "The unhappy client: smiley, comment, still to call",
            trigger:
                ".o_data_row:contains('Pressing des Glières'):contains('Insatisfait'):contains('Trop long à rappeler'):contains('À rappeler')",
        },
        {
            content: "Configuration menu",
            trigger: ".o_menu_sections button:contains('Configuration')",
            run: "click",
        },
        {
            content: "Support settings",
            trigger: ".dropdown-item:contains('Paramètres du support')",
            run: "click",
        },
        {
            content: "The manager of the client callbacks is set",
            trigger: ".o_field_widget[name=gesticlean_reminder_user_id] input:value('Responsable Jour')",
        },
        {
            content: "The billing unit: the quarter-hour",
            trigger: ".o_field_widget[name=gesticlean_billing_unit] input",
            run: "edit 15",
        },
        {
            content: "Save",
            trigger: "button[name=action_save]",
            run: "click",
        },
        {
            content: "Saved and closed",
            trigger: "body:not(:has(button[name=action_save]))",
        },
    ],
});
