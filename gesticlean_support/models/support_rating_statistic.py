"""Daily totals behind the public satisfaction figures (/support/statistiques).

Counting a million interventions and ratings on every page view takes a third of
a second (see benchmarks/rating_statistics.py); summing a few thousand daily
totals takes a millisecond. The totals are kept by PostgreSQL itself, so that no
write path can forget them (ORM writes, recomputations, plain SQL, deletions):

* statement-level triggers on ``support_intervention`` insert one row of
  *differences* per day (and company) each time a statement changes what an
  intervention counts for: ended under contract, rated, rated with the top smiley;
* rows are only ever inserted by the triggers, never updated, so concurrent
  ratings of the same day never wait for each other nor collide (Odoo runs
  transactions in REPEATABLE READ, where two updates of one counter row fail);
* a nightly cron folds each day's rows into one (:meth:`_gesticlean_compact`), and
  every install or update of the module recounts everything from the
  interventions (:meth:`_gesticlean_rebuild`).

An intervention counts on the day it ended (UTC), whatever the date of its
rating: changing a rating later does not move it to another day.
"""

from psycopg2 import sql

from odoo import api, fields, models

#: What one intervention row adds to the totals, as SQL on that row.
CONTRIBUTION = {
    "contract_count": "({row}.coverage = 'contract')::int",
    "rating_count": "(COALESCE({row}.rating_last_value, 0) > 0)::int",
    "top_count": "(COALESCE({row}.rating_last_value, 0) >= 5)::int",
}
COUNTS = list(CONTRIBUTION)
#: First day counted by the public page (a system parameter, set in the settings).
RATING_SINCE_PARAM = "gesticlean_support.rating_statistics_since"
RATING_SINCE_DEFAULT = "2020-01-22"
TRIGGER_FUNCTION = "support_rating_statistic_{op}"
TRIGGER = "support_intervention_rating_statistic_{op}"


