from odoo import models


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    def _post_load_data(self, template_code, company, template_data):
        """Give the support products the company's sales tax once a chart is loaded.

        On a new database the chart of accounts is loaded after every module's data,
        so our products are created before any tax exists.
        """
        res = super()._post_load_data(template_code, company, template_data)
        if company.account_sale_tax_id:
            products = (
                self.env["product.template"]
                .sudo()
                .search(
                    [
                        ("gesticlean_support_product", "=", True),
                        ("taxes_id", "=", False),
                    ]
                )
            )
            products.taxes_id = company.account_sale_tax_id
        return res
