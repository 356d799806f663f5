"""Benchmark of the backup monitoring: report ingestion over HTTP and the
"missing for 26 h" detection.

Not a test. Two parts:

1. ``ingest``: on a throwaway database (it commits, then deletes what it
   created), 200 workstations with a report token each; Odoo is started with
   workers on loopback and 20 concurrent clients POST 10,000 reports to
   /support/backup/<token> (50 per workstation, under the 60 a minute limit; one
   in twenty failed, which opens or adds to the workstation's ticket). Prints
   reports per second, p50/p95 latency, errors, and the queries per report of
   the same ingestion in-process. Baseline in the same run: a bare
   ``create`` of the same 10,000 rows (reports per second, queries per row).

       .venv/bin/python benchmarks/backup_reports.py ingest --database gc_bench_bk

2. ``missing``: adds 10,000 workstations with backups enabled with SQL (a
   quarter of them without a success for 30 h), inside a transaction rolled
   back at the end, then times the detection query of the 15-minute scheduled
   action against a plain ``search_count`` of the workstations with backups.

       .venv/bin/python benchmarks/backup_reports.py missing --database gc_bench_bk

Environment: ODOO_SRC (default /opt/odoo-18.0), PGHOST, PGPORT, DB_USER as for
tools/dev.py.
"""

import argparse
import hashlib
import json
import secrets
import statistics
import subprocess
import threading
import time
from datetime import datetime, timedelta

import requests
from _common import ROOT, dev, percentile

import odoo
from odoo import api

CLIENTS = 20
REPORTS = 10_000
WORKSTATIONS = 200
RUNS = 5


def body(n):
    finished = datetime.utcnow() - timedelta(minutes=10)
    return {
        "status": "failed" if n % 20 == 0 else "ok",
        "started": (finished - timedelta(minutes=20)).isoformat() + "Z",
        "finished": finished.isoformat() + "Z",
        "size": 5_000_000_000 + n,
        "message": f"Rapport {n}",
    }


def values(n, workstation_id):
    data = body(n)
    return {
        "workstation_id": workstation_id,
        "status": data["status"],
        "started": data["started"][:19].replace("T", " "),
        "finished": data["finished"][:19].replace("T", " "),
        "size": data["size"],
        "message": data["message"],
        "source": "http",
    }


def seed(env, count):
    """``count`` shops with a workstation taking backups; {id: token}."""
    windows = env.ref("gesticlean_support.windows_11")
    shops = env["res.partner"].create(
        [
            {
                "name": f"Pressing bench sauvegardes {n}",
                "is_company": True,
                "gesticlean_client": True,
                "stable_internet": True,
            }
            for n in range(count)
        ]
    )
    workstations = env["gesticlean.workstation"].create(
        [
            {
                "name": "Caisse",
                "partner_id": shop.id,
                "windows_version_id": windows.id,
                "backups_enabled": True,
            }
            for shop in shops
        ]
    )
    tokens = {}
    for workstation in workstations:
        token = "gcb_" + secrets.token_urlsafe(32)
        workstation.backup_token_hash = hashlib.sha256(token.encode()).hexdigest()
        tokens[workstation.id] = token
    return shops, tokens


def cleanup(env, shop_ids):
    cr = env.cr
    cr.execute(
        "SELECT id FROM gesticlean_workstation WHERE partner_id = ANY(%s)", [shop_ids]
    )
    ws = [row[0] for row in cr.fetchall()]
    cr.execute(
        "SELECT id FROM helpdesk_ticket WHERE backup_workstation_id = ANY(%s)", [ws]
    )
    tickets = [row[0] for row in cr.fetchall()]
    for model, ids in (("helpdesk.ticket", tickets), ("gesticlean.workstation", ws)):
        cr.execute(
            "DELETE FROM mail_message WHERE model = %s AND res_id = ANY(%s)",
            [model, ids],
        )
        cr.execute(
            "DELETE FROM mail_followers WHERE res_model = %s AND res_id = ANY(%s)",
            [model, ids],
        )
    cr.execute("DELETE FROM helpdesk_ticket WHERE id = ANY(%s)", [tickets])
    cr.execute(
        "DELETE FROM gesticlean_backup_report WHERE workstation_id = ANY(%s)", [ws]
    )
    cr.execute("DELETE FROM gesticlean_workstation WHERE id = ANY(%s)", [ws])
    cr.execute("DELETE FROM res_partner WHERE id = ANY(%s)", [shop_ids])


def client(base, jobs, latencies, errors):
    session = requests.Session()
    for token, n in jobs:
        start = time.perf_counter()
        try:
            response = session.post(
                f"{base}/support/backup/{token}",
                data=json.dumps(body(n)),
                headers={"Content-Type": "application/json"},
                timeout=60,
            )
            if response.status_code != 201:
                errors.append(response.status_code)
        except requests.RequestException as error:
            errors.append(repr(error))
        latencies.append((time.perf_counter() - start) * 1000)


