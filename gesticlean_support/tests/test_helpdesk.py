import threading
from datetime import date, datetime

from freezegun import freeze_time

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools import mute_logger

from .common import GestiCleanCommon, delete_committed_chatter
from .test_support_calendar import paris


class HelpdeskCommon(GestiCleanCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.support = cls.env.ref("gesticlean_support.resource_calendar_support")
        cls.support._gesticlean_generate_holidays([2026, 2027])
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        # shop B opens Tuesday to Saturday, 8:30-12:30 and 14:00-19:00
        cls.shop_b.shop_calendar_id = cls.env["resource.calendar"].create(
            {
                "name": "Pressing B",
                "tz": "Europe/Paris",
                "company_id": False,
                "attendance_ids": [
                    (0, 0, vals)
                    for day in range(1, 6)
                    for vals in (
                        {
                            "name": "Matin",
                            "dayofweek": str(day),
                            "hour_from": 8.5,
                            "hour_to": 12.5,
                            "day_period": "morning",
                        },
                        {
                            "name": "Après-midi",
                            "dayofweek": str(day),
                            "hour_from": 14,
                            "hour_to": 19,
                            "day_period": "afternoon",
                        },
                    )
                ],
            }
        )

    @classmethod
    def _support_contract(cls, shop, date_start, licences=1):
        """A GestiClean support contract of ``shop`` from ``date_start``."""
        return cls.env["contract.contract"].create(
            {
                "name": "Support",
                "partner_id": shop.id,
                "is_support_contract": True,
                "licence_count": licences,
                "date_start": date_start,
                "line_recurrence": False,
            }
        )

    @classmethod
    def _ticket(cls, shop, urgency="question", **vals):
        return cls.env["helpdesk.ticket"].create(
            {
                "name": "Demande",
                "description": "<p>Demande du client</p>",
                "partner_id": shop.id,
                "urgency": urgency,
                # out of contract, intake told the client the call is billable
                "billing_notice_given": True,
                **vals,
            }
        )


@tagged("post_install", "-at_install")
class TestCallbackQueue(HelpdeskCommon):
    def test_queue_order(self):
        """Due appointments, then Bloqué, Gêné, Question, then oldest first."""
        with freeze_time(paris(2026, 6, 9, 15, 0)):
            question_old = self._ticket(
                self.shop_a, "question", intake_date=paris(2026, 6, 8, 9, 5)
            )
            blocked_new = self._ticket(
                self.shop_a, "blocked", intake_date=paris(2026, 6, 9, 14, 50)
            )
            degraded = self._ticket(
                self.shop_b, "degraded", intake_date=paris(2026, 6, 9, 9, 0)
            )
            blocked_old = self._ticket(
                self.shop_b, "blocked", intake_date=paris(2026, 6, 9, 10, 0)
            )
            appointment_due = self._ticket(
                self.shop_a,
                "question",
                intake_date=paris(2026, 6, 8, 16, 0),
                appointment_start=paris(2026, 6, 9, 14, 30),
            )
            appointment_later = self._ticket(
                self.shop_a,
                "blocked",
                intake_date=paris(2026, 6, 9, 11, 0),
                appointment_start=paris(2026, 6, 10, 10, 0),
            )
            closed = self._ticket(
                self.shop_a, "blocked", intake_date=paris(2026, 6, 9, 8, 0)
            )
            closed.stage_id = self.stage_done
            tickets = (
                question_old
                | blocked_new
                | degraded
                | blocked_old
                | appointment_due
                | appointment_later
                | closed
            )
            Ticket = self.env["helpdesk.ticket"]
            queue = Ticket.search(
                [("in_callback_queue", "=", True), ("id", "in", tickets.ids)],
                order=Ticket._get_callback_queue_order(),
            )
            self.assertEqual(
                queue.ids,
                [
                    appointment_due.id,
                    blocked_old.id,
                    blocked_new.id,
                    degraded.id,
                    question_old.id,
                ],
            )
            # the list view reads the same order
            rows = Ticket.web_search_read(
                [("in_callback_queue", "=", True), ("id", "in", tickets.ids)],
                {"number": {}, "waiting_hours": {}, "callback_late": {}},
                order="queue_rank, callback_due, id",
            )
            self.assertEqual([row["id"] for row in rows["records"]], queue.ids)
            outside = Ticket.search(
                [("in_callback_queue", "=", False), ("id", "in", tickets.ids)]
            )
            self.assertEqual(outside, appointment_later | closed)
            # waited in support hours: 14:50 -> 15:00, and 10:00 -> 15:00 minus lunch
            waited = {row["id"]: row["waiting_hours"] for row in rows["records"]}
            self.assertAlmostEqual(waited[blocked_new.id], 10 / 60)
            self.assertAlmostEqual(waited[blocked_old.id], 3.0)
            # Monday 9:05 -> Tuesday 15:00: 6:55 + 3 + 1
            self.assertAlmostEqual(waited[question_old.id], 6 + 55 / 60 + 4)

    def test_queue_queries_do_not_grow(self):
        """The list view's first page costs the same queries for 5 or 40 tickets."""
        Ticket = self.env["helpdesk.ticket"].with_user(self.technician)
        spec = {
            "number": {},
            "urgency": {},
            "waiting_hours": {},
            "callback_late": {},
            "callback_deadline": {},
            "commercial_partner_id": {"fields": {"display_name": {}}},
        }

        def load():
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            rows = Ticket.web_search_read(
                [("in_callback_queue", "=", True)],
                spec,
                limit=80,
                order=Ticket._get_callback_queue_order(),
            )
            return self.env.cr.sql_log_count - before, rows

        with freeze_time(paris(2026, 6, 9, 15, 0)):
            for urgency in ("blocked", "degraded", "question", "blocked", "question"):
                self._ticket(self.shop_a, urgency, intake_date=paris(2026, 6, 8, 9, 0))
            load()
            few, rows_few = load()
            for index in range(35):
                self._ticket(
                    (self.shop_a, self.shop_b)[index % 2],
                    ("blocked", "degraded", "question")[index % 3],
                    intake_date=paris(2026, 6, 9, 9, index),
                )
            many, rows_many = load()
        self.assertEqual(rows_many["length"], rows_few["length"] + 35)
        self.assertEqual(few, many)

    def test_deadlines_and_late_flag(self):
        with freeze_time(paris(2026, 5, 22, 17, 30)):
            # Friday 22 May 2026 17:30, blocked: 30 min on Friday, Whit Monday
            # closed, so Tuesday 9:30
            blocked = self._ticket(self.shop_a, "blocked")
            degraded = self._ticket(self.shop_a, "degraded")
            question = self._ticket(self.shop_a, "question")
        self.assertEqual(blocked.callback_deadline, paris(2026, 5, 26, 9, 30))
        self.assertEqual(degraded.callback_deadline, paris(2026, 5, 26, 14, 30))
        self.assertEqual(question.callback_deadline, paris(2026, 5, 27, 17, 30))
        with freeze_time(paris(2026, 5, 26, 10, 0)):
            self.assertTrue(blocked.callback_late)
            self.assertFalse(degraded.callback_late)
            late = self.env["helpdesk.ticket"].search(
                [("callback_late", "=", True), ("id", "in", (blocked | degraded).ids)]
            )
            self.assertEqual(late, blocked)
            on_time = self.env["helpdesk.ticket"].search(
                [("callback_late", "!=", True), ("id", "in", (blocked | degraded).ids)]
            )
            self.assertEqual(on_time, degraded)

    def test_targets_configurable(self):
        self.env.company.gesticlean_target_blocked = 2.0
        with freeze_time(paris(2026, 6, 9, 9, 0)):
            ticket = self._ticket(self.shop_a, "blocked")
        self.assertEqual(ticket.callback_deadline, paris(2026, 6, 9, 11, 0))

    def test_take_next_call(self):
        with freeze_time(paris(2026, 6, 9, 10, 0)):
            question = self._ticket(
                self.shop_a, "question", intake_date=paris(2026, 6, 9, 9, 0)
            )
            blocked = self._ticket(
                self.shop_b, "blocked", intake_date=paris(2026, 6, 9, 9, 30)
            )
            # older tickets of other tests or demo data come first: only ours
            self.env["helpdesk.ticket"].search(
                [
                    ("callback_waiting", "=", True),
                    ("id", "not in", (question | blocked).ids),
                ]
            ).stage_id = self.stage_done
            Ticket = self.env["helpdesk.ticket"].with_user(self.technician)
            action = Ticket.action_take_next_call()
        intervention = self.env["support.intervention"].browse(action["res_id"])
        self.assertEqual(intervention.ticket_id, blocked)
        self.assertEqual(intervention.user_id, self.technician)
        self.assertEqual(intervention.state, "running")
        self.assertEqual(intervention.channel, "phone")
        self.assertEqual(blocked.user_id, self.technician)
        self.assertFalse(blocked.callback_waiting)
        self.assertEqual(blocked.first_callback_date, paris(2026, 6, 9, 10, 0))
        self.assertTrue(blocked.target_met)
        self.assertAlmostEqual(blocked.first_callback_hours, 0.5)
        # a callback is planned: the ticket waits again
        with freeze_time(paris(2026, 6, 9, 10, 20)):
            intervention.with_user(self.technician).write(
                {"outcome": "callback", "callback_start": paris(2026, 6, 9, 14, 0)}
            )
            intervention.with_user(self.technician).action_done()
        self.assertAlmostEqual(intervention.duration, 20 / 60)
        self.assertTrue(blocked.callback_waiting)
        # the second callback, a TeamViewer session, solves it
        with freeze_time(paris(2026, 6, 9, 14, 0)):
            second = blocked.with_user(self.technician)._gesticlean_start_intervention(
                paris(2026, 6, 9, 14, 0), channel="teamviewer"
            )
        with freeze_time(paris(2026, 6, 9, 14, 45)):
            second.outcome = "solved"
            second.action_done()
        self.assertEqual(blocked.intervention_count, 2)
        self.assertEqual(blocked.stage_id, self.stage_done)
        self.assertFalse(blocked.callback_waiting)

    def test_lock_first(self):
        first = self._ticket(self.shop_a, "blocked")
        second = self._ticket(self.shop_b, "blocked")
        self.assertEqual((first | second)._gesticlean_lock_first(), first)
        self.assertEqual((second | first)._gesticlean_lock_first(), second)
        self.assertFalse(self.env["helpdesk.ticket"]._gesticlean_lock_first())

    def test_reporting(self):
        """Interventions per technician and targets met, as the pivots group them."""
        with freeze_time(paris(2026, 6, 9, 9, 0)):
            on_time = self._ticket(self.shop_a, "blocked")
            late = self._ticket(self.shop_b, "blocked")
        with freeze_time(paris(2026, 6, 9, 9, 30)):
            first = on_time.with_user(self.technician)._gesticlean_start_intervention(
                paris(2026, 6, 9, 9, 30)
            )
        # ended with their button (see support.intervention.action_done)
        with freeze_time(paris(2026, 6, 9, 10, 0)):
            first.outcome = "solved"
            first.action_done()
        with freeze_time(paris(2026, 6, 9, 14, 30)):
            second = late.with_user(self.manager)._gesticlean_start_intervention(
                paris(2026, 6, 9, 14, 30)
            )
            second.outcome = "followup"
        with freeze_time(paris(2026, 6, 9, 15, 15)):
            second.action_done()
        tickets = on_time | late
        self.assertEqual(on_time.first_callback_hours, 0.5)
        self.assertTrue(on_time.target_met)
        # 9:00 -> 14:30 is 3.5 support hours, the target was 1 h
        self.assertEqual(late.first_callback_hours, 3.5)
        self.assertFalse(late.target_met)
        groups = self.env["helpdesk.ticket"].read_group(
            [("id", "in", tickets.ids)],
            ["first_callback_hours:avg"],
            ["target_met"],
        )
        self.assertEqual(
            {group["target_met"]: group["first_callback_hours"] for group in groups},
            {True: 0.5, False: 3.5},
        )
        per_technician = self.env["support.intervention"]._read_group(
            [("ticket_id", "in", tickets.ids)], ["user_id"], ["duration:sum"]
        )
        self.assertEqual(
            dict(per_technician), {self.technician: 0.5, self.manager: 0.75}
        )

    def test_end_intervention_needs_outcome(self):
        ticket = self._ticket(self.shop_a, "degraded")
        intervention = ticket.with_user(self.technician)._gesticlean_start_intervention(
            datetime(2026, 6, 9, 8, 0)
        )
        with self.assertRaisesRegex(Exception, "Indiquez le résultat"):
            intervention.action_done()
        # ended by its button only, and never before it starts
        with self.assertRaises(UserError):
            intervention.date_end = datetime(2026, 6, 9, 9, 0)
        with self.assertRaises(ValidationError):
            intervention.sudo().date_end = datetime(2026, 6, 9, 7, 0)

    def test_empty_queue(self):
        self.env["helpdesk.ticket"].search(
            [("callback_waiting", "=", True)]
        ).stage_id = self.stage_done
        action = (
            self.env["helpdesk.ticket"]
            .with_user(self.technician)
            .action_take_next_call()
        )
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(
            action["params"]["message"], "Aucun client n'attend de rappel."
        )


@tagged("post_install", "-at_install")
class TestIntake(HelpdeskCommon):
    def test_intake_form(self):
        """The intake finds the shop by a phone number typed in another format."""
        found = self.env["res.partner"].name_search("+33 (0)4 78 37 41 02")
        self.assertIn(self.shop_b.id, [partner_id for partner_id, _name in found])
        self.shop_b.sudo().write(
            {"teamviewer_id": "123 456 789", "shop_equipment": "conveyor"}
        )
        form = Form(
            self.env["helpdesk.ticket"].with_user(self.intake),
            view="gesticlean_support.helpdesk_ticket_view_form_intake",
        )
        form.partner_id = self.shop_b
        self.assertEqual(form.callback_phone, "+33478374102")
        self.assertEqual(form.coverage, "billable")
        self.assertEqual(form.shop_teamviewer_id, "123456789")
        self.assertEqual(form.shop_equipment, "conveyor")
        form.caller_name = "Marc"
        form.callback_phone = "06 71 23 45 89"
        form.urgency = "blocked"
        form.name = "Caisse bloquée"
        form.description = "<p>Le logiciel ne démarre plus</p>"
        ticket = form.save()
        self.assertEqual(ticket.callback_phone, "+33671234589")
        self.assertEqual(ticket.urgency, "blocked")
        self.assertTrue(ticket.callback_waiting)
        self.assertEqual(ticket.create_uid, self.intake)
        # not assigned to the intake: it waits for a technician in the queue
        self.assertFalse(ticket.user_id)

    def test_invalid_callback_phone(self):
        with self.assertRaisesRegex(ValidationError, "n'est pas un numéro"):
            self._ticket(self.shop_a, callback_phone="12")

    def _contract(self, shop, date_start, date_end):
        """A support contract of ``shop`` billing its licences until ``date_end``."""
        contract = self._support_contract(shop, date_start)
        contract.contract_line_ids.write({"date_end": date_end})
        return contract

    def test_plain_contract_does_not_cover(self):
        """Only a GestiClean support contract covers interventions."""
        product = self.env["product.product"].create(
            {"name": "Maintenance caisse", "type": "service"}
        )
        self.env["contract.contract"].create(
            {
                "name": "Autre contrat",
                "partner_id": self.shop_a.id,
                "line_recurrence": True,
                "contract_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "name": "Maintenance",
                            "quantity": 1,
                            "price_unit": 10,
                            "recurring_rule_type": "monthly",
                            "date_start": date(2025, 1, 1),
                        }
                    )
                ],
            }
        )
        with freeze_time(paris(2026, 3, 2, 10, 0)):
            ticket = self._ticket(self.shop_a)
        self.assertEqual(ticket.coverage, "billable")

    def test_coverage(self):
        contract = self._contract(self.shop_a, date(2025, 6, 1), date(2026, 5, 31))
        # the contract ended the day before the call
        with freeze_time(paris(2026, 6, 1, 10, 0)):
            ticket = self._ticket(self.shop_a, "blocked")
        self.assertEqual(ticket.coverage, "billable")
        self.assertFalse(ticket.coverage_contract_id)
        # its last day is covered
        with freeze_time(paris(2026, 5, 31, 23, 30)):
            ticket = self._ticket(self.shop_a, "blocked")
        self.assertEqual(ticket.coverage, "contract")
        self.assertEqual(ticket.coverage_contract_id, contract)
        # a contact of the shop calls: the shop's contract covers it
        contact = self.env["res.partner"].create(
            {"name": "Employé", "parent_id": self.shop_a.id}
        )
        with freeze_time(paris(2026, 3, 2, 10, 0)):
            ticket = self._ticket(contact)
        self.assertEqual(ticket.coverage, "contract")


