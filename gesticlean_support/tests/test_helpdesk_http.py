import json

from freezegun import freeze_time

from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .test_support_calendar import paris


@tagged("post_install", "-at_install")
class TestHelpdeskRoutes(HttpCase):
    """Every route that changes a ticket refuses another client's ticket."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="fr_FR"))
        cls.stage_new = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.tickets = {}
        cls.users = {}
        for key, name, code in (
            ("a", "Pressing Route A", "R-0001"),
            ("b", "Pressing Route B", "R-0002"),
        ):
            shop = cls.env["res.partner"].create(
                {
                    "name": name,
                    "is_company": True,
                    "gesticlean_client": True,
                    "gesticlean_code": code,
                }
            )
            user = new_test_user(
                cls.env,
                login=f"route_{key}",
                password=f"route_{key}_password",
                groups="base.group_portal",
                lang="fr_FR",
            )
            user.partner_id.parent_id = shop
            cls.users[key] = user
            cls.tickets[key] = cls.env["helpdesk.ticket"].create(
                {
                    "name": f"Demande {key}",
                    "description": "<p>Demande</p>",
                    "partner_id": user.partner_id.id,
                    "stage_id": cls.stage_new.id,
                }
            )

    def _login(self, key):
        self.authenticate(f"route_{key}", f"route_{key}_password")

    @mute_logger("odoo.http")
    def test_ticket_close_other_client_refused(self):
        """OCA/helpdesk#1089: /ticket/close no longer closes another's ticket."""
        self._login("b")
        ticket_a = self.tickets["a"]
        for method in ("GET", "POST"):
            with self.subTest(method=method):
                if method == "GET":
                    response = self.url_open(
                        f"/ticket/close?ticket_id={ticket_a.id}"
                        f"&stage_id={self.stage_done.id}",
                        allow_redirects=False,
                    )
                else:
                    response = self.url_open(
                        "/ticket/close",
                        data={
                            "ticket_id": ticket_a.id,
                            "stage_id": self.stage_done.id,
                            "csrf_token": http.Request.csrf_token(self),
                        },
                        allow_redirects=False,
                    )
                self.assertEqual(response.status_code, 404)
                ticket_a.invalidate_recordset()
                self.assertEqual(ticket_a.stage_id, self.stage_new)
                self.assertFalse(ticket_a.closed_date)
        # a ticket that does not exist
        response = self.url_open(
            f"/ticket/close?ticket_id=999999999&stage_id={self.stage_done.id}",
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 404)

    def test_ticket_close_own(self):
        self._login("a")
        ticket_a = self.tickets["a"]
        # a GET (a link, an image on another site) changes nothing
        response = self.url_open(
            f"/ticket/close?ticket_id={ticket_a.id}&stage_id={self.stage_done.id}",
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (302, 303))
        self.assertEqual(ticket_a.stage_id, self.stage_new)
        # a POST without the CSRF token neither
        response = self.url_open(
            "/ticket/close",
            data={"ticket_id": ticket_a.id, "stage_id": self.stage_done.id},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(ticket_a.stage_id, self.stage_new)
        # the portal's button: a form POST with the token
        page = self.url_open(f"/my/ticket/{ticket_a.id}")
        self.assertRegex(
            page.text,
            r'<form[^>]*method="POST"[^>]*/ticket/close|'
            r'<form[^>]*/ticket/close[^>]*method="POST"',
        )
        response = self.url_open(
            "/ticket/close",
            data={
                "ticket_id": ticket_a.id,
                "stage_id": self.stage_done.id,
                "csrf_token": http.Request.csrf_token(self),
            },
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (302, 303))
        self.assertTrue(
            response.headers["Location"].endswith(f"/my/ticket/{ticket_a.id}")
        )
        self.assertEqual(ticket_a.stage_id, self.stage_done)

    def test_ticket_page_of_other_client(self):
        self._login("b")
        response = self.url_open(
            f"/my/ticket/{self.tickets['a'].id}", allow_redirects=False
        )
        self.assertNotEqual(response.status_code, 200)
        response = self.url_open("/my/tickets")
        self.assertIn("Demande b", response.text)
        self.assertNotIn("Demande a", response.text)

    @mute_logger("odoo.http")
    def test_book_callback_other_client_refused(self):
        self._login("b")
        ticket_a = self.tickets["a"]
        response = self.url_open(
            f"/my/ticket/{ticket_a.id}/callback",
            data={
                "callback_date": "2030-06-04T10:00",
                "csrf_token": http.Request.csrf_token(self),
            },
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(ticket_a.appointment_start)
        self.assertFalse(ticket_a.appointment_event_id)

    @freeze_time(paris(2030, 6, 3, 16, 10))
    def test_book_callback_own(self):
        self._login("a")
        ticket_a = self.tickets["a"]
        page = self.url_open(f"/my/ticket/{ticket_a.id}")
        self.assertIn("Rendez-vous de rappel", page.text)
        self.assertIn("Étape :", page.text)
        self.assertNotIn("Etape:", page.text)
        # Monday 3 June 2030 16:10: the next free slots are proposed
        self.assertIn("Prochains créneaux libres", page.text)
        self.assertIn('value="2030-06-03T16:30"', page.text)
        self.assertIn("lundi 3 juin 2030 à 16:30", page.text)
        self.assertIn("lundi 3 juin 2030 à 17:30", page.text)
        # Tuesday 4 June 2030, 10:00 in Paris
        response = self.url_open(
            f"/my/ticket/{ticket_a.id}/callback",
            data={
                "callback_date": "2030-06-04T10:00",
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Votre rendez-vous de rappel est réservé.", response.text)
        self.assertEqual(ticket_a.appointment_start, paris(2030, 6, 4, 10, 0))
        self.assertEqual(ticket_a.appointment_event_id.start, paris(2030, 6, 4, 10, 0))
        # the appointment reads as the slots do, without seconds
        self.assertIn("Un technicien vous rappelle le", response.text)
        self.assertIn("<strong>mardi 4 juin 2030 à 10:00</strong>.", response.text)
        self.assertNotIn("10:00:00", response.text)
        # a Sunday is refused with the next free slots, and nothing changes
        response = self.url_open(
            f"/my/ticket/{ticket_a.id}/callback",
            data={
                "callback_date": "2030-06-09T10:00",
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        self.assertIn("n&#39;est pas possible", response.text)
        self.assertIn("lundi 10 juin 2030 à 09:00", response.text)
        ticket_a.invalidate_recordset()
        self.assertEqual(ticket_a.appointment_start, paris(2030, 6, 4, 10, 0))

    @freeze_time(paris(2030, 6, 3, 16, 10))
    def test_booked_slot_not_offered_again(self):
        """Issue 12.18: once booked, the client's slot is no longer a free slot."""
        self._login("a")
        ticket_a = self.tickets["a"]
        response = self.url_open(
            f"/my/ticket/{ticket_a.id}/callback",
            data={
                "callback_date": "2030-06-03T16:30",
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        self.assertIn("Votre rendez-vous de rappel est réservé.", response.text)
        self.assertEqual(ticket_a.appointment_start, paris(2030, 6, 3, 16, 30))
        # the free slots' buttons come before the date input
        offered = response.text.split('id="gesticlean_callback_slots"')[1]
        offered = offered.split('id="callback_date"')[0]
        self.assertNotIn('value="2030-06-03T16:30"', offered)
        self.assertNotIn("lundi 3 juin 2030 à 16:30", offered)
        for label in (
            "lundi 3 juin 2030 à 17:00",
            "lundi 3 juin 2030 à 17:30",
            "mardi 4 juin 2030 à 09:00",
        ):
            self.assertIn(label, offered)

    def test_closed_ticket_without_callback_block(self):
        """A closed ticket's page offers no callback and no empty heading."""
        self._login("b")
        ticket_b = self.tickets["b"]
        ticket_b.stage_id = self.stage_done
        page = self.url_open(f"/my/ticket/{ticket_b.id}")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("Rendez-vous de rappel", page.text)
        self.assertNotIn('id="gesticlean_callback"', page.text)

    def test_wrong_method_french_page(self):
        """Issue 12.15: a wrong method on the module's routes gets a French
        page, not werkzeug's bare « Method Not Allowed »."""
        ticket_a = self.tickets["a"]
        for method, url in (
            ("GET", f"/my/ticket/{ticket_a.id}/callback"),
            ("POST", "/support/statistiques"),
            ("POST", "/my/interventions"),
        ):
            with self.subTest(method=method, url=url):
                response = self.opener.request(
                    method, self.base_url() + url, timeout=10
                )
                self.assertEqual(response.status_code, 405)
                self.assertIn("Cette adresse n&#39;accepte pas", response.text)
                self.assertNotIn("Method Not Allowed", response.text)

    def test_portal_chatter_in_french(self):
        """Issue 12.15: the portal pages load mail's translations, those of the
        ticket page's chatter (« La conversation est vide. »)."""
        self._login("a")
        response = self.url_open("/website/translations/x?lang=fr_FR")
        self.assertEqual(response.status_code, 200)
        terms = {
            message["id"]: message["string"]
            for module in response.json()["modules"].values()
            for message in module["messages"]
        }
        self.assertEqual(
            terms.get("The conversation is empty."), "La conversation est vide."
        )

    @mute_logger("odoo.http")
    def test_post_message_other_client_refused(self):
        """The chatter of another client's ticket cannot be written to either."""
        self._login("b")
        ticket_a = self.tickets["a"]
        messages = len(ticket_a.message_ids)
        response = self.url_open(
            "/mail/message/post",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {
                        "thread_model": "helpdesk.ticket",
                        "thread_id": ticket_a.id,
                        "post_data": {"body": "Intrusion", "message_type": "comment"},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.json()["error"]["code"], 404)
        ticket_a.invalidate_recordset()
        self.assertEqual(len(ticket_a.message_ids), messages)

    def test_book_callback_in_the_past_refused(self):
        self._login("a")
        ticket_a = self.tickets["a"]
        response = self.url_open(
            f"/my/ticket/{ticket_a.id}/callback",
            data={
                "callback_date": "2020-06-02T10:00",
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        self.assertIn("Choisissez une heure à venir.", response.text)
        self.assertFalse(ticket_a.appointment_start)
