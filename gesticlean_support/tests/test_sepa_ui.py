from odoo import fields
from odoo.tests import HttpCase, tagged

from .common_sepa import SepaCommon


@tagged("post_install", "-at_install")
class TestAccountantMonthTour(SepaCommon, HttpCase):
    """The accountant runs the month in the browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        first = fields.Date.context_today(cls.env["res.users"]).replace(day=1)
        cls.shop_a.name = "Pressing Tournesol"
        cls.shop_b.name = "Pressing Tourbillon"
        cls.contract_a = cls._debit_contract(cls.shop_a, cls.mandate_a, 3, first)
        cls.contract_b = cls._debit_contract(cls.shop_b, cls.mandate_b, 1, first)

    def test_accountant_month_tour(self):
        self.start_tour(
            "/odoo",
            "gesticlean_support_accountant_month",
            login="gc_accountant",
        )
        order = self.env["account.payment.order"].search(
            [("payment_mode_id", "=", self.mode.id)], order="id desc", limit=1
        )
        self.assertEqual(order.state, "uploaded")
        self.assertEqual(order.total_company_currency, 138.6)
        self.assertEqual(order.payment_line_ids.partner_id, self.shop_a | self.shop_b)
        self.assertEqual(self.mandate_a.recurrent_sequence_type, "recurring")
