"""Interventions on a ticket (a callback or a remote session): who, when, how,
the outcome, and ending one."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_datetime


class SupportIntervention(models.Model):
    _name = "support.intervention"
    _description = "Support Intervention"
    # rating.mixin brings mail.thread
    _inherit = ["portal.mixin", "mail.activity.mixin", "rating.mixin"]
    _order = "date_start desc, id desc"
    _rec_names_search = ["ticket_id", "partner_id"]

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        required=True,
        index=True,
        ondelete="restrict",
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Client",
        related="ticket_id.commercial_partner_id",
        store=True,
        index=True,
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)
    urgency = fields.Selection(related="ticket_id.urgency", store=True)
    coverage = fields.Selection(related="ticket_id.coverage", store=True)
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Technician",
        default=lambda self: self.env.user,
        required=True,
        index=True,
        tracking=True,
        domain=[("share", "=", False)],
    )
    date_start = fields.Datetime(
        string="Start", default=fields.Datetime.now, required=True, tracking=True
    )
    date_end = fields.Datetime(string="End", tracking=True)
    duration = fields.Float(
        string="Duration (hours)",
        compute="_compute_duration",
        store=True,
        aggregator="sum",
    )
    channel = fields.Selection(
        selection=[("phone", "Phone"), ("teamviewer", "TeamViewer")],
        default="phone",
        required=True,
        tracking=True,
    )
    outcome = fields.Selection(
        selection=[
            ("solved", "Solved"),
            ("followup", "Follow-up needed"),
            ("callback", "Callback planned"),
        ],
        tracking=True,
    )
    notes = fields.Html()
    state = fields.Selection(
        selection=[("running", "Running"), ("done", "Done")],
        compute="_compute_state",
        store=True,
    )
    teamviewer_id = fields.Char(
        string="TeamViewer ID", related="ticket_id.shop_teamviewer_id"
    )
    callback_phone = fields.Char(related="ticket_id.callback_phone")
    # What intake wrote down, so that the technician need not open the ticket.
    caller_name = fields.Char(related="ticket_id.caller_name")
    problem = fields.Html(
        string="Problem Described at Intake", related="ticket_id.description"
    )
    billing_notice = fields.Char(related="ticket_id.billing_notice")

    # ------------------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------------------

    @api.depends("date_start", "date_end")
    def _compute_duration(self):
        for intervention in self:
            if intervention.date_start and intervention.date_end:
                delta = intervention.date_end - intervention.date_start
                intervention.duration = delta.total_seconds() / 3600
            else:
                intervention.duration = 0.0

    @api.depends("date_end")
    def _compute_state(self):
        for intervention in self:
            intervention.state = "done" if intervention.date_end else "running"

    @api.depends("ticket_id", "date_start")
    def _compute_display_name(self):
        for intervention in self:
            intervention.display_name = self.env._(
                "%(ticket)s, %(start)s",
                ticket=intervention.ticket_id.number or "",
                start=format_datetime(
                    self.env, intervention.date_start, dt_format="short"
                )
                if intervention.date_start
                else "",
            )

    def _compute_access_url(self):
        for intervention in self:
            intervention.access_url = "/my/interventions"

    # ------------------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------------------

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for intervention in self:
            if (
                intervention.date_end
                and intervention.date_end < intervention.date_start
            ):
                raise ValidationError(
                    self.env._("An intervention cannot end before it starts.")
                )

    @api.constrains("date_end", "outcome")
    def _check_outcome(self):
        for intervention in self:
            if intervention.date_end and not intervention.outcome:
                raise ValidationError(self._gesticlean_missing_outcome_message())

    # ------------------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------------------

    def action_done(self):
        """End the intervention now: its time goes to the technician's timesheet, a
        solved problem closes the ticket, the client is asked for a rating."""
        for intervention in self:
            if intervention.date_end:
                raise UserError(self.env._("This intervention is already ended."))
            if not intervention.outcome:
                raise UserError(self._gesticlean_missing_outcome_message())
            intervention.date_end = max(fields.Datetime.now(), intervention.date_start)
        self._gesticlean_log_timer()
        self._gesticlean_close_solved_tickets()
        self._gesticlean_send_rating_request()

    # ------------------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------------------

    def _gesticlean_missing_outcome_message(self):
        return self.env._(
            "Give the outcome of the intervention (solved, follow-up needed or "
            "callback planned) before ending it."
        )

    def _gesticlean_close_solved_tickets(self):
        done = self.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_done", raise_if_not_found=False
        )
        if not done:
            return
        tickets = self.filtered(lambda i: i.outcome == "solved").ticket_id
        for ticket in tickets:
            if not ticket.stage_id.closed and all(
                intervention.date_end for intervention in ticket.intervention_ids
            ):
                ticket.stage_id = done
