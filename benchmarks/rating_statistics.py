"""Benchmark of the client ratings: statistics page and concurrent submissions.

Not a test. Two parts:

1. ``stats``: adds 1,000,000 done interventions and 1,000,000 ratings with SQL to
   a database where gesticlean_support is installed, inside a transaction rolled
   back at the end, then times the public page /support/statistiques (the
   statistics query and the QWeb rendering). Target: under 200 ms per render.

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
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import dev  # noqa: E402  (tools/dev.py: addons path and database settings)

sys.path.insert(0, str(dev.ODOO_SRC))

import requests  # noqa: E402

import odoo  # noqa: E402
from odoo import api  # noqa: E402

ROWS = 1_000_000
RUNS = 20
CLIENTS = 20
PER_CLIENT = 10


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def fill(env, rows):
    """1,000,000 interventions on 1,000 tickets, each with a consumed rating."""
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
    cr.execute(
        """
        INSERT INTO support_intervention (
            ticket_id, partner_id, company_id, urgency, user_id, date_start, date_end,
            duration, channel, outcome, state, create_uid, write_uid, create_date,
            write_date)
        SELECT %(ticket)s, %(partner)s, %(company)s, 'blocked', 2,
               timestamp '2020-01-01' + (n || ' minutes')::interval,
               timestamp '2020-01-01' + (n || ' minutes')::interval
                   + interval '20 minutes',
               0.33, 'phone', 'solved', 'done', 1, 1, now(), now()
          FROM generate_series(1, %(rows)s) AS n
        """,
        {
            "ticket": ticket.id,
            "partner": shop.id,
            "company": ticket.company_id.id,
            "rows": rows,
        },
    )
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
    cr.execute("ANALYZE support_intervention")
    cr.execute("ANALYZE rating_rating")
    cr.execute("ANALYZE helpdesk_ticket")


def command_stats(args):
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "fr_FR"})
        try:
            start = time.perf_counter()
            fill(env, args.rows)
            print(
                f"inserted {args.rows} interventions and ratings in "
                f"{time.perf_counter() - start:.1f} s"
            )
            controller = None
            Intervention = env["support.intervention"]
            View = env["ir.ui.view"]
            query_ms, render_ms, queries = [], [], []
            for _run in range(RUNS + 1):
                env.invalidate_all()
                before = cr.sql_log_count
                start = time.perf_counter()
                stats = Intervention._gesticlean_rating_statistics()
                query_ms.append((time.perf_counter() - start) * 1000)
                queries.append(cr.sql_log_count - before)
                start = time.perf_counter()
                html = View._render_template(
                    "gesticlean_support.rating_statistics_content",
                    {
                        "stats": stats,
                        "top_share": f"{stats['top_share']} %",
                        "contract_count": str(stats["contract_count"]),
                        "rating_count": str(stats["rating_count"]),
                        "since": stats["since"].strftime("%d/%m/%Y"),
                        "last_update": str(stats["last_update"]),
                    },
                )
                render_ms.append((time.perf_counter() - start) * 1000 + query_ms[-1])
            del controller
            print(
                f"statistics: {stats['rating_count']} ratings, "
                f"{stats['top_share']} % top, {stats['contract_count']} under "
                f"contract, last update {stats['last_update']}"
            )
            print(
                f"statistics query: median {statistics.median(query_ms[1:]):.1f} ms, "
                f"max {max(query_ms[1:]):.1f} ms, {max(queries[1:])} queries"
            )
            print(
                f"query + page render: median {statistics.median(render_ms[1:]):.1f} "
                f"ms, max {max(render_ms[1:]):.1f} ms over {RUNS} runs "
                f"(target < 200 ms), {len(html)} bytes"
            )
        finally:
            cr.rollback()


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
    parser.add_argument("--port", type=int, default=8199)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        [
            f"--addons-path={dev.addons_path()}",
            f"--db_host={dev.PGHOST}",
            f"--db_port={dev.PGPORT}",
            f"--db_user={dev.DB_USER}",
            f"--database={args.database}",
            "--log-level=warn",
        ]
    )
    if args.part == "stats":
        command_stats(args)
    else:
        command_submit(args)


if __name__ == "__main__":
    main()
