"""Returned debits: invoice re-opened, accountant and client told, mandate held."""

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import AccessError
from odoo.tools import format_amount


class PaymentReturn(models.Model):
    """A returned (rejected) direct debit, recorded with OCA's payment return: its
    confirmation re-opens the invoices; here, the accountant gets an activity,
    the client a French e-mail, and the mandate is held out of the next orders
    until reviewed."""

    _inherit = "payment.return"

    def action_confirm(self):
        invoices_by_line = {
            line: line.move_line_ids.matched_debit_ids.debit_move_id.move_id.filtered(
                lambda move: move.move_type == "out_invoice"
            )
            for line in self.line_ids
        }
        res = super().action_confirm()
        for line, invoices in invoices_by_line.items():
            invoices._gesticlean_debit_returned(line)
        return res


class AccountMove(models.Model):
    _inherit = "account.move"  # pylint: disable=consider-merging-classes-inherited

    gesticlean_debit_return_reason = fields.Char(
        string="Direct Debit Returned",
        readonly=True,
        copy=False,
        help="Why the bank returned the last direct debit of this invoice.",
    )

    def write(self, vals):
        if "gesticlean_debit_return_reason" in vals and not self.env.su:
            raise AccessError(
                self.env._("Only a returned direct debit sets its reason.")
            )
        return super().write(vals)

    def _gesticlean_debit_returned(self, return_line):
        """Tell the accountant and the client; hold the mandates of ``self``."""
        reason = (
            return_line.reason_id.display_name
            or return_line.reason_additional_information
            or self.env._("reason not given by the bank")
        )
        accountant = self.env.user
        template = self.env.ref(
            "gesticlean_support.mail_template_direct_debit_returned",
            raise_if_not_found=False,
        )
        for invoice in self:
            mandate = (
                invoice.mandate_id
                or return_line.move_line_ids.payment_id.payment_line_ids.mandate_id[:1]
            )
            invoice.sudo().gesticlean_debit_return_reason = reason
            if mandate:
                mandate._gesticlean_hold(reason, return_line.return_id.date)
                mandate.message_post(
                    body=Markup("%s")
                    % self.env._(
                        "Debit of %(invoice)s returned (%(reason)s): held out of the "
                        "next direct debit orders until reviewed.",
                        invoice=invoice.name,
                        reason=reason,
                    )
                )
            invoice.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Direct debit returned: contact the client"),
                note=self.env._(
                    "The debit of %(amount)s was returned by the bank (%(reason)s). "
                    "Call %(client)s, then review the mandate %(mandate)s so that "
                    "the next order debits it again, or change how the contract "
                    "is paid.",
                    amount=format_amount(
                        self.env, invoice.amount_residual, invoice.currency_id
                    ),
                    reason=reason,
                    client=invoice.commercial_partner_id.display_name,
                    mandate=mandate.unique_mandate_reference or "-",
                ),
                user_id=accountant.id,
            )
            if template:
                invoice.message_post_with_source(
                    template,
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )
