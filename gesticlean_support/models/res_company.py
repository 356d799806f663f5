"""The company's support settings: support hours, callback targets, billing unit,
and who among the support managers is told when something needs a manager."""

from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError


def support_manager_domain(env):
    """The users who may be the client callbacks manager: internal support
    managers (the company setting and the managers' support settings form)."""
    return [
        ("share", "=", False),
        ("groups_id", "in", env.ref("gesticlean_support.group_support_manager").ids),
    ]


class ResCompany(models.Model):
    _inherit = "res.company"

    gesticlean_support_calendar_id = fields.Many2one(
        comodel_name="resource.calendar",
        string="Support Hours",
        help="When the technical support is open: callback targets and waiting times "
        "are counted in these hours, appointments are taken inside them, and the "
        "messages and the contract state them.",
    )
    gesticlean_billing_unit = fields.Integer(
        string="Billing Unit (minutes)",
        default=30,
        help="Out-of-contract time is billed per started unit of this many minutes, "
        "at the hourly rate of the out-of-contract product (vendor's terms: the "
        "half-hour).",
    )
    gesticlean_target_blocked = fields.Float(
        string="Callback Target: Blocked",
        default=1.0,
        help="Support hours within which a blocked client is called back.",
    )
    gesticlean_target_degraded = fields.Float(
        string="Callback Target: Degraded",
        default=4.0,
        help="Support hours within which a client working in degraded mode is "
        "called back.",
    )
    gesticlean_target_question = fields.Float(
        string="Callback Target: Question",
        default=14.0,
        help="Support hours within which a question is answered (14 h = 2 working "
        "days of 7 support hours).",
    )
    gesticlean_reminder_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Client Callbacks Manager",
        domain=lambda self: support_manager_domain(self.env),
        help="The support manager who gets the activities that need a manager: "
        "failed contract invoicing, termination confirmation calls, unhappy "
        "ratings. Empty: the first support manager.",
    )

    gesticlean_booking_horizon = fields.Integer(
        string="Callback Booking Horizon (weeks)",
        default=8,
        help="How far ahead clients and intake may book a callback appointment, in "
        "weeks. Public holidays are always generated beyond it.",
    )

    @api.constrains("gesticlean_booking_horizon")
    def _check_gesticlean_booking_horizon(self):
        for company in self:
            if not 1 <= company.gesticlean_booking_horizon <= 520:
                raise ValidationError(
                    self.env._(
                        "The callback booking horizon is a number of weeks, from 1 "
                        "to 520."
                    )
                )

    def write(self, vals):
        result = super().write(vals)
        if "gesticlean_booking_horizon" in vals:
            # the public holidays of every year a callback may now be booked in
            self.env["resource.calendar"]._gesticlean_generate_public_holidays(
                fields.Date.context_today(self)
            )
        return result

    def _gesticlean_booking_limit(self, now=None):
        """The last moment (naive UTC) a callback may be booked for."""
        self.ensure_one()
        now = now or fields.Datetime.now()
        return now + timedelta(weeks=self.gesticlean_booking_horizon or 8)

    @api.constrains("gesticlean_billing_unit")
    def _check_gesticlean_billing_unit(self):
        for company in self:
            if company.gesticlean_billing_unit < 1:
                raise ValidationError(
                    self.env._(
                        "The out-of-contract billing unit is a number of minutes, "
                        "1 or more."
                    )
                )

    def _gesticlean_support_calendar(self):
        """The support hours of this company (the default support calendar); empty
        while the module's data is not loaded yet."""
        self.ensure_one()
        return (
            self.sudo().gesticlean_support_calendar_id
            or self.env.ref(
                "gesticlean_support.resource_calendar_support", raise_if_not_found=False
            )
            or self.env["resource.calendar"]
        )

    def _gesticlean_support_tz(self):
        """Time zone of the support hours (pytz), in which days and times of calls
        and appointments are read and shown."""
        self.ensure_one()
        calendar = self._gesticlean_support_calendar()
        return pytz.timezone(calendar.tz or self.env.user.tz or "UTC")

    def _gesticlean_callback_target(self, urgency):
        """Callback target of ``urgency``, in support hours."""
        self.ensure_one()
        return {
            "blocked": self.gesticlean_target_blocked,
            "degraded": self.gesticlean_target_degraded,
            "question": self.gesticlean_target_question,
        }.get(urgency, self.gesticlean_target_question)

    def _gesticlean_manager_to_notify(self, preferred=None):
        """The support manager who gets an activity needing a manager.

        ``preferred`` (e.g. the contract's responsible) when they are an active
        support manager, else the company's client callbacks manager, else its
        first support manager, else the administrator.
        """
        self.ensure_one()
        group = self.env.ref("gesticlean_support.group_support_manager")
        company = self.sudo()
        for user in (preferred, company.gesticlean_reminder_user_id):
            user = (user or self.env["res.users"]).sudo()
            if user.active and not user.share and group in user.groups_id:
                return user.sudo(False)
        first = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", group.ids),
                    ("share", "=", False),
                    ("company_ids", "in", self.ids),
                ],
                order="id",
                limit=1,
            )
        )
        return (first or self.env.ref("base.user_admin")).sudo(False)
