"""Working-time calendars: French public holidays, support-hours helpers (open
hours between moments, moment plus N open hours) and the hours written as text."""

from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import babel_locale_parse, get_lang

from ..tools import describe_hours, weekly_hours
from ..tools.holidays import french_holidays
from .guards import SUPPORT_MANAGER, check_caller

# How far ahead the helpers look for the next opening or free slot.
SEARCH_HORIZON = timedelta(days=60)


def _aware(moment):
    """Naive UTC datetime (as Odoo stores them) -> aware UTC datetime."""
    return moment if moment.tzinfo else pytz.utc.localize(moment)


def _naive(moment):
    """Aware datetime -> naive UTC datetime."""
    return moment.astimezone(pytz.utc).replace(tzinfo=None)


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    gesticlean_public_holidays = fields.Boolean(
        string="French Public Holidays",
        help="Closed on the French public holidays: they are added to the time off "
        "of this calendar for the current and the next year (and every year by a "
        "scheduled action).",
    )
    gesticlean_alsace_moselle = fields.Boolean(
        string="Alsace-Moselle Holidays",
        help="Also closed on Good Friday and on 26 December (Bas-Rhin, Haut-Rhin, "
        "Moselle).",
    )

    # ------------------------------------------------------------------------------
    # Public holidays
    # ------------------------------------------------------------------------------

    def _gesticlean_holiday_leaves_values(self, year):
        """Values of the time off of ``year``'s French public holidays (whole days in
        the calendar's time zone) that this calendar does not have yet."""
        self.ensure_one()
        tz = pytz.timezone(self.tz)
        wanted = []
        for day, name in french_holidays(year, self.gesticlean_alsace_moselle):
            start = _naive(tz.localize(datetime.combine(day, time.min)))
            stop = _naive(tz.localize(datetime.combine(day, time.max)))
            wanted.append((start, stop, name))
        existing = set(
            self.env["resource.calendar.leaves"]
            .sudo()
            .search(
                [
                    ("calendar_id", "=", self.id),
                    ("resource_id", "=", False),
                    ("date_from", "in", [start for start, _stop, _name in wanted]),
                ]
            )
            .mapped("date_from")
        )
        return [
            {
                "name": name,
                "calendar_id": self.id,
                "company_id": self.company_id.id,
                "date_from": start,
                "date_to": stop,
                "time_type": "leave",
            }
            for start, stop, name in wanted
            if start not in existing
        ]

    def _gesticlean_generate_holidays(self, years):
        """Add the missing French public holidays of ``years`` to these calendars."""
        vals_list = []
        for calendar in self:
            for year in years:
                vals_list += calendar._gesticlean_holiday_leaves_values(year)
        return self.env["resource.calendar.leaves"].sudo().create(vals_list)

    def action_generate_public_holidays(self):
        """Managers add this and next year's holidays to a calendar closed on
        them (the support hours, a shop's opening hours)."""
        self.ensure_one()
        check_caller(
            self.env,
            [SUPPORT_MANAGER],
            self.env._("Only support managers add public holidays to calendars."),
        )
        if not self.gesticlean_public_holidays:
            raise UserError(
                self.env._(
                    "%(calendar)s is not closed on the French public holidays: tick "
                    "« French Public Holidays » first.",
                    calendar=self.display_name,
                )
            )
        year = fields.Date.context_today(self).year
        self._gesticlean_generate_holidays([year, year + 1])

    @api.model
    def _cron_generate_public_holidays(self):
        self._gesticlean_generate_public_holidays(fields.Date.today())

    @api.model
    def _gesticlean_generate_public_holidays(self, date_ref):
        """This year's and next year's holidays, and those of every year up to a
        year beyond the longest booking horizon: a bank holiday is never bookable."""
        longest = (
            self.env["res.company"]
            .sudo()
            .search([], order="gesticlean_booking_horizon desc", limit=1)
        )
        weeks = longest.gesticlean_booking_horizon or 0
        last = (date_ref + timedelta(weeks=weeks)).year + 1
        calendars = self.sudo().search([("gesticlean_public_holidays", "=", True)])
        return calendars._gesticlean_generate_holidays(
            list(range(date_ref.year, max(last, date_ref.year + 1) + 1))
        )

    # ------------------------------------------------------------------------------
    # Working-time helpers (naive UTC datetimes in and out, as Odoo stores them)
    # ------------------------------------------------------------------------------

    def _gesticlean_work_intervals(self, start, stop, naive=False):
        """Open intervals between ``start`` and ``stop``, public holidays, bridge
        days and closures removed: aware datetimes, or naive UTC ones if ``naive``."""
        self.ensure_one()
        intervals = self.sudo()._work_intervals_batch(_aware(start), _aware(stop))[
            False
        ]
        if naive:
            return [
                (_naive(begin), _naive(end))
                for begin, end, _meta in intervals
                if begin < end
            ]
        return [(begin, end) for begin, end, _meta in intervals if begin < end]

    def _gesticlean_add_hours(self, moment, hours):
        """``moment`` plus ``hours`` open hours of this calendar."""
        self.ensure_one()
        result = self.sudo().plan_hours(hours, _aware(moment), compute_leaves=True)
        return result and _naive(result)

    def _gesticlean_open_hours_between_batch(self, periods):
        """Open hours of each ``(start, stop)`` of ``periods``, with one
        working-time computation for all of them."""
        valid = [(start, stop) for start, stop in periods if start and stop]
        if not valid:
            return [0.0] * len(periods)
        intervals = self._gesticlean_work_intervals(
            min(start for start, _stop in valid), max(stop for _start, stop in valid)
        )
        result = []
        for start, stop in periods:
            if not start or not stop or stop <= start:
                result.append(0.0)
                continue
            start, stop = _aware(start), _aware(stop)
            result.append(
                sum(
                    (min(end, stop) - max(begin, start)).total_seconds() / 3600
                    for begin, end in intervals
                    if end > start and begin < stop
                )
            )
        return result

    def _gesticlean_add_hours_batch(self, requests):
        """``moment`` plus ``hours`` open hours for each ``(moment, hours)`` of
        ``requests``, with one working-time computation for all of them (Odoo's
        ``plan_hours`` for the rare ones beyond the horizon)."""
        if not requests:
            return []
        start = min(moment for moment, _hours in requests)
        stop = max(moment for moment, _hours in requests) + SEARCH_HORIZON
        intervals = self._gesticlean_work_intervals(start, stop)
        result = []
        for moment, hours in requests:
            moment, left, found = _aware(moment), hours, False
            for begin, end in intervals:
                if end <= moment:
                    continue
                begin = max(begin, moment)
                available = (end - begin).total_seconds() / 3600
                if left <= available:
                    found = _naive(begin + timedelta(hours=left))
                    break
                left -= available
            result.append(found or self._gesticlean_add_hours(moment, hours))
        return result

    # ------------------------------------------------------------------------------
    # Hours as text
    # ------------------------------------------------------------------------------

    def _gesticlean_hours_text(self):
        """This calendar's weekly hours for people, in the language of the
        context: "du lundi au vendredi de 9 h à 12 h et de 14 h à 18 h" (the
        messages, the contract and the portal read the hours here, never as
        fixed text)."""
        self.ensure_one()
        attendances = self.sudo().attendance_ids.filtered(
            lambda att: not att.display_type and att.day_period != "lunch"
        )
        groups = weekly_hours(
            (att.dayofweek, att.hour_from, att.hour_to) for att in attendances
        )
        if not groups:
            return self.env._("at no set hours")
        # the language of the words around them (self.env._), even if inactive
        locale = babel_locale_parse(self.env.lang or get_lang(self.env).code)
        return describe_hours(
            groups,
            [locale.days["format"]["wide"][day] for day in range(7)],
            {
                "days": self.env._("from %(first)s to %(last)s"),
                "day": self.env._("on %(day)s"),
                "hours": self.env._("from %(start)s to %(end)s"),
                "and": self.env._(" and "),
                "separator": "; ",
                "whole_hour": self.env._("%(hours)s:00"),
                "hour_minutes": self.env._("%(hours)s:%(minutes)s"),
            },
        )
