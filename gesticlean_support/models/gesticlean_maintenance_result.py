"""What a preventive check found: one line per workstation and checklist item
(OK, to fix, not applicable, a note), and the ticket an item to fix opened."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from .guards import SUPPORT_TECHNICIAN, check_caller


class GesticleanMaintenanceResult(models.Model):
    _name = "gesticlean.maintenance.result"
    _inherit = ["gesticlean.protected.fields"]
    _description = "Preventive Check Result"
    _order = "ticket_id, workstation_id, sequence, id"
    _check_company_auto = True
    # the check, its workstation and item are set by the planner; the ticket an
    # item to fix opened by completing the check
    _gesticlean_protected_fields = ("fix_ticket_id",)
    _gesticlean_frozen_fields = ("ticket_id", "workstation_id", "item_id")

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Preventive Check",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)
    workstation_id = fields.Many2one(
        comodel_name="gesticlean.workstation",
        required=True,
        ondelete="restrict",
        check_company=True,
    )
    item_id = fields.Many2one(
        comodel_name="gesticlean.maintenance.item",
        required=True,
        ondelete="restrict",
    )
    sequence = fields.Integer(related="item_id.sequence", store=True)
    state = fields.Selection(
        selection=[
            ("ok", "OK"),
            ("fix", "To fix"),
            ("na", "Not applicable"),
        ],
        string="Result",
    )
    note = fields.Char()
    fix_ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Ticket Opened",
        readonly=True,
        copy=False,
    )
    ticket_closed = fields.Boolean(related="ticket_id.stage_id.closed")

    def write(self, vals):
        if not self._gesticlean_is_trusted_write() and {"state", "note"} & set(vals):
            done = self.filtered("ticket_closed")
            if done:
                raise UserError(
                    self.env._(
                        "The preventive check %(check)s is completed: its results "
                        "are kept as they were recorded.",
                        check=done[0].ticket_id.display_name,
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_recorded(self):
        if self.filtered("state"):
            raise UserError(
                self.env._("The results of a preventive check are never deleted.")
            )

    def _gesticlean_set_state(self, state):
        check_caller(
            self.env,
            [SUPPORT_TECHNICIAN],
            self.env._("Only technicians record preventive checks."),
        )
        self.write({"state": state})

    def action_mark_ok(self):
        self._gesticlean_set_state("ok")

    def action_mark_fix(self):
        self._gesticlean_set_state("fix")

    def action_mark_na(self):
        self._gesticlean_set_state("na")
