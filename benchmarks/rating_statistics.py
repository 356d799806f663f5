"""Benchmark of the client ratings: statistics page and concurrent submissions.

Not a test. Two parts:

1. ``stats``: adds 1,000,000 done interventions and 1,000,000 ratings with SQL to
   a database where gesticlean_support is installed, inside a transaction rolled
   back at the end, then times the public page /support/statistiques (the
   statistics query and the QWeb rendering). Target: under 200 ms per render.
   Baseline in the same run: counting the figures from the interventions and
   ratings themselves. Also measured: the page after 5,000 single ratings not
   folded yet, the nightly folding, the full recount, and what the triggers add
   to a one-row UPDATE of an intervention.

       .venv/bin/python benchmarks/rating_statistics.py stats --database gc_test_rt

2. ``submit``: on a throwaway database (it commits), creates done interventions
   with their rating tokens, starts Odoo with workers on loopback, and has 20
   concurrent clients open their rating page and POST a rating (with the CSRF
   token of the page). Prints p50/p95 latency of the POSTs and the error count
   (target: no error). The rows it created are deleted at the end.

       .venv/bin/python benchmarks/rating_statistics.py submit --database gc_bench_rt

Environment: ODOO_SRC (default /opt/odoo-18.0), PGHOST, PGPORT, DB_USER as for
tools/dev.py.
"""

import argparse
import re
import statistics
import subprocess
import threading
import time

import requests
from _common import ROOT, dev, percentile

import odoo
from odoo import api

ROWS = 1_000_000
RUNS = 20
CLIENTS = 20
PER_CLIENT = 10
CHURN = 5_000


def fill(env, rows):
    """1,000,000 done interventions under contract, each with a consumed rating.

    As the ORM would leave them: the ratings are inserted, then the interventions'
    ``rating_last_value`` is updated from them (Odoo's recomputation), which fires
    the triggers keeping the daily totals.
    """
    cr = env.cr
    shop = env["res.partner"].search([("gesticlean_client", "=", True)], limit=1)
    ticket = env["helpdesk.ticket"].create(
        {
            "name": "Benchmark",
            "description": "<p>Benchmark</p>",
            "partner_id": shop.id,
            "urgency": "blocked",
        }
    )
    env.flush_all()
    cr.execute(
        "UPDATE helpdesk_ticket SET coverage = 'contract' WHERE id = %s", [ticket.id]
    )
    timings = {}
    start = time.perf_counter()
    cr.execute(
        """
        INSERT INTO support_intervention (
            ticket_id, partner_id, company_id, urgency, user_id, date_start, date_end,
            duration, channel, outcome, state, coverage, billable, create_uid,
            write_uid, create_date, write_date)
        SELECT %(ticket)s, %(partner)s, %(company)s, 'blocked', 2,
               timestamp '2020-01-01' + (n || ' minutes')::interval,
               timestamp '2020-01-01' + (n || ' minutes')::interval
                   + interval '20 minutes',
               0.33, 'phone', 'solved', 'done', 'contract', false, 1, 1, now(), now()
          FROM generate_series(1, %(rows)s) AS n
        """,
        {
            "ticket": ticket.id,
            "partner": shop.id,
            "company": ticket.company_id.id,
            "rows": rows,
        },
    )
    timings["insert interventions"] = time.perf_counter() - start
    start = time.perf_counter()
    cr.execute(
        """
        INSERT INTO rating_rating (
            res_model_id, res_model, res_id, partner_id, rating, rating_text,
            consumed, is_internal, access_token, create_uid, write_uid, create_date,
            write_date)
        SELECT %(model_id)s, 'support.intervention', i.id, %(partner)s,
               CASE WHEN i.id %% 100 < 93 THEN 5 WHEN i.id %% 100 < 98 THEN 3
                    ELSE 1 END,
               CASE WHEN i.id %% 100 < 93 THEN 'top' WHEN i.id %% 100 < 98 THEN 'ok'
                    ELSE 'ko' END,
               true, false, md5(i.id::text || random()::text), 1, 1,
               i.date_end, i.date_end
          FROM support_intervention i
         WHERE i.ticket_id = %(ticket)s
        """,
        {
            "model_id": env["ir.model"]._get_id("support.intervention"),
            "partner": shop.id,
            "ticket": ticket.id,
        },
    )
    timings["insert ratings"] = time.perf_counter() - start
    start = time.perf_counter()
    cr.execute(
        """
        UPDATE support_intervention i
           SET rating_last_value = r.rating
          FROM rating_rating r
         WHERE r.res_model = 'support.intervention' AND r.res_id = i.id
           AND i.ticket_id = %s
        """,
        [ticket.id],
    )
    timings["rating_last_value update"] = time.perf_counter() - start
    cr.execute("ANALYZE support_intervention")
    cr.execute("ANALYZE rating_rating")
    cr.execute("ANALYZE helpdesk_ticket")
    cr.execute("ANALYZE support_rating_statistic")
    return ticket, timings


