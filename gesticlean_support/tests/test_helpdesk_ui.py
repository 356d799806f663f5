from datetime import timedelta

from lxml import etree

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval


@tagged("post_install", "-at_install")
class TestHelpdeskUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shop = cls.env["res.partner"].create(
            {
                "name": "Pressing des Bauges",
                "is_company": True,
                "gesticlean_client": True,
                "gesticlean_code": "UI-0101",
                "support_phone": "+33 4 50 45 12 34",
                "teamviewer_id": "111 222 333",
            }
        )
        new_test_user(
            cls.env,
            login="gc_intake_ui",
            groups="gesticlean_support.group_support_intake",
            lang="fr_FR",
        )

    def test_intake_tour(self):
        """The intake types a call with the keyboard: shop by phone, urgency."""
        self.start_tour(
            "/odoo/action-gesticlean_support.action_helpdesk_ticket_intake",
            "gesticlean_support_intake",
            login="gc_intake_ui",
        )
        ticket = self.env["helpdesk.ticket"].search([("partner_id", "=", self.shop.id)])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.urgency, "blocked")
        self.assertEqual(ticket.caller_name, "Julie")
        self.assertEqual(ticket.callback_phone, "+33450451234")
        self.assertEqual(ticket.coverage, "billable")
        self.assertTrue(ticket.billing_notice_given)
        self.assertIn("Le logiciel ne démarre plus", ticket.description)
        self.assertTrue(ticket.in_callback_queue)
        self.assertFalse(ticket.user_id)

    def test_callback_queue_tour(self):
        """A technician takes the next call in one click: the blocked client."""
        now = fields.Datetime.now()
        shops = {}
        for name, code in (
            ("Pressing Queue Bloqué", "UI-0102"),
            ("Pressing Queue Question", "UI-0103"),
        ):
            shops[name] = self.env["res.partner"].create(
                {
                    "name": name,
                    "is_company": True,
                    "gesticlean_client": True,
                    "gesticlean_code": code,
                }
            )
        tickets = self.env["helpdesk.ticket"].create(
            [
                {
                    "name": "Question ancienne",
                    "description": "<p>Question</p>",
                    "partner_id": shops["Pressing Queue Question"].id,
                    "urgency": "question",
                    "intake_date": now - timedelta(days=10),
                },
                {
                    "name": "Caisse bloquée",
                    "description": "<p>Bloqué</p>",
                    "partner_id": shops["Pressing Queue Bloqué"].id,
                    "urgency": "blocked",
                    "intake_date": now - timedelta(days=3),
                },
            ]
        )
        technician = new_test_user(
            self.env,
            login="gc_tech_ui",
            groups="gesticlean_support.group_support_technician",
            lang="fr_FR",
        )
        self.start_tour(
            "/odoo/action-gesticlean_support.action_callback_queue_gesticlean",
            "gesticlean_support_callback_queue",
            login="gc_tech_ui",
        )
        blocked = tickets[1]
        self.assertEqual(blocked.user_id, technician)
        self.assertEqual(blocked.intervention_ids.user_id, technician)
        self.assertFalse(blocked.callback_waiting)
        self.assertTrue(tickets[0].callback_waiting)

    def test_queue_action(self):
        """Support > Callback Queue lists the waiting tickets, in the queue's list
        (its order, its button) then the ticket form."""
        menu = self.env.ref("gesticlean_support.menu_support_callback_queue")
        self.assertEqual(
            menu.action,
            self.env.ref("gesticlean_support.action_callback_queue_gesticlean"),
        )
        action = self.env["ir.actions.actions"]._for_xml_id(
            "gesticlean_support.action_callback_queue_gesticlean"
        )
        queue_view = self.env.ref("gesticlean_support.helpdesk_ticket_view_list_queue")
        self.assertEqual(action["res_model"], "helpdesk.ticket")
        self.assertEqual(
            [tuple(view) for view in action["views"]],
            [
                (queue_view.id, "list"),
                (self.env.ref("helpdesk_mgmt.ticket_view_form").id, "form"),
            ],
        )
        arch = etree.fromstring(queue_view.arch)
        self.assertEqual(arch.get("default_order"), "queue_rank, callback_due, id")
        self.assertTrue(arch.xpath("//header/button[@name='action_take_next_call']"))
        # what a technician decides on is shown; the rest is optional, hidden
        shown = [
            field.get("name")
            for field in arch.xpath("/list/field")
            if field.get("optional") != "hide"
            and field.get("column_invisible") not in ("True", "1")
        ]
        self.assertEqual(
            shown,
            [
                "urgency",
                "commercial_partner_id",
                "waiting_hours",
                "callback_deadline",
                "appointment_start",
                "coverage",
            ],
        )
        tickets = self._queue_tickets()
        shop = tickets["blocked"].partner_id
        listed = self.env["helpdesk.ticket"].search(
            safe_eval(action["domain"]), order=arch.get("default_order")
        )
        # of this shop's tickets, the waiting ones, blocked first
        self.assertEqual(
            [ticket.id for ticket in listed if ticket.partner_id == shop],
            [tickets["blocked"].id, tickets["question"].id],
        )
        self.assertNotIn(tickets["solved"], listed)
        self.assertNotIn(tickets["appointment_later"], listed)

    def test_support_menus_tour(self):
        """A technician opens the Support app, its callback queue (the waiting
        clients, blocked first, not the solved ticket) and its clients (the shops,
        not the other partners)."""
        self._queue_tickets()
        self.env["res.partner"].create(
            {"name": "Papeterie Fournisseur", "is_company": True}
        )
        new_test_user(
            self.env,
            login="gc_tech_menus",
            groups="gesticlean_support.group_support_technician",
            lang="fr_FR",
        )
        self.start_tour("/odoo", "gesticlean_support_menus", login="gc_tech_menus")

    def _queue_tickets(self):
        """Tickets of a shop: waiting (blocked, question), solved, and with an
        appointment to come."""
        now = fields.Datetime.now()
        shop = self.env["res.partner"].create(
            {
                "name": "Pressing Queue Menus",
                "is_company": True,
                "gesticlean_client": True,
                "gesticlean_code": "UI-0104",
            }
        )
        values = {
            "question": {"urgency": "question", "intake_date": now - timedelta(days=9)},
            "blocked": {"urgency": "blocked", "intake_date": now - timedelta(days=8)},
            "solved": {
                "urgency": "blocked",
                "intake_date": now - timedelta(days=10),
                "stage_id": self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done").id,
            },
            "appointment_later": {
                "urgency": "blocked",
                "intake_date": now - timedelta(days=10),
            },
        }
        tickets = {
            key: self.env["helpdesk.ticket"].create(
                {
                    "name": f"Menus {key}",
                    "description": "<p>Demande</p>",
                    "partner_id": shop.id,
                    **vals,
                }
            )
            for key, vals in values.items()
        }
        # in two weeks or so (within the booking horizon): open, booked by nobody
        later = tickets["appointment_later"]
        later.appointment_start = later._gesticlean_next_free_slots(
            now + timedelta(days=14)
        )[0]
        return tickets
