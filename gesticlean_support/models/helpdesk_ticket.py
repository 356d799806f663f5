from collections import defaultdict
from datetime import timedelta

import pytz

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, format_amount
from odoo.tools.misc import format_datetime

from ..tools import PhoneNumberError, normalize_phone

# Rank of a ticket in the callback queue: due appointments, then by urgency.
QUEUE_RANKS = {"appointment": 0, "blocked": 1, "degraded": 2, "question": 3}
# Length of a callback appointment, and the grid its start is proposed on.
APPOINTMENT_MINUTES = 30
PARIS = "Europe/Paris"


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    urgency = fields.Selection(
        selection=[
            ("blocked", "Blocked"),
            ("degraded", "Degraded"),
            ("question", "Question"),
        ],
        default="question",
        required=True,
        tracking=True,
        help="Blocked: the shop cannot work. Degraded: it works, badly. Question: "
        "a question about GestiClean.",
    )
    caller_name = fields.Char(help="Who called, to ask for them on the callback.")
    callback_phone = fields.Char(
        compute="_compute_callback_phone",
        store=True,
        readonly=False,
        help="Number to call back; the shop's support phone unless the caller gave "
        "another one. Typed in any format, stored in E.164.",
    )
    intake_date = fields.Datetime(
        string="Call Received",
        default=fields.Datetime.now,
        required=True,
        readonly=True,
        copy=False,
    )
    coverage_contract_id = fields.Many2one(
        comodel_name="contract.contract",
        string="Support Contract",
        compute="_compute_coverage",
        store=True,
        help="The support contract covering the client on the day of the call.",
    )
    billing_notice_given = fields.Boolean(
        string="Client Told It Is Billable",
        tracking=True,
        help="Out of contract: the client was told, before the callback, that the "
        "intervention is billed per half-hour.",
    )
    billing_notice = fields.Char(compute="_compute_billing_notice")
    coverage = fields.Selection(
        selection=[
            ("contract", "Under contract"),
            ("billable", "Out of contract (billable)"),
        ],
        compute="_compute_coverage",
        store=True,
        help="Computed at intake: under contract when the client has an active "
        "support contract that day, otherwise the intervention is billed.",
    )
    shop_teamviewer_id = fields.Char(
        string="Shop TeamViewer ID", related="commercial_partner_id.teamviewer_id"
    )
    shop_equipment = fields.Selection(related="commercial_partner_id.shop_equipment")
    shop_calendar_id = fields.Many2one(related="commercial_partner_id.shop_calendar_id")
    appointment_start = fields.Datetime(
        string="Callback Appointment",
        tracking=True,
        copy=False,
        help="The client asked to be called back at this time, when present at "
        "the shop. It must fall within support hours and the shop's opening hours.",
    )
    appointment_event_id = fields.Many2one(
        comodel_name="calendar.event",
        readonly=True,
        copy=False,
    )
    intervention_ids = fields.One2many(
        comodel_name="support.intervention", inverse_name="ticket_id"
    )
    intervention_count = fields.Integer(compute="_compute_intervention_count")
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

    @api.depends("partner_id")
    def _compute_callback_phone(self):
        for ticket in self:
            ticket.callback_phone = (
                ticket.commercial_partner_id.support_phone or ticket.callback_phone
            )

    @api.depends("partner_id", "intake_date")
    def _compute_coverage(self):
        # one look-up per client and day, whatever the number of tickets
        contracts = {}
        for ticket in self:
            key = (ticket.commercial_partner_id, ticket._gesticlean_day())
            if key not in contracts:
                contracts[key] = (
                    key[0]._gesticlean_contract_on(key[1])
                    if key[0]
                    else self.env["contract.contract"]
                )
            ticket.coverage_contract_id = contracts[key]
            ticket.coverage = "contract" if contracts[key] else "billable"

    @api.depends("coverage")
    def _compute_billing_notice(self):
        product = self.env.ref("gesticlean_support.product_out_of_contract_half_hour")
        price = format_amount(self.env, product.lst_price, self.env.company.currency_id)
        for ticket in self:
            ticket.billing_notice = (
                self.env._("billable: %(price)s excl. taxes per half-hour", price=price)
                if ticket.coverage == "billable"
                else False
            )

    def _compute_intervention_count(self):
        counts = dict(
            self.env["support.intervention"]._read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"]
            )
        )
        for ticket in self:
            ticket.intervention_count = counts.get(ticket, 0)

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
        """Support hours waited, with one working-time computation for all."""
        now = fields.Datetime.now()
        starts = {
            ticket: ticket.callback_due
            for ticket in self
            if ticket.callback_waiting and ticket.callback_due
        }
        self.waiting_hours = 0.0
        if not starts:
            return
        calendar = self.env.company._gesticlean_support_calendar()
        if not calendar:
            return
        intervals = calendar._gesticlean_work_intervals(min(starts.values()), now)
        for ticket, start in starts.items():
            start = pytz.utc.localize(start)
            ticket.waiting_hours = sum(
                (end - max(begin, start)).total_seconds() / 3600
                for begin, end in intervals
                if end > start
            )

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

    # ------------------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------------------

    @api.constrains("appointment_start", "partner_id")
    def _check_appointment_start(self):
        for ticket in self.filtered("appointment_start"):
            slot = ticket._gesticlean_format_slot(ticket.appointment_start)
            if not ticket._gesticlean_slot_is_open(ticket.appointment_start):
                raise ValidationError(
                    self.env._(
                        "A callback on %(slot)s is not possible: support is open "
                        "Monday to Friday, 9:00-12:00 and 14:00-18:00 (public "
                        "holidays and closures excepted) and the callback must also "
                        "fall within the opening hours of %(shop)s. Next free "
                        "slots: %(slots)s.",
                        slot=slot,
                        shop=ticket.commercial_partner_id.display_name
                        or self.env._("the shop"),
                        slots=ticket._gesticlean_free_slots_text(),
                    )
                )
            if ticket._gesticlean_slot_is_booked(ticket.appointment_start):
                raise ValidationError(
                    self.env._(
                        "The callback slot of %(slot)s is already booked for another "
                        "client. Next free slots: %(slots)s.",
                        slot=slot,
                        slots=ticket._gesticlean_free_slots_text(),
                    )
                )

    def _gesticlean_free_slots_text(self):
        """The next free slots after the appointment asked for, for a message."""
        self.ensure_one()
        slots = self._gesticlean_next_free_slots(
            max(self.appointment_start, fields.Datetime.now())
        )
        return ", ".join(
            self._gesticlean_format_slot(slot) for slot in slots
        ) or self.env._("none in the next weeks")

    # ------------------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------------------

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

    @api.model
    def default_get(self, fields_list):
        """helpdesk_mgmt assigns a new ticket to its author: only when the author
        is a technician, the intake leaves it to the callback queue."""
        defaults = super().default_get(fields_list)
        if defaults.get("user_id") == self.env.uid and not self.env.user.has_group(
            "gesticlean_support.group_support_technician"
        ):
            defaults["user_id"] = False
        return defaults

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._gesticlean_normalize_callback_phone(vals)
        tickets = super().create(vals_list)
        tickets.filtered("appointment_start")._gesticlean_plan_appointment()
        return tickets

    def write(self, vals):
        self._gesticlean_normalize_callback_phone(vals)
        result = super().write(vals)
        if "appointment_start" in vals:
            self._gesticlean_plan_appointment()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_interventions(self):
        handled = self.filtered("intervention_ids")
        if handled:
            raise UserError(
                self.env._(
                    "Tickets with interventions are never deleted, so that ratings "
                    "and billed time keep their history. Archive %(tickets)s instead.",
                    tickets=", ".join(handled.mapped("number")),
                )
            )

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

    def action_view_interventions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "gesticlean_support.action_support_intervention"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"default_ticket_id": self.id}
        return action

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

    def _gesticlean_day(self):
        """The day of the call, in Paris."""
        moment = self.intake_date or fields.Datetime.now()
        return pytz.utc.localize(moment).astimezone(pytz.timezone(PARIS)).date()

    def _gesticlean_check_technician(self):
        if not self.env.user.has_group("gesticlean_support.group_support_technician"):
            raise AccessError(
                self.env._("Only technicians take calls and start interventions.")
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

    def _gesticlean_normalize_callback_phone(self, vals):
        if vals.get("callback_phone"):
            try:
                vals["callback_phone"] = normalize_phone(vals["callback_phone"], "FR")
            except PhoneNumberError:
                raise ValidationError(
                    self.env._(
                        "“%(number)s” is not a valid phone number. Type it as "
                        "04 50 37 15 29 or +33 4 50 37 15 29.",
                        number=vals["callback_phone"],
                    )
                ) from None

    # Callback appointments ---------------------------------------------------------

    def _gesticlean_slot_intervals(self, start, stop):
        """Intervals (aware) when both support and the client's shop are open."""
        self.ensure_one()
        company = self.company_id or self.env.company
        support = company._gesticlean_support_calendar()
        intervals = support._gesticlean_work_intervals(start, stop)
        shop = self.commercial_partner_id.shop_calendar_id
        if not shop:
            return intervals
        shop_intervals = shop._gesticlean_work_intervals(start, stop)
        return [
            (max(begin, shop_begin), min(end, shop_end))
            for begin, end in intervals
            for shop_begin, shop_end in shop_intervals
            if max(begin, shop_begin) < min(end, shop_end)
        ]

    def _gesticlean_slot_is_open(self, start):
        """Are support and the shop open for the whole appointment at ``start``?"""
        stop = start + timedelta(minutes=APPOINTMENT_MINUTES)
        begin, end = pytz.utc.localize(start), pytz.utc.localize(stop)
        return any(
            low <= begin and end <= high
            for low, high in self._gesticlean_slot_intervals(start, stop)
        )

    def _gesticlean_booked_domain(self, date_from, date_to):
        """Other tickets waiting for a callback booked from ``date_from`` (included)
        to ``date_to`` (excluded)."""
        return [
            ("id", "!=", self.id or 0),
            ("appointment_start", ">=", date_from),
            ("appointment_start", "<", date_to),
            ("callback_waiting", "=", True),
        ]

    def _gesticlean_slot_is_booked(self, start):
        """Does another waiting callback overlap an appointment at ``start``?"""
        self.ensure_one()
        step = timedelta(minutes=APPOINTMENT_MINUTES)
        # all clients' bookings count, whatever the user may read
        return bool(
            self.sudo().search_count(
                self._gesticlean_booked_domain(
                    start - step + timedelta(seconds=1), start + step
                ),
                limit=1,
            )
        )

    def _gesticlean_next_free_slots(self, date_ref, count=3):
        """The next ``count`` appointment starts after ``date_ref`` (naive UTC) when
        support and the shop are open and no other callback is booked."""
        self.ensure_one()
        step = timedelta(minutes=APPOINTMENT_MINUTES)
        horizon = date_ref + timedelta(days=42)
        booked = set(
            self.sudo()
            .search(self._gesticlean_booked_domain(date_ref - step, horizon))
            .mapped("appointment_start")
        )
        slots = []
        for begin, end in self._gesticlean_slot_intervals(date_ref, horizon):
            slot = begin.astimezone(pytz.utc).replace(tzinfo=None)
            # the grid: whole and half hours
            minutes = slot.minute % APPOINTMENT_MINUTES
            if minutes or slot.second or slot.microsecond:
                slot = slot.replace(second=0, microsecond=0) + timedelta(
                    minutes=APPOINTMENT_MINUTES - minutes
                )
            end = end.astimezone(pytz.utc).replace(tzinfo=None)
            while slot + step <= end:
                if slot > date_ref and not any(
                    abs((slot - other).total_seconds()) < step.total_seconds()
                    for other in booked
                ):
                    slots.append(slot)
                    if len(slots) == count:
                        return slots
                slot += step
        return slots

    def _gesticlean_format_slot(self, moment):
        return format_datetime(
            self.env, moment, tz=PARIS, dt_format="EEEE d MMMM y 'à' HH:mm"
        )

    def _gesticlean_plan_appointment(self):
        """Put the callback appointments in the calendar with a reminder activity."""
        call_type = self.env.ref("mail.mail_activity_data_call")
        for ticket in self:
            start = ticket.appointment_start
            if not start:
                continue
            stop = start + timedelta(minutes=APPOINTMENT_MINUTES)
            technicians = ticket.team_id.user_ids.filtered(
                lambda user: user.has_group(
                    "gesticlean_support.group_support_technician"
                )
            )
            users = ticket.user_id or technicians
            responsible = ticket.user_id or technicians[:1]
            if not responsible:
                responsible = (
                    self.env.user
                    if not self.env.user.share
                    else self.env.ref("base.user_admin")
                )
            name = self.env._(
                "Callback %(number)s: %(client)s",
                number=ticket.number,
                client=ticket.commercial_partner_id.display_name or ticket.partner_name,
            )
            event_vals = {
                "name": name,
                "start": start,
                "stop": stop,
                "user_id": responsible.id,
                "partner_ids": [
                    fields.Command.set((users or responsible).partner_id.ids)
                ],
                "res_model_id": self.env["ir.model"]._get_id("helpdesk.ticket"),
                "res_id": ticket.id,
                "description": ticket.callback_phone or "",
            }
            events = (
                self.env["calendar.event"]
                .sudo()
                .with_context(no_mail_to_attendees=True, mail_create_nosubscribe=True)
            )
            if ticket.appointment_event_id:
                ticket.appointment_event_id.sudo().with_context(
                    no_mail_to_attendees=True
                ).write(event_vals)
            else:
                ticket.sudo().appointment_event_id = events.create(event_vals)
            local = pytz.utc.localize(start).astimezone(pytz.timezone(PARIS))
            activities = ticket.sudo().activity_ids.filtered(
                lambda act: act.activity_type_id == call_type
            )
            if activities:
                activities.write(
                    {"date_deadline": local.date(), "user_id": responsible.id}
                )
            else:
                ticket.sudo().activity_schedule(
                    "mail.mail_activity_data_call",
                    date_deadline=local.date(),
                    summary=name,
                    note=self.env._(
                        "Call %(caller)s back at %(time)s on %(phone)s.",
                        caller=ticket.caller_name or ticket.partner_name or "",
                        time=ticket._gesticlean_format_slot(start),
                        phone=ticket.callback_phone or "",
                    ),
                    user_id=responsible.id,
                )
