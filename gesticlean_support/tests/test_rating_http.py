from odoo import http
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from ..models.support_intervention_rating import RATING_FEEDBACK_MAX
from .common_rating import RatingCommon

NBSP = "\N{NO-BREAK SPACE}"


@tagged("post_install", "-at_install")
class TestRatingHttp(RatingCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.intervention = cls._done_intervention(cls.shop_a)
        cls.rating = cls.intervention.rating_ids.sudo()
        cls.token = cls.rating.access_token
        cls.url = f"/support/evaluation/{cls.token}"

    def setUp(self):
        super().setUp()
        self.authenticate(None, None)  # a public session, as from the e-mail

    def _post(self, url=None, csrf=True, **data):
        if csrf:
            data["csrf_token"] = http.Request.csrf_token(self)
        return self.url_open(url or self.url, data=data, allow_redirects=False)

    def _assert_nothing_stored(self):
        self.rating.invalidate_recordset()
        self.assertFalse(self.rating.consumed)
        self.assertEqual(self.rating.rating, 0)
        self.assertFalse(self.rating.feedback)
        self.assertFalse(self.intervention.rating_last_value)

    def test_open_page_records_nothing(self):
        """Mail scanners follow links: GET shows the choice, stores nothing."""
        messages = self.intervention.message_ids
        for score in ("5", "3", "1"):
            response = self.url_open(f"{self.url}?score={score}")
            self.assertEqual(response.status_code, 200)
            self.assertIn(f'value="{score}" checked', response.text)
            self.assertIn("Comment s'est passée notre intervention", response.text)
        self._assert_nothing_stored()
        self.assertEqual(self.intervention.message_ids, messages)

    def test_post_records_once(self):
        """The POST records; the same POST again changes nothing."""
        messages = self.intervention.message_ids
        response = self._post(score="5", feedback="Très efficace")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Merci pour votre évaluation", response.text)
        self.rating.invalidate_recordset()
        self.assertTrue(self.rating.consumed)
        self.assertEqual(self.rating.rating, 5)
        self.assertEqual(self.rating.feedback, "Très efficace")
        write_date = self.rating.write_date
        response = self._post(score="5", feedback="Très efficace")
        self.assertEqual(response.status_code, 200)
        self.rating.invalidate_recordset()
        self.assertEqual(self.rating.write_date, write_date)
        self.assertEqual(len(self.intervention.rating_ids), 1)
        self.assertEqual(len(self.intervention.message_ids - messages), 1)

    def test_comment_optional(self):
        response = self._post(score="3")
        self.assertEqual(response.status_code, 200)
        self.rating.invalidate_recordset()
        self.assertEqual(self.rating.rating, 3)
        self.assertFalse(self.rating.feedback)

    def test_bad_scores_refused(self):
        for score in ("0", "2", "4", "6", "-1", "abc", ""):
            with self.subTest(score=score):
                response = self._post(score=score, feedback="x")
                self.assertEqual(response.status_code, 400)
                self.assertIn("Note invalide : choisissez 1, 3 ou 5.", response.text)
                response = self.url_open(f"{self.url}?score={score}")
                self.assertEqual(response.status_code, 400)
        self._assert_nothing_stored()

    @mute_logger("odoo.http")
    def test_bad_tokens_refused(self):
        forged = "0" * 32 if self.token != "0" * 32 else "1" * 32
        for url in (
            f"/support/evaluation/{forged}",
            f"/support/evaluation/{self.token[:-1]}",
            "/support/evaluation/",
            "/support/evaluation/%3Cscript%3E",
        ):
            with self.subTest(url=url):
                response = self.url_open(f"{url}?score=5")
                self.assertEqual(response.status_code, 404)
                self.assertNotIn("Pressing", response.text)
                response = self._post(url=url, score="5")
                self.assertEqual(response.status_code, 404)
        self._assert_nothing_stored()

    @mute_logger("odoo.http")
    def test_other_client_refused(self):
        """Client B, logged in, cannot open or rate client A's intervention."""
        self.authenticate("gc_portal_b", "gc_portal_b")
        response = self.url_open(f"{self.url}?score=5")
        self.assertEqual(response.status_code, 404)
        response = self._post(score="1")
        self.assertEqual(response.status_code, 404)
        self._assert_nothing_stored()
        # client A may
        self.authenticate("gc_portal_a", "gc_portal_a")
        self.assertEqual(self._post(score="1").status_code, 200)

    def test_csrf_required(self):
        response = self._post(csrf=False, score="5")
        self.assertEqual(response.status_code, 403)
        self.assertIn("Votre session a expiré", response.text)
        response = self._post(csrf=False, score="5", csrf_token="forged")
        self.assertEqual(response.status_code, 403)
        self._assert_nothing_stored()

    def test_comment_cap_and_escaping(self):
        response = self._post(score="5", feedback="x" * (RATING_FEEDBACK_MAX + 1))
        self.assertEqual(response.status_code, 400)
        self.assertIn("Votre commentaire est trop long", response.text)
        self._assert_nothing_stored()
        comment = "<script>alert('x')</script>"
        response = self._post(score="5", feedback=comment)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("<script>alert", response.text)
        self.assertIn("&lt;script&gt;alert", response.text)
        response = self.url_open(self.url)
        self.assertNotIn("<script>alert", response.text)
        self.assertIn("&lt;script&gt;alert", response.text)
        message = self.rating.message_id
        self.assertNotIn("<script>", message.body)

    def test_portal_my_interventions_pager(self):
        """Past 80 interventions the list goes on over pages (no silent cut at
        200); bad page numbers never answer 500."""
        self._seed_statistics(250, 100)
        self.authenticate("gc_portal_a", "gc_portal_a")
        first = self.url_open("/my/interventions")
        self.assertEqual(first.status_code, 200)
        self.assertIn("o_portal_pager", first.text)
        self.assertIn("/my/interventions/page/2", first.text)
        self.assertIn("/my/interventions/page/4", first.text)
        last = self.url_open("/my/interventions/page/4")
        self.assertEqual(last.status_code, 200)
        self.assertIn("/my/interventions/page/3", last.text)
        self.assertEqual(
            self.url_open("/my/interventions/page/99999999999").status_code, 200
        )
        self.assertEqual(self.url_open("/my/interventions/page/abc").status_code, 404)

    def test_portal_my_interventions(self):
        """Own company only; rate, then re-rate from the list."""
        other = self._done_intervention(self.shop_b)
        self.authenticate("gc_portal_a", "gc_portal_a")
        response = self.url_open("/my/interventions")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Mes interventions", response.text)
        self.assertIn(self.url, response.text)
        self.assertNotIn(other.rating_ids.sudo().access_token, response.text)
        self.assertIn("Évaluer", response.text)
        self._post(score="1")
        response = self.url_open("/my/interventions")
        self.assertIn("Modifier mon évaluation", response.text)
        response = self.url_open(self.url)
        self.assertIn('value="1" checked', response.text)
        # an intervention without a token yet gets one from the portal
        self.intervention.rating_ids.sudo().unlink()
        response = self.url_open(
            f"/my/interventions/{self.intervention.id}/rate", allow_redirects=False
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn("/support/evaluation/", response.headers["Location"])
        response = self.url_open(
            f"/my/interventions/{other.id}/rate", allow_redirects=False
        )
        self.assertEqual(response.status_code, 404)

    def test_statistics_page(self):
        """Public page, exact figures in French format."""
        self.env["ir.config_parameter"].sudo().set_param(
            "gesticlean_support.rating_statistics_since", "2031-01-01"
        )
        self._seed_statistics(100, 93, day="2031-02-01")
        response = self.url_open("/support/statistiques")
        self.assertEqual(response.status_code, 200)
        self.assertIn(f"93{NBSP}%", response.text)
        self.assertIn(">100<", response.text)
        self.assertIn("01/01/2031", response.text)
        self.assertIn("01/02/2031", response.text)
        self.assertIn("évaluations clients récoltées", response.text)
        # the vendor's figures: 7,130 top ratings out of 7,667
        self._seed_statistics(7567, 7037, day="2031-02-03")
        response = self.url_open("/support/statistiques")
        self.assertIn(f'o_gesticlean_rating_count">7{NBSP}667<', response.text)
        self.assertIn(f'o_gesticlean_contract_count">7{NBSP}667<', response.text)
        self.assertIn(f"93{NBSP}%", response.text)
        self.assertIn("03/02/2031", response.text)

    def test_french_browser_and_stale_session(self):
        """What a French Chromium sends (was a 403 reading the company's partner),
        and the cookies of a staff session that no longer exists."""
        french = {"Accept-Language": "fr-FR,fr;q=0.9"}
        pages = {
            "/support/statistiques": "évaluations clients récoltées",
            self.url: "Comment s'est passée notre intervention",
            f"{self.url}?score=1": "Comment s'est passée notre intervention",
        }
        for url, text in pages.items():
            with self.subTest(url=url, visitor="anonymous"):
                response = self.url_open(url, headers=french)
                self.assertEqual(response.status_code, 200)
                self.assertIn(text, response.text)
        # a staff session ended on the server, its cookie still in the browser
        session = self.authenticate("admin", "admin")
        http.root.session_store.delete(session)
        for url, text in pages.items():
            with self.subTest(url=url, visitor="stale session"):
                self.opener.cookies["session_id"] = session.sid
                response = self.url_open(url, headers=french)
                self.assertEqual(response.status_code, 200)
                self.assertIn(text, response.text)
        # a forged cookie
        for url, text in pages.items():
            with self.subTest(url=url, visitor="forged cookie"):
                self.opener.cookies["session_id"] = "x" * 84
                response = self.url_open(url, headers=french)
                self.assertEqual(response.status_code, 200)
                self.assertIn(text, response.text)

    def test_tour_three_steps(self):
        """Choose a smiley, comment, validate, in a real browser."""
        self.start_tour(f"{self.url}?score=5", "gesticlean_support_rating")
        self.rating.invalidate_recordset()
        self.assertEqual(self.rating.rating, 3)
        self.assertEqual(self.rating.feedback, "Rappel rapide, merci")
