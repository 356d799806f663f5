from odoo.tests import HttpCase, tagged

from .common_sepa import SepaCommon


@tagged("post_install", "-at_install")
class TestSepaPortal(SepaCommon, HttpCase):
    """The client sees on its portal how its contract is paid, its IBAN masked."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract_a = cls._debit_contract(cls.shop_a, cls.mandate_a)
        cls.contract_b = cls._make_contract(cls.shop_b)
        cls.contract_b.payment_mode_id = False
        cls._portal_user(cls.shop_a, "gc_sepa_portal_a")
        cls._portal_user(cls.shop_b, "gc_sepa_portal_b")

    def _page(self, login, contract):
        self.authenticate(login, login)
        response = self.url_open(f"/my/contracts/{contract.id}")
        return response

    def test_direct_debit_shown_masked(self):
        response = self._page("gc_sepa_portal_a", self.contract_a)
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn("Prélèvement SEPA", page)
        self.assertIn("GC-RUM-A", page)
        self.assertIn("FR76 **** **** **** **** **** 115", page)
        self.assertNotIn("3000 4008 1900", page)
        self.assertNotIn("FR7630004008190001027685115", page)

    def test_transfer_shown(self):
        response = self._page("gc_sepa_portal_b", self.contract_b)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Virement ou chèque", response.text)
        self.assertNotIn("GC-RUM", response.text)

    def test_other_clients_contract_not_shown(self):
        response = self._page("gc_sepa_portal_b", self.contract_a)
        self.assertNotIn("GC-RUM-A", response.text)
        self.assertNotIn("**** 115", response.text)
        self.assertIn(response.status_code, (200, 403, 404))
        self.assertNotEqual(
            response.url.rstrip("/").split("/")[-1], str(self.contract_a.id)
        )
