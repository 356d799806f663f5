"""Query budgets of the hot paths: a change that adds queries fails here.

As Odoo's own budgets (test_mail_full/tests/test_rating.py): `@users` and `@warmup`
for ORM calls (the first run fills the caches and is rolled back, the second is
counted); the HTTP routes are called once before the counted call, as
website/tests/test_performance.py does. Each budget is the count measured when it
was set: when a change lowers it, lower the budget (the run logs "Query count less
than expected"); when a change must raise it, say why in the commit.
"""

from datetime import timedelta

from lxml import etree

from odoo import fields, http
from odoo.tests import Form, HttpCase, tagged, users, warmup
from odoo.tools.safe_eval import safe_eval

from .common_rating import RatingCommon


@tagged("post_install", "-at_install")
class TestQueryCounts(RatingCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = fields.Datetime.now()
        # a queue of a few waiting tickets of two shops, of each urgency
        cls.queue = cls.env["helpdesk.ticket"]
        for hours, (shop, urgency) in enumerate(
            [
                (cls.shop_a, "question"),
                (cls.shop_b, "degraded"),
                (cls.shop_a, "blocked"),
                (cls.shop_b, "question"),
                (cls.shop_a, "degraded"),
            ]
        ):
            cls.queue |= cls._ticket(
                shop, urgency, intake_date=now - timedelta(hours=hours + 1)
            )
        cls.queue_action = cls.env["ir.actions.actions"]._for_xml_id(
            "gesticlean_support.action_callback_queue_gesticlean"
        )
        cls.queue_view = cls.env.ref(
            "gesticlean_support.helpdesk_ticket_view_list_queue"
        )

    # ------------------------------------------------------------------------------
    # ORM paths of the support staff
    # ------------------------------------------------------------------------------

    @users("gc_technician")
    @warmup
    def test_take_next_call(self):
        """A technician takes the next call: lock, assign, start an intervention."""
        # 25: the intervention's company check (its technician works for its
        # company, issue 11 class 7) reads the technician's companies, and the
        # ticket's workstation is looked up (issue 13)
        with self.assertQueryCount(gc_technician=25):
            action = self.env["helpdesk.ticket"].action_take_next_call()
        intervention = self.env["support.intervention"].browse(action["res_id"])
        self.assertEqual(intervention.ticket_id.urgency, "blocked")
        self.assertEqual(intervention.user_id, self.env.user)

    @users("gc_intake")
    @warmup
    def test_intake_onchange(self):
        """The intake picks the calling shop on a new ticket (one onchange)."""
        form = Form(
            self.env["helpdesk.ticket"],
            view="gesticlean_support.helpdesk_ticket_view_form_intake",
        )
        # 12: the callback number shown to people reads the company's country
        # (tools/phone.py), once whatever the form
        with self.assertQueryCount(gc_intake=12):
            form.partner_id = self.shop_b
        self.assertEqual(form.callback_phone, "+33478374102")
        self.assertEqual(form.coverage, "billable")

    @users("gc_technician")
    @warmup
    def test_callback_queue_read(self):
        """The queue as its list shows it: the action's domain, the view's fields
        and order, one page."""
        arch = etree.fromstring(
            self.env["helpdesk.ticket"].get_views([(self.queue_view.id, "list")])[
                "views"
            ]["list"]["arch"]
        )
        field_names = arch.xpath("/list/field/@name")
        domain = safe_eval(self.queue_action["domain"])
        # 13: the callback numbers shown to people read the company and its
        # country (tools/phone.py), once for the whole page
        with self.assertQueryCount(gc_technician=13):
            rows = self.env["helpdesk.ticket"].search_read(
                domain,
                field_names,
                order=arch.get("default_order"),
                limit=80,
            )
        self.assertEqual(
            next(row["id"] for row in rows if row["id"] in self.queue.ids),
            self.queue[2].id,  # the blocked one
        )

    # ------------------------------------------------------------------------------
    # Public routes
    # ------------------------------------------------------------------------------

    def _post_rating(self, intervention, score):
        token = intervention.rating_ids.sudo().access_token
        return self.url_open(
            f"/support/evaluation/{token}",
            data={
                "score": score,
                "feedback": "Merci",
                "csrf_token": http.Request.csrf_token(self),
            },
            allow_redirects=False,
        )

    def test_rating_post(self):
        """A client validates its smiley (a first rating of the intervention)."""
        warm, counted = (self._done_intervention(self.shop_a) for _i in range(2))
        self.authenticate(None, None)
        self.assertEqual(self._post_rating(warm, "5").status_code, 200)
        # 24: one is the lock on the rating's row (a double click waits for it)
        with self.assertQueryCount(24):
            response = self._post_rating(counted, "3")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(counted.rating_ids.sudo().rating, 3)

    def test_statistics_page(self):
        """The public statistics page, whatever the number of ratings."""
        self._seed_statistics(500, 450, day="2025-03-01")
        figures = self.env["support.intervention"]._gesticlean_rating_statistics_page()
        self.authenticate(None, None)
        self.assertEqual(self.url_open("/support/statistiques").status_code, 200)
        with self.assertQueryCount(5):
            response = self.url_open("/support/statistiques")
        self.assertEqual(response.status_code, 200)
        self.assertIn(figures["rating_count"], response.text)
        self.assertIn(figures["top_share"], response.text)
