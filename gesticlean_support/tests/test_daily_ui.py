"""A day at INFORUM (issue 12): one browser tour per role, in French."""

from datetime import datetime, timedelta

import pytz

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDailyTours(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="fr_FR"))
        cls.shop = cls._shop("Pressing des Glières", "DAY-0001", "04 50 45 12 34")
        cls.other_shop = cls._shop("Pressing des Aravis", "DAY-0002", "04 50 45 99 88")
        cls.technician = new_test_user(
            cls.env,
            login="day_technician",
            name="Technicien Jour",
            groups="gesticlean_support.group_support_technician",
            lang="fr_FR",
            tz="Europe/Paris",
        )
        cls.manager = new_test_user(
            cls.env,
            login="day_manager",
            name="Responsable Jour",
            groups="gesticlean_support.group_support_manager",
            lang="fr_FR",
            tz="Europe/Paris",
        )
        cls.env.company.gesticlean_reminder_user_id = cls.manager

    @classmethod
    def _shop(cls, name, code, phone):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "gesticlean_client": True,
                "gesticlean_code": code,
                "support_phone": phone,
                "email": f"{code.lower()}@example.com",
                "country_id": cls.env.ref("base.fr").id,
            }
        )

    def _ticket(self, shop, name="Caisse bloquée", **vals):
        return self.env["helpdesk.ticket"].create(
            {
                "name": name,
                "description": "<p>La caisse ne démarre plus</p>",
                "partner_id": shop.id,
                "urgency": "blocked",
                "caller_name": "Julie",
                **vals,
            }
        )

    def _ended(self, shop, minutes, told, user=None):
        """An out-of-contract intervention ended yesterday, ``minutes`` logged."""
        user = user or self.technician
        yesterday = fields.Datetime.now() - timedelta(days=1)
        ticket = self._ticket(shop, billing_notice_given=told)
        intervention = self.env["support.intervention"].create(
            {
                "ticket_id": ticket.id,
                "user_id": user.id,
                "date_start": yesterday - timedelta(minutes=minutes),
                "date_end": yesterday,
                "outcome": "solved",
            }
        )
        employee = user.employee_id or self.env["hr.employee"].create(
            {"name": user.name, "user_id": user.id}
        )
        self.env["account.analytic.line"].create(
            {
                "name": "Rappel",
                "date": yesterday.date(),
                "unit_amount": minutes / 60,
                "employee_id": employee.id,
                "support_intervention_id": intervention.id,
            }
        )
        return intervention

    def test_technician_day(self):
        """12.4, 12.6, 12.8, 12.17: the technician takes the blocked client, sees
        the caller, the number as people write it and the problem, tells the
        client the call is billable, plans the callback (a Saturday is refused
        with free slots, a Tuesday is booked)."""
        ticket = self._ticket(
            self.shop,
            billing_notice_given=False,
            intake_date=fields.Datetime.now() - timedelta(days=30),
        )
        self.start_tour(
            "/odoo/action-gesticlean_support.action_callback_queue_gesticlean",
            "gesticlean_support_technician_day",
            login="day_technician",
        )
        intervention = ticket.intervention_ids
        self.assertEqual(intervention.user_id, self.technician)
        self.assertEqual(intervention.state, "done")
        self.assertEqual(intervention.outcome, "callback")
        self.assertTrue(ticket.billing_notice_given)
        local = pytz.utc.localize(ticket.appointment_start).astimezone(
            pytz.timezone("Europe/Paris")
        )
        # a Tuesday, at 10:00 as typed in the test browser (which runs in UTC:
        # 11:00 in Paris in winter, 12:00 in summer)
        self.assertEqual(local.weekday(), 1)
        self.assertEqual(ticket.appointment_start.hour, 10)
        self.assertTrue(ticket.callback_waiting)
        self.assertEqual(ticket.activity_ids.user_id, self.technician)
        self.assertFalse(intervention.rating_ids)

    def test_manager_day(self):
        """12.12, 12.13: the ratings dashboard (smiley, comment, follow-up), the
        support settings a manager may change, a bridge day on the support
        calendar."""
        intervention = self._ended(self.shop, 20, told=True)
        intervention._gesticlean_apply_rating(
            intervention._gesticlean_rating(), 1, "Trop long à rappeler"
        )
        self.assertEqual(intervention.activity_ids.user_id, self.manager)
        self.start_tour(
            "/odoo/action-gesticlean_support.action_support_intervention_rating_report",
            "gesticlean_support_manager_day",
            login="day_manager",
        )
        self.assertEqual(self.env.company.gesticlean_billing_unit, 15)
        # 12.12: a bridge day on the support calendar, from its form
        calendar = self.env.company._gesticlean_support_calendar()
        friday = (datetime(2027, 5, 6, 22, 0), datetime(2027, 5, 7, 21, 59))
        self.assertGreater(calendar.get_work_hours_count(*friday), 0)
        self.start_tour(
            f"/odoo/resource.calendar/{calendar.id}",
            "gesticlean_support_manager_bridge_day",
            login="day_manager",
        )
        bridge = self.env["resource.calendar.leaves"].search(
            [("name", "=", "Pont Ascension 2027")]
        )
        self.assertEqual(bridge.calendar_id, calendar)
        self.assertFalse(bridge.resource_id)
        self.assertEqual(calendar.get_work_hours_count(*friday), 0)

    def test_accountant_day(self):
        """12.15, 12.17, 12.18: out-of-contract invoicing leaves out the client
        nobody told, says why in a titled dialog, and lists invoices with the
        client."""
        new_test_user(
            self.env,
            login="day_accountant",
            name="Comptable Jour",
            groups="account.group_account_invoice",
            lang="fr_FR",
        )
        told = self._ended(self.shop, 40, told=True)
        not_told = self._ended(self.other_shop, 40, told=False)
        self.start_tour(
            "/odoo",
            "gesticlean_support_accountant_interventions",
            login="day_accountant",
        )
        self.assertEqual(told.invoice_state, "invoiced")
        self.assertEqual(not_told.invoice_state, "to_invoice")

    def test_client_day(self):
        """12.1, 12.18: the client books a callback on its portal ticket page,
        downloads its contract and finds its intervention to rate."""
        portal = new_test_user(
            self.env,
            login="day_portal",
            name="Gérante Glières",
            groups="base.group_portal",
            lang="fr_FR",
        )
        portal.partner_id.parent_id = self.shop
        ticket = self._ticket(portal.partner_id)
        first = ticket._gesticlean_offered_slots(fields.Datetime.now())[0]
        # yesterday's intervention (its rating asked) and a support contract
        rated = self._ended(self.shop, 40, told=True)
        rated.ticket_id.name = "Imprimante"
        self.env["contract.contract"].create(
            {
                "name": "Contrat support Glières",
                "partner_id": self.shop.id,
                "is_support_contract": True,
                "licence_count": 1,
                "date_start": fields.Date.today(),
                "line_recurrence": False,
            }
        )
        self.start_tour(
            "/my/tickets", "gesticlean_support_portal_client", login="day_portal"
        )
        self.assertEqual(ticket.appointment_start, first)
        self.assertNotIn(first, ticket._gesticlean_offered_slots(fields.Datetime.now()))

    def test_visitor_day(self):
        """12.2: an anonymous visitor reads the public statistics in French."""
        self.start_tour("/support/statistiques", "gesticlean_support_visitor")
