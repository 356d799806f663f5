"""The support products get each company's sales tax when its chart is loaded."""

from odoo import Command, models


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    def _post_load_data(self, template_code, company, template_data):
        """Give the support products the company's sales tax once a chart is loaded.

        On a new database the chart of accounts is loaded after every module's data,
        so our products are created before any tax exists. Each company's tax is
        added; the other companies' taxes stay.
        """
        res = super()._post_load_data(template_code, company, template_data)
        tax = company.account_sale_tax_id
        if tax:
            products = (
                self.env["product.template"]
                .sudo()
                .with_context(active_test=False)
                .search([("gesticlean_support_product", "=", True)])
            )
            products.filtered(
                lambda product: (
                    not product.taxes_id.filtered(lambda t: t.company_id == company)
                )
            ).write({"taxes_id": [Command.link(tax.id)]})
        return res
