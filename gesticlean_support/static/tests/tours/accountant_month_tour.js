import { registry } from "@web/core/registry";

// The accountant's month: invoice the support contracts, confirm the invoices,
// build the SEPA direct debit order, export the pain.008 file, mark it sent.
registry.category("web_tour.tours").add("gesticlean_support_accountant_month", {
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
            content: "Invoice the support contracts",
            trigger: ".dropdown-item:contains('Facturer les contrats de support')",
            run: "click",
        },
        {
            content: "Choose the contracts of the month",
            trigger: ".modal .o_field_widget[name=contract_ids] input",
            run: "edit Pressing Tournesol",
        },
        {
            content: "Pick the contract",
            trigger: ".o-autocomplete--dropdown-item > a:contains('Pressing Tournesol')",
            run: "click",
        },
        {
            content: "And the other one",
            trigger: ".modal .o_field_widget[name=contract_ids] input",
            run: "edit Pressing Tourbillon",
        },
        {
            content: "Pick it",
            trigger: ".o-autocomplete--dropdown-item > a:contains('Pressing Tourbillon')",
            run: "click",
        },
        {
            content: "Invoice",
            trigger: ".modal button[name=action_invoice]",
            run: "click",
        },
        {
            content: "Two draft invoices",
            trigger: ".o_list_view .o_data_row:nth-child(2)",
        },
        {
            content: "Select them all",
            trigger: ".o_list_view thead .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Actions",
            trigger: ".o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            content: "Confirm the invoices",
            trigger: ".dropdown-item:contains('Confirmer les écritures')",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name=validate_move]",
            run: "click",
        },
        {
            content: "Posted",
            trigger: ".o_list_view .o_data_row:first-child:contains('Non payé')",
        },
        {
            content: "Customers menu",
            trigger: ".o_menu_sections button:contains('Clients')",
            run: "click",
        },
        {
            content: "Monthly direct debits",
            trigger: ".dropdown-item:contains('Prélèvements du mois')",
            run: "click",
        },
        {
            content: "Preview: both invoices, with their total",
            trigger: ".modal .o_field_widget[name=invoice_count]:contains('2')",
        },
        {
            content: "Total: 99,00 + 39,60",
            trigger: ".modal .o_field_widget[name=amount_total]:contains('138,60')",
        },
        {
            content: "Create the order",
            trigger: ".modal button[name=action_create_order]",
            run: "click",
        },
        {
            content: "The order is confirmed",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Confirmé')",
        },
        {
            content: "Generate the pain.008 file",
            trigger: "button[name=open2generated]",
            run: "click",
        },
        {
            content: "The file is there",
            trigger: ".o_breadcrumb:contains('sdd_')",
        },
        {
            content: "Back to the order",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('PAY')",
            run: "click",
        },
        {
            content: "Sent to the bank: mark it",
            trigger: "button[name=generated2uploaded]",
            run: "click",
        },
        {
            content: "Done",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Fichier téléchargé')",
        },
    ],
});
