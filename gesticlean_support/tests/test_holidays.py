from datetime import date

from odoo.tests import BaseCase, tagged

from ..tools.holidays import easter_sunday, french_holidays


@tagged("post_install", "-at_install")
class TestFrenchHolidays(BaseCase):
    def test_easter(self):
        self.assertEqual(easter_sunday(2026), date(2026, 4, 5))
        self.assertEqual(easter_sunday(2027), date(2027, 3, 28))
        self.assertEqual(easter_sunday(2038), date(2038, 4, 25))
        self.assertEqual(easter_sunday(2285), date(2285, 3, 22))

    def test_2026(self):
        self.assertEqual(
            [day for day, _name in french_holidays(2026)],
            [
                date(2026, 1, 1),
                date(2026, 4, 6),
                date(2026, 5, 1),
                date(2026, 5, 8),
                date(2026, 5, 14),
                date(2026, 5, 25),
                date(2026, 7, 14),
                date(2026, 8, 15),
                date(2026, 11, 1),
                date(2026, 11, 11),
                date(2026, 12, 25),
            ],
        )
        self.assertIn((date(2026, 5, 14), "Ascension"), french_holidays(2026))

    def test_2027(self):
        holidays = dict(french_holidays(2027))
        self.assertEqual(holidays[date(2027, 3, 29)], "Lundi de Pâques")
        self.assertEqual(holidays[date(2027, 5, 6)], "Ascension")
        self.assertEqual(holidays[date(2027, 5, 17)], "Lundi de Pentecôte")
        self.assertEqual(len(holidays), 11)

    def test_alsace_moselle(self):
        holidays = dict(french_holidays(2027, alsace_moselle=True))
        self.assertEqual(len(holidays), 13)
        self.assertEqual(holidays[date(2027, 3, 26)], "Vendredi saint")
        self.assertEqual(holidays[date(2027, 12, 26)], "Saint Étienne")
        self.assertNotIn(date(2027, 12, 26), dict(french_holidays(2027)))