class SupportRatingStatistic(models.Model):
    _name = "support.rating.statistic"
    _description = "Support Rating Statistics (daily totals)"
    _log_access = False
    _order = "day desc, id desc"

    day = fields.Date(
        required=True, index=True, help="Day the interventions ended (UTC)."
    )
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    contract_count = fields.Integer(
        string="Interventions Under Contract", readonly=True
    )
    rating_count = fields.Integer(string="Ratings", readonly=True)
    top_count = fields.Integer(string="Top Ratings", readonly=True)
    last_change = fields.Datetime(
        readonly=True, help="Last change of the interventions counted in this row."
    )

    def init(self):
        res = super().init()
        # the triggers live on support_intervention: create them once every table
        # of this install or update is ready
        self.pool.post_init(self._gesticlean_create_triggers)
        return res

    # ------------------------------------------------------------------------------
    # Triggers
    # ------------------------------------------------------------------------------

    @api.model
    def _gesticlean_contributions(self, row, sign=""):
        """SELECT list of the contributions of the rows ``row`` (an alias)."""
        return ", ".join(
            sign + expression.format(row=row) + " AS " + name
            for name, expression in CONTRIBUTION.items()
        )

    @api.model
    def _gesticlean_create_triggers(self):
        """(Re)create the triggers on support_intervention (install and update)."""
        cr = self.env.cr
        counts = ", ".join(COUNTS)
        sums = ", ".join("sum(" + name + ")" for name in COUNTS)
        nonzero = " OR ".join("sum(" + name + ") <> 0" for name in COUNTS)
        new = (
            "SELECT date_end::date AS day, company_id, "
            + self._gesticlean_contributions("n")
            + ", write_date AS changed FROM new_rows n WHERE date_end IS NOT NULL"
        )
        old = (
            "SELECT date_end::date AS day, company_id, "
            + self._gesticlean_contributions("o", sign="-")
            + ", NULL::timestamp AS changed FROM old_rows o "
            "WHERE date_end IS NOT NULL"
        )
        sources = {
            "insert": (new, "NEW TABLE AS new_rows"),
            "update": (
                new + " UNION ALL " + old,
                "OLD TABLE AS old_rows NEW TABLE AS new_rows",
            ),
            "delete": (old, "OLD TABLE AS old_rows"),
        }
        for op, (source, transition) in sources.items():
            function = TRIGGER_FUNCTION.format(op=op)
            trigger = TRIGGER.format(op=op)
            body = (
                "BEGIN INSERT INTO support_rating_statistic (day, company_id, "
                + counts
                + ", last_change) SELECT day, company_id, "
                + sums
                + ", COALESCE(max(changed), now() AT TIME ZONE 'UTC') FROM ("
                + source
                + ") AS delta GROUP BY day, company_id HAVING "
                + nonzero
                + "; RETURN NULL; END;"
            )
            cr.execute(
                sql.SQL(
                    "CREATE OR REPLACE FUNCTION {function}() RETURNS trigger "
                    "LANGUAGE plpgsql AS {body}"
                ).format(function=sql.Identifier(function), body=sql.Literal(body))
            )
            cr.execute(
                sql.SQL(
                    "DROP TRIGGER IF EXISTS {trigger} ON support_intervention; "
                    "CREATE TRIGGER {trigger} AFTER {op} ON support_intervention "
                    "REFERENCING {transition} FOR EACH STATEMENT "
                    "EXECUTE FUNCTION {function}()"
                ).format(
                    trigger=sql.Identifier(trigger),
                    op=sql.SQL(op.upper()),
                    transition=sql.SQL(transition),
                    function=sql.Identifier(function),
                )
            )

    @api.model
    def _gesticlean_drop_triggers(self):
        """Remove the triggers and their functions (uninstall)."""
        for op in ("insert", "update", "delete"):
            self.env.cr.execute(
                sql.SQL(
                    "DROP TRIGGER IF EXISTS {trigger} ON support_intervention; "
                    "DROP FUNCTION IF EXISTS {function}()"
                ).format(
                    trigger=sql.Identifier(TRIGGER.format(op=op)),
                    function=sql.Identifier(TRIGGER_FUNCTION.format(op=op)),
                )
            )

    # ------------------------------------------------------------------------------
    # Maintenance
    # ------------------------------------------------------------------------------

    @api.model
    def _gesticlean_compact(self):
        """Fold the rows of each day into one; the totals do not change.

        Only rows visible when it starts are folded: rows inserted meanwhile by
        other transactions stay as they are, so it may run at any time.
        """
        self.env.flush_all()
        counts = ", ".join(COUNTS)
        sums = ", ".join("sum(" + name + ")" for name in COUNTS)
        self.env.cr.execute(
            sql.SQL(
                """
                WITH folded AS (
                    DELETE FROM support_rating_statistic
                     WHERE (day, COALESCE(company_id, 0)) IN (
                            SELECT day, COALESCE(company_id, 0)
                              FROM support_rating_statistic
                             GROUP BY 1, 2
                            HAVING count(*) > 1)
                    RETURNING day, company_id, {counts}, last_change)
                INSERT INTO support_rating_statistic (day, company_id, {counts},
                                                      last_change)
                SELECT day, company_id, {sums}, max(last_change)
                  FROM folded
                 GROUP BY day, company_id
                """
            ).format(counts=sql.SQL(counts), sums=sql.SQL(sums))
        )
        self.env.invalidate_all()

    @api.model
    def _gesticlean_rebuild(self):
        """Recount all the totals from the interventions (install and update)."""
        self.env.flush_all()
        counts = ", ".join(COUNTS)
        sums = ", ".join(
            "sum(" + expression.format(row="i") + ")"
            for expression in CONTRIBUTION.values()
        )
        cr = self.env.cr
        cr.execute("DELETE FROM support_rating_statistic")
        cr.execute(
            sql.SQL(
                """
                INSERT INTO support_rating_statistic (day, company_id, {counts},
                                                      last_change)
                SELECT i.date_end::date, i.company_id, {sums}, max(i.write_date)
                  FROM support_intervention i
                 WHERE i.date_end IS NOT NULL
                 GROUP BY 1, 2
                """
            ).format(counts=sql.SQL(counts), sums=sql.SQL(sums))
        )
        self.env.invalidate_all()

    @api.model
    def _cron_gesticlean_compact(self):
        self._gesticlean_compact()

    # ------------------------------------------------------------------------------
    # Figures
    # ------------------------------------------------------------------------------

    @api.model
    def _gesticlean_totals(self, date_from):
        """(contract_count, rating_count, top_count, last_change) since
        ``date_from`` in the current company, in one query over the daily totals."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT COALESCE(sum(contract_count), 0),
                   COALESCE(sum(rating_count), 0),
                   COALESCE(sum(top_count), 0),
                   max(last_change)
              FROM support_rating_statistic
             WHERE day >= %s AND (company_id = %s OR company_id IS NULL)
            """,
            [date_from, self.env.company.id],
        )
        return self.env.cr.fetchone()
