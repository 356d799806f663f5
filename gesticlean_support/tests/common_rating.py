from datetime import datetime

from .test_helpdesk import HelpdeskCommon


class RatingCommon(HelpdeskCommon):
    """Done interventions to rate, and a bulk seeder for the statistics."""

    @classmethod
    def _done_intervention(cls, shop, user=None, urgency="blocked"):
        ticket = cls._ticket(shop, urgency)
        intervention = cls.env["support.intervention"].create(
            {
                "ticket_id": ticket.id,
                "user_id": (user or cls.technician).id,
                "date_start": datetime(2026, 6, 9, 8, 0),
                "outcome": "solved",
            }
        )
        intervention.action_done()
        return intervention

    @classmethod
    def _seed_statistics(cls, count, top, day="2031-02-01", coverage="contract"):
        """Insert ``count`` done interventions rated 5 (``top`` of them) or 3.

        Plain SQL, so that 10,000 rows take a second; dated ``day``.
        """
        ticket = cls._ticket(cls.shop_a, "blocked")
        cls.env.flush_all()
        cr = cls.env.cr
        cr.execute(
            "UPDATE helpdesk_ticket SET coverage = %s WHERE id = %s",
            [coverage, ticket.id],
        )
        cr.execute(
            """
            INSERT INTO support_intervention (
                ticket_id, partner_id, company_id, urgency, user_id, date_start,
                date_end, duration, channel, outcome, state, coverage, billable,
                rating_last_value, create_uid, write_uid, create_date, write_date)
            SELECT %(ticket)s, %(partner)s, %(company)s, 'blocked', %(user)s,
                   %(day)s, %(day)s, 0, 'phone', 'solved', 'done', %(coverage)s,
                   %(coverage)s = 'billable',
                   CASE WHEN n <= %(top)s THEN 5 ELSE 3 END,
                   1, 1, %(day)s, %(day)s
              FROM generate_series(1, %(count)s) AS n
            RETURNING id
            """,
            {
                "ticket": ticket.id,
                "partner": cls.shop_a.id,
                "company": ticket.company_id.id,
                "user": cls.technician.id,
                "day": day,
                "count": count,
                "top": top,
                "coverage": coverage,
            },
        )
        ids = [row[0] for row in cr.fetchall()]
        cr.execute(
            """
            INSERT INTO rating_rating (
                res_model_id, res_model, res_id, partner_id, rated_partner_id,
                rating, rating_text, consumed, is_internal, access_token,
                create_uid, write_uid, create_date, write_date)
            SELECT %(model_id)s, 'support.intervention', t.id, %(partner)s,
                   %(rated)s,
                   CASE WHEN t.n <= %(top)s THEN 5 ELSE 3 END,
                   CASE WHEN t.n <= %(top)s THEN 'top' ELSE 'ok' END,
                   true, false, md5(random()::text || t.id::text),
                   1, 1, %(day)s, %(day)s
              FROM unnest(%(ids)s) WITH ORDINALITY AS t(id, n)
            """,
            {
                "model_id": cls.env["ir.model"]._get_id("support.intervention"),
                "partner": cls.shop_a.id,
                "rated": cls.technician.partner_id.id,
                "top": top,
                "day": day,
                "ids": ids,
            },
        )
        cls.env.invalidate_all()
        return ids
