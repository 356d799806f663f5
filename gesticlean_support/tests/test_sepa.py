from datetime import date

import psycopg2
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools import mute_logger

from .common_sepa import IBAN_C, ICS, SCAN, SepaCommon


@tagged("post_install", "-at_install")
class TestSepaMandates(SepaCommon):
    """Mandates on contracts: what is accepted, what is refused and why."""

    def test_setup_payment_mode(self):
        self.assertEqual(self.mode.payment_method_id.code, "sepa_direct_debit")
        self.assertEqual(self.mode.with_context(lang="fr_FR").name, "Prélèvement SEPA")
        self.assertEqual(self.journal.type, "bank")
        self.assertTrue(self.mode.payment_order_ok)

    def test_contract_wizard_records_the_mandate(self):
        wizard = Form(
            self.env["gesticlean.support.contract.wizard"].with_user(self.manager)
        )
        wizard.partner_id = self.shop_c
        wizard.licence_count = 2
        wizard.date_start = date(2026, 1, 15)
        self.assertTrue(wizard.siren_missing)
        wizard.siret = "412 356 784 00014"
        wizard.payment_choice = "direct_debit"
        wizard.iban = IBAN_C.lower().replace(" ", "")
        wizard.mandate_signature_date = date(2026, 1, 10)
        wizard.mandate_scan = SCAN
        wizard.mandate_reference = "GC-RUM-C"
        with freeze_time("2026-01-15"):
            action = wizard.save().action_create_contract()
        contract = self.Contract.browse(action["res_id"])
        mandate = contract.mandate_id
        self.assertEqual(contract.payment_mode_id, self.mode)
        self.assertEqual(mandate.unique_mandate_reference, "GC-RUM-C")
        self.assertEqual(mandate.state, "valid")
        self.assertEqual(mandate.recurrent_sequence_type, "first")
        self.assertEqual(mandate.partner_id, self.shop_c)
        self.assertEqual(
            mandate.partner_bank_id.sanitized_acc_number, "FR7618206000416500509161229"
        )
        self.assertEqual(self.shop_c.siren, "412356784")
        self.assertEqual(self.shop_c.siret, "41235678400014")
        self.assertEqual(
            self.shop_c.with_company(self.company).customer_payment_mode_id, self.mode
        )
        invoice = self._invoice_month(contract, date(2026, 1, 15))
        self.assertEqual(invoice.payment_mode_id, self.mode)
        self.assertEqual(invoice.mandate_id, mandate)

    def test_invalid_iban_refused_nothing_written(self):
        mandates = self.env["account.banking.mandate"].search_count([])
        accounts = self.env["res.partner.bank"].search_count([])
        wizard = self.env["gesticlean.support.contract.wizard"].with_user(self.manager)
        wizard = wizard.create(
            {
                "partner_id": self.shop_c.id,
                "licence_count": 1,
                "date_start": date(2026, 1, 15),
                "payment_choice": "direct_debit",
                "iban": "FR76 3000 6000 0112 3456 7890 188",
                "mandate_signature_date": date(2026, 1, 10),
                "mandate_scan": SCAN,
            }
        )
        with self.assertRaisesRegex(ValidationError, "n'est pas un IBAN valide"):
            wizard.action_create_contract()
        self.assertEqual(self.env["account.banking.mandate"].search_count([]), mandates)
        self.assertEqual(self.env["res.partner.bank"].search_count([]), accounts)
        self.assertFalse(self.Contract.search([("partner_id", "=", self.shop_c.id)]))

    def test_contract_refuses_unusable_mandates(self):
        contract = self._make_contract(self.shop_b)
        before = contract.payment_mode_id

        def refused(message, mandate):
            with self.assertRaisesRegex(ValidationError, message):
                with self.env.cr.savepoint():
                    contract.with_user(self.manager).write(
                        {"payment_mode_id": self.mode.id, "mandate_id": mandate.id}
                    )
            contract.invalidate_recordset()
            self.assertEqual(contract.payment_mode_id, before)

        refused(
            "ne peut pas être payé par prélèvement : aucun mandat SEPA",
            self.env["account.banking.mandate"],
        )
        refused("appartient à un autre client", self.mandate_a)
        self.mandate_b.cancel()
        refused("GC-RUM-B est révoqué", self.mandate_b)
        self.mandate_b.write({"state": "expired"})
        refused("GC-RUM-B est expiré", self.mandate_b)

    def test_switch_existing_contract(self):
        contract = self._make_contract(self.shop_a)
        Switch = self.env["gesticlean.contract.payment.wizard"].with_user(self.manager)
        wizard = Form(Switch.with_context(default_contract_id=contract.id))
        wizard.payment_choice = "direct_debit"
        wizard.mandate_id = self.mandate_a
        wizard.save().action_apply()
        self.assertTrue(contract.gesticlean_direct_debit)
        self.assertEqual(contract.mandate_id, self.mandate_a)
        self.assertEqual(contract.gesticlean_payment_label, "Prélèvement SEPA")
        self.assertEqual(
            contract.gesticlean_masked_iban, "FR76 **** **** **** **** **** 115"
        )
        wizard = Form(Switch.with_context(default_contract_id=contract.id))
        self.assertEqual(wizard.payment_choice, "direct_debit")
        wizard.payment_choice = "manual"
        wizard.save().action_apply()
        self.assertFalse(contract.payment_mode_id)
        self.assertFalse(contract.mandate_id)

    def test_hold_fields_not_writable(self):
        with self.assertRaises(AccessError):
            self.mandate_a.with_user(self.accountant).write({"gesticlean_hold": True})
        # the context flag of the former check, which JSON-RPC could carry
        with self.assertRaises(AccessError):
            self.mandate_a.with_user(self.accountant).with_context(
                gesticlean_mandate_hold=True
            ).write({"gesticlean_hold": True})
        self.assertFalse(self.mandate_a.gesticlean_hold)
        with self.assertRaises(AccessError):
            self.mandate_a.with_user(self.manager).action_gesticlean_release()


