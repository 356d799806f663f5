import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A technician's way through the Support app's menus, checking what each shows.
registry.category("web_tour.tours").add("gesticlean_support_menus", {
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Support app",
            trigger: '.o_app[data-menu-xmlid="gesticlean_support.menu_support_root"]',
            run: "click",
        },
        {
            content: "Open the callback queue",
            trigger:
                '.o_menu_sections [data-menu-xmlid="gesticlean_support.menu_support_callback_queue"]',
            run: "click",
        },
        {
            content: "The queue's list, with its button",
            trigger: "button[name=action_take_next_call]",
        },
        {
            content: "The blocked call waits before the question of the same shop",
            trigger:
                ".o_list_view .o_data_row:has(td[name=commercial_partner_id]:contains('Pressing Queue Menus')):has(td[name=urgency]:contains('Bloqué')) ~ .o_data_row:has(td[name=commercial_partner_id]:contains('Pressing Queue Menus')):has(td[name=urgency]:contains('Question'))",
        },
        {
            content: "Neither the solved call nor the later appointment wait: two rows",
            trigger:
                ".o_list_view .o_list_table:not(:has(.o_data_row:has(td[name=commercial_partner_id]:contains('Pressing Queue Menus')) ~ .o_data_row:has(td[name=commercial_partner_id]:contains('Pressing Queue Menus')) ~ .o_data_row:has(td[name=commercial_partner_id]:contains('Pressing Queue Menus'))))",
        },
        {
            content: "Open the clients menu",
            trigger:
                '.o_menu_sections [data-menu-xmlid="gesticlean_support.menu_support_clients"]',
            run: "click",
        },
        {
            content: "The workstations are under the clients",
            trigger:
                '.dropdown-item[data-menu-xmlid="gesticlean_support.menu_support_workstations"]',
        },
        {
            content: "Open the clients",
            trigger:
                '.dropdown-item[data-menu-xmlid="gesticlean_support.menu_support_clients_list"]',
            run: "click",
        },
        {
            content: "The shop is listed with its client code",
            trigger:
                ".o_list_view .o_data_row:has(td[name=name]:contains('Pressing Queue Menus')) td[name=gesticlean_code]:contains('UI-0104')",
        },
        {
            content: "Partners that are not client shops are not listed",
            trigger:
                ".o_list_view .o_list_table:not(:has(td[name=name]:contains('Papeterie Fournisseur')))",
        },
    ],
});
