import { registry } from "@web/core/registry";

// The technician records a preventive check: one item to fix, the rest OK.
registry.category("web_tour.tours").add("gesticlean_support_maintenance_check", {
    steps: () => [
        {
            content: "A planned check, not a call: when it is planned, no callback deadline",
            trigger:
                ".o_form_view:has(.o_field_widget[name=planned_kind]):has(label:contains('Prévue le')):not(:has(label:contains('Échéance du rappel')))",
        },
        {
            content: "The checklist of the shop's workstations is shown",
            trigger: ".o_field_widget[name=maintenance_result_ids] .o_data_row",
        },
        {
            content: "The first item is to fix",
            trigger:
                ".o_field_widget[name=maintenance_result_ids] .o_data_row:first button[name=action_mark_fix]",
            run: "click",
        },
        {
            content: "Marked to fix",
            trigger:
                ".o_field_widget[name=maintenance_result_ids] .o_data_row:first .o_data_cell[name=state]:contains('À corriger')",
        },
        {
            content: "Write what is wrong",
            trigger:
                ".o_field_widget[name=maintenance_result_ids] .o_data_row:first .o_data_cell[name=note]",
            run: "click",
        },
        {
            content: "The note",
            trigger:
                ".o_field_widget[name=maintenance_result_ids] .o_data_row:first .o_data_cell[name=note] input",
            run: "edit Disque presque plein",
        },
        {
            content: "Everything else is OK",
            trigger: "button[name=action_gesticlean_check_all_ok]",
            run: "click",
        },
        {
            content: "The other items are OK",
            trigger:
                ".o_field_widget[name=maintenance_result_ids] .o_data_row:last .o_data_cell[name=state]:contains('OK')",
        },
        {
            content: "Complete the check",
            trigger: "button[name=action_gesticlean_complete_check]",
            run: "click",
        },
        {
            content: "The ticket opened for the item to fix is listed",
            trigger: ".o_field_widget[name=maintenance_fix_ids] .o_data_row",
        },
    ],
});
