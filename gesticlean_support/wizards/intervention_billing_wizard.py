"""Wizard with which accountants invoice out-of-contract interventions up to a date."""

from markupsafe import Markup

from odoo import fields, models

from ..models.guards import ACCOUNTANT, check_caller


class InterventionBillingWizard(models.TransientModel):
    """Accountants invoice the out-of-contract interventions up to a date."""

    _name = "gesticlean.intervention.billing.wizard"
    _description = "Invoice Out-of-Contract Interventions"

    date_to = fields.Date(
        string="Interventions Ended by",
        required=True,
        default=fields.Date.context_today,
    )
    invoice_ids = fields.Many2many(comodel_name="account.move", readonly=True)
    result = fields.Html(readonly=True, sanitize=True)
    done = fields.Boolean(readonly=True)

    def action_invoice(self):
        self.ensure_one()
        invoices, skipped = self.env[
            "support.intervention"
        ]._gesticlean_invoice_out_of_contract(self.date_to)
        # the client too: the accountant knows the clients, not the call numbers
        lines = Markup("").join(
            Markup("<li>%s (%s): %s</li>")
            % (intervention.display_name, intervention.partner_id.display_name, reason)
            for intervention, reason in skipped.items()
        )
        summary = Markup("<p>%s</p>") % self.env._(
            "%(count)s draft invoice(s) created.", count=len(invoices)
        )
        if skipped:
            summary += Markup("<p>%s</p><ul>%s</ul>") % (
                self.env._("Skipped interventions:"),
                lines,
            )
        self.write(
            {
                "invoice_ids": [fields.Command.set(invoices.ids)],
                "result": summary,
                "done": True,
            }
        )
        return {
            "type": "ir.actions.act_window",
            # the dialog's title (without it, the dialog reads « Odoo »)
            "name": self.env._("Invoice Out-of-Contract Interventions"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_open_invoices(self):
        self.ensure_one()
        check_caller(
            self.env,
            [ACCOUNTANT],
            self.env._("Only accountants invoice out-of-contract interventions."),
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Out-of-Contract Invoices"),
            "res_model": "account.move",
            "view_mode": "list,form",
            # the customer invoices' list (with the client), not the entries'
            "views": [
                (self.env.ref("account.view_out_invoice_tree").id, "list"),
                (False, "form"),
            ],
            # the list shows its client column for customer invoices only
            "context": {"default_move_type": "out_invoice"},
            "domain": [("id", "in", self.invoice_ids.ids)],
        }
