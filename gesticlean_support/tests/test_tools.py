from odoo.tests import BaseCase, tagged

from ..tools import (
    PhoneNumberError,
    TeamViewerIdError,
    normalize_phone,
    normalize_teamviewer_id,
)
from ..tools.phone import format_phone_national


@tagged("post_install", "-at_install")
class TestPhoneNormalization(BaseCase):
    def test_french_formats_give_one_e164(self):
        for typed in (
            "04 50 37 15 29",
            "+33 (0)4 50 37 15 29",
            "0033450371529",
            "04.50.37.15.29",
            "04-50-37-15-29",
            "0450371529",
            "+33 4 50 37 15 29",
            "+33450371529",
            "00 33 4 50 37 15 29",
            "  04 50 37 15 29  ",
        ):
            with self.subTest(typed=typed):
                self.assertEqual(normalize_phone(typed), "+33450371529")

    def test_other_numbers(self):
        self.assertEqual(normalize_phone("06 71 23 45 89"), "+33671234589")
        # a Swiss shop across the border, typed with its prefix
        self.assertEqual(normalize_phone("+41 22 345 67 89"), "+41223456789")
        # a Swiss number typed nationally is read with the shop's country
        self.assertEqual(normalize_phone("022 345 67 89", "CH"), "+41223456789")

    def test_invalid_numbers_refused(self):
        for typed in (
            "",
            "   ",
            "abc",
            "12",
            "0450",
            "04 50 37 15 2",
            "04 50 37 15 29 99",
            "+33 1",
        ):
            with self.subTest(typed=typed), self.assertRaises(PhoneNumberError):
                normalize_phone(typed)

    def test_national_format(self):
        self.assertEqual(format_phone_national("+33450371529"), "04 50 37 15 29")


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
