"""Bad input on every route of the module (and the OCA and core routes it ships
with): a French 400/404 page or a redirect, never a 500, nothing written
(issue 11, classes 4, 5 and 6)."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import fields, http
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common_rating import RatingCommon
from .test_support_calendar import paris

HUGE = "9" * 5000
# the bad values fed to every parameter
BAD_VALUES = ("", HUGE, "a\x00b", "abc", "-1", "1.5", "0x10", "²", "<script>x</script>")
REDIRECT = (301, 302, 303)


@tagged("post_install", "-at_install")
class TestBadInput(RatingCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_a.password = "portal-a-password"
        cls.ticket_a = cls._ticket(cls.shop_a)
        cls.ticket_b = cls._ticket(cls.shop_b)
        cls.intervention = cls._done_intervention(cls.shop_a)
        cls.rating = cls.intervention.rating_ids.sudo()
        cls.token = cls.rating.access_token

    def setUp(self):
        super().setUp()
        self.authenticate(None, None)  # a public session, as from the e-mail

    def _counts(self):
        self.env.invalidate_all()
        return {
            model: self.env[model].sudo().search_count([])
            for model in (
                "mail.message",
                "mail.activity",
                "calendar.event",
                "rating.rating",
            )
        } | {
            "rated": self.env["rating.rating"]
            .sudo()
            .search_count([("consumed", "=", True)]),
            "appointments": self.env["helpdesk.ticket"].search_count(
                [("appointment_start", "!=", False)]
            ),
            "stages": tuple((self.ticket_a | self.ticket_b).mapped("stage_id").ids),
        }

    def _assert_refused(self, response, statuses=(400, 404)):
        self.assertIn(response.status_code, statuses + REDIRECT, response.text[:300])
        if response.status_code not in REDIRECT:
            # the module's page, in French
            self.assertIn("o_gesticlean_rating_error", response.text)

    def _post(self, url, **data):
        data.setdefault("csrf_token", http.Request.csrf_token(self))
        return self.url_open(url, data=data, allow_redirects=False)

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule")
    def test_rating_routes(self):
        url = f"/support/evaluation/{self.token}"
        before = self._counts()
        for value in (*BAD_VALUES, "2", "4", "10"):
            with self.subTest(param="score", value=value[:20]):
                self._assert_refused(self.url_open(f"{url}?score={value}"))
                self._assert_refused(self._post(url, score=value, feedback="x"))
        for value in ("a\x00b", "x" * 1001, "\x00" * 10):
            with self.subTest(param="feedback", value=value[:20]):
                response = self._post(url, score="5", feedback=value)
                self.assertEqual(response.status_code, 400)
                self.assertIn(
                    "Votre commentaire", response.text
                )  # contient... / est trop long
        for token in ("abc", "0" * 32, self.token.upper(), HUGE, "a\x00b"):
            with self.subTest(param="token", value=token[:20]):
                self._assert_refused(self.url_open(f"/support/evaluation/{token}"))
                self._assert_refused(
                    self._post(f"/support/evaluation/{token}", score="5")
                )
        self.assertEqual(self._counts(), before)

    @mute_logger("odoo.http")
    def test_core_rating_routes(self):
        """Odoo's /rate pages: the module's page and rules for interventions."""
        before = self._counts()
        for rate in (0, 2, 4, 6, 10, 99999):
            with self.subTest(rate=rate):
                response = self.url_open(
                    f"/rate/{self.token}/{rate}", allow_redirects=False
                )
                self.assertEqual(response.status_code, 400)
                self.assertIn("Note invalide", response.text)
        response = self.url_open(f"/rate/{self.token}/1", allow_redirects=False)
        self.assertIn(response.status_code, REDIRECT)
        self.assertIn(
            f"/support/evaluation/{self.token}?score=1", response.headers["Location"]
        )
        response = self.url_open(
            f"/rate/{self.token}/submit_feedback", allow_redirects=False
        )
        self.assertIn(response.status_code, REDIRECT)
        submit = f"/rate/{self.token}/submit_feedback"
        for data in (
            {"rate": "5", "feedback": "x" * 5000},
            {"rate": "2", "feedback": "x"},
            {"rate": "abc"},
            {"rate": "5", "feedback": "a\x00b"},
        ):
            with self.subTest(data={k: v[:20] for k, v in data.items()}):
                self.assertEqual(self._post(submit, **data).status_code, 400)
        self.assertEqual(self._counts(), before)
        # a valid unhappy rating there: the module's rules, a manager to call
        response = self._post(submit, rate="1", feedback="Toujours bloqué")
        self.assertEqual(response.status_code, 200)
        self.rating.invalidate_recordset()
        self.assertEqual(self.rating.rating, 1)
        self.assertEqual(len(self.intervention._gesticlean_sad_calls()), 1)

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule")
    def test_callback_booking_route(self):
        self.authenticate(self.portal_a.login, "portal-a-password")
        url = f"/my/ticket/{self.ticket_a.id}/callback"
        now = fields.Datetime.now()
        far = paris(now.year + 5, 6, 4, 10, 0)
        before = self._counts()
        for value in (
            *BAD_VALUES,
            "9999-12-31T03:00",
            "9999-12-31T23:30",
            "0001-01-01T00:00",
            "1970-01-01T10:00",
            far.strftime("%Y-%m-%dT%H:%M"),
            "2030-02-30T10:00",
            "2030-06-04T25:00",
        ):
            with self.subTest(callback_date=value[:20]):
                response = self._post(url, callback_date=value)
                self.assertIn(response.status_code, REDIRECT)
                self.assertIn("callback_error=", response.headers["Location"])
                page = self.url_open(response.headers["Location"])
                self.assertEqual(page.status_code, 200)
                self.assertIn("alert-danger", page.text)
        # other clients' tickets and ids that are no ticket
        for ticket_id in (self.ticket_b.id, 999999999):
            with self.subTest(ticket_id=ticket_id):
                response = self._post(
                    f"/my/ticket/{ticket_id}/callback",
                    callback_date=(now + timedelta(days=2)).strftime("%Y-%m-%dT10:00"),
                )
                self.assertEqual(response.status_code, 404)
        self.assertEqual(self._counts(), before)

    def test_callback_error_text_comes_from_the_module(self):
        """The URL carries a code; any other text is never shown."""
        self.authenticate(self.portal_a.login, "portal-a-password")
        url = f"/my/ticket/{self.ticket_a.id}"
        text = "Votre abonnement est suspendu, appelez le 0899"
        for code in (text, "refused", "<b>x</b>", HUGE):
            with self.subTest(code=code[:20]):
                page = self.url_open(f"{url}?callback_error={code}")
                self.assertEqual(page.status_code, 200)
                self.assertNotIn(text, page.text)
                self.assertNotIn("alert-danger", page.text)
        page = self.url_open(f"{url}?callback_error=past")
        self.assertIn("Choisissez une heure à venir.", page.text)

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule")
    def test_portal_lists(self):
        self.authenticate(self.portal_a.login, "portal-a-password")
        before = self._counts()
        for route in ("/my/contracts", "/my/tickets"):
            for param in (
                "sortby",
                "date_begin",
                "date_end",
                "filterby",
                "groupby",
                "search_in",
                "page",
            ):
                for value in (*BAD_VALUES, "99999-01-01", "2026-13-45"):
                    with self.subTest(route=route, param=param, value=value[:20]):
                        response = self.url_open(
                            f"{route}?{param}={value}", allow_redirects=False
                        )
                        self.assertIn(response.status_code, (200, 400, 404, *REDIRECT))
        self.assertEqual(self._counts(), before)

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule")
    def test_ticket_close_route(self):
        self.authenticate(self.portal_a.login, "portal-a-password")
        before = self._counts()
        for stage_id in (*BAD_VALUES, "999999999", str(self.ticket_a.stage_id.id)):
            with self.subTest(stage_id=stage_id[:20]):
                response = self._post(
                    "/ticket/close", ticket_id=str(self.ticket_a.id), stage_id=stage_id
                )
                self._assert_refused(response)
        for ticket_id in (*BAD_VALUES, str(self.ticket_b.id), "999999999"):
            with self.subTest(ticket_id=ticket_id[:20]):
                response = self._post(
                    "/ticket/close", ticket_id=ticket_id, stage_id="1"
                )
                self.assertEqual(response.status_code, 404)
                self.assertIn("existe pas", response.text)
        self.assertEqual(self._counts(), before)

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule")
    def test_ids_beyond_postgresql_integers(self):
        """Ids no PostgreSQL integer holds, in the path of every portal route."""
        self.authenticate(self.portal_a.login, "portal-a-password")
        before = self._counts()
        for huge in ("2147483648", "99999999999999999999"):
            for url, data in (
                (f"/my/interventions/{huge}/rate", None),
                (f"/my/ticket/{huge}", None),
                (f"/my/ticket/{huge}/callback", {"callback_date": "2030-06-04T10:00"}),
                (f"/my/contracts/{huge}", None),
                (f"/my/contracts/{huge}/support-contract.pdf", None),
            ):
                with self.subTest(url=url):
                    if data is None:
                        response = self.url_open(url, allow_redirects=False)
                    else:
                        response = self._post(url, **data)
                    self.assertIn(response.status_code, (403, 404, *REDIRECT))
        self.assertEqual(self._counts(), before)

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule")
    def test_new_ticket_route(self):
        """helpdesk_mgmt's /submitted/ticket: a bad form is a French 400."""
        self.authenticate(self.portal_a.login, "portal-a-password")
        tickets = self.env["helpdesk.ticket"].sudo().search_count([])
        valid = {"subject": "Caisse bloquée", "description": "Plus rien ne marche"}
        cases = [{**valid, "category": value} for value in BAD_VALUES if value]
        cases += [{**valid, "team": value} for value in BAD_VALUES if value]
        cases += [
            {**valid, "subject": value}
            for value in ("", "   ", "a\x00b", "x" * 201, "\x00")
        ]
        cases += [{**valid, "description": value} for value in ("a\x00b", HUGE * 5)]
        for data in cases:
            with self.subTest(data={key: value[:20] for key, value in data.items()}):
                response = self._post("/submitted/ticket", **data)
                self.assertEqual(response.status_code, 400)
                self.assertIn("o_gesticlean_rating_error", response.text)
        self.assertEqual(self.env["helpdesk.ticket"].sudo().search_count([]), tickets)
        response = self._post("/submitted/ticket", **valid)
        self.assertIn(response.status_code, REDIRECT)
        self.assertEqual(
            self.env["helpdesk.ticket"].sudo().search_count([]), tickets + 1
        )

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule")
    def test_access_tokens(self):
        """Bad access tokens on the portal pages, anonymous and logged in."""
        contract = self.env["contract.contract"].create(
            {
                "name": "Support",
                "partner_id": self.shop_a.id,
                "is_support_contract": True,
                "licence_count": 1,
                "line_recurrence": False,
            }
        )
        before = self._counts()
        for login in (None, self.portal_a.login):
            if login:
                self.authenticate(login, "portal-a-password")
            for url in (
                f"/my/ticket/{self.ticket_b.id}",
                f"/my/contracts/{contract.id}",
                f"/my/contracts/{contract.id}/support-contract.pdf",
            ):
                for token in BAD_VALUES:
                    with self.subTest(login=login, url=url, token=token[:20]):
                        response = self.url_open(
                            f"{url}?access_token={token}&download={token}",
                            allow_redirects=False,
                        )
                        self.assertIn(response.status_code, (200, 403, 404, *REDIRECT))
        self.assertEqual(self._counts(), before)


