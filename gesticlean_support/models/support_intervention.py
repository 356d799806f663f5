"""Interventions on a ticket (a callback or a remote session): who, when, how,
the outcome, and ending one."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_datetime

from .guards import SUPPORT_TECHNICIAN, check_caller


class SupportIntervention(models.Model):
    _name = "support.intervention"
    _description = "Support Intervention"
    # rating.mixin brings mail.thread
    _inherit = [
        "portal.mixin",
        "mail.activity.mixin",
        "rating.mixin",
        "gesticlean.protected.fields",
    ]
    # derived from the ticket and the time logged, never taken from a client: the
    # client (and so the portal that shows it), the billing, the state (ended by
    # action_done or the end date)
    _gesticlean_protected_fields = (
        "partner_id",
        "company_id",
        "urgency",
        "coverage",
        "state",
        "duration",
        "billable",
        "logged_minutes",
        "billed_unit_minutes",
        "billed_units",
        "billed_unit_price",
        "version_update_amount",
        "billed_amount",
        "invoice_state",
        "invoice_line_ids",
        # the ratings dashboard's figures, from the client's rating
        "rating_smiley",
        "rating_happy_share",
        "rating_neutral_share",
        "rating_sad_share",
        # what intake wrote down, shown on the form, kept on the ticket
        "caller_name",
        "problem",
        "billing_notice",
    )
    # the ticket is chosen when the intervention starts, then kept
    _gesticlean_frozen_fields = ("ticket_id",)
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["ticket_id", "partner_id"]

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
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
        check_company=True,
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
    callback_phone_display = fields.Char(related="ticket_id.callback_phone_display")
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
    # CRUD
    # ------------------------------------------------------------------------------

    def write(self, vals):
        if not self._gesticlean_is_trusted_write():
            self._gesticlean_check_client_write(vals)
        return super().write(vals)

    def _gesticlean_check_client_write(self, vals):
        """A running intervention is ended by :meth:`action_done` only (its time
        logged, its rating requested), an ended one is not reopened, and an
        invoiced one keeps what its invoice bills."""
        if "date_end" in vals:
            running = self.filtered(lambda i: not i.date_end)
            if (vals["date_end"] and running) or (
                not vals["date_end"] and running != self
            ):
                raise UserError(
                    self.env._(
                        "An intervention is ended with its « End the Intervention » "
                        "button, and an ended intervention is not reopened."
                    )
                )
        # what the invoice bills: the update fee, and the workstation and
        # versions it follows from
        billed = {
            "version_update",
            "version_after_id",
            "version_before_id",
            "workstation_id",
        } & set(vals)
        if billed:
            invoiced = self.filtered(
                lambda i: (
                    i.invoice_state == "invoiced"
                    and i._gesticlean_changed_fields(vals, billed)
                )
            )
            if invoiced:
                raise UserError(
                    self.env._(
                        "%(intervention)s is invoiced: what it bills can no longer "
                        "be changed. Cancel or reverse the invoice first.",
                        intervention=invoiced[0].display_name,
                    )
                )

    # ------------------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------------------

    def action_done(self):
        """End the intervention now: its time goes to the technician's timesheet, a
        solved problem closes the ticket, the client is asked for a rating."""
        self._gesticlean_check_technician()
        for intervention in self:
            if intervention.date_end:
                raise UserError(self.env._("This intervention is already ended."))
            if not intervention.outcome:
                raise UserError(self._gesticlean_missing_outcome_message())
            intervention._gesticlean_protected_write().date_end = max(
                fields.Datetime.now(), intervention.date_start
            )
        self._gesticlean_log_timer()
        self._gesticlean_close_solved_tickets()
        self._gesticlean_send_rating_request()

    # ------------------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------------------

    def _gesticlean_check_technician(self):
        check_caller(
            self.env,
            [SUPPORT_TECHNICIAN],
            self.env._("Only technicians end interventions."),
        )

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
                # the callback reminder is no longer needed: done, with a note
                call = self.env.ref("mail.mail_activity_data_call")
                ticket.sudo().activity_ids.filtered(
                    lambda activity, call=call: activity.activity_type_id == call
                ).action_feedback(
                    feedback=self.env._("Call solved: no callback needed any more.")
                )
