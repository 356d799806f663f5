"""Issue 13: planning the updates of a batch of workstations with the planning
engine shared with the preventive checks (support ∩ shop hours, spread over the
technicians, clear of callbacks, the client e-mailed in French)."""

from datetime import date, datetime, timedelta

from freezegun import freeze_time
from psycopg2.errors import UniqueViolation

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import BaseCase, tagged
from odoo.tools import mute_logger

from ..tools import Planner, daily_caps
from .common_planning import NOW, STEP, PlanningCommon


class TestPlanner(BaseCase):
    """The plain-Python planner."""

    def test_least_busy_technician_under_cap(self):
        day = date(2027, 3, 1)
        intervals = [(datetime(2027, 3, 1, 8), datetime(2027, 3, 1, 11))]  # 6 slots
        caps = daily_caps(intervals, lambda moment: moment.date())
        self.assertEqual(caps, {day: 3})
        planner = Planner(
            [1, 2],
            callbacks=[datetime(2027, 3, 1, 8, 30)],
            planned=[],
            day_of=lambda moment: moment.date(),
            caps=caps,
        )
        booked = [planner.plan(intervals, datetime(2027, 3, 1, 7)) for _n in range(7)]
        self.assertEqual(
            booked,
            [
                (datetime(2027, 3, 1, 8), 1),
                (datetime(2027, 3, 1, 8), 2),
                # 8:30 has a callback
                (datetime(2027, 3, 1, 9), 1),
                (datetime(2027, 3, 1, 9), 2),
                (datetime(2027, 3, 1, 9, 30), 1),
                (datetime(2027, 3, 1, 9, 30), 2),
                # both technicians have their share of the day
                None,
            ],
        )


