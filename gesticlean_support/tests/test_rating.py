import threading
from datetime import date

from odoo import SUPERUSER_ID, api, fields
from odoo.tests import TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.mail.tests.common import MockEmail

from .. import uninstall_hook
from ..tools import format_fr_integer, format_fr_percent
from .common import delete_committed_chatter
from .common_rating import RatingCommon

NBSP = "\N{NO-BREAK SPACE}"


@tagged("post_install", "-at_install")
class TestInterventionRating(RatingCommon):
    def test_done_sends_rating_request(self):
        """Ending an intervention e-mails three smiley links; one rating record."""
        intervention = self._done_intervention(self.shop_a)
        rating = intervention.rating_ids
        self.assertEqual(len(rating), 1)
        self.assertFalse(rating.consumed)
        self.assertEqual(rating.partner_id, self.shop_a)
        self.assertEqual(rating.rated_partner_id, self.technician.partner_id)
        self.assertEqual(len(rating.access_token), 32)
        message = intervention.message_ids.filtered(
            lambda m: "/support/evaluation/" in (m.body or "")
        )
        self.assertEqual(len(message), 1)
        for score in (5, 3, 1):
            self.assertIn(
                f"/support/evaluation/{rating.access_token}?score={score}",
                message.body,
            )
        self.assertIn("\N{GRINNING FACE}", message.body)
        self.assertIn("Comment s'est passée notre intervention", message.subject)
        # asking again reuses the same rating: one rating per intervention
        intervention._gesticlean_send_rating_request()
        self.assertEqual(intervention.rating_ids, rating)

    def test_apply_rating_replay(self):
        """The same choice sent twice: one rating, one chatter message."""
        intervention = self._done_intervention(self.shop_a)
        rating = intervention.rating_ids.sudo()
        messages = intervention.message_ids
        self.assertTrue(intervention._gesticlean_apply_rating(rating, 5, "Parfait"))
        self.assertFalse(intervention._gesticlean_apply_rating(rating, 5, "Parfait"))
        new_messages = intervention.message_ids - messages
        self.assertEqual(len(new_messages), 1)
        self.assertEqual(rating.rating, 5)
        self.assertEqual(rating.feedback, "Parfait")
        self.assertEqual(intervention.rating_last_value, 5)
        # a change of mind updates the same rating and the same message
        self.assertTrue(intervention._gesticlean_apply_rating(rating, 3, ""))
        self.assertEqual(intervention.rating_ids, rating)
        self.assertEqual(rating.rating, 3)
        self.assertFalse(rating.feedback)
        self.assertEqual(intervention.message_ids - messages, new_messages)

    def test_sad_rating_schedules_call(self):
        """A ☹️ rating asks a manager to call the client, once."""
        intervention = self._done_intervention(self.shop_a)
        rating = intervention.rating_ids.sudo()
        intervention._gesticlean_apply_rating(rating, 3, "")
        self.assertFalse(intervention.activity_ids)
        intervention._gesticlean_apply_rating(rating, 1, "Toujours bloqué")
        activity = intervention.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(
            activity.activity_type_id, self.env.ref("mail.mail_activity_data_call")
        )
        self.assertTrue(
            activity.user_id.has_group("gesticlean_support.group_support_manager")
        )
        self.assertIn("Pressing Test A", activity.note)
        intervention._gesticlean_apply_rating(rating, 1, "Toujours bloqué !")
        self.assertEqual(len(intervention.activity_ids), 1)

    def test_sad_happy_flip_flop(self):
        """Re-rated 1, 5, 1, 5, 1: never more than one open call, one e-mail to the
        manager, and a happy re-rating closes the call with a note."""
        intervention = self._done_intervention(self.shop_a)
        rating = intervention.rating_ids.sudo()
        call = self.env.ref("mail.mail_activity_data_call")
        notified = self.env["mail.message"]
        sequence = ((1, 1), (5, 0), (1, 1), (5, 0), (1, 1))
        for step, (score, open_calls) in enumerate(sequence):
            with self.subTest(step=step, score=score):
                messages = self.env["mail.message"].search([]).ids
                intervention._gesticlean_apply_rating(rating, score, "")
                intervention.invalidate_recordset()
                self.assertEqual(len(intervention.activity_ids), open_calls)
                notified |= self.env["mail.message"].search(
                    [
                        ("id", "not in", messages),
                        ("message_type", "=", "user_notification"),
                        ("model", "=", "support.intervention"),
                        ("res_id", "=", intervention.id),
                    ]
                )
        self.assertEqual(len(notified), 1)
        done = intervention.message_ids.filtered(
            lambda message: message.mail_activity_type_id == call
        )
        self.assertEqual(len(done), 2)
        note = intervention.env._("The client has changed the rating to happy.")
        for message in done:
            self.assertIn(note, message.body)


