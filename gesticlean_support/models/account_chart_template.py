"""The support products get each company's services tax, the company its SEPA
direct debit payment mode and its contracts their sales journal, when its chart is
loaded."""

from odoo import Command, api, models


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    def _post_load_data(self, template_code, company, template_data):
        """Give the support products the company's services tax once a chart is
        loaded.

        On a new database the chart of accounts is loaded after every module's data,
        so our products are created before any tax exists, and contracts (the
        demo's, or those imported before the chart) before any sales journal. The
        company's SEPA direct debit payment mode needs its bank journal, created
        with the chart.
        """
        res = super()._post_load_data(template_code, company, template_data)
        self._gesticlean_set_support_taxes(company)
        self._gesticlean_set_contract_journals(company)
        self.env["res.company"]._gesticlean_setup_direct_debit(company)
        self._gesticlean_demo_direct_debit(company)
        return res

    @api.model
    def _gesticlean_set_contract_journals(self, company):
        """Contracts of ``company`` created before it had a sales journal get one
        (OCA's own choice of journal): invoicing needs it, and the contract form
        refuses to save without it."""
        contracts = (
            self.env["contract.contract"]
            .sudo()
            .with_context(active_test=False)
            .search([("company_id", "=", company.id), ("journal_id", "=", False)])
        )
        contracts._compute_journal_id()

    @api.model
    def _gesticlean_demo_direct_debit(self, companies=None):
        """Demo: the shops with a signed mandate pay their contract by direct debit.

        The payment mode needs the chart's bank journal: called when a chart is
        loaded and at the end of the demo data (a database whose chart exists).
        """
        if not self.env.ref(
            "gesticlean_support.mandate_lac_annecy", raise_if_not_found=False
        ):
            return
        companies = companies or self.env["res.company"].search(
            [("gesticlean_debit_mode_id", "!=", False)]
        )
        for company in companies.filtered("gesticlean_debit_mode_id"):
            mode = company.gesticlean_debit_mode_id
            for key in ("lac_annecy", "bellecour", "mont_blanc"):
                contract = self.env.ref(f"gesticlean_support.contract_support_{key}")
                mandate = self.env.ref(f"gesticlean_support.mandate_{key}")
                if (
                    contract.company_id != company
                    or contract.payment_mode_id == mode
                    or mandate.state != "valid"
                ):
                    continue
                contract.write({"payment_mode_id": mode.id, "mandate_id": mandate.id})
                contract.partner_id.with_company(
                    company
                ).customer_payment_mode_id = mode
                if key == "mont_blanc":
                    # the client revoked its mandate since: its invoices are left
                    # out of the direct debit orders, with the reason
                    mandate.cancel()

    @api.model
    def _gesticlean_service_tax(self, company):
        """The sales tax of ``company`` for services.

        Support is a service: in France VAT is due on payment ("TVA sur les
        encaissements", tax "20% S" of l10n_fr_account, printed "Prestation de
        services"). Any chart: the active sales tax for services with the rate of
        the company's default sales tax, due on payment first; the default sales
        tax when the chart has no tax for services.
        """
        default = company.account_sale_tax_id
        if not default:
            return default
        candidates = (
            self.env["account.tax"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("type_tax_use", "=", "sale"),
                    ("tax_scope", "=", "service"),
                    ("amount_type", "=", default.amount_type),
                    ("amount", "=", default.amount),
                    ("price_include", "=", False),
                ],
                order="sequence, id",
            )
        )
        on_payment = candidates.filtered(lambda t: t.tax_exigibility == "on_payment")
        return (on_payment or candidates or default)[:1]

    @api.model
    def _gesticlean_set_support_taxes(self, companies=None):
        """Put each company's services tax on the support products.

        The goods tax of a company (its default sales tax, when it is not for
        services) is replaced; any other tax set by hand stays, and so do the
        other companies' taxes. Idempotent: called when a chart is loaded, when
        the module is installed on a database that has one, and by the migration.
        """
        companies = companies or self.env["res.company"].sudo().search(
            [("chart_template", "!=", False)]
        )
        products = (
            self.env["product.template"]
            .sudo()
            .with_context(active_test=False)
            .search([("gesticlean_support_product", "=", True)])
        )
        for company in companies:
            tax = self._gesticlean_service_tax(company)
            if not tax:
                continue
            goods = company.account_sale_tax_id - tax
            for product in products:
                own = product.taxes_id.filtered(lambda t, c=company: t.company_id == c)
                commands = [Command.unlink(t.id) for t in own & goods]
                if tax not in own and not (own - goods):
                    commands.append(Command.link(tax.id))
                if commands:
                    product.write({"taxes_id": commands})
