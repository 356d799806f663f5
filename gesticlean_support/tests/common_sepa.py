import base64
from datetime import date

from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.tests import new_test_user

from .common_contract import ContractCommon

ICS = "FR72ZZZ123456"
COMPANY_IBAN = "FR76 3000 3019 4500 0500 0123 476"
IBAN_A = "FR76 3000 4008 1900 0102 7685 115"
IBAN_B = "FR76 1027 8073 0000 0202 8940 154"
IBAN_C = "FR76 1820 6000 4165 0050 9161 229"
SCAN = base64.b64encode(b"%PDF-1.4 mandat signe")


class SepaCommon(ContractCommon):
    """The shape of OCA account_banking_sepa_direct_debit's TestSDDBase (a bank,
    the company's bank account on its bank journal, the SEPA direct debit payment
    mode, client accounts with recurrent mandates), on INFORUM's French company and
    the support contracts of this module."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.sepa_creditor_identifier = ICS
        cls.accountant.groups_id |= cls.env.ref(
            "account_payment_order.group_account_payment"
        )
        cls.shop_c = cls.env["res.partner"].create(
            {
                "name": "Pressing Test C",
                "is_company": True,
                "gesticlean_client": True,
                "gesticlean_code": "T-0003",
                "country_id": cls.env.ref("base.fr").id,
            }
        )
        cls.bank = cls.env["res.bank"].create(
            {
                "name": "La Banque Postale",
                "bic": "PSSTFRPPXXX",
                "country": cls.env.ref("base.fr").id,
            }
        )
        # what the module does when a chart is loaded (or on install / update)
        cls.company.gesticlean_debit_mode_id = False
        cls.env["res.company"]._gesticlean_setup_direct_debit(cls.company)
        cls.mode = cls.company.gesticlean_debit_mode_id
        cls.journal = cls.mode.fixed_journal_id
        cls.journal.bank_account_id = cls.env["res.partner.bank"].create(
            {
                "acc_number": COMPANY_IBAN,
                "bank_id": cls.bank.id,
                "partner_id": cls.company.partner_id.id,
            }
        )
        cls.mandate_a = cls._make_mandate(cls.shop_a, IBAN_A, "GC-RUM-A")
        cls.mandate_b = cls._make_mandate(cls.shop_b, IBAN_B, "GC-RUM-B")
        cls.Wizard = cls.env["gesticlean.direct.debit.wizard"]

    @classmethod
    def _make_mandate(cls, shop, iban, reference, signed=date(2025, 12, 1)):
        account = cls.env["res.partner.bank"].create(
            {"acc_number": iban, "bank_id": cls.bank.id, "partner_id": shop.id}
        )
        return cls.env["account.banking.mandate"].create(
            {
                "format": "sepa",
                "type": "recurrent",
                "recurrent_sequence_type": "first",
                "scheme": "CORE",
                "signature_date": signed,
                "partner_bank_id": account.id,
                "company_id": cls.company.id,
                "state": "valid",
                "unique_mandate_reference": reference,
                "scan": SCAN,
            }
        )

    @classmethod
    def _debit_contract(cls, shop, mandate, licences=3, start=None):
        contract = cls._make_contract(shop, licences=licences, start=start)
        contract.write({"payment_mode_id": cls.mode.id, "mandate_id": mandate.id})
        return contract

    def _invoice_month(self, contracts, day):
        """Invoice ``contracts`` for the month of ``day`` and post the invoices."""
        with freeze_time(day):
            invoices = contracts.action_gesticlean_invoice_now(day)
            invoices.action_post()
        return invoices

    def _out_of_contract_invoice(self, shop, day, mandate=None):
        with freeze_time(day):
            invoice = self._create_invoice(shop, day)
            invoice.mandate_id = mandate
            invoice.action_post()
        return invoice

    def _create_invoice(self, shop, day):
        return self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": shop.id,
                "invoice_date": day,
                "payment_mode_id": self.mode.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.env.ref(
                                "gesticlean_support.product_out_of_contract_hour"
                            ).id,
                            "quantity": 2,
                        }
                    )
                ],
            }
        )

    def _wizard(self, day, user=None):
        return self.Wizard.with_user(user or self.accountant).create({"date_due": day})

    def _order_for(self, day, user=None):
        with freeze_time(day):
            action = self._wizard(day, user).action_create_order()
        return self.env["account.payment.order"].browse(action["res_id"])

    def _pain(self, order, day):
        with freeze_time(day):
            action = order.open2generated()
        attachment = self.env["ir.attachment"].browse(action["res_id"])
        return etree.fromstring(base64.b64decode(attachment.datas)), attachment

    @staticmethod
    def _xpath(root, path):
        return root.xpath(path, namespaces={"p": root.nsmap[None]})

    @classmethod
    def _portal_user(cls, shop, login):
        user = new_test_user(
            cls.env, login=login, groups="base.group_portal", lang="fr_FR"
        )
        user.partner_id.parent_id = shop
        return user
