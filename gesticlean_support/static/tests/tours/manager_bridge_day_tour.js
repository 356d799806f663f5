import { registry } from "@web/core/registry";

// The support manager adds a bridge day to the support calendar: its
// *Fermetures* button, a line with the day, saved.
registry.category("web_tour.tours").add("gesticlean_support_manager_bridge_day", {
    steps: () => [
        {
            content: "The support calendar's closures",
            trigger: "button.oe_stat_button:contains('Fermetures')",
            run: "click",
        },
        {
            content: "A new closure",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Its name",
            trigger: ".o_data_row .o_field_widget[name=name] input",
            run: "edit Pont Ascension 2027",
        },
        {
            content: "From the morning of Friday 7 May 2027",
            trigger: ".o_data_row .o_field_widget[name=date_from] input",
            run: "edit 07/05/2027 00:00",
        },
        {
            content: "To its evening",
            trigger: ".o_data_row .o_field_widget[name=date_to] input",
            run: "edit 07/05/2027 23:59",
        },
        {
            content: "Save",
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            content: "Saved, in the list",
            trigger: ".o_data_row:not(.o_selected_row):contains('Pont Ascension 2027')",
        },
    ],
});
