import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("gesticlean_support_client_search", {
    steps: () => [
        {
            content: "Type the shop's number the way the caller says it",
            trigger: ".o_searchview_input",
            run: "edit 0033 (0)4 50 45 99 88",
        },
        {
            content: "Search",
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Only that shop is listed; open it",
            trigger: ".o_list_table:not(:has(.o_data_row:nth-child(2))) .o_data_row td[name=name]:contains('Pressing des Aravis')",
            run: "click",
        },
        {
            content: "Open the support tab",
            trigger: ".o_notebook a[name=gesticlean_support]",
            run: "click",
        },
        {
            content: "The TeamViewer ID is stored without spaces",
            trigger: ".o_field_widget[name=teamviewer_id] input:value(555666777)",
        },
    ],
});
