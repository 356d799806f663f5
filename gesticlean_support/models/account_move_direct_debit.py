"""Which support invoices a direct debit order takes, and why others are left out."""

from odoo import api, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from odoo.addons.base_iban.models.res_partner_bank import validate_iban

# Payment lines of these states hold an invoice in an order (OCA account_payment_order)
LIVE_ORDER_STATES = ("draft", "open", "generated")


class AccountMove(models.Model):
    """Which support invoices the monthly direct debit order may collect, and why
    the others are left out."""

    _inherit = "account.move"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _gesticlean_mandate_error(self, mandate, client, check_hold=False):
        """Why ``mandate`` cannot debit ``client`` (a French sentence), or ``""``."""
        if not mandate:
            return self.env._("no SEPA mandate")
        mandate = mandate.sudo()
        reference = mandate.unique_mandate_reference
        owner = mandate.partner_id.commercial_partner_id
        if owner != client.commercial_partner_id:
            return self.env._(
                "the mandate %(mandate)s belongs to another client (%(owner)s)",
                mandate=reference,
                owner=owner.display_name,
            )
        if mandate.state == "cancel":
            return self.env._("the mandate %(mandate)s is revoked", mandate=reference)
        if mandate.state == "expired":
            return self.env._("the mandate %(mandate)s is expired", mandate=reference)
        if mandate.state != "valid":
            return self.env._(
                "the mandate %(mandate)s is not validated yet", mandate=reference
            )
        try:
            validate_iban(mandate.partner_bank_id.acc_number)
        except ValidationError:
            return self.env._(
                "the account of the mandate %(mandate)s is not a valid IBAN",
                mandate=reference,
            )
        if check_hold and mandate.gesticlean_hold:
            return self.env._(
                "the mandate %(mandate)s is held since a debit was returned on "
                "%(date)s (%(reason)s): an accountant must review it",
                mandate=reference,
                date=format_date(self.env, mandate.gesticlean_hold_date),
                reason=mandate.gesticlean_hold_reason or "-",
            )
        return ""

    def _gesticlean_debit_exclusions(self):
        """{invoice: reason} of the invoices of ``self`` a direct debit order must
        leave out; the others can be debited."""
        reasons = {}
        for move in self:
            live = move.line_ids.payment_line_ids.filtered(
                lambda line: line.state in LIVE_ORDER_STATES
            )
            if live:
                reasons[move] = self.env._(
                    "already in the direct debit order %(order)s",
                    order=", ".join(live.order_id.mapped("name")),
                )
                continue
            error = self._gesticlean_mandate_error(
                move.mandate_id, move.commercial_partner_id, check_hold=True
            )
            if error:
                reasons[move] = error
        return reasons
