"""Planned interventions (preventive checks, GestiClean updates): a ticket of a
planned kind with its appointment in support ∩ shop hours and a technician, the
client told by e-mail; the one engine that plans them."""

from collections import Counter, defaultdict
from datetime import timedelta

import pytz
from markupsafe import Markup
from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, mute_logger

from ..tools import APPOINTMENT_MINUTES, Planner, daily_caps, intersect
from .helpdesk_ticket import HelpdeskTicket as IntakeTicket

#: PostgreSQL refuses a second open planned intervention for one workstation (an
#: update), one shop (a preventive check), one technician at one time
# The kinds of planned interventions (also the analysis view's).
PLANNED_KINDS = [
    ("maintenance", "Preventive maintenance"),
    ("update", "GestiClean update"),
]
PLANNED_INDEXES = (
    (
        "helpdesk_ticket_planned_update_unique",
        "workstation_id",
        "planned_kind = 'update' AND planned_open",
    ),
    (
        "helpdesk_ticket_planned_maintenance_unique",
        "commercial_partner_id",
        "planned_kind = 'maintenance' AND planned_open",
    ),
    (
        "helpdesk_ticket_planned_slot_unique",
        "user_id, appointment_start",
        "planned_open AND user_id IS NOT NULL AND appointment_start IS NOT NULL",
    ),
)
# The context value of the planner's own creations (slots already checked): a
# Python object, which no JSON-RPC request can carry.
_PLANNER_CHECKED = object()
_PLANNER_KEY = "gesticlean_planner"


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"
    _gesticlean_protected_fields = (
        *IntakeTicket._gesticlean_protected_fields,
        "planned_kind",
        "planned_open",
        "maintenance_done_date",
        "maintenance_source_id",
    )

    planned_kind = fields.Selection(
        selection=PLANNED_KINDS,
        string="Planned Intervention",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Planned by the support (a preventive check of the shop, an update of "
        "a workstation), not asked for by the client.",
    )
    planned_open = fields.Boolean(
        compute="_compute_planned_open",
        store=True,
        help="A planned intervention not closed yet.",
    )

    @api.depends("planned_kind", "stage_id.closed")
    def _compute_planned_open(self):
        for ticket in self:
            ticket.planned_open = bool(
                ticket.planned_kind and not ticket.stage_id.closed
            )

    def init(self):
        res = super().init()
        for name, columns, where in PLANNED_INDEXES:
            self.env.cr.execute(
                SQL(
                    "CREATE UNIQUE INDEX IF NOT EXISTS %s ON helpdesk_ticket (%s) "
                    "WHERE %s",
                    SQL.identifier(name),
                    SQL(columns),
                    SQL(where),
                )
            )
        return res

    @api.constrains("appointment_start", "partner_id")
    def _check_appointment_start(self):
        # the planner has chosen free slots itself, under the booking lock
        if self.env.context.get(_PLANNER_KEY) is _PLANNER_CHECKED:
            return
        return super()._check_appointment_start()

    def write(self, vals):
        if ("appointment_start" in vals or "user_id" in vals) and (
            self.env.context.get(_PLANNER_KEY) is not _PLANNER_CHECKED
        ):
            self._gesticlean_check_planned_move(vals)
        return super().write(vals)

    def _gesticlean_check_planned_move(self, vals):
        """A planned intervention moved (by its client on the portal, or
        reassigned) must not overlap another of its technician's: refused with
        the next free slots before the database's unique index refuses it."""
        step = timedelta(minutes=APPOINTMENT_MINUTES)
        for ticket in self.filtered("planned_kind"):
            start = (
                fields.Datetime.to_datetime(vals["appointment_start"])
                if "appointment_start" in vals
                else ticket.appointment_start
            )
            user = (
                self.env["res.users"].browse(vals["user_id"])
                if "user_id" in vals
                else ticket.user_id
            )
            if not start or not user:
                continue
            busy = ticket._gesticlean_planned_busy(
                start - step + timedelta(seconds=1), start + step
            )
            if busy.get(user.sudo(False)):
                raise ValidationError(
                    self.env._(
                        "The callback slot of %(slot)s is already booked for "
                        "another client. Next free slots: %(slots)s.",
                        slot=ticket._gesticlean_format_slot(start),
                        slots=ticket._gesticlean_free_slots_text(date_ref=start),
                    )
                )

    # ------------------------------------------------------------------------------
    # Who is busy when: callbacks compete for a slot, planned interventions for
    # their technician
    # ------------------------------------------------------------------------------

    @api.model
    def _get_callback_queue_domain(self, date_ref):
        """Planned interventions are not callbacks: their technician has them in
        *Planned Interventions* and the calendar, not in the queue."""
        return [
            *super()._get_callback_queue_domain(date_ref),
            ("planned_kind", "=", False),
        ]

    def _gesticlean_booked_domain(self, date_from, date_to):
        return [
            *super()._gesticlean_booked_domain(date_from, date_to),
            ("planned_kind", "=", False),
        ]

    def _gesticlean_booked_starts(self, date_from, date_to, fresh=False):
        """A planned intervention's slot is taken by a callback or by another of
        its technician's planned interventions; a callback's slot also when every
        technician has a planned intervention then."""
        starts = super()._gesticlean_booked_starts(date_from, date_to, fresh=fresh)
        planned = self._gesticlean_planned_busy(date_from, date_to)
        if self[:1].planned_kind:
            return starts + planned.get(self.user_id, [])
        if not planned:
            return starts
        company = self[:1].company_id or self.env.company
        technicians = self._gesticlean_planning_technicians(company)
        counts = Counter(start for busy in planned.values() for start in busy)
        return starts + [
            start
            for start, count in counts.items()
            if technicians and count >= len(technicians)
        ]

    def _gesticlean_planned_busy(self, date_from, date_to):
        """{technician: [starts]} of the other open planned interventions from
        ``date_from`` to ``date_to``."""
        groups = (
            self.sudo()
            .with_context(active_test=False)
            ._read_group(
                [
                    ("id", "not in", self.ids),
                    ("planned_open", "=", True),
                    ("user_id", "!=", False),
                    ("appointment_start", ">=", date_from),
                    ("appointment_start", "<", date_to),
                ],
                ["user_id"],
                ["appointment_start:array_agg"],
            )
        )
        return {user.sudo(False): starts for user, starts in groups}

    # ------------------------------------------------------------------------------
    # The engine
    # ------------------------------------------------------------------------------

    @api.model
    def _gesticlean_planning_technicians(self, company):
        """Who takes the planned interventions of ``company``: its technicians,
        those who take calls first (as for callback appointments)."""
        return self.new({"company_id": company.id})._gesticlean_company_technicians()

    @api.model
    def _gesticlean_plan(self, kind, requests, date_to):
        """Plan one intervention of ``kind`` per request, in the first free slot
        from its ``earliest`` moment to ``date_to`` (naive UTC), and e-mail the
        clients the date and time.

        :param requests: dicts with ``shop`` (res.partner), ``earliest``, and
            ``workstation`` (for an update) and ``name``
        :returns: (the planned tickets, the requests left out with a reason:
            ``no_slot`` or ``already_planned``)
        """
        # one planning or booking at a time: callbacks booked meanwhile wait
        self._gesticlean_lock_booking()
        by_company = defaultdict(list)
        for request in requests:
            company = request["shop"].company_id or self.env.company
            by_company[company].append(request)
        tickets, left_out = self.browse(), []
        for company, company_requests in by_company.items():
            planned, missed = self.with_company(company)._gesticlean_plan_company(
                kind, company, company_requests, date_to
            )
            tickets |= planned
            left_out += missed
        tickets._gesticlean_send_planned_mail()
        return tickets, left_out

    @api.model
    def _gesticlean_plan_company(self, kind, company, requests, date_to):
        date_from = min(request["earliest"] for request in requests)
        if date_from >= date_to:
            return self.browse(), [(request, "no_slot") for request in requests]
        technicians = self._gesticlean_planning_technicians(company)
        support = company._gesticlean_support_calendar()._gesticlean_work_intervals(
            date_from, date_to, naive=True
        )
        tz = company._gesticlean_support_tz()

        def day_of(moment):
            return pytz.utc.localize(moment).astimezone(tz).date()

        busy = self.browse()._gesticlean_planned_busy(
            date_from - timedelta(hours=1), date_to
        )
        callbacks = (
            self.sudo()
            .search(
                self.browse()._gesticlean_booked_domain(
                    date_from - timedelta(hours=1), date_to
                )
            )
            .mapped("appointment_start")
        )
        planner = Planner(
            technicians.ids,
            callbacks,
            [(user.id, start) for user, starts in busy.items() for start in starts],
            day_of,
            daily_caps(support, day_of),
        )
        shop_intervals = {}
        vals_list, left_out = [], []
        ordered = sorted(requests, key=lambda r: (r["earliest"], r["shop"].id))
        for request in ordered:
            shop = request["shop"]
            calendar = shop.shop_calendar_id
            if calendar.id not in shop_intervals:
                shop_intervals[calendar.id] = (
                    intersect(
                        support,
                        calendar._gesticlean_work_intervals(date_from, date_to, True),
                    )
                    if calendar
                    else support
                )
            booked = planner.plan(shop_intervals[calendar.id], request["earliest"])
            if not booked:
                left_out.append((request, "no_slot"))
                continue
            start, technician = booked
            vals_list.append(
                (
                    request,
                    {
                        "name": request["name"],
                        "partner_id": shop.id,
                        "company_id": company.id,
                        "planned_kind": kind,
                        "urgency": "question",
                        "appointment_start": start,
                        "user_id": technician,
                        "workstation_id": request.get("workstation", shop.browse()).id,
                        "description": request.get("description")
                        or Markup("<p>%s</p>") % request["name"],
                    },
                )
            )
        tickets, refused = self._gesticlean_create_planned(vals_list)
        return tickets, left_out + [(request, "already_planned") for request in refused]

    @api.model
    def _gesticlean_create_planned(self, vals_list):
        """Create the planned tickets all at once; when PostgreSQL refuses one (a
        concurrent run planned the same workstation, shop or slot), one by one,
        leaving out those it refuses. Returns (tickets, refused requests)."""
        Ticket = (
            self.sudo()
            ._gesticlean_protected_write()
            .with_context(
                **{_PLANNER_KEY: _PLANNER_CHECKED},
                mail_create_nosubscribe=True,
                mail_create_nolog=True,
                tracking_disable=True,
                # queued, not sent during the creation (a send flushes, and a
                # refusal of the unique indexes must come in the savepoint)
                mail_notify_force_send=False,
            )
        )
        if not vals_list:
            return self.browse(), []
        try:
            # a refusal is expected when runs race: not an error to log
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                tickets = Ticket.create([vals for _request, vals in vals_list])
        except UniqueViolation:
            tickets = None
        if tickets is not None:
            return tickets.with_env(self.env), []
        tickets, refused = self.browse(), []
        for request, vals in vals_list:
            try:
                with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                    created = Ticket.create(vals)
            except UniqueViolation:
                refused.append(request)
                continue
            tickets |= created.with_env(self.env)
        return tickets, refused

    def _gesticlean_send_planned_mail(self):
        """E-mail each client the date and time of its planned intervention, in
        its language (French by default)."""
        template = self.env.ref(
            "gesticlean_support.mail_template_planned_intervention",
            raise_if_not_found=False,
        )
        if template and self:
            template.sudo().send_mail_batch(self.ids)

    def _gesticlean_appointment_name(self):
        """A planned intervention's event reads as what it is ("Maintenance
        préventive HT00020 : Pressing du Lac"), not as a callback."""
        if not self.planned_kind:
            return super()._gesticlean_appointment_name()
        return self.env._(
            "%(kind)s %(number)s: %(client)s",
            kind=self._gesticlean_planned_kind_label(),
            number=self.number,
            client=self.commercial_partner_id.display_name or self.partner_name,
        )

    def _gesticlean_planned_kind_label(self):
        self.ensure_one()
        return dict(self._fields["planned_kind"]._description_selection(self.env)).get(
            self.planned_kind, ""
        )
