"""Benchmark of the installed base: the "workstations to update" list and the
licences/workstations comparison, against a plain search_read of the same rows.

Not a test. It adds CLIENTS client shops, WORKSTATIONS workstations (1 to 4 per
shop, a third of them behind the current release) and a support contract for
half of the shops (some billing another number of licences than their active
workstations) to a database where gesticlean_support is installed, with SQL,
inside a transaction rolled back at the end. Then it times, for two page sizes:

- the list *Workstations to Update* as the web client loads it (`web_search_read`
  of its fields, coverage included) against `search_read` of the same ids with
  their stored fields;
- the clients whose contract bills another number of licences than their active
  workstations (`licence_mismatch`, over every client) read as the list loads
  them, against `search_read` of the same ids.

The query counts do not grow with the page size (constant queries).

    .venv/bin/python benchmarks/installed_base.py --database gc_base_test

Environment: ODOO_SRC (default /opt/odoo-18.0), PGHOST, PGPORT, DB_USER as for
tools/dev.py.
"""

import argparse
import statistics
import time

from _common import dev, insert_shops

import odoo
from odoo import api

RUNS = 5
PAGES = (80, 500)
WORKSTATION_SPEC = {
    "partner_id": {"fields": {"display_name": {}}},
    "name": {},
    "licence_number": {},
    "windows_version_id": {"fields": {"display_name": {}}},
    "teamviewer_id": {},
    "gesticlean_version_id": {"fields": {"display_name": {}}},
    "last_update_date": {},
    "update_needed": {},
    "backups_enabled": {},
    "coverage": {},
}
WORKSTATION_FIELDS = [
    "partner_id",
    "name",
    "licence_number",
    "windows_version_id",
    "teamviewer_id",
    "gesticlean_version_id",
    "last_update_date",
    "backups_enabled",
]
CLIENT_SPEC = {
    "gesticlean_code": {},
    "name": {},
    "city": {},
    "support_phone": {},
    "workstation_count": {},
    "licence_mismatch_text": {},
}
CLIENT_FIELDS = ["gesticlean_code", "name", "city", "support_phone"]


def fill(env, clients, workstations):
    """Shops, workstations, releases and contracts, in SQL."""
    cr = env.cr
    company = env.company.id
    Release = env["gesticlean.release"]
    old = Release.create({"name": "BENCH-1", "release_date": "2025-01-01"})
    current = Release.create(
        {"name": "BENCH-2", "release_date": "2025-09-01", "current": True}
    )
    windows = env["gesticlean.windows.version"].search([]).ids
    shops = insert_shops(cr, company, clients)
    # workstations: shop n gets its share, at least one
    cr.execute(
        """
        INSERT INTO gesticlean_workstation (
            name, partner_id, company_id, sequence, licence_number,
            windows_version_id, teamviewer_id, gesticlean_version_id,
            backups_enabled, active, create_date, write_date)
        SELECT 'Poste ' || n,
               (%(shops)s::int[])[1 + n %% array_length(%(shops)s::int[], 1)],
               %(company)s, 10, 'BENCH-LIC-' || n,
               (%(windows)s::int[])[1 + n %% array_length(%(windows)s::int[], 1)],
               (100000000 + n)::text,
               CASE WHEN n %% 3 = 0 THEN %(old)s ELSE %(current)s END,
               FALSE, TRUE, now(), now()
          FROM generate_series(0, %(total)s - 1) AS n
        """,
        {
            "shops": shops,
            "company": company,
            "windows": windows,
            "old": old.id,
            "current": current.id,
            "total": workstations,
        },
    )
    # a contract for every other shop: licences = its workstations, or one more
    # for a fifth of them
    cr.execute(
        """
        WITH counts AS (
            SELECT partner_id, COUNT(*) AS n FROM gesticlean_workstation
             WHERE partner_id = ANY(%(shops)s) GROUP BY partner_id
        ), contracts AS (
            INSERT INTO contract_contract (
                name, partner_id, commercial_partner_id, company_id, date,
                is_support_contract, licence_count, active, date_start,
                line_recurrence, contract_type, create_date, write_date)
            SELECT 'Support bench ' || partner_id, partner_id, partner_id,
                   %(company)s, now(), TRUE,
                   n + CASE WHEN partner_id %% 5 = 0 THEN 1 ELSE 0 END,
                   TRUE, '2025-01-01', FALSE, 'sale', now(), now()
              FROM counts WHERE partner_id %% 2 = 0
            RETURNING id, licence_count
        )
        INSERT INTO contract_line (
            contract_id, company_id, active, name, quantity, recurring_interval,
            recurring_invoicing_type, recurring_rule_type, support_line_kind,
            date_start, is_canceled, create_date, write_date)
        SELECT id, %(company)s, TRUE, 'Licences', licence_count, 1, 'pre-paid',
               'monthly', 'licence', '2025-01-01', FALSE, now(), now()
          FROM contracts
        """,
        {"shops": shops, "company": company},
    )
    cr.execute("ANALYZE res_partner")
    cr.execute("ANALYZE gesticlean_workstation")
    cr.execute("ANALYZE contract_contract")
    cr.execute("ANALYZE contract_line")
    env.invalidate_all()
    return shops


