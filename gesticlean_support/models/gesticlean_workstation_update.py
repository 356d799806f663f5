"""Planning the GestiClean updates of a batch of workstations: one planned
intervention each, in support ∩ shop hours, the client e-mailed."""

from datetime import timedelta

from odoo import fields, models
from odoo.exceptions import UserError

from .guards import SUPPORT_TECHNICIAN, check_caller


class GestiCleanWorkstation(models.Model):
    _inherit = "gesticlean.workstation"

    planned_update_ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Planned Update",
        compute="_compute_planned_update_ticket_id",
    )
    planned_update_date = fields.Datetime(
        string="Update Planned On", compute="_compute_planned_update_ticket_id"
    )

    def _compute_planned_update_ticket_id(self):
        tickets = (
            self.env["helpdesk.ticket"]
            .sudo()
            .search(
                [
                    ("planned_kind", "=", "update"),
                    ("planned_open", "=", True),
                    ("workstation_id", "in", self.ids),
                ]
            )
        )
        by_workstation = {ticket.workstation_id: ticket for ticket in tickets}
        for workstation in self:
            ticket = by_workstation.get(workstation, tickets.browse())
            workstation.planned_update_ticket_id = ticket
            workstation.planned_update_date = ticket.appointment_start

    def action_gesticlean_plan_updates(self):
        """Plan the update of these workstations (one planned intervention each,
        from tomorrow to the booking horizon); those already planned are left
        out."""
        check_caller(
            self.env,
            [SUPPORT_TECHNICIAN],
            self.env._("Only technicians plan updates."),
        )
        if not self:
            raise UserError(self.env._("Select the workstations to update."))
        tickets, left_out = self._gesticlean_plan_updates(fields.Datetime.now())
        message = self.env._(
            "%(planned)s update(s) planned, the clients are told by e-mail.",
            planned=len(tickets),
        )
        if left_out:
            message += " " + self.env._(
                "Not planned: %(workstations)s.",
                workstations=", ".join(
                    request["workstation"].display_name for request, _why in left_out
                ),
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning" if left_out else "success",
                "message": message,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _gesticlean_plan_updates(self, now):
        """Plan the update of each active workstation not already planned, from
        the next day to the booking horizon. Returns (tickets, left out)."""
        Ticket = self.env["helpdesk.ticket"]
        workstations = self.sudo().filtered("active")
        already = workstations.filtered("planned_update_ticket_id")
        earliest = now + timedelta(hours=1)
        requests = []
        for workstation in workstations - already:
            shop = workstation.partner_id.commercial_partner_id
            lang = shop.lang or "fr_FR"
            requests.append(
                {
                    "shop": shop,
                    "workstation": workstation,
                    "earliest": earliest,
                    "name": self.with_context(lang=lang).env._(
                        "GestiClean update: %(workstation)s",
                        workstation=workstation.name,
                    ),
                }
            )
        tickets, left_out = Ticket.browse(), []
        if requests:
            company = requests[0]["shop"].company_id or self.env.company
            limit = now + timedelta(weeks=company.gesticlean_booking_horizon or 8)
            tickets, left_out = Ticket._gesticlean_plan("update", requests, limit)
        left_out += [
            ({"workstation": workstation}, "already_planned") for workstation in already
        ]
        return tickets, left_out