@tagged("post_install", "-at_install")
class TestCallbackAppointment(HelpdeskCommon):
    def test_appointment_in_support_and_shop_hours(self):
        with freeze_time(paris(2026, 6, 8, 10, 0)):
            ticket = self._ticket(self.shop_b, "degraded", user_id=self.technician.id)
            ticket.with_user(self.intake).appointment_start = paris(2026, 6, 9, 16, 0)
        event = ticket.appointment_event_id
        self.assertEqual(event.start, paris(2026, 6, 9, 16, 0))
        self.assertEqual(event.stop, paris(2026, 6, 9, 16, 30))
        self.assertEqual(event.user_id, self.technician)
        self.assertEqual(event.res_id, ticket.id)
        activity = ticket.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.date_deadline, date(2026, 6, 9))
        self.assertEqual(activity.user_id, self.technician)
        self.assertEqual(ticket.callback_deadline, paris(2026, 6, 9, 16, 0))
        # moved: the same event and activity follow
        ticket.appointment_start = paris(2026, 6, 10, 9, 0)
        self.assertEqual(ticket.appointment_event_id, event)
        self.assertEqual(event.start, paris(2026, 6, 10, 9, 0))
        self.assertEqual(ticket.activity_ids.date_deadline, date(2026, 6, 10))

    def test_appointment_in_the_technician_language(self):
        """Planned by a scheduled action (no language of its own), the event and
        the reminder read in the language of the technician who calls back."""
        self.technician.lang = "fr_FR"
        with freeze_time(paris(2026, 6, 8, 10, 0)):
            ticket = self._ticket(self.shop_b, "degraded", user_id=self.technician.id)
            ticket.with_context(lang=None).sudo().appointment_start = paris(
                2026, 6, 9, 16, 0
            )
        self.assertEqual(
            ticket.appointment_event_id.name,
            f"Rappel {ticket.number} : {self.shop_b.display_name}",
        )
        self.assertEqual(ticket.activity_ids.summary, ticket.appointment_event_id.name)
        self.assertIn("mardi 9 juin 2026", str(ticket.activity_ids.note))

    def test_appointment_for_the_team(self):
        """Nobody assigned: the event goes to the team, the reminder to its first
        member."""
        technician_2 = self.technician.copy({"login": "gc_technician_2"})
        team = self.env["helpdesk.ticket.team"].create(
            {
                "name": "Support GestiClean",
                "user_ids": [(6, 0, (self.technician | technician_2).ids)],
            }
        )
        with freeze_time(paris(2026, 6, 8, 10, 0)):
            ticket = self._ticket(
                self.shop_a,
                team_id=team.id,
                user_id=False,
                appointment_start=paris(2026, 6, 8, 15, 0),
            )
        self.assertFalse(ticket.user_id)
        event = ticket.appointment_event_id
        self.assertEqual(event.partner_ids, (self.technician | technician_2).partner_id)
        self.assertEqual(event.user_id, self.technician)
        self.assertEqual(ticket.activity_ids.user_id, self.technician)
        self.assertEqual(ticket.activity_ids.activity_type_id.category, "phonecall")

    def test_appointment_without_team_goes_to_technicians(self):
        """Nobody and no team assigned: the appointment and its reminder go to
        the company's technicians (not to the intake person who booked it, not
        to a manager when a technician is there)."""
        with freeze_time(paris(2026, 6, 8, 10, 0)):
            ticket = self._ticket(self.shop_a, team_id=False, user_id=False)
            ticket.with_user(self.intake).appointment_start = paris(2026, 6, 9, 10, 0)
        event = ticket.appointment_event_id
        responsible = ticket.activity_ids.user_id
        self.assertEqual(event.user_id, responsible)
        self.assertNotEqual(responsible, self.intake)
        self.assertTrue(
            responsible.has_group("gesticlean_support.group_support_technician")
        )
        self.assertFalse(
            responsible.has_group("gesticlean_support.group_support_manager")
        )
        self.assertIn(self.technician.partner_id, event.partner_ids)
        self.assertNotIn(self.intake.partner_id, event.partner_ids)

    def test_solved_call_closes_its_reminder(self):
        """Solving the call marks its callback reminder done, with a note."""
        with freeze_time(paris(2026, 6, 8, 10, 0)):
            ticket = self._ticket(self.shop_a, user_id=self.technician.id)
            ticket.appointment_start = paris(2026, 6, 9, 10, 0)
        self.assertEqual(len(ticket.activity_ids), 1)
        intervention = self.env["support.intervention"].create(
            {
                "ticket_id": ticket.id,
                "user_id": self.technician.id,
                "date_start": paris(2026, 6, 9, 10, 0),
                "outcome": "solved",
            }
        )
        intervention.with_user(self.technician).action_done()
        self.assertTrue(ticket.stage_id.closed)
        self.assertFalse(ticket.activity_ids)
        self.assertTrue(
            ticket.message_ids.filtered(
                lambda message: "plus besoin de rappel" in (message.body or "")
            )
        )

    @mute_logger("odoo.sql_db")
    def test_outside_support_hours_refused(self):
        with freeze_time(paris(2026, 5, 13, 10, 0)):
            ticket = self._ticket(self.shop_a, "question")
            # Ascension: closed; the bridge is not granted in this test, so Friday
            with self.assertRaises(ValidationError) as error:
                ticket.appointment_start = paris(2026, 5, 14, 10, 0)
        message = str(error.exception)
        self.assertIn(
            "Un rappel le jeudi 14 mai 2026 à 10:00 n'est pas possible", message
        )
        self.assertIn(
            "vendredi 15 mai 2026 à 09:00, vendredi 15 mai 2026 à 09:30, "
            "vendredi 15 mai 2026 à 10:00",
            message,
        )
        self.assertFalse(ticket.appointment_start)
        self.assertFalse(ticket.appointment_event_id)

    @mute_logger("odoo.sql_db")
    def test_outside_shop_hours_refused(self):
        with freeze_time(paris(2026, 6, 5, 10, 0)):
            ticket = self._ticket(self.shop_b, "question")
            # Monday 8 June: support is open, shop B is closed on Mondays
            with self.assertRaises(ValidationError) as error:
                ticket.appointment_start = paris(2026, 6, 8, 9, 0)
            # Saturday: the shop is open, support is not
            with self.assertRaises(ValidationError):
                ticket.appointment_start = paris(2026, 6, 6, 10, 0)
            # Tuesday 11:45: the slot would end at 12:15, after support closes
            with self.assertRaises(ValidationError):
                ticket.appointment_start = paris(2026, 6, 9, 11, 45)
        self.assertIn(
            "mardi 9 juin 2026 à 09:00, mardi 9 juin 2026 à 09:30, "
            "mardi 9 juin 2026 à 10:00",
            str(error.exception),
        )
        self.assertIn("Pressing Test B", str(error.exception))

    def test_next_slot_from_friday_evening(self):
        """Friday 17:59: too late for a 30-minute callback, Monday 9:00 is next."""
        ticket = self._ticket(self.shop_a)
        self.assertEqual(
            ticket._gesticlean_next_free_slots(paris(2026, 6, 5, 17, 59), count=1),
            [paris(2026, 6, 8, 9, 0)],
        )

    @mute_logger("odoo.sql_db")
    def test_booked_slot_refused(self):
        """A slot overlapping another client's callback is refused, with free ones."""
        with freeze_time(paris(2026, 6, 5, 10, 0)):
            first = self._ticket(self.shop_b, "question")
            first.appointment_start = paris(2026, 6, 9, 9, 0)
            second = self._ticket(self.shop_a, "question")
            for start in (paris(2026, 6, 9, 9, 0), paris(2026, 6, 9, 9, 15)):
                with self.assertRaises(ValidationError) as error:
                    with self.env.cr.savepoint():
                        second.with_user(self.intake).appointment_start = start
            self.assertIn("déjà réservé", str(error.exception))
            self.assertIn("mardi 9 juin 2026 à 09:30", str(error.exception))
            second.invalidate_recordset()
            self.assertFalse(second.appointment_start)
            second.with_user(self.intake).appointment_start = paris(2026, 6, 9, 9, 30)
            self.assertEqual(second.appointment_start, paris(2026, 6, 9, 9, 30))
            # once the first client has been called back, his slot is free again
            first.stage_id = self.stage_done
            self.assertFalse(first.callback_waiting)
            third = self._ticket(self.shop_a, "question")
            third.appointment_start = paris(2026, 6, 9, 9, 0)
            self.assertEqual(third.appointment_start, paris(2026, 6, 9, 9, 0))

    def test_booked_slot_not_proposed(self):
        with freeze_time(paris(2026, 6, 5, 10, 0)):
            first = self._ticket(self.shop_b, "question")
            first.appointment_start = paris(2026, 6, 9, 9, 0)
            second = self._ticket(self.shop_b, "question")
            slots = second._gesticlean_next_free_slots(paris(2026, 6, 8, 12, 0))
        self.assertEqual(
            slots,
            [
                paris(2026, 6, 9, 9, 30),
                paris(2026, 6, 9, 10, 0),
                paris(2026, 6, 9, 10, 30),
            ],
        )
        self.assertEqual(
            second._gesticlean_next_free_slots(paris(2026, 6, 9, 11, 0)),
            [
                paris(2026, 6, 9, 11, 30),
                paris(2026, 6, 9, 14, 0),
                paris(2026, 6, 9, 14, 30),
            ],
        )


