"""Benchmark of the callback queue: the first 80 rows as the list view loads them.

Not a test. It adds 100,000 tickets (5,000 of them waiting for a callback) to a
database where gesticlean_support is installed, inside a transaction that is rolled
back at the end, then times the list view's `web_search_read` (the queue's domain,
order and fields) with and without the partial index the module adds.

    .venv/bin/python benchmarks/callback_queue.py --database gc_test_hd

Environment: ODOO_SRC (default /opt/odoo-18.0), PGHOST, PGPORT, DB_USER as for
tools/dev.py.
"""

import argparse
import statistics
import time

from _common import dev

import odoo
from odoo import api
from odoo.tools import SQL

TICKETS = 100_000
WAITING = 5_000
ROWS = 80
RUNS = 20
INDEX = "helpdesk_ticket_callback_queue_index"
# The fields the queue's list view reads (views/helpdesk_ticket_views.xml).
SPEC = {
    name: {}
    for name in (
        "number",
        "caller_name",
        "callback_phone",
        "urgency",
        "name",
        "appointment_start",
        "intake_date",
        "waiting_hours",
        "callback_deadline",
        "callback_late",
        "coverage",
        "queue_rank",
        "callback_due",
    )
}
SPEC["commercial_partner_id"] = {"fields": {"display_name": {}}}
SPEC["user_id"] = {"fields": {"display_name": {}}}


def fill(env):
    """Insert the tickets with SQL (the ORM would take minutes for 100,000)."""
    cr = env.cr
    shops = env["res.partner"].search([("gesticlean_client", "=", True)], limit=8)
    stage_new = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
    stage_done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
    cr.execute(
        """
        INSERT INTO helpdesk_ticket (
            number, name, description, company_id, stage_id, partner_id,
            commercial_partner_id, active, priority, sequence, urgency, intake_date,
            callback_waiting, queue_rank, callback_due, callback_deadline,
            coverage, rating_status, unattended, create_uid, write_uid, create_date,
            write_date
        )
        SELECT
            'BENCH' || lpad(n::text, 6, '0'), 'Demande ' || n, '<p>Demande</p>',
            %(company)s,
            CASE WHEN n <= %(waiting)s THEN %(new)s ELSE %(done)s END,
            (%(shops)s::int[])[1 + n %% array_length(%(shops)s::int[], 1)],
            (%(shops)s::int[])[1 + n %% array_length(%(shops)s::int[], 1)],
            TRUE, '1', 10,
            (ARRAY['blocked', 'degraded', 'question'])[1 + n %% 3],
            now() at time zone 'UTC' - (n || ' minutes')::interval,
            n <= %(waiting)s,
            1 + n %% 3,
            now() at time zone 'UTC' - (n || ' minutes')::interval,
            now() at time zone 'UTC' - (n || ' minutes')::interval
                + interval '2 hours',
            'billable', 'no_rate', FALSE, 1, 1,
            now() at time zone 'UTC', now() at time zone 'UTC'
        FROM generate_series(1, %(total)s) AS n
        """,
        {
            "company": env.company.id,
            "waiting": WAITING,
            "new": stage_new.id,
            "done": stage_done.id,
            "shops": shops.ids,
            "total": TICKETS,
        },
    )
    cr.execute("ANALYZE helpdesk_ticket")


def explain(env, analyze=True):
    """The plan PostgreSQL picks for the queue's search."""
    Ticket = env["helpdesk.ticket"]
    query = Ticket._search(
        [("in_callback_queue", "=", True)],
        order=Ticket._get_callback_queue_order(),
        limit=ROWS,
    )
    command = "EXPLAIN ANALYZE %s" if analyze else "EXPLAIN %s"
    env.cr.execute(SQL(command, query.select()))
    return "\n".join(f"    {row[0]}" for row in env.cr.fetchall())


def index_state(env):
    """Whether the plan uses the index, and why it may not.

    An index built while older transactions run (on any database of the cluster)
    and with `indcheckxmin` set is ignored by the planner until they end.
    """
    uses = INDEX in explain(env, analyze=False)
    env.cr.execute(
        "SELECT indcheckxmin FROM pg_index WHERE indexrelid = %s::regclass", [INDEX]
    )
    checkxmin = env.cr.fetchone()[0]
    note = "the plan uses it" if uses else "the plan does NOT use it"
    if not uses and checkxmin:
        note += (
            " (indcheckxmin: a transaction older than the index is still running "
            "on this cluster; run again when it has ended)"
        )
    return note


def measure(env):
    """Median time and queries of loading the queue's first page, cold cache."""
    Ticket = env["helpdesk.ticket"]
    domain = [("in_callback_queue", "=", True)]
    order = Ticket._get_callback_queue_order()
    timings, queries, searches = [], [], []
    for _run in range(RUNS + 1):
        env.invalidate_all()
        start = time.perf_counter()
        Ticket.search(domain, order=order, limit=ROWS).ids  # noqa: B018
        searches.append((time.perf_counter() - start) * 1000)
        env.invalidate_all()
        count_before = env.cr.sql_log_count
        start = time.perf_counter()
        result = Ticket.web_search_read(
            domain, SPEC, limit=ROWS, order=order, count_limit=10001
        )
        timings.append((time.perf_counter() - start) * 1000)
        queries.append(env.cr.sql_log_count - count_before)
    # the first run warms up the ORM (views, registry caches)
    return (
        statistics.median(timings[1:]),
        max(queries[1:]),
        statistics.median(searches[1:]),
        result,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="gesticlean_test")
    parser.add_argument("--explain", action="store_true", help="print query plans")
    args = parser.parse_args()
    registry = dev.load_registry(args.database)
    with registry.cursor() as cr:
        admin = api.Environment(cr, odoo.SUPERUSER_ID, {})["res.users"].browse(2)
        env = api.Environment(cr, admin.id, {"lang": "fr_FR", "tz": "Europe/Paris"})
        try:
            fill(env)
            total = env["helpdesk.ticket"].sudo().search_count([])
            waiting = (
                env["helpdesk.ticket"]
                .sudo()
                .search_count([("callback_waiting", "=", True)])
            )
            print(f"{total} tickets, {waiting} waiting for a callback")
            with_index, queries_with, search_with, result = measure(env)
            first = result["records"][0]
            print(
                f"with the index    : {with_index:7.1f} ms (median of {RUNS}), "
                f"{queries_with} queries (the search alone: {search_with:.1f} ms), "
                f"{len(result['records'])} rows of "
                f"{result['length']}; first {first['number']} ({first['urgency']})"
            )
            print(f"                    {index_state(env)}")
            if args.explain:
                print(explain(env))
            cr.execute(SQL("DROP INDEX %s", SQL.identifier(INDEX)))
            cr.execute("ANALYZE helpdesk_ticket")
            without, queries_without, search_without, _result = measure(env)
            print(
                f"without the index : {without:7.1f} ms (median of {RUNS}), "
                f"{queries_without} queries (the search alone: "
                f"{search_without:.1f} ms)"
            )
            if args.explain:
                print(explain(env))
        finally:
            cr.rollback()


if __name__ == "__main__":
    main()
