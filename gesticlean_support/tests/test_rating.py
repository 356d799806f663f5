from datetime import date

from odoo.tests import tagged

from ..tools import format_fr_integer, format_fr_percent
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
