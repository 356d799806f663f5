"""SEPA mandates of client shops: IBAN checks, holds after a returned debit, release."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.base_iban.models.res_partner_bank import validate_iban


class AccountBankingMandate(models.Model):
    """OCA's SEPA mandate, held out of the direct debit orders after a return."""

    _name = "account.banking.mandate"
    _inherit = ["account.banking.mandate", "gesticlean.protected.fields"]
    # set only by the return of a direct debit and by its review (the actions
    # below), never by a client (a context flag could be forged through JSON-RPC)
    _gesticlean_protected_fields = (
        "gesticlean_hold",
        "gesticlean_hold_reason",
        "gesticlean_hold_date",
    )

    gesticlean_hold = fields.Boolean(
        string="Held after a Returned Debit",
        readonly=True,
        copy=False,
        tracking=True,
        help="A direct debit on this mandate was returned: the next orders leave "
        "it out until an accountant has reviewed it.",
    )
    gesticlean_hold_reason = fields.Char(
        string="Return Reason", readonly=True, copy=False
    )
    gesticlean_hold_date = fields.Date(string="Returned on", readonly=True, copy=False)

    @api.constrains("partner_bank_id", "format")
    def _check_gesticlean_iban(self):
        for mandate in self.filtered(
            lambda m: m.format == "sepa" and m.partner_bank_id
        ):
            try:
                validate_iban(mandate.partner_bank_id.acc_number)
            except ValidationError as error:
                raise ValidationError(
                    self.env._(
                        "The SEPA mandate %(mandate)s needs a valid IBAN: "
                        "%(account)s is not one (%(error)s).",
                        mandate=mandate.unique_mandate_reference,
                        account=mandate.partner_bank_id.acc_number,
                        error=str(error.args[0]),
                    )
                ) from None

    # ------------------------------------------------------------------------------
    # Returned debits
    # ------------------------------------------------------------------------------

    def _gesticlean_hold(self, reason, date):
        """Leave these mandates out of the next orders (a debit was returned)."""
        self._gesticlean_protected_write().write(
            {
                "gesticlean_hold": True,
                "gesticlean_hold_reason": reason,
                "gesticlean_hold_date": date,
            }
        )

    def action_gesticlean_release(self):
        """The accountant has reviewed the return: debit this mandate again."""
        if not self.env.user.has_group("account_payment_order.group_account_payment"):
            raise AccessError(
                self.env._("Only accountants in charge of payments review mandates.")
            )
        held = self.filtered("gesticlean_hold")
        if not held:
            raise UserError(self.env._("This mandate is not held."))
        held._gesticlean_protected_write().write(
            {
                "gesticlean_hold": False,
                "gesticlean_hold_reason": False,
                "gesticlean_hold_date": False,
            }
        )
        for mandate in held:
            mandate.message_post(
                body=Markup("%s")
                % self.env._(
                    "Returned debit reviewed by %(user)s: the mandate is debited "
                    "again from the next order.",
                    user=self.env.user.name,
                )
            )
        return True
