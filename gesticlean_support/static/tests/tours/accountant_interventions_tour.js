import { registry } from "@web/core/registry";

// The accountant invoices the out-of-contract interventions: the client who was
// never told the call is billable is left out, with the reason.
registry.category("web_tour.tours").add("gesticlean_support_accountant_interventions", {
    steps: () => [
        {
            content: "Apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open Invoicing",
            trigger: ".o_app[data-menu-xmlid='account.menu_finance']",
            run: "click",
        },
        {
            content: "Customers menu",
            trigger: ".o_menu_sections button:contains('Clients')",
            run: "click",
        },
        {
            content: "Out-of-contract interventions",
            trigger: ".dropdown-item:contains('Interventions hors contrat')",
            run: "click",
        },
        {
            content: "Invoice",
            trigger: ".modal button[name=action_invoice]",
            run: "click",
        },
        {
            content: "The result has a French title, not « Odoo »",
            trigger:
                ".modal:has(.modal-title:contains('Facturer les interventions hors contrat')):contains('facture(s) brouillon')",
        },
        {
            content: "One invoice; the client nobody told is left out, with the reason",
            trigger:
                ".modal:contains('1 facture(s)'):contains('(Pressing des Aravis): le client'):contains('jamais été prévenu')",
        },
        {
            content: "Open the invoice",
            trigger: ".modal button[name=action_open_invoices]",
            run: "click",
        },
        {
            content: "The list names the client",
            trigger: ".o_list_view .o_data_row td[name=invoice_partner_display_name]:contains('Pressing des Glières')",
        },
    ],
});