def in_process(env, tokens):
    """Queries per report of the ingestion, and the bare create baseline, both
    rolled back."""
    Workstation = env["gesticlean.workstation"].sudo()
    Report = env["gesticlean.backup.report"].sudo()
    ids = list(tokens)
    sample = 200
    before = env.cr.sql_log_count
    for n in range(sample):
        Workstation.browse(ids[n % len(ids)])._gesticlean_backup_ingest(
            Report._gesticlean_parse(json.dumps(body(n))), "http"
        )
    env.flush_all()
    ingest_queries = (env.cr.sql_log_count - before) / sample
    env.cr.rollback()
    env.invalidate_all()
    rows = [values(n, ids[n % len(ids)]) for n in range(REPORTS)]
    before = env.cr.sql_log_count
    start = time.perf_counter()
    Report.with_context(tracking_disable=True, mail_create_nolog=True).create(rows)
    env.flush_all()
    elapsed = time.perf_counter() - start
    create_queries = (env.cr.sql_log_count - before) / REPORTS
    env.cr.rollback()
    return ingest_queries, REPORTS / elapsed, create_queries


def command_ingest(args):
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "fr_FR"})
        shops, tokens = seed(env, WORKSTATIONS)
        cr.commit()
        shop_ids = shops.ids
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
        token_list = list(tokens.values())
        jobs = [(token_list[n % len(token_list)], n) for n in range(REPORTS)]
        latencies, errors = [], []
        threads = [
            threading.Thread(
                target=client, args=(base, jobs[n::CLIENTS], latencies, errors)
            )
            for n in range(CLIENTS)
        ]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(timeout=60)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "fr_FR"})
        cr.execute(
            "SELECT count(*) FROM gesticlean_backup_report "
            "WHERE workstation_id = ANY(%s)",
            [list(tokens)],
        )
        stored = cr.fetchone()[0]
        cr.execute(
            "SELECT count(*) FROM helpdesk_ticket WHERE backup_open "
            "AND backup_workstation_id = ANY(%s)",
            [list(tokens)],
        )
        open_tickets = cr.fetchone()[0]
        queries, create_rate, create_queries = in_process(env, tokens)
        cleanup(env, shop_ids)
        cr.commit()
    print(
        f"{len(latencies)} reports over HTTP by {CLIENTS} concurrent clients "
        f"({args.workers} workers) in {elapsed:.1f} s: {len(latencies) / elapsed:.0f} "
        f"reports/s, p50 {percentile(latencies, 0.5):.0f} ms, "
        f"p95 {percentile(latencies, 0.95):.0f} ms, {len(errors)} errors"
        + (f" {errors[:5]}" if errors else "")
    )
    print(
        f"stored {stored} reports, {open_tickets} open tickets (one per workstation "
        f"with a failure: at most {WORKSTATIONS})"
    )
    print(
        f"ingestion in-process: {queries:.1f} queries per report | bare create of "
        f"{REPORTS} rows: {create_rate:.0f} rows/s, "
        f"{create_queries:.2f} queries per row"
    )


def command_missing(args):
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "fr_FR"})
        try:
            company = env.company.id
            windows = env.ref("gesticlean_support.windows_11").id
            shop = env["res.partner"].create(
                {"name": "Pressing bench", "is_company": True, "stable_internet": True}
            )
            cr.execute(
                """
                INSERT INTO gesticlean_workstation (
                    name, partner_id, company_id, sequence, licence_number,
                    windows_version_id, backups_enabled, active, backup_status,
                    backup_since, backup_last_status, backup_last_success,
                    create_date, write_date)
                SELECT 'Poste ' || n, %(shop)s, %(company)s, 10, 'BENCH-BK-' || n,
                       %(windows)s, TRUE, TRUE, 'ok',
                       now() AT TIME ZONE 'UTC' - interval '60 days', 'ok',
                       now() AT TIME ZONE 'UTC' - CASE WHEN n %% 4 = 0
                           THEN interval '30 hours' ELSE interval '2 hours' END,
                       now(), now()
                  FROM generate_series(1, %(count)s) AS n
                """,
                {
                    "shop": shop.id,
                    "company": company,
                    "windows": windows,
                    "count": args.workstations,
                },
            )
            cr.execute("ANALYZE gesticlean_workstation")
            Workstation = env["gesticlean.workstation"]
            now = odoo.fields.Datetime.now()

            def timed(function):
                timings, queries, result = [], [], None
                for _run in range(RUNS + 1):
                    env.invalidate_all()
                    before = cr.sql_log_count
                    start = time.perf_counter()
                    result = function()
                    timings.append((time.perf_counter() - start) * 1000)
                    queries.append(cr.sql_log_count - before)
                return statistics.median(timings[1:]), max(queries[1:]), result

            ms, queries, missing = timed(
                lambda: Workstation._gesticlean_backup_missing_ids(now)
            )
            base_ms, base_queries, count = timed(
                lambda: Workstation.search_count([("backups_enabled", "=", True)])
            )
            print(
                f"missing for 26 h over {count} workstations with backups: "
                f"{len(missing)} found in {ms:.1f} ms, {queries} query | plain "
                f"search_count {base_ms:.1f} ms, {base_queries} query "
                f"(x{ms / base_ms if base_ms else 0:.1f})"
            )
        finally:
            cr.rollback()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("part", choices=["ingest", "missing"])
    parser.add_argument("--database", default="gc_bench_bk")
    parser.add_argument("--port", type=int, default=8198)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--workstations", type=int, default=10_000)
    args = parser.parse_args()
    dev.configure_odoo(args.database)
    if args.part == "ingest":
        command_ingest(args)
    else:
        command_missing(args)


if __name__ == "__main__":
    main()
