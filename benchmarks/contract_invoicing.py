"""Benchmark: monthly invoicing of support contracts, ours against plain OCA `contract`.

For each size N, in one database and one run:
- ours: N GestiClean support contracts (3 licences + the conveyor option), invoiced by
  our cron method in batches (`_gesticlean_invoice_batch`, as `ir.cron` calls it);
- OCA: the same N contracts written as plain lines (3 x 27.50 + 1 x 21.00), invoiced by
  OCA's `_recurring_create_invoice` in one call (what its own cron does).
It prints seconds and SQL queries per contract for both, the ratios, and the longest
batch (CPU seconds) against Odoo's default cron limit (60 s). Everything is rolled
back: the database is left as it was.

Usage (the database must have gesticlean_support installed, e.g. after
`.venv/bin/python tools/dev.py test --keep`):

    .venv/bin/python benchmarks/contract_invoicing.py --database gesticlean_test \
        --sizes 100,1000,10000
"""

import argparse
import time
from datetime import date

from _common import dev

import odoo
from odoo import Command, api, sql_db

DATE_START = date(2026, 1, 1)
DATE_REF = date(2026, 1, 1)
CRON_CPU_LIMIT = 60.0


def setup_odoo(database):
    return dev.load_registry(database)


def make_shop(env, name):
    return env["res.partner"].create(
        {
            "name": name,
            "is_company": True,
            "gesticlean_client": True,
            "shop_equipment": "conveyor",
            "lang": "fr_FR",
        }
    )


def create_support_contracts(env, shop, count):
    return env["contract.contract"].create(
        [
            {
                "name": f"Bench support {index}",
                "partner_id": shop.id,
                "is_support_contract": True,
                "licence_count": 3,
                "conveyor_option": "conveyor",
                "date_start": DATE_START,
                "line_recurrence": False,
            }
            for index in range(count)
        ]
    )


def create_plain_contracts(env, shop, count):
    licence = env.ref("gesticlean_support.product_support_licence")
    conveyor = env.ref("gesticlean_support.product_option_conveyor")

    def line(product, quantity, price):
        return Command.create(
            {
                "product_id": product.id,
                "name": product.name,
                "quantity": quantity,
                "uom_id": product.uom_id.id,
                "price_unit": price,
                "date_start": DATE_START,
                "recurring_next_date": DATE_START,
                "recurring_rule_type": "monthly",
                "recurring_interval": 1,
                "recurring_invoicing_type": "pre-paid",
            }
        )

    return env["contract.contract"].create(
        [
            {
                "name": f"Bench OCA {index}",
                "partner_id": shop.id,
                "date_start": DATE_START,
                "line_recurrence": True,
                "contract_line_ids": [line(licence, 3, 27.5), line(conveyor, 1, 21.0)],
            }
            for index in range(count)
        ]
    )


def measure(env, func):
    env.flush_all()
    queries = sql_db.sql_counter
    wall, cpu = time.perf_counter(), time.process_time()
    result = func()
    env.flush_all()
    return (
        result,
        time.perf_counter() - wall,
        time.process_time() - cpu,
        sql_db.sql_counter - queries,
    )


def run_ours(env, contracts, batch_size):
    Contract = env["contract.contract"]
    longest_batch = 0.0
    batches = 0
    while True:
        cpu = time.process_time()
        done, remaining = Contract._gesticlean_invoice_batch(DATE_REF, batch_size)
        env.flush_all()
        longest_batch = max(longest_batch, time.process_time() - cpu)
        batches += 1 if done else 0
        if not remaining or not done:
            return batches, longest_batch


def bench_size(registry, size, batch_size):
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        # only the benchmark's contracts are due in this (rolled back) transaction
        cr.execute(
            "UPDATE contract_contract SET invoicing_error_date = %s "
            "WHERE is_support_contract",
            [DATE_REF],
        )
        shop = make_shop(env, f"Pressing benchmark {size}")
        # warm the caches (products, journal, taxes, translations) for both sides
        warm_plain = create_plain_contracts(env, shop, 5)
        warm_plain._recurring_create_invoice(DATE_REF)
        create_support_contracts(env, shop, 5)
        run_ours(env, None, batch_size)
        support = create_support_contracts(env, shop, size)
        plain = create_plain_contracts(env, shop, size)
        env.flush_all()
        env.invalidate_all()

        (batches, longest), ours_s, __, ours_q = measure(
            env, lambda: run_ours(env, support, batch_size)
        )
        env.invalidate_all()
        oca_moves, oca_s, __, oca_q = measure(
            env, lambda: plain._recurring_create_invoice(DATE_REF)
        )
        ours_invoices = env["account.move"].search_count(
            [("support_contract_id", "in", support.ids)]
        )
        oca_invoices = len(oca_moves)
        cr.rollback()
    return {
        "size": size,
        "ours_ms": 1000 * ours_s / size,
        "ours_q": ours_q / size,
        "oca_ms": 1000 * oca_s / size,
        "oca_q": oca_q / size,
        "batches": batches,
        "longest_batch_cpu": longest,
        "ours_invoices": ours_invoices,
        "oca_invoices": oca_invoices,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default="gesticlean_test")
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--batch-size", type=int, default=100)
    args = parser.parse_args()
    registry = setup_odoo(args.database)
    sizes = [int(size) for size in args.sizes.split(",")]
    print(
        f"{'contracts':>9} | {'ours ms/c':>9} {'q/c':>6} | "
        f"{'OCA ms/c':>9} {'q/c':>6} | {'time ratio':>10} {'query ratio':>11} | "
        f"{'batches':>7} {'max batch CPU s':>15}"
    )
    results = []
    for size in sizes:
        row = bench_size(registry, size, args.batch_size)
        results.append(row)
        print(
            f"{row['size']:>9} | {row['ours_ms']:>9.2f} {row['ours_q']:>6.1f} | "
            f"{row['oca_ms']:>9.2f} {row['oca_q']:>6.1f} | "
            f"{row['ours_ms'] / row['oca_ms']:>10.2f} "
            f"{row['ours_q'] / row['oca_q']:>11.2f} | "
            f"{row['batches']:>7} {row['longest_batch_cpu']:>15.2f}",
            flush=True,
        )
        assert row["ours_invoices"] == size == row["oca_invoices"], row
    worst = max(row["longest_batch_cpu"] for row in results)
    print(
        f"longest batch: {worst:.2f} s CPU "
        f"({'within' if worst < CRON_CPU_LIMIT else 'OVER'} the {CRON_CPU_LIMIT:.0f} s "
        "cron limit)"
    )
    flat = [round(row["ours_q"], 1) for row in results]
    print(f"our queries per contract by size: {flat}")


if __name__ == "__main__":
    main()