def timed(env, function):
    """Median ms and max queries of ``function()`` over RUNS cold runs (after one
    warm-up run)."""
    timings, queries = [], []
    result = None
    for _run in range(RUNS + 1):
        env.invalidate_all()
        before = env.cr.sql_log_count
        start = time.perf_counter()
        result = function()
        timings.append((time.perf_counter() - start) * 1000)
        queries.append(env.cr.sql_log_count - before)
    return statistics.median(timings[1:]), max(queries[1:]), result


def report(label, ours, baseline, rows):
    (ms, queries, __), (base_ms, base_queries, __) = ours, baseline
    print(
        f"{label:<38} {rows:>5} rows: {ms:8.1f} ms, {queries:3d} queries | "
        f"search_read {base_ms:7.1f} ms, {base_queries:3d} queries "
        f"(x{ms / base_ms if base_ms else 0:.1f})"
    )


def measure(env, page):
    Workstation = env["gesticlean.workstation"]
    domain = [("update_needed", "=", True)]
    ours = timed(
        env,
        lambda: Workstation.web_search_read(
            domain, WORKSTATION_SPEC, limit=page, count_limit=10001
        ),
    )
    ids = [record["id"] for record in ours[2]["records"]]
    baseline = timed(
        env,
        lambda: Workstation.search_read([("id", "in", ids)], WORKSTATION_FIELDS),
    )
    report("workstations to update", ours, baseline, len(ids))

    Partner = env["res.partner"]
    domain = [("gesticlean_client", "=", True), ("licence_mismatch", "=", True)]
    ours = timed(
        env,
        lambda: Partner.web_search_read(
            domain, CLIENT_SPEC, limit=page, count_limit=10001
        ),
    )
    ids = [record["id"] for record in ours[2]["records"]]
    baseline = timed(
        env, lambda: Partner.search_read([("id", "in", ids)], CLIENT_FIELDS)
    )
    report("clients: licences != workstations", ours, baseline, len(ids))
    return ours[2]["length"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="gesticlean_test")
    parser.add_argument("--clients", type=int, default=5000)
    parser.add_argument("--workstations", type=int, default=12000)
    args = parser.parse_args()
    registry = dev.load_registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(
            cr, odoo.SUPERUSER_ID, {"lang": "fr_FR", "tz": "Europe/Paris"}
        )
        try:
            start = time.perf_counter()
            fill(env, args.clients, args.workstations)
            print(
                f"{args.clients} clients, {args.workstations} workstations added "
                f"in {time.perf_counter() - start:.1f} s"
            )
            for page in PAGES:
                mismatched = measure(env, page)
            print(f"{mismatched} clients whose licences differ from their workstations")
        finally:
            cr.rollback()


if __name__ == "__main__":
    main()
