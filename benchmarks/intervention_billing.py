"""Benchmark: invoicing out-of-contract interventions (accountants' action).

Creates CLIENTS shops out of contract with INTERVENTIONS interventions in all (each
with one timesheet line), then runs `_gesticlean_invoice_out_of_contract` once and
prints the seconds, the SQL queries per invoice and per invoice line, and compares
with a run on a tenth of the data: the queries per invoice must not grow with the
number of lines per invoice (batched work). It also creates the same invoices
directly with `account.move.create` to show what Odoo itself costs per line, and
what our work adds on top. Everything is rolled back.

    .venv/bin/python benchmarks/intervention_billing.py --database gesticlean_test \
        --clients 500 --interventions 5000
"""

import argparse
import time
from datetime import date, datetime, timedelta

from _common import dev

import odoo
from odoo import Command, api, sql_db

DAY = date(2026, 3, 2)


def setup_odoo(database):
    return dev.load_registry(database)


def make_data(env, clients, interventions):
    shops = env["res.partner"].create(
        [
            {
                "name": f"Pressing bench {index}",
                "is_company": True,
                "gesticlean_client": True,
                "lang": "fr_FR",
            }
            for index in range(clients)
        ]
    )
    user = env.ref("base.user_admin")
    employee = user.employee_id or env["hr.employee"].create(
        {"name": "Bench", "user_id": user.id}
    )
    tickets = env["helpdesk.ticket"].create(
        [
            {
                "name": "Demande",
                "description": "<p>Bench</p>",
                "partner_id": shops[index % clients].id,
                "urgency": "question",
            }
            for index in range(interventions)
        ]
    )
    start = datetime.combine(DAY, datetime.min.time()) + timedelta(hours=9)
    records = env["support.intervention"].create(
        [
            {
                "ticket_id": ticket.id,
                "user_id": user.id,
                "date_start": start,
                "date_end": start + timedelta(minutes=40),
                "outcome": "solved",
            }
            for ticket in tickets
        ]
    )
    env["account.analytic.line"].create(
        [
            {
                "name": "Bench",
                "date": DAY,
                "unit_amount": (20 + index % 50) / 60,
                "employee_id": employee.id,
                "support_intervention_id": record.id,
            }
            for index, record in enumerate(records)
        ]
    )
    env.flush_all()
    env.invalidate_all()


def run(registry, clients, interventions):
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        # only the benchmark's interventions are to invoice in this transaction
        cr.execute(
            "UPDATE support_intervention SET invoice_state = 'invoiced' "
            "WHERE invoice_state = 'to_invoice'"
        )
        make_data(env, clients, interventions)
        queries = sql_db.sql_counter
        started = time.perf_counter()
        invoices, __ = env["support.intervention"]._gesticlean_invoice_out_of_contract(
            DAY
        )
        env.flush_all()
        elapsed = time.perf_counter() - started
        queries = sql_db.sql_counter - queries
        lines = len(invoices.invoice_line_ids)
        # Odoo's own cost: the same invoices created directly, nothing of ours
        plain_values = [
            {
                "move_type": "out_invoice",
                "partner_id": invoice.partner_id.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": line.product_id.id,
                            "quantity": line.quantity,
                            "name": line.name,
                        }
                    )
                    for line in invoice.invoice_line_ids
                ],
            }
            for invoice in invoices
        ]
        env.invalidate_all()
        plain_queries = sql_db.sql_counter
        env["account.move"].create(plain_values)
        env.flush_all()
        plain_queries = sql_db.sql_counter - plain_queries
        cr.rollback()
    return {
        "clients": clients,
        "interventions": interventions,
        "invoices": len(invoices),
        "lines": lines,
        "seconds": elapsed,
        "q_invoice": queries / max(len(invoices), 1),
        "q_line": queries / max(lines, 1),
        "plain_q_invoice": plain_queries / max(len(invoices), 1),
        "overhead_q_invoice": (queries - plain_queries) / max(len(invoices), 1),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default="gesticlean_test")
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--interventions", type=int, default=5000)
    args = parser.parse_args()
    registry = setup_odoo(args.database)
    print(
        f"{'clients':>7} {'interv.':>7} {'invoices':>8} {'lines':>6} {'seconds':>8} "
        f"{'q/invoice':>9} {'q/line':>7} | {'Odoo create q/inv':>17} "
        f"{'ours on top q/inv':>17}"
    )
    for clients, interventions in (
        (args.clients, args.interventions // 10),
        (args.clients, args.interventions),
    ):
        row = run(registry, clients, interventions)
        print(
            f"{row['clients']:>7} {row['interventions']:>7} {row['invoices']:>8} "
            f"{row['lines']:>6} {row['seconds']:>8.2f} {row['q_invoice']:>9.1f} "
            f"{row['q_line']:>7.2f} | {row['plain_q_invoice']:>17.1f} "
            f"{row['overhead_q_invoice']:>17.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
