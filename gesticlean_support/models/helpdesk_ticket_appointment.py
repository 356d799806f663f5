"""Callback appointments: a slot within support and shop hours, free of other
clients' callbacks, put in the calendar with a reminder activity."""

from datetime import timedelta

import pytz
from babel.dates import get_datetime_format

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL
from odoo.tools.misc import babel_locale_parse, format_datetime, get_lang

from ..tools import APPOINTMENT_MINUTES, free_slots, intersect, slot_fits

# How far ahead free slots are looked for.
SLOTS_HORIZON = timedelta(days=42)
# The PostgreSQL advisory lock taken by a transaction that books a callback slot.
BOOKING_LOCK = "gesticlean_support.callback_booking"


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

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

    # ------------------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------------------

    @api.constrains("appointment_start", "partner_id")
    def _check_appointment_start(self):
        for ticket in self.filtered("appointment_start"):
            company = ticket.company_id or self.env.company
            limit = company._gesticlean_booking_limit()
            if ticket.appointment_start > limit:
                raise ValidationError(
                    self.env._(
                        "A callback can be booked at most %(weeks)s weeks ahead, "
                        "until %(limit)s. Next free slots: %(slots)s.",
                        weeks=company.gesticlean_booking_horizon,
                        limit=ticket._gesticlean_format_slot(limit),
                        slots=ticket._gesticlean_free_slots_text(
                            date_ref=fields.Datetime.now()
                        ),
                    )
                )
            slot = ticket._gesticlean_format_slot(ticket.appointment_start)
            if not ticket._gesticlean_slot_is_open(ticket.appointment_start):
                raise ValidationError(
                    self.env._(
                        "A callback on %(slot)s is not possible: support is open "
                        "%(hours)s (public holidays and closures excepted) and the "
                        "callback must also fall within the opening hours of "
                        "%(shop)s. Next free slots: %(slots)s.",
                        slot=slot,
                        hours=company._gesticlean_support_calendar()._gesticlean_hours_text(),
                        shop=ticket.commercial_partner_id.display_name
                        or self.env._("the shop"),
                        slots=ticket._gesticlean_free_slots_text(),
                    )
                )
            # one booking at a time, until its transaction ends: the database
            # decides which of two clients asking for one slot together gets it
            self._gesticlean_lock_booking()
            if ticket._gesticlean_slot_is_booked(ticket.appointment_start):
                raise ValidationError(
                    self.env._(
                        "The callback slot of %(slot)s is already booked for another "
                        "client. Next free slots: %(slots)s.",
                        slot=slot,
                        slots=ticket._gesticlean_free_slots_text(fresh=True),
                    )
                )

    def _gesticlean_free_slots_text(self, fresh=False, date_ref=None):
        """The next free slots after the appointment asked for (or ``date_ref``),
        for a message."""
        self.ensure_one()
        slots = self._gesticlean_next_free_slots(
            date_ref or max(self.appointment_start, fields.Datetime.now()),
            fresh=fresh,
        )
        return ", ".join(
            self._gesticlean_format_slot(slot) for slot in slots
        ) or self.env._("none in the next weeks")

    # ------------------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        tickets.filtered("appointment_start")._gesticlean_plan_appointment()
        return tickets

    def write(self, vals):
        result = super().write(vals)
        if "appointment_start" in vals:
            self._gesticlean_plan_appointment()
        return result

    # ------------------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------------------

    def _gesticlean_slot_intervals(self, start, stop):
        """Intervals (naive UTC) when both support and the client's shop are open."""
        self.ensure_one()
        company = self.company_id or self.env.company
        intervals = company._gesticlean_support_calendar()._gesticlean_work_intervals(
            start, stop, naive=True
        )
        shop = self.commercial_partner_id.shop_calendar_id
        if not shop:
            return intervals
        return intersect(intervals, shop._gesticlean_work_intervals(start, stop, True))

    def _gesticlean_slot_is_open(self, start):
        """Are support and the shop open for the whole appointment at ``start``?"""
        stop = start + timedelta(minutes=APPOINTMENT_MINUTES)
        return slot_fits(self._gesticlean_slot_intervals(start, stop), start)

    def _gesticlean_booked_domain(self, date_from, date_to):
        """Other tickets waiting for a callback booked from ``date_from`` (included)
        to ``date_to`` (excluded)."""
        return [
            ("id", "!=", self.id or 0),
            ("appointment_start", ">=", date_from),
            ("appointment_start", "<", date_to),
            ("callback_waiting", "=", True),
        ]

    def _gesticlean_lock_booking(self):
        """Wait for the other transactions booking a callback to end (PostgreSQL
        advisory lock, released at commit or rollback)."""
        self.env.cr.execute(
            SQL("SELECT pg_advisory_xact_lock(hashtext(%s))", BOOKING_LOCK)
        )

    def _gesticlean_booked_starts(self, date_from, date_to, fresh=False):
        """Starts of the other waiting callbacks from ``date_from`` to ``date_to``.

        With ``fresh``, under the booking lock, also those committed since this
        transaction began: Odoo's transactions read a snapshot taken at their first
        query (REPEATABLE READ), so they are read in a new transaction.
        """
        # all clients' bookings count, whatever the user may read
        domain = self._gesticlean_booked_domain(date_from, date_to)
        starts = self.sudo().search(domain).mapped("appointment_start")
        if fresh and not self.env.registry.in_test_mode():
            registry = self.env.registry
            with registry.cursor() as cr:
                cr.transaction = api.Transaction(registry)
                others = self.env(cr=cr, su=True)[self._name].search(domain)
                starts += others.mapped("appointment_start")
        return starts

    def _gesticlean_slot_is_booked(self, start):
        """Does another waiting callback overlap an appointment at ``start``,
        including one booked by a transaction that has just committed?"""
        self.ensure_one()
        step = timedelta(minutes=APPOINTMENT_MINUTES)
        return bool(
            self._gesticlean_booked_starts(
                start - step + timedelta(seconds=1), start + step, fresh=True
            )
        )

    def _gesticlean_next_free_slots(self, date_ref, count=3, fresh=False):
        """The next ``count`` appointment starts after ``date_ref`` (naive UTC) when
        support and the shop are open and no other callback is booked."""
        self.ensure_one()
        step = timedelta(minutes=APPOINTMENT_MINUTES)
        horizon = date_ref + SLOTS_HORIZON
        booked = self._gesticlean_booked_starts(date_ref - step, horizon, fresh=fresh)
        return free_slots(
            self._gesticlean_slot_intervals(date_ref, horizon), date_ref, booked, count
        )

    def _gesticlean_offered_slots(self, date_ref, count=3):
        """The free slots offered to the client on the ticket's page: not the
        one the client has already booked (nor one overlapping it)."""
        self.ensure_one()
        own = self.appointment_start
        step = timedelta(minutes=APPOINTMENT_MINUTES)
        slots = self._gesticlean_next_free_slots(date_ref, count=count + 2)
        return [slot for slot in slots if not own or abs(slot - own) >= step][:count]

    def _gesticlean_appointment_name(self):
        """The name of the appointment's calendar event and call activity, in
        the language of the environment."""
        self.ensure_one()
        return self.env._(
            "Callback %(number)s: %(client)s",
            number=self.number,
            client=self.commercial_partner_id.display_name or self.partner_name,
        )

    def _gesticlean_format_slot(self, moment):
        """A slot for people: the day and the time in the language of the reader
        (its own long date and short time, "jeudi 14 mai 2026 à 10:00"), in the
        time zone of the support hours."""
        lang = get_lang(self.env).code
        locale = babel_locale_parse(lang)
        pattern = (
            get_datetime_format("full", locale=locale)
            .replace("{1}", locale.date_formats["full"].pattern)
            .replace("{0}", locale.time_formats["short"].pattern)
        )
        tz = (self.company_id or self.env.company)._gesticlean_support_tz()
        return format_datetime(
            self.env, moment, tz=tz.zone, dt_format=pattern, lang_code=lang
        )

    def _gesticlean_company_technicians(self):
        """The technicians of the ticket's company, those who take calls first
        (managers are technicians too, but come after): who gets a callback
        appointment when nobody and no team is assigned, never the person who
        booked it at intake."""
        self.ensure_one()
        company = self.company_id or self.env.company
        group = self.env.ref("gesticlean_support.group_support_technician")
        managers = self.env.ref("gesticlean_support.group_support_manager")
        users = (
            group.sudo()
            .users.filtered(
                lambda user: (
                    user.active
                    and not user.share
                    and company in user.company_ids
                    and user != self.env.ref("base.user_root")
                )
            )
            .sorted("id")
        )
        takers = users.filtered(lambda user: managers not in user.groups_id)
        return (takers or users).sudo(False)

    def _gesticlean_plan_appointment(self):
        """Put the callback appointments in the calendar with a reminder activity."""
        call_type = self.env.ref("mail.mail_activity_data_call")
        for ticket in self:
            start = ticket.appointment_start
            if not start:
                continue
            stop = start + timedelta(minutes=APPOINTMENT_MINUTES)
            technicians = (
                ticket.team_id.user_ids.filtered(
                    lambda user: user.has_group(
                        "gesticlean_support.group_support_technician"
                    )
                )
                or ticket._gesticlean_company_technicians()
            )
            users = ticket.user_id or technicians
            responsible = ticket.user_id or technicians[:1]
            if not responsible:
                responsible = (
                    self.env.user
                    if not self.env.user.share
                    else self.env.ref("base.user_admin")
                )
            # in the language of whoever will call back, also when the
            # scheduled action or the demo plans it (no language of their own)
            ticket = ticket.with_context(lang=responsible.lang or self.env.lang)
            name = ticket._gesticlean_appointment_name()
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
                "description": ticket.callback_phone_display or "",
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
            tz = (ticket.company_id or self.env.company)._gesticlean_support_tz()
            local = pytz.utc.localize(start).astimezone(tz)
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
                    note=ticket.env._(
                        "Call %(caller)s back at %(time)s on %(phone)s.",
                        caller=ticket.caller_name or ticket.partner_name or "",
                        time=ticket._gesticlean_format_slot(start),
                        phone=ticket.callback_phone_display or "",
                    ),
                    user_id=responsible.id,
                )