@tagged("post_install", "-at_install")
class TestRatingStatistics(RatingCommon):
    def test_french_number_format(self):
        self.assertEqual(format_fr_integer(7667), f"7{NBSP}667")
        self.assertEqual(format_fr_integer(1234567), f"1{NBSP}234{NBSP}567")
        self.assertEqual(format_fr_integer(12), "12")
        self.assertEqual(format_fr_percent(93), f"93{NBSP}%")

    def test_exact_figures(self):
        """100 ratings, 93 top: 93 %; out-of-contract and older ones apart."""
        since = date(2031, 1, 1)
        self._seed_statistics(100, 93, day="2031-02-01")
        self._seed_statistics(7, 0, day="2031-03-05", coverage="billable")
        self._seed_statistics(5, 5, day="2030-12-31")  # before the date: ignored
        stats = self.env["support.intervention"]._gesticlean_rating_statistics(since)
        self.assertEqual(stats["rating_count"], 107)
        self.assertEqual(stats["top_count"], 93)
        self.assertEqual(stats["top_share"], 87)
        self.assertEqual(stats["contract_count"], 100)
        self.assertEqual(stats["last_update"], date(2031, 3, 5))
        stats = self.env["support.intervention"]._gesticlean_rating_statistics(
            date(2031, 2, 1)
        )
        self.assertEqual(stats["rating_count"], 107)
        stats = self.env["support.intervention"]._gesticlean_rating_statistics(
            date(2031, 2, 2)
        )
        self.assertEqual(
            (stats["rating_count"], stats["top_share"], stats["contract_count"]),
            (7, 0, 0),
        )

    def test_default_since(self):
        self.assertEqual(
            self.env["support.intervention"]._gesticlean_rating_statistics()["since"],
            date(2020, 1, 22),
        )

    def test_since_in_settings(self):
        """The first day counted is a setting; emptied, it falls back to 22/01/2020."""
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.gesticlean_rating_since, date(2020, 1, 22))
        settings.gesticlean_rating_since = date(2031, 2, 2)
        settings.execute()
        model = self.env["support.intervention"]
        self.assertEqual(
            model._gesticlean_rating_statistics()["since"], date(2031, 2, 2)
        )
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.gesticlean_rating_since, date(2031, 2, 2))
        settings.gesticlean_rating_since = False
        settings.execute()
        self.assertEqual(
            model._gesticlean_rating_statistics()["since"], date(2020, 1, 22)
        )

    def test_query_count_constant(self):
        """As many queries for 10 ratings as for 10,000."""
        model = self.env["support.intervention"]
        since = date(2031, 1, 1)
        model._gesticlean_rating_statistics(since)  # warm the caches

        def count_queries():
            before = self.env.cr.sql_log_count
            stats = model._gesticlean_rating_statistics(since)
            return self.env.cr.sql_log_count - before, stats

        self._seed_statistics(10, 9)
        small, stats = count_queries()
        self.assertEqual(stats["rating_count"], 10)
        self._seed_statistics(9990, 9291)
        large, stats = count_queries()
        self.assertEqual(stats["rating_count"], 10000)
        self.assertEqual(stats["top_share"], 93)
        self.assertEqual(small, large)
        self.assertLessEqual(large, 2)


