from datetime import datetime

from odoo.tests import BaseCase, tagged

from ..tools import (
    LicenceCountError,
    Option,
    PriceLine,
    TeamViewerIdError,
    describe_hours,
    free_slots,
    intersect,
    monthly_lines,
    monthly_total,
    normalize_teamviewer_id,
    slot_fits,
    unit_price,
    weekly_hours,
)
from ..tools.slots import next_grid_point


@tagged("post_install", "-at_install")
class TestTeamViewerId(BaseCase):
    def test_valid_ids(self):
        for typed, stored in (
            ("123456789", "123456789"),
            ("123 456 789", "123456789"),
            ("1 234 567 890", "1234567890"),
            ("1234-567-890", "1234567890"),
        ):
            with self.subTest(typed=typed):
                self.assertEqual(normalize_teamviewer_id(typed), stored)

    def test_invalid_ids(self):
        for typed in (
            "",
            "12345678",
            "12345678901",
            "12345678a",
            "١٢٣٤٥٦٧٨٩",
            "abc def ghi",
        ):
            with self.subTest(typed=typed), self.assertRaises(TeamViewerIdError):
                normalize_teamviewer_id(typed)


@tagged("post_install", "-at_install")
class TestPricing(BaseCase):
    TIERS = [(1, 33.0, "one"), (2, 27.5, "two to five"), (6, 23.0, "six")]

    def test_lines_and_total(self):
        lines = monthly_lines(
            3,
            self.TIERS,
            "3 licences",
            [
                Option("conveyor_arm", "Bras", 23.0),
                Option("backup", "Sauvegardes", 11.0, per_licence=True),
            ],
        )
        self.assertEqual(
            lines,
            [
                PriceLine("licence", "3 licences", 3, 27.5),
                PriceLine("conveyor_arm", "Bras", 1, 23.0),
                PriceLine("backup", "Sauvegardes", 3, 11.0),
            ],
        )
        self.assertEqual(monthly_total(lines), 82.5 + 23 + 33)

    def test_vendor_tiers(self):
        for count, amount in ((1, 33.0), (2, 55.0), (5, 137.5), (6, 138.0), (40, 920)):
            with self.subTest(count=count):
                lines = monthly_lines(count, self.TIERS, "licences")
                self.assertEqual(monthly_total(lines), amount)

    def test_bad_counts_and_missing_tier(self):
        for count in (0, -1, 2.5, "3", None, True):
            with self.subTest(count=count), self.assertRaises(LicenceCountError):
                monthly_lines(count, self.TIERS, "licences")
        self.assertEqual(monthly_lines(3.0, self.TIERS, "x")[0].quantity, 3)
        with self.assertRaises(LookupError):
            monthly_lines(1, [(2, 27.5, None)], "licences")


@tagged("post_install", "-at_install")
class TestUnitPrice(BaseCase):
    def test_price_per_unit_from_the_hourly_rate(self):
        self.assertEqual(unit_price(90.0, 30), 45.0)
        self.assertEqual(unit_price(90.0, 15), 22.5)
        self.assertEqual(unit_price(90.0, 60), 90.0)
        self.assertEqual(unit_price(90.0, 20), 30.0)
        with self.assertRaises(ValueError):
            unit_price(90.0, 0)


FRENCH_WORDS = {
    "days": "du %(first)s au %(last)s",
    "day": "le %(day)s",
    "hours": "de %(start)s à %(end)s",
    "and": " et ",
    "separator": " ; ",
    "whole_hour": "%(hours)s h",
    "hour_minutes": "%(hours)s h %(minutes)s",
}
FRENCH_DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


@tagged("post_install", "-at_install")
class TestHoursText(BaseCase):
    def _text(self, attendances):
        return describe_hours(weekly_hours(attendances), FRENCH_DAYS, FRENCH_WORDS)

    def test_support_hours(self):
        attendances = [
            (str(day), start, end)
            for day in range(5)
            for start, end in ((14.0, 18.0), (9.0, 12.0))
        ]
        self.assertEqual(
            self._text(attendances),
            "du lundi au vendredi de 9 h à 12 h et de 14 h à 18 h",
        )

    def test_days_with_other_hours(self):
        attendances = [(day, 8.5, 12.5) for day in range(1, 6)] + [
            (day, 14.0, 19.0) for day in range(1, 5)
        ]
        # touching ranges are one range; Sunday alone
        attendances += [(6, 9.0, 10.0), (6, 10.0, 11.25)]
        self.assertEqual(
            self._text(attendances),
            "du mardi au vendredi de 8 h 30 à 12 h 30 et de 14 h à 19 h ; "
            "le samedi de 8 h 30 à 12 h 30 ; le dimanche de 9 h à 11 h 15",
        )
        self.assertEqual(self._text([]), "")


@tagged("post_install", "-at_install")
class TestSlots(BaseCase):
    def test_intersect_and_fit(self):
        support = [(datetime(2026, 6, 9, 7), datetime(2026, 6, 9, 10))]
        shop = [(datetime(2026, 6, 9, 6, 30), datetime(2026, 6, 9, 9, 45))]
        both = intersect(support, shop)
        self.assertEqual(both, [(datetime(2026, 6, 9, 7), datetime(2026, 6, 9, 9, 45))])
        self.assertTrue(slot_fits(both, datetime(2026, 6, 9, 9, 15)))
        self.assertFalse(slot_fits(both, datetime(2026, 6, 9, 9, 16)))
        self.assertFalse(slot_fits(both, datetime(2026, 6, 9, 6, 45)))

    def test_free_slots_on_the_grid(self):
        intervals = [
            (datetime(2026, 6, 9, 7, 10), datetime(2026, 6, 9, 8, 40)),
            (datetime(2026, 6, 9, 12), datetime(2026, 6, 9, 16)),
        ]
        self.assertEqual(next_grid_point(datetime(2026, 6, 9, 7, 10)).minute, 30)
        self.assertEqual(
            next_grid_point(datetime(2026, 6, 9, 7, 0, 30)), datetime(2026, 6, 9, 7, 30)
        )
        # 7:30 and 8:00 fit before 8:40; 8:00 is booked at 7:45 (overlap)
        self.assertEqual(
            free_slots(
                intervals,
                datetime(2026, 6, 9, 7),
                booked=[datetime(2026, 6, 9, 7, 45)],
                count=3,
            ),
            [
                datetime(2026, 6, 9, 12),
                datetime(2026, 6, 9, 12, 30),
                datetime(2026, 6, 9, 13),
            ],
        )
        # strictly after the reference time
        self.assertEqual(
            free_slots(intervals, datetime(2026, 6, 9, 7, 30), count=1),
            [datetime(2026, 6, 9, 8)],
        )
        self.assertEqual(free_slots([], datetime(2026, 6, 9, 7)), [])
