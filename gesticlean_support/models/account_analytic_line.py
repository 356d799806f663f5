"""Timesheet lines of interventions, locked once their time is invoiced."""

from odoo import api, fields, models
from odoo.exceptions import UserError

# What the module's invoicing may still change on an invoiced timesheet line.
INVOICING_FIELDS = {"support_invoice_line_id"}


class AccountAnalyticLine(models.Model):
    _name = "account.analytic.line"
    _inherit = ["account.analytic.line", "gesticlean.protected.fields"]
    # the link to the invoice line is written by the invoicing only: a client
    # unlinking it would unlock invoiced time
    _gesticlean_protected_fields = ("support_invoice_line_id",)

    support_intervention_id = fields.Many2one(
        comodel_name="support.intervention",
        string="Intervention",
        index="btree_not_null",
        ondelete="restrict",
    )
    support_ticket_id = fields.Many2one(
        related="support_intervention_id.ticket_id", store=True, string="Ticket"
    )
    support_client_id = fields.Many2one(
        related="support_intervention_id.partner_id", store=True, string="Client"
    )
    support_billable = fields.Boolean(
        related="support_intervention_id.billable", store=True, string="Out of Contract"
    )
    support_invoice_line_id = fields.Many2one(
        comodel_name="account.move.line",
        string="Invoice Line",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )

    @api.model_create_multi
    def create(self, vals_list):
        self._gesticlean_check_intervention_not_invoiced(
            self.env["support.intervention"].browse(
                [
                    vals["support_intervention_id"]
                    for vals in vals_list
                    if vals.get("support_intervention_id")
                ]
            )
        )
        for vals in vals_list:
            if vals.get("support_intervention_id") and not vals.get("project_id"):
                project = self.env.ref(
                    "gesticlean_support.project_support", raise_if_not_found=False
                )
                if project:
                    vals["project_id"] = project.id
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) - INVOICING_FIELDS:
            self._gesticlean_check_not_invoiced()
        if vals.get("support_intervention_id"):
            self._gesticlean_check_intervention_not_invoiced(
                self.env["support.intervention"].browse(vals["support_intervention_id"])
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_invoiced(self):
        self._gesticlean_check_not_invoiced()

    def _gesticlean_check_not_invoiced(self):
        invoiced = self.sudo().filtered(
            lambda line: line.support_invoice_line_id._gesticlean_live()
        )
        if invoiced:
            raise UserError(
                self.env._(
                    "This time is invoiced (%(invoice)s): it can no longer be changed "
                    "or deleted. Cancel or reverse the invoice first.",
                    invoice=invoiced[0].support_invoice_line_id.move_id.display_name,
                )
            )

    def _gesticlean_check_intervention_not_invoiced(self, interventions):
        """No time is added to an intervention whose time is invoiced."""
        invoiced = interventions.sudo().filtered(
            lambda intervention: intervention.invoice_state == "invoiced"
        )
        if invoiced:
            raise UserError(
                self.env._(
                    "The time of %(intervention)s is invoiced: no time can be added "
                    "to it. Cancel or reverse the invoice first.",
                    intervention=invoiced[0].display_name,
                )
            )