@tagged("post_install", "-at_install")
class TestRatingEmailSent(RatingCommon, MockEmail):
    def test_rating_email_leaves_the_server(self):
        """The rating request goes through the mail server, to the shop, in French."""
        self.shop_a.email = "pressing.a@example.com"
        with self.mock_mail_gateway():
            intervention = self._done_intervention(self.shop_a)
            self.assertEqual(len(self._new_mails), 1)
            self._new_mails.send()
        self.assertEqual(self._new_mails.state, "sent")
        self.assertEqual(len(self._mails), 1)
        sent = self._mails[0]
        self.assertIn("pressing.a@example.com", sent["email_to"][0])
        token = intervention.rating_ids.access_token
        for score in (5, 3, 1):
            self.assertIn(f"/support/evaluation/{token}?score={score}", sent["body"])
        self.assertIn(intervention.ticket_id.number, sent["subject"])
        # one message really handed to the (mocked) SMTP connection
        self.assertEqual(len(self.emails), 1)
        self.assertIn("pressing.a@example.com", self.emails[0]["msg_to"])
        self.assertEqual(self.emails[0]["smtp_to_list"], ["pressing.a@example.com"])


@tagged("post_install", "-at_install")
class TestRatingStatisticTotals(RatingCommon):
    """The daily totals always equal a count of the interventions themselves."""

    def _recount(self, since):
        """The figures counted from interventions, tickets and ratings (slow way)."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT count(*) FILTER (WHERE t.coverage = 'contract'),
                   count(r.id),
                   count(r.id) FILTER (WHERE r.rating >= 5)
              FROM support_intervention i
              JOIN helpdesk_ticket t ON t.id = i.ticket_id
              LEFT JOIN rating_rating r
                     ON r.res_model = 'support.intervention'
                    AND r.res_id = i.id
                    AND r.consumed
             WHERE i.date_end >= %s
            """,
            [since],
        )
        return self.env.cr.fetchone()

    def _figures(self, since):
        stats = self.env["support.intervention"]._gesticlean_rating_statistics(since)
        figures = (stats["contract_count"], stats["rating_count"], stats["top_count"])
        self.assertEqual(figures, self._recount(since))
        return figures

    def _rate(self, intervention, score):
        rating = intervention.sudo()._gesticlean_rating()
        intervention._gesticlean_apply_rating(rating, score, "")
        # each rating in its own statements, as in its own request
        self.env.flush_all()

    def test_totals_follow_every_change(self):
        since = date(2020, 1, 22)
        start = self._figures(since)

        def moved(contract=0, rated=0, top=0):
            return tuple(
                base + step
                for base, step in zip(start, (contract, rated, top), strict=True)
            )

        first = self._done_intervention(self.shop_a)
        self.assertEqual(first.coverage, "billable")
        self.assertEqual(self._figures(since), moved())
        self._rate(first, 5)
        self.assertEqual(self._figures(since), moved(rated=1, top=1))
        self._rate(first, 1)  # the client changes his mind
        self.assertEqual(self._figures(since), moved(rated=1))
        # the ticket turns out to be under contract (recomputed related field)
        first.ticket_id.coverage = "contract"
        self.assertEqual(first.coverage, "contract")
        self.assertEqual(self._figures(since), moved(contract=1, rated=1))
        second = self._done_intervention(self.shop_b)
        self._rate(second, 5)
        self.assertEqual(self._figures(since), moved(contract=1, rated=2, top=1))
        # moved back before the first day counted: it leaves the totals
        second.write({"date_start": "2019-12-02 08:00", "date_end": "2019-12-02 09:00"})
        self.assertEqual(self._figures(since), moved(contract=1, rated=1))
        # reopened: not ended any more, not counted
        first.date_end = False
        self.assertEqual(self._figures(since), start)
        first.date_end = first.date_start
        self.assertEqual(self._figures(since), moved(contract=1, rated=1))
        # rows written in plain SQL are counted too, and deleted ones leave
        ids = self._seed_statistics(30, 20, day="2026-03-02")
        self.assertEqual(self._figures(since), moved(contract=31, rated=31, top=20))
        self.env.cr.execute(
            "DELETE FROM support_intervention WHERE id = ANY(%s)", [ids[:10]]
        )
        self.assertEqual(self._figures(since), moved(contract=21, rated=21, top=10))

    def test_compact_and_rebuild_keep_the_figures(self):
        since = date(2020, 1, 22)
        Statistic = self.env["support.rating.statistic"]
        for _n in range(3):
            self._rate(self._done_intervention(self.shop_a), 5)
        self._seed_statistics(40, 30, day="2026-03-02")
        figures = self._figures(since)
        today = Statistic.search([("day", "=", fields.Date.today())])
        self.assertGreater(len(today), 1)
        Statistic._gesticlean_compact()
        self.assertEqual(self._figures(since), figures)
        self.assertEqual(len(Statistic.search([("day", "=", fields.Date.today())])), 1)
        days = Statistic.search([]).mapped(lambda row: (row.day, row.company_id))
        self.assertEqual(len(days), len(set(days)))
        Statistic._gesticlean_rebuild()
        self.assertEqual(self._figures(since), figures)

    def test_uninstall_drops_the_triggers(self):
        """The triggers and their functions go away with the module (the test's
        transaction is rolled back, DDL included)."""
        query = (
            "SELECT (SELECT count(*) FROM pg_trigger WHERE tgname LIKE "
            "'support_intervention_rating_statistic_%%'), (SELECT count(*) FROM "
            "pg_proc WHERE proname LIKE 'support_rating_statistic_%%')"
        )
        self.env.cr.execute(query)
        self.assertEqual(self.env.cr.fetchone(), (3, 3))
        uninstall_hook(self.env)
        self.env.cr.execute(query)
        self.assertEqual(self.env.cr.fetchone(), (0, 0))

    def test_rating_counts_on_the_day_of_the_intervention(self):
        """A rating given today for an old intervention stays on that day."""
        intervention = self._done_intervention(self.shop_a)
        intervention.write(
            {"date_start": "2031-02-01 08:00", "date_end": "2031-02-01 08:30"}
        )
        self._rate(intervention, 5)
        self._rate(intervention, 3)
        model = self.env["support.intervention"]
        self.assertEqual(
            model._gesticlean_rating_statistics(date(2031, 2, 1))["rating_count"], 1
        )
        self.assertEqual(
            model._gesticlean_rating_statistics(date(2031, 2, 2))["rating_count"], 0
        )


