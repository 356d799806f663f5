"""The company's SEPA direct debit payment mode (journal, creditor identifier)."""

from odoo import api, fields, models

SDD_METHOD = "account_banking_sepa_direct_debit.sepa_direct_debit"


class ResCompany(models.Model):
    """The payment mode support contracts use for SEPA direct debit.

    The SEPA creditor identifier (ICS) is OCA's ``sepa_creditor_identifier``
    (account_banking_pain_base), checked by python-stdnum.
    """

    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    gesticlean_debit_mode_id = fields.Many2one(
        comodel_name="account.payment.mode",
        string="Direct Debit Payment Mode",
        domain="[('company_id', '=', id), ('payment_method_id.code', '=', "
        "'sepa_direct_debit')]",
        help="Payment mode of the support contracts paid by SEPA direct debit; "
        "the monthly direct debit order collects the invoices carrying it.",
    )

    @api.model
    def _gesticlean_setup_direct_debit(self, companies=None):
        """Give each company with a bank journal its SEPA direct debit payment mode.

        Called when a chart of accounts is loaded and when the module is installed
        or updated; a mode already set (or chosen by hand) is kept.
        """
        method = self.env.ref(SDD_METHOD, raise_if_not_found=False)
        if not method:
            return
        companies = companies or self.sudo().search([("chart_template", "!=", False)])
        for company in companies.sudo().filtered(
            lambda c: not c.gesticlean_debit_mode_id
        ):
            journal = self.env["account.journal"].search(
                [("company_id", "=", company.id), ("type", "=", "bank")],
                order="sequence, id",
                limit=1,
            )
            if not journal:
                continue
            if not journal.bank_account_id and company.partner_id.bank_ids:
                # the company's IBAN, credited by the direct debits
                journal.bank_account_id = company.partner_id.bank_ids[:1]
            mode = self.env["account.payment.mode"].search(
                [
                    ("company_id", "=", company.id),
                    ("payment_method_id", "=", method.id),
                    ("bank_account_link", "=", "fixed"),
                    ("fixed_journal_id", "!=", False),
                ],
                limit=1,
            ) or self._gesticlean_create_debit_mode(company, method, journal)
            company.gesticlean_debit_mode_id = mode

    @api.model
    def _gesticlean_create_debit_mode(self, company, method, journal):
        names = {
            code: self.with_context(lang=code).env._("SEPA Direct Debit")
            for code, __ in self.env["res.lang"].get_installed()
        }
        mode = (
            self.env["account.payment.mode"]
            .sudo()
            .with_context(lang="en_US")
            .create(
                {
                    "name": names.get("en_US", "SEPA Direct Debit"),
                    "company_id": company.id,
                    "payment_method_id": method.id,
                    "bank_account_link": "fixed",
                    "fixed_journal_id": journal.id,
                    "payment_order_ok": True,
                    "default_date_prefered": "due",
                    "group_lines": True,
                }
            )
        )
        mode.update_field_translations("name", names)
        return mode
