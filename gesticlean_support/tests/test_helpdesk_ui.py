from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


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

    def test_queue_loads(self):
        self.authenticate("admin", "admin")
        response = self.url_open(
            "/odoo/action-gesticlean_support.action_callback_queue_gesticlean"
        )
        self.assertEqual(response.status_code, 200)
