"""Benchmark: the three slow moments of the daily walk (issue 12), before and after.

The walk of issue 12 timed three moments over 2 s on `make run`'s demo database:
the client's portal contract page (3.4 s), *Invoice Now* (3.1 s) and the creation of a
support contract (2.7 s). This script replays them over HTTP, as the browser does,
against a real Odoo server, for two versions of the module in one run:

- ``after``: the module of this working tree;
- ``before``: the module as it was in ``--before`` (default 4dd94fa, main just before
  the issue-12 fixes), extracted with ``git archive`` and served first on the addons
  path.

Each version gets its own demo database (created once: ``<prefix>_after``,
``<prefix>_before``, France, French, demo data); every measurement runs on a fresh
copy of it (``createdb -T``), so *Invoice Now* always meets the demo as installed.
The SQL query count of each request is the one Odoo's own request log prints
(``werkzeug: "POST ..." 200 - <queries> <query seconds> <other seconds>``).

Moments:
- portal contract page: the portal user ``pressing.lac`` opens ``/my/contracts/<id>``;
- Invoice Now: ``admin`` runs the *Invoice Now* wizard with its defaults (the old demo
  has no accountant user; admin is the same user in both versions), with the
  invoices it made: the old demo's contracts were behind schedule (catch-up
  invoices), the new demo's are billed until today;
- Invoice Now, next month: the same wizard up to the first of next month (not
  measured: it warms the server up, as the old demo's catch-up did), then up to the
  first of the month after, measured: both versions bill one month of every demo
  contract, so compare the figures per invoice;
- contract creation: ``responsable`` (support manager) creates a shop and runs the
  support-contract wizard for it (2 licences, conveyor option).

Usage:

    .venv/bin/python benchmarks/daily_pages.py [--runs 3] [--before 4dd94fa]
"""

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import requests
from _common import ROOT, dev

REQUEST_LOG = re.compile(
    r'werkzeug: .*"(?P<method>GET|POST) (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d+) - '
    r"(?P<queries>\d+) (?P<query_time>[\d.]+) (?P<other_time>[\d.]+)"
)


class Server:
    """An Odoo server on one database, its request log kept to read query counts."""

    def __init__(self, database, port, first_addons=None):
        self.database = database
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log = Path(tempfile.mkstemp(suffix=".log")[1])
        command = dev.odoo_command(
            database,
            f"--http-port={port}",
            f"--db-filter=^{database}$",
            "--log-level=info",
            f"--logfile={self.log}",
            "--max-cron-threads=0",
            first_addons=first_addons,
        )
        self.process = subprocess.Popen(command, cwd=ROOT)
        for _attempt in range(120):
            if self.process.poll() is not None:
                raise RuntimeError(f"Odoo stopped: see {self.log}")
            try:
                if requests.get(f"{self.url}/web/login", timeout=60).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(1)
        self.stop()
        raise RuntimeError(f"Odoo did not start on {self.url}")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=60)

    def queries(self, offset):
        """Queries of the requests logged after byte ``offset`` of the log."""
        text = self.log.read_text()[offset:]
        return sum(int(match["queries"]) for match in REQUEST_LOG.finditer(text))

    def mark(self):
        return len(self.log.read_text())


def login(server, user):
    session = requests.Session()
    page = session.get(f"{server.url}/web/login", timeout=30).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    response = session.post(
        f"{server.url}/web/login",
        data={"login": user, "password": user, "csrf_token": token},
        timeout=60,
    )
    if "/web/login" in response.url:
        raise RuntimeError(f"{user} could not log in")
    return session


def call_kw(server, session, model, method, args, kwargs=None):
    response = session.post(
        f"{server.url}/web/dataset/call_kw/{model}/{method}",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": kwargs or {},
            },
        },
        timeout=600,
    )
    payload = response.json()
    if "error" in payload:
        raise RuntimeError(payload["error"]["data"]["message"])
    return payload["result"]


def measure(server, action):
    """Seconds and SQL queries of ``action`` (requests to ``server``)."""
    offset = server.mark()
    start = time.perf_counter()
    action()
    seconds = time.perf_counter() - start
    time.sleep(0.3)  # the request log line is written after the response
    return seconds, server.queries(offset)


def portal_contract_page(server):
    session = login(server, "pressing.lac")
    listing = session.get(f"{server.url}/my/contracts", timeout=60).text
    contract_id = re.search(r"/my/contracts/(\d+)", listing)[1]
    # once before measuring: the page's assets are built on the first visit
    session.get(f"{server.url}/my/contracts/{contract_id}", timeout=120)

    def open_page():
        response = session.get(f"{server.url}/my/contracts/{contract_id}", timeout=60)
        response.raise_for_status()

    return measure(server, open_page)


