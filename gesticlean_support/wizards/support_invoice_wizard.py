"""Wizard with which managers invoice support contracts now, up to a date."""

from odoo import fields, models


class SupportInvoiceWizard(models.TransientModel):
    """Managers invoice support contracts now, up to a date, without the cron."""

    _name = "gesticlean.support.invoice.wizard"
    _description = "Invoice Support Contracts Now"

    date_ref = fields.Date(
        string="Invoice up to",
        required=True,
        default=fields.Date.context_today,
        help="Every monthly period starting on or before this date is invoiced.",
    )
    contract_ids = fields.Many2many(
        comodel_name="contract.contract",
        string="Contracts",
        domain=[("is_support_contract", "=", True)],
        help="Leave empty to invoice every support contract due.",
    )

    def action_invoice(self):
        """Invoice now (checked by ``action_gesticlean_invoice_now``: support
        managers and accountants, support contracts only)."""
        self.ensure_one()
        contracts = self.contract_ids or self.env["contract.contract"].search(
            self.env["contract.contract"]._support_due_domain(self.date_ref)
        )
        moves = contracts.action_gesticlean_invoice_now(self.date_ref)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Support Invoices"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", moves.ids)],
            "context": {"default_move_type": "out_invoice"},
        }
