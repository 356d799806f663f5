"""The callback queue: who waits for a callback, in which order, the deadlines
in support hours, and taking the next call."""

from collections import defaultdict

from odoo import api, fields, models, tools
from odoo.osv import expression
from odoo.tools import SQL

from .guards import SUPPORT_TECHNICIAN, check_caller

# Rank of a ticket in the callback queue: due appointments, then by urgency.
QUEUE_RANKS = {"appointment": 0, "blocked": 1, "degraded": 2, "question": 3}


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    callback_waiting = fields.Boolean(
        string="Waiting for Callback",
        compute="_compute_callback_waiting",
        store=True,
        help="Open, no intervention running, and either never called back or a "
        "callback was planned by the last intervention.",
    )
    queue_rank = fields.Integer(compute="_compute_queue", store=True)
    callback_due = fields.Datetime(
        compute="_compute_queue",
        store=True,
        help="When the callback is due: the appointment, else the call itself.",
    )
    callback_deadline = fields.Datetime(
        compute="_compute_callback_deadline",
        store=True,
        help="Callback target of the urgency, counted in support hours from the "
        "call; the appointment time for an appointment.",
    )
    callback_late = fields.Boolean(
        string="Late",
        compute="_compute_callback_late",
        search="_search_callback_late",
    )
    in_callback_queue = fields.Boolean(
        compute="_compute_in_callback_queue", search="_search_in_callback_queue"
    )
    waiting_hours = fields.Float(
        string="Waiting (support hours)",
        compute="_compute_waiting_hours",
        help="Support hours the client has been waiting since the call (or the "
        "appointment time).",
    )
    first_callback_date = fields.Datetime(
        compute="_compute_first_callback", store=True, copy=False
    )
    first_callback_hours = fields.Float(
        string="Wait before Callback (support hours)",
        compute="_compute_first_callback",
        store=True,
        aggregator="avg",
        copy=False,
    )
    target_met = fields.Boolean(
        string="Callback Target Met",
        compute="_compute_first_callback",
        store=True,
        copy=False,
    )

    # ------------------------------------------------------------------------------
    # Computes and searches
    # ------------------------------------------------------------------------------

    @api.depends(
        "stage_id.closed",
        "intervention_ids.date_end",
        "intervention_ids.outcome",
        "intervention_ids.date_start",
    )
    def _compute_callback_waiting(self):
        for ticket in self:
            interventions = ticket.intervention_ids.sorted("date_start")
            if ticket.stage_id.closed or any(
                not intervention.date_end for intervention in interventions
            ):
                ticket.callback_waiting = False
            else:
                ticket.callback_waiting = (
                    not interventions or interventions[-1].outcome == "callback"
                )

    @api.depends("urgency", "appointment_start", "intake_date")
    def _compute_queue(self):
        for ticket in self:
            if ticket.appointment_start:
                ticket.queue_rank = QUEUE_RANKS["appointment"]
                ticket.callback_due = ticket.appointment_start
            else:
                ticket.queue_rank = QUEUE_RANKS[ticket.urgency or "question"]
                ticket.callback_due = ticket.intake_date

    @api.depends("urgency", "appointment_start", "intake_date", "company_id")
    def _compute_callback_deadline(self):
        to_plan = defaultdict(lambda: self.browse())
        for ticket in self:
            ticket.callback_deadline = ticket.appointment_start
            company = ticket.company_id or self.env.company
            if not ticket.appointment_start and ticket.intake_date:
                to_plan[company] |= ticket
        for company, tickets in to_plan.items():
            calendar = company._gesticlean_support_calendar()
            if not calendar:
                continue
            deadlines = calendar._gesticlean_add_hours_batch(
                [
                    (
                        ticket.intake_date,
                        company._gesticlean_callback_target(ticket.urgency),
                    )
                    for ticket in tickets
                ]
            )
            for ticket, deadline in zip(tickets, deadlines, strict=True):
                ticket.callback_deadline = deadline

    def _compute_callback_late(self):
        now = fields.Datetime.now()
        for ticket in self:
            ticket.callback_late = bool(
                ticket.callback_waiting
                and ticket.callback_deadline
                and ticket.callback_deadline < now
            )

    def _search_callback_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Unsupported search on late tickets."))
        domain = [
            ("callback_waiting", "=", True),
            ("callback_deadline", "<", fields.Datetime.now()),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", *expression.normalize_domain(domain)]

    def _compute_in_callback_queue(self):
        now = fields.Datetime.now()
        for ticket in self:
            ticket.in_callback_queue = bool(
                ticket.callback_waiting
                and ticket.callback_due
                and ticket.callback_due <= now
            )

    def _search_in_callback_queue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Unsupported search on the queue."))
        domain = self._get_callback_queue_domain(fields.Datetime.now())
        if (operator == "=") == value:
            return domain
        return ["!", *expression.normalize_domain(domain)]

    def _compute_waiting_hours(self):
        """Support hours waited, with one working-time computation per company."""
        now = fields.Datetime.now()
        self.waiting_hours = 0.0
        waiting = defaultdict(lambda: self.browse())
        for ticket in self:
            if ticket.callback_waiting and ticket.callback_due:
                waiting[ticket.company_id or self.env.company] |= ticket
        for company, tickets in waiting.items():
            calendar = company._gesticlean_support_calendar()
            if not calendar:
                continue
            hours = calendar._gesticlean_open_hours_between_batch(
                [(ticket.callback_due, now) for ticket in tickets]
            )
            for ticket, waited in zip(tickets, hours, strict=True):
                ticket.waiting_hours = waited

    @api.depends("intervention_ids.date_start", "callback_deadline", "intake_date")
    def _compute_first_callback(self):
        called = defaultdict(lambda: self.browse())
        for ticket in self:
            first = min(ticket.intervention_ids.mapped("date_start"), default=False)
            ticket.first_callback_date = first
            ticket.first_callback_hours = 0.0
            ticket.target_met = bool(
                first and ticket.callback_deadline and first <= ticket.callback_deadline
            )
            if first:
                called[ticket.company_id or self.env.company] |= ticket
        for company, tickets in called.items():
            calendar = company._gesticlean_support_calendar()
            if not calendar:
                continue
            hours = calendar._gesticlean_open_hours_between_batch(
                [
                    (
                        ticket.callback_due or ticket.intake_date,
                        ticket.first_callback_date,
                    )
                    for ticket in tickets
                ]
            )
            for ticket, waited in zip(tickets, hours, strict=True):
                ticket.first_callback_hours = waited

    def init(self):
        res = super().init()
        # The callback queue: waiting tickets in queue order (see benchmarks/).
        tools.create_index(
            self.env.cr,
            "helpdesk_ticket_callback_queue_index",
            self._table,
            ["queue_rank", "callback_due", "id"],
            where="callback_waiting",
        )
        return res

    # ------------------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------------------

    def action_take_next_call(self):
        """Take the first ticket of the callback queue: assign it to me and start an
        intervention. Called from the queue's header: the selection (``self``) is
        ignored, the queue decides."""
        self._gesticlean_check_technician()
        domain = self._get_callback_queue_domain(fields.Datetime.now())
        order = self._get_callback_queue_order()
        ticket, offset = self.browse(), 0
        # the first ten are enough unless as many technicians are taking calls
        while not ticket:
            candidates = self.search(domain, order=order, limit=10, offset=offset)
            if not candidates:
                break
            ticket = candidates._gesticlean_lock_first()
            offset += 10
        if not ticket:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "info",
                    "message": self.env._("No client is waiting for a callback."),
                },
            }
        return ticket.action_take_call()

    def action_take_call(self):
        """Assign this ticket to me and start an intervention (a phone callback)."""
        self.ensure_one()
        self._gesticlean_check_technician()
        intervention = self._gesticlean_start_intervention(fields.Datetime.now())
        return {
            "type": "ir.actions.act_window",
            "res_model": "support.intervention",
            "res_id": intervention.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    # ------------------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------------------

    @api.model
    def _gesticlean_init_deadlines(self):
        """Callback deadlines of the tickets created before the support calendar."""
        tickets = self.with_context(active_test=False).search(
            [("callback_deadline", "=", False), ("appointment_start", "=", False)]
        )
        self.env.add_to_compute(self._fields["callback_deadline"], tickets)

    @api.model
    def _get_callback_queue_domain(self, date_ref):
        """Tickets waiting for a callback at ``date_ref`` (future appointments wait)."""
        return [("callback_waiting", "=", True), ("callback_due", "<=", date_ref)]

    @api.model
    def _get_callback_queue_order(self):
        return "queue_rank, callback_due, id"

    def _gesticlean_lock_first(self):
        """The first of these tickets that no other technician is taking right now.

        Two technicians clicking "Take the Next Call" together get two tickets: the
        row of the ticket taken, and only that one, is locked until the end of the
        transaction.
        """
        if not self:
            return self
        self.env.cr.execute(
            SQL(
                "SELECT id FROM helpdesk_ticket WHERE id = ANY(%(ids)s) "
                "ORDER BY array_position(%(ids)s, id) LIMIT 1 FOR UPDATE SKIP LOCKED",
                ids=list(self.ids),
            )
        )
        row = self.env.cr.fetchone()
        return self.browse(row[0]) if row else self.browse()

    def _gesticlean_check_technician(self):
        check_caller(
            self.env,
            [SUPPORT_TECHNICIAN],
            self.env._("Only technicians take calls and start interventions."),
        )

    def _gesticlean_start_intervention(self, date_start, channel="phone"):
        self.ensure_one()
        vals = {"user_id": self.env.uid}
        in_progress = self.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_in_progress", raise_if_not_found=False
        )
        if in_progress and in_progress in self.team_id._get_applicable_stages():
            vals["stage_id"] = in_progress.id
        self.write(vals)
        return self.env["support.intervention"].create(
            {
                "ticket_id": self.id,
                "user_id": self.env.uid,
                "date_start": date_start,
                "channel": channel,
            }
        )
