from datetime import datetime, timedelta

import pytz

from odoo.tests import tagged

from .common import GestiCleanCommon

PARIS = pytz.timezone("Europe/Paris")


def paris(*args):
    """Naive UTC datetime of a Paris wall-clock time, as Odoo stores datetimes."""
    return PARIS.localize(datetime(*args)).astimezone(pytz.utc).replace(tzinfo=None)


def is_open(calendar, moment):
    """Is ``calendar`` open at ``moment`` (naive UTC), by its open intervals?"""
    return any(
        begin <= moment < end
        for begin, end in calendar._gesticlean_work_intervals(
            moment - timedelta(minutes=1), moment + timedelta(minutes=1), naive=True
        )
    )


def next_opening(calendar, moment):
    """The first moment at or after ``moment`` when ``calendar`` is open."""
    for begin, end in calendar._gesticlean_work_intervals(
        moment, moment + timedelta(days=60), naive=True
    ):
        if end > moment:
            return max(begin, moment)
    return False


@tagged("post_install", "-at_install")
class TestSupportCalendar(GestiCleanCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.support = cls.env.ref("gesticlean_support.resource_calendar_support")
        cls.support._gesticlean_generate_holidays([2026, 2027])
        # INFORUM grants Friday 15 May 2026, the bridge after Ascension
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Pont de l'Ascension",
                "calendar_id": cls.support.id,
                "date_from": paris(2026, 5, 15, 0, 0),
                "date_to": paris(2026, 5, 15, 23, 59, 59),
            }
        )

    def test_support_calendar(self):
        self.assertEqual(self.support.name, "Support GestiClean")
        self.assertEqual(self.support.tz, "Europe/Paris")
        self.assertEqual(
            sorted(
                (att.dayofweek, att.hour_from, att.hour_to)
                for att in self.support.attendance_ids
            ),
            sorted(
                (str(day), hour_from, hour_to)
                for day in range(5)
                for hour_from, hour_to in ((9.0, 12.0), (14.0, 18.0))
            ),
        )

    def test_public_holidays_generated_once(self):
        leaves = self.env["resource.calendar.leaves"].search(
            [
                ("calendar_id", "=", self.support.id),
                ("date_from", ">=", paris(2026, 1, 1)),
                ("date_from", "<", paris(2028, 1, 1)),
            ]
        )
        # 2 x 11 public holidays and the bridge day
        self.assertEqual(len(leaves), 23)
        self.assertFalse(self.support._gesticlean_generate_holidays([2026, 2027]))
        self.assertIn("Ascension", leaves.mapped("name"))

    def test_holidays_closed(self):
        calendar = self.support
        self.assertFalse(is_open(calendar, paris(2026, 5, 14, 10, 0)))
        self.assertFalse(is_open(calendar, paris(2027, 3, 29, 10, 0)))
        self.assertFalse(is_open(calendar, paris(2027, 5, 17, 15, 0)))
        # the bridge day
        self.assertFalse(is_open(calendar, paris(2026, 5, 15, 10, 0)))
        # an ordinary Wednesday
        self.assertTrue(is_open(calendar, paris(2026, 5, 13, 10, 0)))

    def test_open_around_lunch_and_evening(self):
        # Tuesday 12 May 2026, Monday 30 March 2026 (the day after the clocks went
        # forward) and Monday 26 October 2026 (the day after they went back)
        for day in ((2026, 5, 12), (2026, 3, 30), (2026, 10, 26), (2026, 3, 27)):
            with self.subTest(day=day):
                for (hour, minute), expected in (
                    ((8, 59), False),
                    ((9, 0), True),
                    ((11, 59), True),
                    ((12, 0), False),
                    ((13, 59), False),
                    ((14, 0), True),
                    ((17, 59), True),
                    ((18, 0), False),
                ):
                    self.assertEqual(
                        is_open(self.support, paris(*day, hour, minute)),
                        expected,
                        f"{hour}:{minute:02d}",
                    )

    def test_daylight_saving_change_day(self):
        # Sunday 29 March 2026, 2:00 becomes 3:00: a Sunday, closed all day
        for hour, minute in ((11, 59), (12, 0), (13, 59), (14, 0), (18, 0)):
            self.assertFalse(is_open(self.support, paris(2026, 3, 29, hour, minute)))
        # the next morning opens at 9:00 Paris time, now 7:00 UTC (8:00 UTC before)
        self.assertEqual(
            next_opening(self.support, paris(2026, 3, 29, 12, 0)),
            datetime(2026, 3, 30, 7, 0),
        )
        self.assertEqual(
            next_opening(self.support, paris(2026, 3, 27, 18, 0)),
            datetime(2026, 3, 30, 7, 0),
        )

    def test_next_opening(self):
        calendar = self.support
        # Friday 22 May 2026 17:59 is still open; at 18:00 the next opening is
        # Tuesday 26 May 9:00, Monday 25 May being Whit Monday
        self.assertEqual(
            next_opening(calendar, paris(2026, 5, 22, 17, 59)),
            paris(2026, 5, 22, 17, 59),
        )
        self.assertEqual(
            next_opening(calendar, paris(2026, 5, 22, 18, 0)),
            paris(2026, 5, 26, 9, 0),
        )
        # an ordinary Friday 17:59 + 1 support hour: Monday 9:59
        self.assertEqual(
            calendar._gesticlean_add_hours(paris(2026, 6, 5, 17, 59), 1),
            paris(2026, 6, 8, 9, 59),
        )
        self.assertEqual(
            next_opening(calendar, paris(2026, 6, 5, 18, 0)),
            paris(2026, 6, 8, 9, 0),
        )
        # Ascension, then the bridge day: Monday 18 May 9:00
        self.assertEqual(
            next_opening(calendar, paris(2026, 5, 14, 10, 0)),
            paris(2026, 5, 18, 9, 0),
        )
        # at lunch time: the afternoon
        self.assertEqual(
            next_opening(calendar, paris(2026, 5, 12, 12, 30)),
            paris(2026, 5, 12, 14, 0),
        )

    def test_add_support_hours(self):
        calendar = self.support
        # 4 h from Tuesday 11:00: 1 h in the morning, 3 h in the afternoon
        self.assertEqual(
            calendar._gesticlean_add_hours(paris(2026, 5, 12, 11, 0), 4),
            paris(2026, 5, 12, 17, 0),
        )
        # 2 working days (14 h) from Wednesday 13 May 10:00 skip Ascension and the
        # bridge day
        self.assertEqual(
            calendar._gesticlean_add_hours(paris(2026, 5, 13, 10, 0), 14),
            paris(2026, 5, 19, 10, 0),
        )
        self.assertEqual(
            calendar._gesticlean_open_hours_between_batch(
                [(paris(2026, 5, 13, 10, 0), paris(2026, 5, 19, 10, 0))]
            ),
            [14.0],
        )

    def test_batch_helpers_agree_with_plan_hours(self):
        calendar = self.support
        requests = [
            (paris(2026, 5, 12, 11, 0), 4),
            (paris(2026, 5, 13, 10, 0), 14),
            (paris(2026, 5, 22, 17, 30), 1),
            (paris(2026, 5, 23, 10, 0), 2),
            (paris(2026, 3, 27, 17, 0), 3),
            (paris(2026, 6, 1, 9, 0), 400),
        ]
        self.assertEqual(
            calendar._gesticlean_add_hours_batch(requests),
            [calendar._gesticlean_add_hours(*request) for request in requests],
        )
        self.assertEqual(
            calendar._gesticlean_add_hours_batch(requests)[:4],
            [
                paris(2026, 5, 12, 17, 0),
                paris(2026, 5, 19, 10, 0),
                paris(2026, 5, 26, 9, 30),
                paris(2026, 5, 26, 11, 0),
            ],
        )
        self.assertEqual(
            calendar._gesticlean_open_hours_between_batch(
                [
                    (paris(2026, 5, 12, 11, 0), paris(2026, 5, 12, 17, 0)),
                    (paris(2026, 5, 22, 17, 30), paris(2026, 5, 26, 9, 30)),
                    (paris(2026, 5, 12, 17, 0), paris(2026, 5, 12, 11, 0)),
                ]
            ),
            [4.0, 1.0, 0.0],
        )

    def test_alsace_moselle_option(self):
        calendar = self.support.copy({"name": "Support Strasbourg"})
        calendar.gesticlean_alsace_moselle = True
        calendar._gesticlean_generate_holidays([2027])
        self.assertFalse(is_open(calendar, paris(2027, 3, 26, 10, 0)))
        self.assertTrue(is_open(self.support, paris(2027, 3, 26, 10, 0)))

    def test_cron_generates_next_year(self):
        self.env["resource.calendar"]._gesticlean_generate_public_holidays(
            datetime(2030, 6, 1).date()
        )
        # Easter Monday 2031 is 14 April
        self.assertFalse(is_open(self.support, paris(2031, 4, 14, 10, 0)))
        self.assertTrue(is_open(self.support, paris(2031, 4, 15, 10, 0)))