@tagged("post_install", "-at_install")
class TestHelpdeskAccess(HelpdeskCommon):
    def test_intake_creates_tickets_but_cannot_take_calls(self):
        ticket = self._ticket(self.shop_a, "blocked").with_user(self.intake)
        ticket.with_user(self.intake).write({"caller_name": "Claire"})
        with self.assertRaises(AccessError):
            ticket.action_take_call()
        with self.assertRaises(AccessError):
            self.env["helpdesk.ticket"].with_user(self.intake).action_take_next_call()
        with self.assertRaises(AccessError):
            self.env["support.intervention"].with_user(self.intake).create(
                {"ticket_id": ticket.id}
            )
        self.assertFalse(ticket.intervention_ids)
        # the technician can
        ticket.with_user(self.technician).action_take_call()
        self.assertEqual(ticket.intervention_ids.user_id, self.technician)

    def test_nobody_deletes_interventions(self):
        ticket = self._ticket(self.shop_a)
        intervention = ticket.with_user(self.technician)._gesticlean_start_intervention(
            datetime(2026, 6, 9, 8, 0)
        )
        for user in (self.technician, self.manager):
            with self.assertRaises(AccessError):
                intervention.with_user(user).unlink()

    def test_tickets_with_interventions_kept(self):
        ticket = self._ticket(self.shop_a)
        ticket.with_user(self.technician).action_take_call()
        with self.assertRaisesRegex(UserError, "ne sont jamais supprimés"):
            ticket.with_user(self.manager).unlink()
        ticket.with_user(self.manager).action_archive()
        self.assertFalse(ticket.active)
        # a ticket typed by mistake, never handled, can go
        mistake = self._ticket(self.shop_a)
        mistake.with_user(self.manager).unlink()
        self.assertFalse(mistake.exists())

    def test_portal_sees_own_tickets_and_appointments(self):
        with freeze_time(paris(2026, 6, 5, 10, 0)):
            own = self._ticket(self.shop_a, appointment_start=paris(2026, 6, 9, 9, 0))
            other = self._ticket(
                self.shop_b, appointment_start=paris(2026, 6, 9, 9, 30)
            )
        own.with_user(self.technician).action_take_call()
        other.with_user(self.technician).action_take_call()
        Ticket = self.env["helpdesk.ticket"].with_user(self.portal_a)
        visible = Ticket.search([("id", "in", (own | other).ids)])
        self.assertEqual(visible, own)
        self.assertEqual(
            visible.read(["appointment_start"])[0]["appointment_start"],
            paris(2026, 6, 9, 9, 0),
        )
        with self.assertRaises(AccessError):
            other.with_user(self.portal_a).read(["appointment_start"])
        interventions = (
            self.env["support.intervention"]
            .with_user(self.portal_a)
            .search([("ticket_id", "in", (own | other).ids)])
        )
        self.assertEqual(interventions.ticket_id, own)
        with self.assertRaises(AccessError):
            own.intervention_ids.with_user(self.portal_a).write({"notes": "<p>x</p>"})