def recount(cr, since):
    """The baseline: the figures counted from the interventions and ratings."""
    cr.execute(
        """
        SELECT
            (SELECT count(*)
               FROM support_intervention i
               JOIN helpdesk_ticket t ON t.id = i.ticket_id
              WHERE i.date_end >= %(since)s AND t.coverage = 'contract'),
            count(*),
            count(*) FILTER (WHERE r.rating >= 5)
          FROM rating_rating r
          JOIN support_intervention i ON i.id = r.res_id
         WHERE r.res_model = 'support.intervention'
           AND r.consumed
           AND i.date_end >= %(since)s
        """,
        {"since": since},
    )
    return cr.fetchone()


def time_page(env, runs=RUNS):
    """(median ms, max ms, queries, stats) of the statistics and page render."""
    cr = env.cr
    Intervention = env["support.intervention"]
    View = env["ir.ui.view"]
    timings, queries = [], []
    for _run in range(runs + 1):
        env.invalidate_all()
        before = cr.sql_log_count
        start = time.perf_counter()
        values = Intervention._gesticlean_rating_statistics_page()
        stats = values["stats"]
        queries.append(cr.sql_log_count - before)
        View._render_template("gesticlean_support.rating_statistics_content", values)
        timings.append((time.perf_counter() - start) * 1000)
    # the first run warms the caches (templates, parameters)
    return statistics.median(timings[1:]), max(timings[1:]), max(queries[1:]), stats


def churn(env, ticket, count):
    """``count`` clients changing their rating one by one, each with the two
    UPDATEs the ORM sends (the rating, then the intervention's
    ``rating_last_value``). Returns the mean ms per rating change."""
    cr = env.cr
    cr.execute(
        "SELECT id FROM support_intervention WHERE ticket_id = %s ORDER BY id DESC "
        "LIMIT %s",
        [ticket.id, count],
    )
    ids = [row[0] for row in cr.fetchall()]
    start = time.perf_counter()
    for intervention_id in ids:
        cr.execute(
            "UPDATE rating_rating SET rating = CASE WHEN rating = 5 THEN 3 ELSE 5 "
            "END, write_date = now() WHERE res_model = 'support.intervention' "
            "AND res_id = %s RETURNING rating",
            [intervention_id],
        )
        cr.execute(
            "UPDATE support_intervention SET rating_last_value = %s, "
            "write_date = now() WHERE id = %s",
            [cr.fetchone()[0], intervention_id],
        )
    return (time.perf_counter() - start) * 1000 / count