@tagged("post_install", "-at_install")
class TestSepaDirectDebitOrder(SepaCommon):
    """The accountant's month: order of three clients, pain.008, upload, return."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract_a = cls._debit_contract(cls.shop_a, cls.mandate_a, licences=3)
        cls.contract_b = cls._debit_contract(cls.shop_b, cls.mandate_b, licences=1)
        cls.contracts = cls.contract_a | cls.contract_b

    def _month(self, day):
        invoices = self._invoice_month(self.contracts, day)
        return (
            invoices.filtered(lambda i: i.partner_id == self.shop_a),
            invoices.filtered(lambda i: i.partner_id == self.shop_b),
        )

    def test_month_of_three_clients(self):
        invoice_a, invoice_b = self._month(date(2026, 1, 15))
        self.mandate_b.cancel()  # the client revoked it after the invoice
        invoice_c = self._out_of_contract_invoice(self.shop_c, date(2026, 1, 20))
        self.assertEqual(invoice_a.mandate_id, self.mandate_a)
        self.assertFalse(invoice_c.mandate_id)
        with freeze_time("2026-01-25"):
            wizard = self._wizard(date(2026, 1, 31))
            self.assertEqual(wizard.invoice_ids, invoice_a)
            self.assertEqual(wizard.invoice_count, 1)
            self.assertEqual(wizard.amount_total, 99.0)  # 3 x 27.50 + 20 % VAT
            self.assertEqual(wizard.excluded_count, 2)
            self.assertIn("GC-RUM-B est révoqué", wizard.excluded_html)
            self.assertIn("aucun mandat SEPA", wizard.excluded_html)
            self.assertIn(invoice_c.name, wizard.excluded_html)
        order = self._order_for(date(2026, 1, 31))
        self.assertEqual(order.state, "open")
        self.assertEqual(order.payment_line_ids.move_line_id.move_id, invoice_a)
        self.assertEqual(order.total_company_currency, 99.0)
        left_out = order.message_ids.filtered(lambda m: "révoqué" in (m.body or ""))
        self.assertIn(invoice_b.name, left_out.body)
        self.assertIn(invoice_c.name, left_out.body)
        # the others were not touched
        self.assertFalse(invoice_b.line_ids.payment_line_ids)
        self.assertFalse(invoice_c.line_ids.payment_line_ids)

        root, attachment = self._pain(order, date(2026, 1, 25))
        self.assertTrue(attachment.name.endswith(".xml"))
        self.assertEqual(self._xpath(root, "//p:GrpHdr/p:NbOfTxs")[0].text, "1")
        self.assertEqual(self._xpath(root, "//p:GrpHdr/p:CtrlSum")[0].text, "99.00")
        self.assertEqual(self._xpath(root, "//p:PmtInf/p:PmtMtd")[0].text, "DD")
        self.assertEqual(self._xpath(root, "//p:PmtTpInf/p:SeqTp")[0].text, "FRST")
        self.assertEqual(
            self._xpath(root, "//p:CdtrSchmeId/p:Id/p:PrvtId/p:Othr/p:Id")[0].text, ICS
        )
        self.assertEqual(
            self._xpath(root, "//p:CdtrAcct/p:Id/p:IBAN")[0].text,
            "FR7630003019450005000123476",
        )
        self.assertEqual(
            self._xpath(root, "//p:DrctDbtTxInf/p:DrctDbtTx/p:MndtRltdInf/p:MndtId")[
                0
            ].text,
            "GC-RUM-A",
        )
        self.assertEqual(
            self._xpath(root, "//p:MndtRltdInf/p:DtOfSgntr")[0].text, "2025-12-01"
        )
        self.assertEqual(
            self._xpath(root, "//p:DrctDbtTxInf/p:InstdAmt")[0].text, "99.00"
        )
        self.assertEqual(
            self._xpath(root, "//p:DbtrAcct/p:Id/p:IBAN")[0].text,
            "FR7630004008190001027685115",
        )
        with freeze_time("2026-01-25"):
            order.generated2uploaded()
        self.assertEqual(order.state, "uploaded")
        self.assertEqual(self.mandate_a.recurrent_sequence_type, "recurring")
        self.assertFalse(invoice_a.amount_residual)

        # next month: the recurring debit of A, still not B (revoked)
        invoice_a2, __ = self._month(date(2026, 2, 15))
        order2 = self._order_for(date(2026, 2, 28))
        self.assertEqual(order2.payment_line_ids.move_line_id.move_id, invoice_a2)
        root, __ = self._pain(order2, date(2026, 2, 20))
        self.assertEqual(self._xpath(root, "//p:PmtTpInf/p:SeqTp")[0].text, "RCUR")

    def test_returned_debit(self):
        invoice_a, invoice_b = self._month(date(2026, 1, 15))
        order = self._order_for(date(2026, 1, 31))
        self._pain(order, date(2026, 1, 20))
        with freeze_time("2026-01-20"):
            order.generated2uploaded()
        self.assertFalse(invoice_b.amount_residual)
        payment_b = order.payment_ids.filtered(lambda p: p.partner_id == self.shop_b)
        Return = self.env["gesticlean.direct.debit.return.wizard"]
        with freeze_time("2026-01-28"):
            wizard = Return.with_user(self.accountant).create(
                {
                    "order_id": order.id,
                    "payment_ids": [(6, 0, payment_b.ids)],
                    "reason_id": self.env.ref(
                        "gesticlean_support.return_reason_am04"
                    ).id,
                }
            )
            wizard.action_confirm()
        # the invoice is open again; A's is still paid
        self.assertEqual(invoice_b.amount_residual, 39.6)  # 33 + 20 % VAT
        self.assertEqual(invoice_b.payment_state, "not_paid")
        self.assertFalse(invoice_a.amount_residual)
        self.assertEqual(
            invoice_b.gesticlean_debit_return_reason, "[AM04] Provision insuffisante"
        )
        with self.assertRaises(AccessError):
            invoice_b.with_user(self.accountant).write(
                {"gesticlean_debit_return_reason": False}
            )
        # the accountant is told
        activity = invoice_b.activity_ids
        self.assertEqual(activity.user_id, self.accountant)
        self.assertIn("Prélèvement rejeté", activity.summary)
        # the client gets a French e-mail
        mail = invoice_b.message_ids.filtered(
            lambda m: m.message_type == "comment" and self.shop_b in m.partner_ids
        )
        self.assertEqual(len(mail), 1)
        self.assertIn("Prélèvement rejeté", mail.subject)
        self.assertIn("Provision insuffisante", mail.body)
        self.assertIn("prélèvements suivants sont suspendus", mail.body)
        # the mandate is held: the next order leaves B out, with the reason
        self.assertTrue(self.mandate_b.gesticlean_hold)
        __, invoice_b2 = self._month(date(2026, 2, 15))
        with freeze_time("2026-02-20"):
            wizard = self._wizard(date(2026, 2, 28))
            self.assertNotIn(invoice_b, wizard.invoice_ids)
            self.assertNotIn(invoice_b2, wizard.invoice_ids)
            self.assertIn("GC-RUM-B est suspendu", wizard.excluded_html)
            self.assertIn("examiné", wizard.excluded_html)
        # reviewed: both of B's invoices go in the next order
        self.mandate_b.with_user(self.accountant).action_gesticlean_release()
        self.assertFalse(self.mandate_b.gesticlean_hold)
        with freeze_time("2026-02-20"):
            wizard = self._wizard(date(2026, 2, 28))
            self.assertIn(invoice_b, wizard.invoice_ids)
            self.assertIn(invoice_b2, wizard.invoice_ids)

    @mute_logger("odoo.sql_db")
    def test_one_live_debit_per_invoice(self):
        """PostgreSQL refuses a second live payment line of an invoice."""
        invoice_a, __ = self._month(date(2026, 1, 15))
        self._order_for(date(2026, 1, 31))
        receivable = invoice_a.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        )
        other = self.env["account.payment.order"].create(
            {"payment_mode_id": self.mode.id}
        )
        with self.assertRaises(psycopg2.errors.UniqueViolation):
            with self.env.cr.savepoint():
                receivable.create_payment_line_from_move_line(other)
                self.env.flush_all()

    def test_another_clients_mandate_left_out(self):
        invoice = self._out_of_contract_invoice(
            self.shop_c, date(2026, 1, 20), mandate=self.mandate_a
        )
        with freeze_time("2026-01-25"):
            wizard = self._wizard(date(2026, 1, 31))
        self.assertNotIn(invoice, wizard.invoice_ids)
        self.assertIn(
            "appartient à un autre client (Pressing Test A)", wizard.excluded_html
        )

    def test_bad_setup_nothing_written(self):
        self._month(date(2026, 1, 15))
        orders = self.env["account.payment.order"].search_count([])
        self.company.sepa_creditor_identifier = False
        with freeze_time("2026-01-25"):
            wizard = self._wizard(date(2026, 1, 31))
            self.assertIn("identifiant créancier SEPA", wizard.setup_error)
            with self.assertRaisesRegex(UserError, "identifiant créancier SEPA"):
                wizard.action_create_order()
        self.assertEqual(self.env["account.payment.order"].search_count([]), orders)

    def test_nothing_due(self):
        with (
            freeze_time("2026-01-25"),
            self.assertRaisesRegex(UserError, "Aucune facture de support à prélever"),
        ):
            self._wizard(date(2026, 1, 31)).action_create_order()

    @mute_logger("odoo.addons.base.models.ir_model")
    def test_only_payment_accountants_create_orders(self):
        self._month(date(2026, 1, 15))
        with freeze_time("2026-01-25"), self.assertRaises(AccessError):
            self._wizard(date(2026, 1, 31), user=self.manager).action_create_order()


@tagged("post_install", "-at_install")
class TestSepaDemo(TransactionCase):
    """`make run` shows direct debit and e-invoicing data."""

    def setUp(self):
        super().setUp()
        if not self.env.ref("gesticlean_support.mandate_lac_annecy", False):
            self.skipTest("demo data not loaded")

    def test_demo_direct_debit(self):
        company = self.env.ref("base.main_company")
        self.assertEqual(company.sepa_creditor_identifier, "FR72ZZZ123456")
        self.assertEqual(company.partner_id.siren, "803145929")
        mode = company.gesticlean_debit_mode_id
        self.assertTrue(mode.fixed_journal_id.bank_account_id)
        lac = self.env.ref("gesticlean_support.contract_support_lac_annecy")
        self.assertEqual(lac.payment_mode_id, mode)
        self.assertEqual(lac.mandate_id.state, "valid")
        mont_blanc = self.env.ref("gesticlean_support.contract_support_mont_blanc")
        self.assertEqual(mont_blanc.mandate_id.state, "cancel")
        shops = self.env.ref(
            "gesticlean_support.partner_shop_lac_annecy"
        ) | self.env.ref("gesticlean_support.partner_shop_bellecour")
        self.assertEqual(shops.mapped("siren"), ["412356784", "529876138"])
        accountant = self.env.ref("gesticlean_support.user_accountant")
        self.assertEqual(accountant.lang, "fr_FR")
        self.assertTrue(
            accountant.has_group("account_payment_order.group_account_payment")
        )
