from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common_contract import ContractCommon

SUPPORT_PRODUCTS = (
    "product_support_licence",
    "product_option_conveyor",
    "product_option_conveyor_arm",
    "product_option_backup",
    "product_out_of_contract_hour",
    "product_version_update",
)


@tagged("post_install", "-at_install")
class TestServicesVat(ContractCommon):
    """Support is a service: French VAT on payments, printed "Prestation de
    services", never the goods tax nor the option for VAT on debits."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.products = cls.env["product.product"].browse(
            [
                cls.env.ref(f"gesticlean_support.{xmlid}").id
                for xmlid in SUPPORT_PRODUCTS
            ]
        )
        cls.ChartTemplate = cls.env["account.chart.template"]

    def _own_taxes(self, product, company):
        return product.sudo().taxes_id.filtered(lambda t: t.company_id == company)

    def _render(self, invoice):
        html = self.env["ir.actions.report"]._render_qweb_html(
            "account.report_invoice", invoice.ids
        )[0]
        return html.decode()

    def test_support_products_carry_the_services_tax(self):
        self.assertEqual(self.company.chart_template, "fr")
        for product in self.products:
            with self.subTest(product=product.default_code):
                tax = self._own_taxes(product, self.company)
                self.assertEqual(len(tax), 1)
                self.assertEqual(tax.amount, 20.0)
                self.assertEqual(tax.tax_scope, "service")
                self.assertEqual(tax.tax_exigibility, "on_payment")
                self.assertEqual(tax.with_context(lang="fr_FR").name, "20% S")

    def test_goods_tax_replaced_other_taxes_kept(self):
        """What the migration does on a database whose products had "20% G"."""
        goods = self.company.account_sale_tax_id
        self.assertEqual(goods.tax_scope, "consu")
        service = self.ChartTemplate._gesticlean_service_tax(self.company)
        licence, hour = self.products[0], self.products[4]
        licence.sudo().taxes_id = [Command.set(goods.ids)]
        # a tax chosen by hand (here the exempt services tax) stays as it is
        other = self.env["account.tax"].search(
            [
                ("company_id", "=", self.company.id),
                ("type_tax_use", "=", "sale"),
                ("tax_scope", "=", "service"),
                ("amount", "=", 0.0),
            ],
            limit=1,
        )
        self.assertTrue(other)
        hour.sudo().taxes_id = [Command.set(other.ids)]
        self.ChartTemplate._gesticlean_set_support_taxes()
        self.assertEqual(self._own_taxes(licence, self.company), service)
        self.assertEqual(self._own_taxes(hour, self.company), other)
        # idempotent
        self.ChartTemplate._gesticlean_set_support_taxes()
        self.assertEqual(self._own_taxes(licence, self.company), service)

    def test_new_company_chart_gets_its_services_tax(self):
        company = self.env["res.company"].create(
            {"name": "INFORUM Sud", "country_id": self.env.ref("base.fr").id}
        )
        self.env.user.company_ids |= company
        self.ChartTemplate.with_company(company).try_loading(
            "fr", company, install_demo=False
        )
        for product in self.products:
            with self.subTest(product=product.default_code):
                tax = self._own_taxes(product, company)
                self.assertEqual(tax.tax_scope, "service")
                self.assertEqual(tax.tax_exigibility, "on_payment")
                # the first company's tax stays
                self.assertEqual(
                    self._own_taxes(product, self.company).tax_scope, "service"
                )

    def test_monthly_invoice_prints_services(self):
        self._backup_workstations(self.shop_a, 3)
        contract = self._make_contract(licences=3, conveyor="conveyor_arm", backup=True)
        with freeze_time("2026-01-15"):
            invoice = contract.action_gesticlean_invoice_now(date(2026, 1, 15))
            invoice.action_post()
        self.assertEqual(invoice.amount_tax, 27.7)
        self.assertEqual(
            set(invoice.invoice_line_ids.tax_ids.mapped("tax_exigibility")),
            {"on_payment"},
        )
        html = self._render(invoice.with_context(lang="fr_FR"))
        self.assertIn("Prestation de services", html)
        self.assertNotIn("Livraison de biens", html)
        self.assertNotIn("Opération mixte", html)
        self.assertNotIn("paiement de la taxe d'après les débits", html)

    def test_out_of_contract_invoice_prints_services(self):
        hour, update = self.products[4], self.products[5]
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.shop_b.id,
                "invoice_date": date(2026, 3, 31),
                "invoice_line_ids": [
                    Command.create({"product_id": hour.id, "quantity": 3}),
                    Command.create({"product_id": update.id, "quantity": 1}),
                ],
            }
        )
        invoice.action_post()
        self.assertEqual(invoice.amount_untaxed, 415.0)  # 3 x 90 + 145
        self.assertEqual(invoice.amount_tax, 83.0)
        html = self._render(invoice.with_context(lang="fr_FR"))
        self.assertIn("Prestation de services", html)
        self.assertNotIn("Livraison de biens", html)
        self.assertNotIn("paiement de la taxe d'après les débits", html)
