import { registry } from "@web/core/registry";

// A support manager opens the backup dashboard and finds a failing workstation
// with its ticket.
registry.category("web_tour.tours").add("gesticlean_support_backup_dashboard", {
    steps: () => [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open the Support app",
            trigger: ".o_app[data-menu-xmlid='gesticlean_support.menu_support_root']",
            run: "click",
        },
        {
            content: "Open the clients menu",
            trigger: ".o_menu_sections [data-menu-xmlid='gesticlean_support.menu_support_clients']",
            run: "click",
        },
        {
            content: "Open the backups, under the clients",
            trigger: ".dropdown-item[data-menu-xmlid='gesticlean_support.menu_support_backups']:contains('Sauvegardes')",
            run: "click",
        },
        {
            content: "The workstations by backup status, failing ones in their column",
            trigger: ".o_kanban_group:has(.o_column_title:contains('En échec')) .o_kanban_record:contains('Pressing du Lac'):contains('Poste atelier')",
            run: "click",
        },
        {
            content: "Its backup ticket is shown",
            trigger: ".o_field_widget[name=backup_ticket_id]:contains('Sauvegarde en échec – Poste atelier')",
        },
        {
            content: "And its failed reports",
            trigger: ".o_field_widget[name=backup_report_ids] .o_data_row:contains('Disque de destination plein')",
        },
    ],
});