@tagged("post_install", "-at_install")
class TestConcurrentRatings(TransactionCase):
    """Two clients rating on the same day, in two real transactions."""

    def test_same_day_ratings_do_not_wait_for_each_other(self):
        registry = self.env.registry
        # committed, for both transactions to see them
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            shop = env["res.partner"].create(
                {"name": "Pressing Concurrent", "is_company": True}
            )
            ticket = env["helpdesk.ticket"].create(
                {
                    "name": "Concurrent ratings",
                    "description": "<p>Test</p>",
                    "partner_id": shop.id,
                }
            )
            interventions = env["support.intervention"].create(
                [
                    {
                        "ticket_id": ticket.id,
                        "date_start": "2026-06-09 08:00:00",
                        "date_end": "2026-06-09 08:20:00",
                        "outcome": "solved",
                    }
                    for _n in range(2)
                ]
            )
            for intervention in interventions:
                intervention._gesticlean_rating()
            ids = interventions.ids
            shop_id, ticket_id = shop.id, ticket.id
        self.addCleanup(self._cleanup_committed, shop_id, ticket_id, ids)

        first_rated = threading.Event()
        second_rated = threading.Event()
        errors = []

        def rate(intervention_id, wait_for):
            try:
                with registry.cursor() as cr:
                    # the test runner holds the Registry lock: no registry look-up
                    cr.transaction = api.Transaction(registry)
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    intervention = env["support.intervention"].browse(intervention_id)
                    rating = intervention._gesticlean_rating()
                    intervention._gesticlean_apply_rating(rating, 5, "Merci")
                    env.flush_all()
                    if wait_for is None:
                        first_rated.set()
                        # keep the transaction open until the other one has rated
                        second_rated.wait(10)
                    else:
                        second_rated.set()
                    cr.commit()  # pylint: disable=invalid-commit
            except Exception as error:  # reported below
                errors.append(repr(error))

        first = threading.Thread(target=rate, args=(ids[0], None))
        first.start()
        self.assertTrue(first_rated.wait(30))
        second = threading.Thread(target=rate, args=(ids[1], first_rated))
        second.start()
        # the second one must not block on the first one's uncommitted totals
        self.assertTrue(second_rated.wait(5), "the second rating waited")
        first.join(30)
        second.join(30)
        self.assertEqual(errors, [])
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            totals = env["support.rating.statistic"].search(
                [("day", "=", "2026-06-09")]
            )
            ratings = sum(totals.mapped("rating_count"))
            cr.execute(
                """
                SELECT count(*) FROM support_intervention
                 WHERE date_end::date = '2026-06-09' AND rating_last_value > 0
                """
            )
            self.assertEqual(ratings, cr.fetchone()[0])
            self.assertGreaterEqual(ratings, 2)

    def _cleanup_committed(self, shop_id, ticket_id, ids):
        """Remove what this test committed (test data only)."""
        with self.env.registry.cursor() as cr:
            delete_committed_chatter(cr, "support.intervention", ids)
            delete_committed_chatter(cr, "helpdesk.ticket", [ticket_id])
            cr.execute(
                "DELETE FROM rating_rating WHERE res_model = 'support.intervention' "
                "AND res_id = ANY(%s)",
                [ids],
            )
            cr.execute("DELETE FROM support_intervention WHERE id = ANY(%s)", [ids])
            cr.execute("DELETE FROM helpdesk_ticket WHERE id = %s", [ticket_id])
            cr.execute("DELETE FROM res_partner WHERE id = %s", [shop_id])


