"""Out-of-contract notice: the client must have been told that the call is billed
(at intake, or by the technician at the start of the callback) before its time is
billed."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from .guards import SUPPORT_INTAKE, SUPPORT_TECHNICIAN, check_caller


class SupportIntervention(models.Model):
    _inherit = "support.intervention"

    billing_notice_given = fields.Boolean(
        string="Client Told It Is Billable",
        related="ticket_id.billing_notice_given",
        help="Out of contract: the client was told that the intervention is "
        "billed, at intake or at the start of the callback. Time of a client "
        "nobody told is not billed.",
    )

    def action_confirm_billing_notice(self):
        """The technician told the client, at the start of the callback, that the
        intervention is billed: the ticket records it (tracked)."""
        check_caller(
            self.env,
            [SUPPORT_TECHNICIAN],
            self.env._("Only technicians confirm that the client was told."),
        )
        self.ticket_id.filtered(
            lambda ticket: (
                ticket.coverage == "billable" and not ticket.billing_notice_given
            )
        ).write({"billing_notice_given": True})
        return True

    def _gesticlean_not_told(self):
        """The billable interventions of a client nobody told it was billable."""
        return self.filtered(
            lambda i: i.billable and not i.ticket_id.sudo().billing_notice_given
        )


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("billing_notice_given") for vals in vals_list):
            self._gesticlean_check_notice_caller()
        return super().create(vals_list)

    def write(self, vals):
        if "billing_notice_given" in vals and not self._gesticlean_is_trusted_write():
            self._gesticlean_check_notice_write(bool(vals["billing_notice_given"]))
        return super().write(vals)

    def _gesticlean_check_notice_caller(self):
        """The support team tells the client (intake at the call, the technician
        at the callback); nobody else ticks it (portal, accountants)."""
        check_caller(
            self.env,
            [SUPPORT_INTAKE],
            self.env._(
                "Only the support team records that the client was told the call "
                "is billable."
            ),
        )

    def _gesticlean_check_notice_write(self, told):
        self._gesticlean_check_notice_caller()
        if told:
            return
        # what the client was told is kept once someone has called back
        handled = self.sudo().filtered(
            lambda ticket: ticket.billing_notice_given and ticket.intervention_ids
        )
        if handled:
            raise UserError(
                self.env._(
                    "%(tickets)s: the client was told the call is billable and has "
                    "been called back; this can no longer be undone.",
                    tickets=", ".join(handled.mapped("number")),
                )
            )
