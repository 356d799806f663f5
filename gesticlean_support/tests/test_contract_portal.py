from datetime import date
from urllib.parse import quote

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import contract_pdf_text
from .common_contract import ContractCommon


@tagged("post_install", "-at_install")
class TestContractPortal(ContractCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_a.password = "portal-a-password"
        cls.contract_a = cls._make_contract(cls.shop_a, licences=3)
        cls.shop_b.shop_equipment = "conveyor"
        cls.contract_b = cls._make_contract(cls.shop_b, licences=1, conveyor="conveyor")
        with freeze_time("2026-01-15"):
            for contract in cls.contract_a | cls.contract_b:
                contract.action_gesticlean_invoice_now(date(2026, 1, 15))
        (cls.contract_a | cls.contract_b).support_invoice_ids.action_post()

    def test_record_rules(self):
        Contract = self.env["contract.contract"].with_user(self.portal_a)
        self.assertEqual(
            Contract.search([("is_support_contract", "=", True)]), self.contract_a
        )
        with self.assertRaises(AccessError):
            self.contract_b.with_user(self.portal_a).read(["name"])
        with self.assertRaises(AccessError):
            self.contract_b.contract_line_ids.with_user(self.portal_a).read(["name"])
        Move = self.env["account.move"].with_user(self.portal_a)
        self.assertEqual(
            Move.search([("support_contract_id", "!=", False)]).support_contract_id,
            self.contract_a,
        )

    def test_portal_pages(self):
        self.authenticate(self.portal_a.login, "portal-a-password")
        page = self.url_open(f"/my/contracts/{self.contract_a.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Télécharger le contrat (PDF)", page.text)
        self.assertIn("82,50", page.text)
        # the real start, the support manager, no broken avatar, no English
        self.assertIn("Date de début", page.text)
        self.assertIn(self.contract_a.date_start.strftime("%d/%m/%Y"), page.text)
        self.assertNotIn("user_menu_avatar.png", page.text)
        self.assertEqual(
            self.contract_a.modification_ids[:1].description, "Début du contrat"
        )
        self.assertEqual(
            self.contract_a.modification_ids[:1].date, self.contract_a.date_start
        )
        invoices = self.url_open("/my/invoices")
        self.assertEqual(invoices.status_code, 200)
        self.assertIn(self.contract_a.support_invoice_ids.name, invoices.text)
        self.assertNotIn(self.contract_b.support_invoice_ids.name, invoices.text)
        pdf = self.url_open(f"/my/contracts/{self.contract_a.id}/support-contract.pdf")
        self.assertEqual(pdf.status_code, 200)
        # in test mode Odoo renders the report as HTML
        self.assertIn("Contrat de support GestiClean", pdf.text)
        self.assertIn("45,00", pdf.text)
        self.assertIn("145,00", pdf.text)
        other = self.url_open(
            f"/my/contracts/{self.contract_b.id}/support-contract.pdf"
        )
        self.assertEqual(other.status_code, 404)
        self.assertNotIn("Contrat de support GestiClean", other.text)

    def test_pdf_download_file_name(self):
        """download=true answers the file, named after the client (was a 500)."""
        self.authenticate(self.portal_a.login, "portal-a-password")
        url = f"/my/contracts/{self.contract_a.id}/support-contract.pdf"
        response = self.url_open(f"{url}?download=true")
        self.assertEqual(response.status_code, 200)
        disposition = response.headers["Content-Disposition"]
        self.assertTrue(disposition.startswith("attachment;"), disposition)
        self.assertIn(
            quote(f"Contrat de support GestiClean - {self.shop_a.name}.pdf"),
            disposition,
        )
        self.assertIn("Contrat de support GestiClean", response.text)
        # without download, shown in the browser
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Content-Disposition", response.headers)
        other = self.url_open(
            f"/my/contracts/{self.contract_b.id}/support-contract.pdf?download=true"
        )
        self.assertEqual(other.status_code, 404)

    def test_report_content(self):
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "gesticlean_support.report_support_contract", self.contract_a.ids
            )[0]
            .decode()
        )
        for text in (
            "Contrat de support GestiClean",
            "tacite reconduction",
            "Du lundi au vendredi de 9 h à 12 h et de 14 h à 18 h",
            "90,00",
            "45,00",
            "145,00",
            "82,50",
            "mises à jour automatiques",
        ):
            with self.subTest(text=text):
                self.assertIn(text, html)
        # the lines in the client's language, whatever the language they were
        # recorded in
        self.contract_b.contract_line_ids.write({"name": "Conveyor link option"})
        text = contract_pdf_text(self.contract_b)
        self.assertIn("1 licence GestiClean 1 33,00 € 33,00 €", text)
        self.assertIn("Option liaison convoyeur 1 21,00 € 21,00 €", text)
        self.assertIn("Total mensuel HT 54,00 €", text)