@tagged("post_install", "-at_install")
class TestRatingDashboard(RatingCommon):
    def test_shares_comments_and_followup(self):
        """Managers read the share of each smiley per month and technician, each
        rating with its smiley and comment, and whether the unhappy client was
        called back."""
        scores = {5: "Parfait", 3: "", 1: "Trop long"}
        interventions = {}
        for score, comment in scores.items():
            intervention = self._done_intervention(self.shop_a)
            intervention._gesticlean_apply_rating(
                intervention._gesticlean_rating(), score, comment
            )
            interventions[score] = intervention
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "gesticlean_support.action_support_intervention_rating_report"
        )
        domain = [
            *safe_eval(action["domain"]),
            ("id", "in", [i.id for i in interventions.values()]),
        ]
        Intervention = self.env["support.intervention"].with_user(self.manager)
        groups = Intervention.read_group(
            domain,
            ["rating_happy_share", "rating_neutral_share", "rating_sad_share"],
            ["date_end:month", "user_id"],
            lazy=False,
        )
        self.assertEqual(len(groups), 1)
        self.assertAlmostEqual(groups[0]["rating_happy_share"], 100 / 3, places=2)
        self.assertAlmostEqual(groups[0]["rating_neutral_share"], 100 / 3, places=2)
        self.assertAlmostEqual(groups[0]["rating_sad_share"], 100 / 3, places=2)
        listed = Intervention.search_read(
            domain, ["rating_smiley", "rating_comment", "rating_followup"]
        )
        by_id = {row["id"]: row for row in listed}
        self.assertEqual(by_id[interventions[5].id]["rating_smiley"], "happy")
        self.assertEqual(by_id[interventions[5].id]["rating_comment"], "Parfait")
        self.assertFalse(by_id[interventions[5].id]["rating_followup"])
        sad = by_id[interventions[1].id]
        self.assertEqual(sad["rating_smiley"], "sad")
        self.assertEqual(sad["rating_comment"], "Trop long")
        self.assertEqual(sad["rating_followup"], "to_call")
        # the manager calls the client and marks the activity done
        interventions[1].activity_ids.action_feedback(feedback="Client rappelé")
        interventions[1].invalidate_recordset(["rating_followup"])
        self.assertEqual(interventions[1].rating_followup, "called")
