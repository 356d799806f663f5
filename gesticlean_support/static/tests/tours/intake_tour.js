import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("gesticlean_support_intake", {
    steps: () => [
        {
            content: "Find the shop by the number the caller gives",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit 04 50 45 12 34",
        },
        {
            content: "Pick it",
            trigger:
                ".o_field_widget[name=partner_id] .o-autocomplete--dropdown-item > a:contains('Pressing des Bauges')",
            run: "click",
        },
        {
            content: "Coverage is shown: out of contract",
            trigger: ".alert-warning:contains('Hors contrat')",
        },
        {
            content: "The TeamViewer ID is shown",
            trigger: ".o_field_widget[name=shop_teamviewer_id]:contains('111222333')",
        },
        {
            content: "The callback number, as people write it",
            trigger: ".o_field_widget[name=callback_phone] input:value('04 50 45 12 34')",
        },
        {
            content: "Tell the client the call is billable, and say so",
            trigger: ".o_field_widget[name=billing_notice_given] input",
            run: "click",
        },
        {
            content: "Caller",
            trigger: ".o_field_widget[name=caller_name] input",
            run: "edit Julie",
        },
        {
            content: "Urgency: Bloqué",
            trigger: ".o_field_widget[name=urgency] input[data-value=blocked]",
            run: "click",
        },
        {
            content: "Subject",
            trigger: ".o_field_widget[name=name] input",
            run: "edit Caisse bloquée",
        },
        {
            content: "The request",
            trigger: ".o_field_widget[name=description] .odoo-editor-editable > :first-child",
            run: "editor Le logiciel ne démarre plus",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_status_indicator_buttons.invisible:not(:visible)",
        },
    ],
});
