"""Benchmark of the planning engine: four weeks of preventive checks for SHOPS
shops under contract, against a plain create of the same tickets.

Not a test. It adds SHOPS client shops (1 or 2 workstations each, all under a
support contract) and TECHNICIANS technicians to a database where
gesticlean_support is installed, inside a transaction rolled back at the end.
Then it times, cold (cache emptied):

- ``helpdesk.ticket._gesticlean_plan_maintenance(now)``, what the daily
  scheduled action runs: which shops are due, support ∩ shop hours, the free
  slots and technicians, the tickets (with their calendar events and
  reminders), the checklists and the clients' e-mails;
- ``helpdesk.ticket.create`` of the same tickets (same clients, times and
  technicians, the appointment constraint run per ticket), the baseline.

    .venv/bin/python benchmarks/maintenance_planning.py --database gc_pl_test

Environment: ODOO_SRC (default /opt/odoo-18.0), PGHOST, PGPORT, DB_USER as for
tools/dev.py.
"""

import argparse
import time

from _common import dev, insert_shops
from psycopg2 import sql

import odoo
from odoo import api, fields


def fill(env, shops_count, technicians):
    """Shops under contract with their workstations (SQL), and technicians."""
    cr = env.cr
    company = env.company.id
    shops = insert_shops(cr, company, shops_count)
    cr.execute(
        """
        INSERT INTO gesticlean_workstation (
            name, partner_id, company_id, sequence, licence_number, active,
            create_date, write_date)
        SELECT 'Poste ' || n, (%(shops)s::int[])[1 + n %% %(count)s], %(company)s,
               10, 'BENCH-LIC-' || n, TRUE, now(), now()
          FROM generate_series(0, %(total)s - 1) AS n
        """,
        {
            "shops": shops,
            "count": len(shops),
            "company": company,
            "total": len(shops) * 3 // 2,
        },
    )
    cr.execute(
        """
        WITH contracts AS (
            INSERT INTO contract_contract (
                name, partner_id, commercial_partner_id, company_id, date,
                is_support_contract, licence_count, active, date_start,
                line_recurrence, contract_type, create_date, write_date)
            SELECT 'Support bench ' || id, id, id, %(company)s, now(), TRUE, 1,
                   TRUE, '2025-01-01', FALSE, 'sale', now(), now()
              FROM unnest(%(shops)s::int[]) AS id
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
    for table in ("res_partner", "gesticlean_workstation", "contract_contract"):
        cr.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(table)))
    group = env.ref("gesticlean_support.group_support_technician")
    env["res.users"].with_context(no_reset_password=True).create(
        [
            {
                "name": f"Technicien bench {n}",
                "login": f"bench_technician_{n}",
                "groups_id": [(6, 0, group.ids)],
            }
            for n in range(technicians)
        ]
    )
    env.invalidate_all()
    return env["res.partner"].browse(shops)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="gesticlean_test")
    parser.add_argument("--shops", type=int, default=1000)
    parser.add_argument("--technicians", type=int, default=8)
    args = parser.parse_args()
    registry = dev.load_registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(
            cr, odoo.SUPERUSER_ID, {"lang": "fr_FR", "tz": "Europe/Paris"}
        )
        try:
            shops = fill(env, args.shops, args.technicians)
            Ticket = env["helpdesk.ticket"]
            env.flush_all()
            savepoint = cr.savepoint(flush=False)
            env.invalidate_all()
            before, start = cr.sql_log_count, time.perf_counter()
            tickets = Ticket._gesticlean_plan_maintenance(fields.Datetime.now())
            env.flush_all()
            ours = (time.perf_counter() - start, cr.sql_log_count - before)
            ours_tickets = tickets.filtered(lambda t: t.partner_id in shops)
            vals_list = [
                {
                    "name": ticket.name,
                    "description": ticket.description,
                    "partner_id": ticket.partner_id.id,
                    "company_id": ticket.company_id.id,
                    "planned_kind": "maintenance",
                    "urgency": "question",
                    "appointment_start": ticket.appointment_start,
                    "user_id": ticket.user_id.id,
                }
                for ticket in tickets
            ]
            days = {t.appointment_start.date() for t in tickets}
            savepoint.close(rollback=True)
            env.invalidate_all()
            before, start = cr.sql_log_count, time.perf_counter()
            Ticket.create(vals_list)
            env.flush_all()
            base = (time.perf_counter() - start, cr.sql_log_count - before)
            count = len(vals_list) or 1
            print(
                f"{len(shops)} shops under contract, "
                f"{len(ours_tickets)} of them planned ({len(tickets)} checks in "
                f"all) over {len(days)} days, {args.technicians} bench technicians"
            )
            print(
                f"plan 4 weeks:  {ours[0]:7.2f} s, {ours[1]:6d} queries "
                f"({ours[1] / count:.1f} a check, e-mails and checklists included)"
            )
            print(
                f"plain create:  {base[0]:7.2f} s, {base[1]:6d} queries "
                f"({base[1] / count:.1f} a ticket)"
            )
            print(f"ratio: x{ours[0] / base[0] if base[0] else 0:.2f} in time")
        finally:
            cr.rollback()


if __name__ == "__main__":
    main()
