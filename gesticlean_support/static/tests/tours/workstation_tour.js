import { registry } from "@web/core/registry";

// Intake takes a call for the second workstation of a two-workstation shop.
registry.category("web_tour.tours").add("gesticlean_support_workstation_intake", {
    steps: () => [
        {
            content: "Find the shop by the TeamViewer ID the caller reads",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit 1 444 555 666",
        },
        {
            content: "Pick it",
            trigger:
                ".o_field_widget[name=partner_id] .o-autocomplete--dropdown-item > a:contains('Pressing des Deux Postes')",
            run: "click",
        },
        {
            content: "Two workstations: none chosen yet, the till's TeamViewer ID",
            trigger: ".o_field_widget[name=shop_teamviewer_id]:contains('111555999')",
        },
        {
            content: "Choose the back-office workstation",
            trigger: ".o_field_widget[name=workstation_id] input",
            run: "edit Poste atelier",
        },
        {
            content: "Pick it",
            trigger:
                ".o_field_widget[name=workstation_id] .o-autocomplete--dropdown-item > a:contains('Poste atelier')",
            run: "click",
        },
        {
            content: "Its TeamViewer ID is shown",
            trigger: ".o_field_widget[name=shop_teamviewer_id]:contains('1444555666')",
        },
        {
            content: "Its GestiClean version is shown",
            trigger: ".o_field_widget[name=workstation_version_id]:contains('UI-2025.1')",
        },
        {
            content: "Subject",
            trigger: ".o_field_widget[name=name] input",
            run: "edit Mise à jour du poste atelier",
        },
        {
            content: "The request",
            trigger: ".o_field_widget[name=description] .odoo-editor-editable > :first-child",
            run: "editor Le poste atelier demande la nouvelle version",
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

// The technician records that the intervention updated GestiClean.
registry.category("web_tour.tours").add("gesticlean_support_workstation_update", {
    steps: () => [
        {
            content: "The intervention is on the back-office workstation",
            trigger: ".o_field_widget[name=workstation_id] input:value('Poste atelier')",
        },
        {
            content: "The version before is the workstation's",
            trigger: ".o_field_widget[name=version_before_id]:contains('UI-2025.1')",
        },
        {
            content: "Updated to the current release",
            trigger: ".o_field_widget[name=version_after_id] input",
            run: "edit UI-2025.2",
        },
        {
            content: "Pick it",
            trigger:
                ".o_field_widget[name=version_after_id] .o-autocomplete--dropdown-item > a:contains('UI-2025.2')",
            run: "click",
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
