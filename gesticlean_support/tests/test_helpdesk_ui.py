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

    def test_queue_loads(self):
        self.authenticate("admin", "admin")
        response = self.url_open(
            "/odoo/action-gesticlean_support.action_callback_queue_gesticlean"
        )
        self.assertEqual(response.status_code, 200)
