from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import contract_pdf_text
from .test_helpdesk import HelpdeskCommon
from .test_support_calendar import paris


@tagged("post_install", "-at_install")
class TestSupportHoursFollowTheCalendar(HelpdeskCommon, HttpCase):
    """A manager changes the support calendar: the refusals, the contract PDF, the
    free slots and the portal follow, in the calendar's time zone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls._support_contract(cls.shop_a, date(2026, 6, 8))
        cls.portal_a.password = "portal-a-password"

    def _set_hours(self, days, hour_from, hour_to):
        self.support.with_user(self.manager).write(
            {
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": "Support",
                            "dayofweek": str(day),
                            "hour_from": hour_from,
                            "hour_to": hour_to,
                            "day_period": "morning",
                        }
                    )
                    for day in days
                ]
            }
        )

    def test_default_hours_as_text(self):
        self.assertEqual(
            self.support.with_context(lang="fr_FR")._gesticlean_hours_text(),
            "du lundi au vendredi de 9 h à 12 h et de 14 h à 18 h",
        )
        self.assertEqual(
            self.support.with_context(lang="en_US")._gesticlean_hours_text(),
            "from Monday to Friday from 9:00 to 12:00 and from 14:00 to 18:00",
        )

    @mute_logger("odoo.sql_db")
    def test_changed_hours(self):
        # Monday to Thursday, 8:00 to 13:00
        self._set_hours(range(4), 8.0, 13.0)
        self.assertIn(
            "Du lundi au jeudi de 8 h à 13 h, hors jours fériés légaux",
            contract_pdf_text(self.contract),
        )
        with freeze_time(paris(2026, 6, 10, 10, 0)):
            ticket = self._ticket(self.shop_a)
            # Thursday 12:30 was lunch time; now open
            self.assertEqual(
                ticket._gesticlean_next_free_slots(paris(2026, 6, 11, 12, 0)),
                [
                    paris(2026, 6, 11, 12, 30),
                    paris(2026, 6, 15, 8, 0),
                    paris(2026, 6, 15, 8, 30),
                ],
            )
            # Friday is now closed: refused with the new hours and slots
            with self.assertRaises(ValidationError) as caught:
                ticket.appointment_start = paris(2026, 6, 12, 10, 0)
            ticket.appointment_start = paris(2026, 6, 11, 12, 30)
        message = str(caught.exception)
        self.assertIn(
            "le support est ouvert du lundi au jeudi de 8 h à 13 h (hors jours "
            "fériés et fermetures)",
            message,
        )
        self.assertIn(
            "lundi 15 juin 2026 à 08:00, lundi 15 juin 2026 à 08:30, "
            "lundi 15 juin 2026 à 09:00",
            message,
        )
        self.assertEqual(ticket.appointment_start, paris(2026, 6, 11, 12, 30))
        # the client's portal page proposes the new slots
        with freeze_time(paris(2026, 6, 10, 12, 10)):
            portal_ticket = self._ticket(self.portal_a.partner_id)
            self.authenticate(self.portal_a.login, "portal-a-password")
            page = self.url_open(f"/my/ticket/{portal_ticket.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Être rappelé à la boutique le (heure de Paris)", page.text)
        self.assertIn('value="2026-06-10T12:30"', page.text)
        self.assertIn("mercredi 10 juin 2026 à 12:30", page.text)

    def test_time_zone_of_the_calendar(self):
        """Support run from La Réunion (UTC+4): its hours, days and slots."""
        self.support.with_user(self.manager).tz = "Indian/Reunion"
        ticket = self._ticket(self.shop_a)
        # Monday 8 June 2026, 9:00 in La Réunion is 5:00 UTC
        slots = ticket._gesticlean_next_free_slots(datetime(2026, 6, 8, 4, 0))
        self.assertEqual(slots[0], datetime(2026, 6, 8, 5, 0))
        self.assertEqual(
            ticket._gesticlean_format_slot(slots[0]), "lundi 8 juin 2026 à 09:00"
        )
        # 21:00 UTC on Sunday 7 June is already Monday in La Réunion: the contract
        # starting on Monday covers the call
        with freeze_time(datetime(2026, 6, 7, 21, 0)):
            late_call = self._ticket(self.shop_a)
        self.assertEqual(late_call.coverage, "contract")
        self.assertEqual(late_call.coverage_contract_id, self.contract)
