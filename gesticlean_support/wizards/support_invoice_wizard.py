"""Wizard with which managers invoice support contracts now, up to a date."""

from markupsafe import Markup

from odoo import api, fields, models


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

    preview = fields.Html(
        string="Invoices to Create",
        compute="_compute_preview",
        sanitize=False,
        help="Per client, how many monthly invoices Invoice Now will create (a "
        "contract behind schedule gets one invoice per month it has not been "
        "billed), and which months.",
    )

    @api.depends("date_ref", "contract_ids")
    def _compute_preview(self):
        for wizard in self:
            if not wizard.date_ref:
                wizard.preview = False
                continue
            rows = []
            total = 0
            for contract in wizard._gesticlean_contracts():
                starts = contract._gesticlean_due_periods(wizard.date_ref)
                if not starts:
                    continue
                total += len(starts)
                first = contract._support_month_label(starts[0])
                last = contract._support_month_label(starts[-1])
                rows.append(
                    Markup(
                        "<tr><td>%s</td><td class='text-end'>%s</td><td>%s</td></tr>"
                    )
                    % (
                        contract.partner_id.display_name,
                        len(starts),
                        first if first == last else f"{first} → {last}",
                    )
                )
            if not rows:
                wizard.preview = Markup("<p>%s</p>") % self.env._(
                    "No invoice to create: every contract is billed up to this date."
                )
                continue
            wizard.preview = Markup(
                "<p>%s</p><table class='table table-sm'><thead><tr><th>%s</th>"
                "<th class='text-end'>%s</th><th>%s</th></tr></thead>"
                "<tbody>%s</tbody></table>"
            ) % (
                self.env._(
                    "%(count)s invoices will be created, one per client and month:",
                    count=total,
                ),
                self.env._("Client"),
                self.env._("Invoices"),
                self.env._("Months"),
                Markup("").join(rows),
            )

    def _gesticlean_contracts(self):
        self.ensure_one()
        return self.contract_ids or self.env["contract.contract"].search(
            self.env["contract.contract"]._support_due_domain(self.date_ref)
        )

    def action_invoice(self):
        """Invoice now (checked by ``action_gesticlean_invoice_now``: support
        managers and accountants, support contracts only)."""
        self.ensure_one()
        contracts = self._gesticlean_contracts()
        moves = contracts.action_gesticlean_invoice_now(self.date_ref)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Support Invoices"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "views": [
                (self.env.ref("account.view_out_invoice_tree").id, "list"),
                (False, "form"),
            ],
            "domain": [("id", "in", moves.ids)],
            "context": {"default_move_type": "out_invoice"},
        }
