"""Invoice lines of out-of-contract interventions, linked to their timesheets."""

from odoo import fields, models
from odoo.tools import SQL


class AccountMoveLine(models.Model):
    _name = "account.move.line"
    _inherit = ["account.move.line", "gesticlean.protected.fields"]
    # set by the out-of-contract invoicing only: a line billing an intervention
    # makes it "invoiced"
    _gesticlean_protected_fields = ("support_intervention_id",)

    support_intervention_id = fields.Many2one(
        comodel_name="support.intervention",
        string="Intervention",
        index="btree_not_null",
        copy=False,
        readonly=True,
        ondelete="restrict",
        check_company=True,
    )

    def _gesticlean_live(self):
        """The lines that still bill their intervention: not cancelled, not reversed."""
        return self.filtered(
            lambda line: (
                line.move_id.state != "cancel"
                and line.move_id.payment_state != "reversed"
            )
        )

    def _gesticlean_link_timesheets(self):
        """Link the intervention's timesheet lines to the invoice line of its time.

        One UPDATE for all the lines, whatever their number (batched invoicing).
        """
        hour = self.env["support.intervention"]._gesticlean_billing_products()[0]
        lines = self.filtered(
            lambda line: line.support_intervention_id and line.product_id == hour
        )
        if not lines:
            return
        pairs = SQL(", ").join(
            SQL("(%s, %s)", line.support_intervention_id.id, line.id) for line in lines
        )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                UPDATE account_analytic_line AS aal
                   SET support_invoice_line_id = pairs.line_id
                  FROM (VALUES %s) AS pairs(intervention_id, line_id)
                 WHERE aal.support_intervention_id = pairs.intervention_id
                """,
                pairs,
            )
        )
        self.env["account.analytic.line"].invalidate_model(["support_invoice_line_id"])