@tagged("post_install", "-at_install")
class TestBookingHorizon(RatingCommon):
    """Callbacks within the company's booking horizon; holidays beyond it."""

    def test_beyond_horizon_refused(self):
        ticket = self._ticket(self.shop_a)
        self.assertEqual(self.env.company.gesticlean_booking_horizon, 8)
        with freeze_time(paris(2026, 6, 1, 9, 0)):
            ticket.appointment_start = paris(2026, 7, 21, 10, 0)  # 7 weeks ahead
            for start in (paris(2026, 7, 28, 10, 0), paris(2031, 6, 3, 10, 0)):
                with (
                    self.subTest(start=start),
                    self.assertRaises(ValidationError) as error,
                ):
                    ticket.appointment_start = start
                self.assertIn("8 semaines", str(error.exception))
        self.assertEqual(ticket.appointment_start, paris(2026, 7, 21, 10, 0))

    def test_holidays_generated_beyond_horizon(self):
        """A 2028 bank holiday is never bookable, whatever the horizon."""
        ticket = self._ticket(self.shop_a)
        with freeze_time(paris(2026, 11, 27, 9, 0)):
            with self.assertRaises(ValidationError):
                ticket.appointment_start = paris(2028, 4, 18, 10, 0)
            self.env.company.gesticlean_booking_horizon = 80  # until June 2028
            # Easter Monday 2028 (17 April) is closed, the Tuesday open
            with self.assertRaises(ValidationError) as error:
                ticket.appointment_start = paris(2028, 4, 17, 10, 0)
            self.assertIn("n'est pas possible", str(error.exception))
            ticket.appointment_start = paris(2028, 4, 18, 10, 0)
        calendar = self.env.ref("gesticlean_support.resource_calendar_support")
        years = {leave.date_from.year for leave in calendar.leave_ids}
        self.assertTrue({2026, 2027, 2028, 2029} <= years, years)

    def test_horizon_setting_bounds(self):
        for weeks in (0, -1, 521):
            with self.subTest(weeks=weeks), self.assertRaises(ValidationError):
                self.env.company.gesticlean_booking_horizon = weeks