@tagged("post_install", "-at_install")
class TestUpdatePlanning(PlanningCommon):
    @freeze_time(NOW)
    def test_batch_over_two_shops(self):
        # a client's callback at 9:00 on Tuesday
        callback = self.Ticket.create(
            {
                "name": "Rappel",
                "description": "<p>Rappel</p>",
                "partner_id": self.shop_b.id,
                "appointment_start": datetime(2027, 3, 2, 8, 0),
            }
        )
        workstations = self.ws_a | self.ws_b
        with self.our_technicians():
            tickets, left_out = workstations._gesticlean_plan_updates(NOW)
        self.assertEqual(left_out, [])
        self.assertEqual(len(tickets), 5)
        self.assertEqual(tickets.workstation_id, workstations)
        self.assertEqual(set(tickets.mapped("planned_kind")), {"update"})
        self.assertEqual(tickets.user_id, self.technicians)
        for ticket in tickets:
            # within support hours and the shop's: A is closed on Mondays
            self.assertTrue(ticket._gesticlean_slot_is_open(ticket.appointment_start))
            self.assertGreater(ticket.appointment_start, NOW)
            self.assertGreaterEqual(
                abs(ticket.appointment_start - callback.appointment_start), STEP
            )
        a_days = {
            t.appointment_start.weekday()
            for t in tickets
            if t.partner_id == self.shop_a
        }
        self.assertNotIn(0, a_days)
        self.assert_no_overlap(tickets)
        # planned work is not a callback: never in the callback queue
        queue = self.Ticket._get_callback_queue_domain(NOW + timedelta(days=30))
        self.assertFalse(self.Ticket.search([*queue, ("id", "in", tickets.ids)]))
        # B's two on Monday 9:00 (8:00 UTC, after the hour's notice) with both
        # technicians; A's three on Tuesday from 9:00, the callback's slot left out
        self.assertEqual(
            sorted(tickets.mapped("appointment_start")),
            [
                datetime(2027, 3, 1, 8, 0),
                datetime(2027, 3, 1, 8, 0),
                datetime(2027, 3, 2, 8, 30),
                datetime(2027, 3, 2, 8, 30),
                datetime(2027, 3, 2, 9, 0),
            ],
        )

    @freeze_time(NOW)
    def test_clients_emailed_in_french(self):
        with self.our_technicians():
            tickets, _left_out = self.ws_b[:1]._gesticlean_plan_updates(NOW)
        # the technician's reminder is queued too: the client gets one e-mail
        mail = (
            self.env["mail.mail"]
            .search([("model", "=", "helpdesk.ticket"), ("res_id", "=", tickets.id)])
            .filtered(lambda mail: self.shop_b in mail.recipient_ids)
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.shop_b)
        self.assertEqual(
            mail.subject, "Mise à jour GestiClean : lundi 1 mars 2027 à 09:00"
        )
        self.assertIn("Poste B1", mail.body_html)
        # the technician's diary reads it as an update, not as a callback
        self.assertEqual(
            tickets.appointment_event_id.name,
            f"Mise à jour GestiClean {tickets.number} : {self.shop_b.display_name}",
        )
        self.assertIn("déplacer l’intervention", mail.body_html)
        self.assertIn(f"/my/ticket/{tickets.id}", mail.body_html)

    @freeze_time(NOW)
    def test_second_run_plans_nothing_twice(self):
        workstations = self.ws_a | self.ws_b
        with self.our_technicians():
            first, _left_out = workstations._gesticlean_plan_updates(NOW)
            second, left_out = workstations._gesticlean_plan_updates(NOW)
        self.assertEqual(len(first), 5)
        self.assertFalse(second)
        self.assertEqual(
            {request["workstation"] for request, why in left_out}, set(workstations)
        )
        self.assertEqual({why for _request, why in left_out}, {"already_planned"})

    @freeze_time(NOW)
    def test_database_refuses_a_second_open_update(self):
        """Even past the search (a concurrent run's snapshot): PostgreSQL's
        unique index refuses a second open update of one workstation."""
        with self.our_technicians():
            first, _left_out = self.ws_a[:1]._gesticlean_plan_updates(NOW)
        with mute_logger("odoo.sql_db"), self.assertRaises(UniqueViolation):
            with self.env.cr.savepoint():
                self.Ticket.sudo().with_context(
                    tracking_disable=True, mail_notify_force_send=False
                ).create(
                    {
                        "name": "Encore",
                        "description": "<p>Encore</p>",
                        "partner_id": self.shop_a.id,
                        "planned_kind": "update",
                        "workstation_id": self.ws_a[0].id,
                    }
                )
        # the engine, given it anyway, leaves it out
        requests = [
            {
                "shop": self.shop_a,
                "workstation": self.ws_a[0],
                "earliest": NOW,
                "name": "Encore",
            }
        ]
        with self.our_technicians():
            tickets, left_out = self.Ticket._gesticlean_plan(
                "update", requests, NOW + timedelta(weeks=2)
            )
        self.assertFalse(tickets)
        self.assertEqual([why for _request, why in left_out], ["already_planned"])
        # once done (closed), the workstation can be planned again
        first.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        with self.our_technicians():
            again, _left_out = self.ws_a[:1]._gesticlean_plan_updates(NOW)
        self.assertEqual(len(again), 1)

    @freeze_time(NOW)
    def test_move_checks_the_technician(self):
        with self.our_technicians():
            tickets, _left_out = self.ws_b._gesticlean_plan_updates(NOW)
        one, two = tickets.sorted("user_id")
        self.assertEqual(one.appointment_start, two.appointment_start)
        # the same time for another technician's planned intervention: moved
        later = datetime(2027, 3, 3, 8, 0)
        one.appointment_start = later
        self.assertEqual(one.appointment_start, later)
        self.assertEqual(one.appointment_event_id.start, later)
        # onto the slot of the same technician's other one: refused
        two.user_id = one.user_id
        with self.assertRaisesRegex(ValidationError, "déjà réservé"):
            two.appointment_start = later
        # outside support hours: refused
        with self.assertRaisesRegex(ValidationError, "pas possible"):
            two.appointment_start = datetime(2027, 3, 3, 19, 0)

    def test_only_technicians_plan(self):
        for user in (self.intake, self.portal_a):
            with self.assertRaises(AccessError):
                self.ws_a.with_user(user).action_gesticlean_plan_updates()
        with self.our_technicians(), freeze_time(NOW):
            action = self.ws_a.with_user(
                self.technician
            ).action_gesticlean_plan_updates()
        self.assertIn("3", action["params"]["message"])

    def test_planned_kind_not_writable_by_clients(self):
        ticket = self.Ticket.with_user(self.intake).create(
            {
                "name": "Appel",
                "description": "<p>Appel</p>",
                "partner_id": self.shop_a.id,
            }
        )
        with self.assertRaises(AccessError):
            ticket.with_user(self.technician).planned_kind = "update"
        with self.assertRaises(AccessError):
            self.Ticket.with_user(self.intake).create(
                {
                    "name": "Appel",
                    "description": "<p>Appel</p>",
                    "partner_id": self.shop_a.id,
                    "planned_kind": "maintenance",
                }
            )