def command_stats(args):
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "fr_FR"})
        try:
            start = time.perf_counter()
            ticket, timings = fill(env, args.rows)
            print(
                f"inserted {args.rows} interventions and ratings in "
                f"{time.perf_counter() - start:.1f} s ("
                + ", ".join(f"{name} {value:.1f} s" for name, value in timings.items())
                + ")"
            )
            Intervention = env["support.intervention"]
            since = Intervention._gesticlean_rating_statistics()["since"]
            baseline = []
            for _run in range(RUNS // 4 + 1):
                start = time.perf_counter()
                expected = recount(cr, since)
                baseline.append((time.perf_counter() - start) * 1000)
            base_ms = statistics.median(baseline[1:])
            print(
                f"baseline, counting the interventions and ratings: median "
                f"{base_ms:.1f} ms, max {max(baseline[1:]):.1f} ms over {RUNS // 4} "
                f"runs (the query alone)"
            )

            def report(label):
                median, worst, queries, stats = time_page(env)
                figures = (
                    stats["contract_count"],
                    stats["rating_count"],
                    stats["top_count"],
                )
                rows = env["support.rating.statistic"].search_count([])
                print(
                    f"{label}: {rows} rows of daily totals; statistics + page render "
                    f"median {median:.2f} ms, max {worst:.2f} ms over {RUNS} runs, "
                    f"{queries} query; {median / base_ms:.4f} of the baseline "
                    f"(target < 200 ms); {stats['rating_count']} ratings, "
                    f"{stats['top_share']} % top, {stats['contract_count']} under "
                    f"contract, equal to the recount: "
                    f"{figures == recount(cr, since)}"
                )

            report("after the bulk load")
            del expected
            per_update = churn(env, ticket, args.churn)
            report(f"after {args.churn} single ratings, before folding")
            start = time.perf_counter()
            env["support.rating.statistic"]._gesticlean_compact()
            print(f"nightly folding: {(time.perf_counter() - start) * 1000:.0f} ms")
            report("after folding")
            cr.execute("ALTER TABLE support_intervention DISABLE TRIGGER USER")
            without = churn(env, ticket, args.churn)
            cr.execute("ALTER TABLE support_intervention ENABLE TRIGGER USER")
            # the totals missed those changes: the recount below puts them right
            print(
                f"one rating change (2 one-row UPDATEs): {per_update:.3f} ms with "
                f"the triggers, {without:.3f} ms without (mean of {args.churn})"
            )
            start = time.perf_counter()
            env["support.rating.statistic"]._gesticlean_rebuild()
            print(
                f"full recount (install/update): "
                f"{(time.perf_counter() - start) * 1000:.0f} ms"
            )
            report("after the recount")
        finally:
            cr.rollback()
    vacuum(args.database)


def vacuum(database):
    """VACUUM ANALYZE the tables the benchmark fills: the stats part rolls a
    million rows back, whose dead rows would slow every later query down (the
    submissions ran 5 times slower on such a database)."""
    with odoo.sql_db.db_connect(database).cursor() as cr:
        cr._cnx.autocommit = True  # VACUUM cannot run inside a transaction
        cr.execute(
            "VACUUM ANALYZE support_intervention, rating_rating, "
            "support_rating_statistic"
        )


def seed_interventions(database, count):
    """Commit ``count`` done interventions with a rating token each."""
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "fr_FR"})
        shop = env["res.partner"].search([("gesticlean_client", "=", True)], limit=1)
        ticket = env["helpdesk.ticket"].create(
            {
                "name": "Benchmark concurrent ratings",
                "description": "<p>Benchmark</p>",
                "partner_id": shop.id,
            }
        )
        interventions = env["support.intervention"].create(
            [
                {
                    "ticket_id": ticket.id,
                    "date_start": "2026-06-09 08:00:00",
                    "date_end": "2026-06-09 08:20:00",
                    "outcome": "followup",
                }
                for _n in range(count)
            ]
        )
        tokens = [i._gesticlean_rating_token() for i in interventions]
        cr.commit()
        return ticket.id, tokens


def cleanup(database, ticket_id):
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        ticket = env["helpdesk.ticket"].browse(ticket_id)
        env["rating.rating"].search(
            [
                ("res_model", "=", "support.intervention"),
                ("res_id", "in", ticket.intervention_ids.ids),
            ]
        ).unlink()
        ticket.intervention_ids.unlink()
        ticket.unlink()
        cr.commit()


def client(base, tokens, latencies, errors):
    session = requests.Session()
    for token in tokens:
        url = f"{base}/support/evaluation/{token}"
        try:
            page = session.get(f"{url}?score=5", timeout=30)
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
            start = time.perf_counter()
            response = session.post(
                url,
                data={"score": "5", "feedback": "Merci", "csrf_token": csrf[1]},
                timeout=30,
            )
            latencies.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                errors.append(response.status_code)
        except (requests.RequestException, TypeError) as error:
            errors.append(repr(error))


def command_submit(args):
    total = CLIENTS * PER_CLIENT
    vacuum(args.database)
    ticket_id, tokens = seed_interventions(args.database, total)
    server = subprocess.Popen(
        dev.odoo_command(
            args.database,
            f"--http-port={args.port}",
            "--http-interface=127.0.0.1",
            f"--workers={args.workers}",
            "--max-cron-threads=0",
            "--log-level=warn",
            f"--db-filter=^{args.database}$",
        ),
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _wait in range(60):
            try:
                requests.get(f"{base}/web/login", timeout=2)
                break
            except requests.RequestException:
                time.sleep(1)
        latencies, errors = [], []
        threads = [
            threading.Thread(
                target=client,
                args=(base, tokens[n::CLIENTS], latencies, errors),
            )
            for n in range(CLIENTS)
        ]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - start
        print(
            f"{len(latencies)} rating POSTs by {CLIENTS} concurrent clients "
            f"({args.workers} workers) in {elapsed:.1f} s: "
            f"p50 {percentile(latencies, 0.5):.0f} ms, "
            f"p95 {percentile(latencies, 0.95):.0f} ms, {len(errors)} errors"
            + (f" {errors[:5]}" if errors else "")
        )
    finally:
        server.terminate()
        server.wait(timeout=60)
        cleanup(args.database, ticket_id)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("part", choices=["stats", "submit"])
    parser.add_argument("--database", default="gc_test_rt")
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--churn", type=int, default=CHURN)
    parser.add_argument("--port", type=int, default=8199)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    dev.configure_odoo(args.database)
    if args.part == "stats":
        command_stats(args)
    else:
        command_submit(args)


if __name__ == "__main__":
    main()