def invoice_now(server, date_ref=None):
    """Seconds, queries and invoices made by the wizard (``date_ref``: its default,
    today, when None)."""
    session = login(server, "admin")
    model = "gesticlean.support.invoice.wizard"
    invoices = [("move_type", "=", "out_invoice")]
    before = call_kw(server, session, "account.move", "search_count", [invoices])

    def run_wizard():
        values = {"date_ref": date_ref} if date_ref else {}
        wizard_id = call_kw(server, session, model, "create", [values])
        call_kw(server, session, model, "action_invoice", [[wizard_id]])

    seconds, queries = measure(server, run_wizard)
    made = call_kw(server, session, "account.move", "search_count", [invoices]) - before
    return seconds, queries, made


def contract_creation(server, run):
    session = login(server, "responsable")
    model = "gesticlean.support.contract.wizard"

    def create_contract():
        shop_id = call_kw(
            server,
            session,
            "res.partner",
            "create",
            [
                {
                    "name": f"Pressing du Banc {run}",
                    "is_company": True,
                    "gesticlean_client": True,
                    "shop_equipment": "conveyor",
                    "lang": "fr_FR",
                }
            ],
        )
        wizard_id = call_kw(
            server,
            session,
            model,
            "create",
            [
                {
                    "partner_id": shop_id,
                    "licence_count": 2,
                    "conveyor_option": "conveyor",
                }
            ],
        )
        call_kw(server, session, model, "action_create_contract", [[wizard_id]])

    return measure(server, create_contract)


def ensure_database(database, first_addons):
    if dev.database_exists(database) and dev.module_installed(database):
        return
    if dev.database_exists(database):
        dev.drop_database(database)
    print(f"  creating {database} (demo data, fr_FR)...", flush=True)
    dev.create_database(database)
    subprocess.run(
        dev.odoo_command(
            database,
            f"--init={dev.MODULE}",
            "--stop-after-init",
            "--log-level=warn",
            first_addons=first_addons,
        ),
        check=True,
        cwd=ROOT,
    )


def bench_version(label, template, first_addons, runs, port):
    results = {
        "portal contract page": [],
        "Invoice Now": [],
        "Invoice Now, next month": [],
        "contract creation": [],
    }
    next_month = (date.today().replace(day=1) + timedelta(days=32)).replace(day=1)
    month_after = (next_month + timedelta(days=32)).replace(day=1)
    ensure_database(template, first_addons)
    scratch = f"{template}_run"
    for run in range(runs):
        if dev.database_exists(scratch):
            dev.drop_database(scratch)
        dev.duplicate_database(template, scratch)
        server = Server(scratch, port, first_addons)
        try:
            results["portal contract page"].append(portal_contract_page(server))
            results["Invoice Now"].append(invoice_now(server))
            # a first month warms the server up (its first invoices build
            # Odoo's field trigger tree and load code translations), then the
            # month after is measured
            invoice_now(server, next_month.isoformat())
            results["Invoice Now, next month"].append(
                invoice_now(server, month_after.isoformat())
            )
            results["contract creation"].append(contract_creation(server, run))
        finally:
            server.stop()
            dev.drop_database(scratch)
    print(f"\n{label}:")
    summary = {}
    for moment, figures in results.items():
        seconds = statistics.median(figure[0] for figure in figures)
        queries = statistics.median(figure[1] for figure in figures)
        summary[moment] = (seconds, queries)
        line = f"  {moment:<24} {seconds:6.2f} s  {queries:6.0f} queries"
        if len(figures[0]) > 2:
            made = statistics.median(figure[2] for figure in figures)
            line += f"  {made:4.0f} invoices"
            if made:
                line += (
                    f" ({seconds / made * 1000:5.0f} ms, "
                    f"{queries / made:4.0f} queries per invoice)"
                )
        print(line + f" (median of {runs})")
    return summary


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", default="4dd94fa")
    parser.add_argument("--prefix", default="bench_daily")
    parser.add_argument("--port", type=int, default=8190)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as workdir:
        problem = dev.previous_version_addons(args.before, Path(workdir))
        if problem:
            sys.exit(problem)
        before = bench_version(
            f"before ({args.before})",
            f"{args.prefix}_before",
            Path(workdir),
            args.runs,
            args.port,
        )
    after = bench_version(
        "after (this tree)", f"{args.prefix}_after", None, args.runs, args.port
    )
    print("\nafter / before:")
    for moment, (seconds, queries) in after.items():
        old_seconds, old_queries = before[moment]
        print(
            f"  {moment:<24} time {seconds / old_seconds:5.2f}  "
            f"queries {queries / max(old_queries, 1):5.2f}"
        )


if __name__ == "__main__":
    main()