@tagged("post_install", "-at_install")
class TestConcurrentTakeNextCall(TransactionCase):
    """Two technicians clicking "Take the Next Call" at the same moment, in two
    real transactions: two different clients, and neither waits for the other."""

    def test_two_technicians_at_once(self):
        registry = self.env.registry
        # committed, so that both transactions see them
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            technicians = env["res.users"].create(
                [
                    {
                        "name": f"Technicien concurrent {n}",
                        "login": f"gc-concurrent-tech-{n}",
                        "groups_id": [
                            Command.set(
                                [
                                    env.ref(
                                        "gesticlean_support.group_support_technician"
                                    ).id
                                ]
                            )
                        ],
                    }
                    for n in (1, 2)
                ]
            )
            shop = env["res.partner"].create(
                {"name": "Pressing Concurrent", "is_company": True}
            )
            tickets = env["helpdesk.ticket"].create(
                [
                    {
                        "name": f"Bloqué {n}",
                        "description": "<p>Caisse bloquée</p>",
                        "partner_id": shop.id,
                        "urgency": "blocked",
                    }
                    for n in (1, 2)
                ]
            )
            committed = (technicians.ids, shop.id, tickets.ids)
        self.addCleanup(self._cleanup_committed, *committed)

        first_taken = threading.Event()
        second_taken = threading.Event()
        taken, errors = {}, []

        def take(user_id, name):
            try:
                with registry.cursor() as cr:
                    # the test runner holds the Registry lock: no registry look-up
                    cr.transaction = api.Transaction(registry)
                    env = api.Environment(cr, user_id, {})
                    action = env["helpdesk.ticket"].action_take_next_call()
                    env.flush_all()
                    taken[name] = (
                        env["support.intervention"]
                        .browse(action["res_id"])
                        .ticket_id.id
                    )
                    if name == "first":
                        first_taken.set()
                        # hold the ticket until the other technician has his
                        second_taken.wait(10)
                    else:
                        second_taken.set()
                    # leave the queue as it was
                    cr.rollback()
            except Exception as error:  # reported below
                errors.append(repr(error))
                first_taken.set()

        first = threading.Thread(target=take, args=(committed[0][0], "first"))
        first.start()
        self.assertTrue(first_taken.wait(30))
        second = threading.Thread(target=take, args=(committed[0][1], "second"))
        second.start()
        self.assertTrue(second_taken.wait(10), "the second technician waited")
        first.join(30)
        second.join(30)
        self.assertEqual(errors, [])
        self.assertEqual(len(taken), 2)
        self.assertNotEqual(taken["first"], taken["second"])

    def _cleanup_committed(self, user_ids, shop_id, ticket_ids):
        """Remove what this test committed (test data only)."""
        with self.env.registry.cursor() as cr:
            delete_committed_chatter(cr, "helpdesk.ticket", ticket_ids)
            cr.execute("DELETE FROM helpdesk_ticket WHERE id = ANY(%s)", [ticket_ids])
            env = api.Environment(cr, SUPERUSER_ID, {})
            users = env["res.users"].browse(user_ids)
            partners = users.partner_id
            users.unlink()
            partners.unlink()
            env["res.partner"].browse(shop_id).unlink()
