"""Benchmark: the accountant's monthly SEPA direct debit order.

Creates INVOICES posted support invoices of as many shops, each with its IBAN and a
valid recurrent mandate, carrying the direct debit payment mode; then, on the same
invoices, in the same run (each run rolled back to the same savepoint):

- ours: the monthly wizard (preview: count, total, left-out invoices), the order
  built and confirmed from it, the pain.008 file generated (OCA, XSD-validated);
- OCA's baseline: `account.move.create_account_payment_line()` on the invoices
  (OCA's own "Add to payment order"), the order confirmed, the same file generated.

It prints seconds and SQL queries per invoice of each, and our/OCA ratios.
Everything is rolled back.

    .venv/bin/python benchmarks/direct_debit_order.py --database gesticlean_test \
        --invoices 1000
"""

import argparse
import time

from _common import dev

import odoo
from odoo import Command, api, fields, sql_db


def fr_iban(index):
    """A valid French test IBAN (bank 30006, branch 00001), one per index."""
    bank, branch, account = "30006", "00001", f"{index:011d}"
    key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
    bban = f"{bank}{branch}{account}{key:02d}"
    number = int("".join(str(int(char, 36)) for char in bban + "FR00"))
    return f"FR{98 - number % 97:02d}{bban}"


def make_data(env, count):
    company = env.company
    mode = company.gesticlean_debit_mode_id
    assert mode, "the company has no SEPA direct debit payment mode"
    company.sepa_creditor_identifier = company.sepa_creditor_identifier or (
        "FR72ZZZ123456"
    )
    journal = mode.fixed_journal_id
    if not journal.bank_account_id:
        journal.bank_account_id = env["res.partner.bank"].create(
            {"partner_id": company.partner_id.id, "acc_number": fr_iban(999_999)}
        )
    shops = env["res.partner"].create(
        [
            {
                "name": f"Pressing bench {index}",
                "is_company": True,
                "gesticlean_client": True,
                "country_id": env.ref("base.fr").id,
                "lang": "fr_FR",
            }
            for index in range(count)
        ]
    )
    accounts = env["res.partner.bank"].create(
        [
            {"partner_id": shop.id, "acc_number": fr_iban(index)}
            for index, shop in enumerate(shops)
        ]
    )
    today = fields.Date.context_today(env.user)
    mandates = env["account.banking.mandate"].create(
        [
            {
                "format": "sepa",
                "type": "recurrent",
                "recurrent_sequence_type": "first",
                "signature_date": today,
                "partner_bank_id": account.id,
                "company_id": company.id,
                "state": "valid",
                "unique_mandate_reference": f"BENCH-{index:06d}",
            }
            for index, account in enumerate(accounts)
        ]
    )
    product = env.ref("gesticlean_support.product_support_licence")
    invoices = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": shop.id,
                "invoice_date": today,
                "payment_mode_id": mode.id,
                "mandate_id": mandate.id,
                "invoice_line_ids": [
                    Command.create(
                        {"product_id": product.id, "quantity": 3, "price_unit": 27.5}
                    )
                ],
            }
            for shop, mandate in zip(shops, mandates, strict=True)
        ]
    )
    invoices.action_post()
    env.flush_all()
    env.invalidate_all()
    return invoices, today


def measure(env, action):
    env.invalidate_all()
    queries = sql_db.sql_counter
    started = time.perf_counter()
    order = action()
    env.flush_all()
    return order, time.perf_counter() - started, sql_db.sql_counter - queries


def run(registry, count):
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        env = env(context=dict(env.context, lang="fr_FR"))
        # only the benchmark's invoices are due in this transaction
        cr.execute(
            "UPDATE account_move SET payment_mode_id = NULL "
            "WHERE move_type = 'out_invoice' AND payment_mode_id IS NOT NULL"
        )
        invoices, today = make_data(env, count)
        total = sum(invoices.mapped("amount_total"))
        cr.execute("SAVEPOINT bench")

        def ours():
            wizard = env["gesticlean.direct.debit.wizard"].create({"date_due": today})
            assert wizard.invoice_count == count, wizard.invoice_count
            action = wizard.action_create_order()
            order = env["account.payment.order"].browse(action["res_id"])
            order.open2generated()
            return order

        def oca():
            action = invoices.create_account_payment_line()
            order = env["account.payment.order"].browse(action["res_id"])
            order.draft2open()
            order.open2generated()
            return order

        results = {}
        for name, action in (("ours", ours), ("oca", oca)):
            order, seconds, queries = measure(env, action)
            assert order.state == "generated"
            assert len(order.payment_line_ids) == count
            assert round(order.total_company_currency, 2) == round(total, 2)
            results[name] = (seconds, queries / count)
            cr.execute("ROLLBACK TO SAVEPOINT bench")
            env.invalidate_all()
        cr.rollback()
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default="gesticlean_test")
    parser.add_argument("--invoices", type=int, default=1000)
    args = parser.parse_args()
    registry = dev.load_registry(args.database)
    results = run(registry, args.invoices)
    (ours_s, ours_q), (oca_s, oca_q) = results["ours"], results["oca"]
    print(
        f"{'invoices':>8} | {'ours s':>7} {'q/inv':>6} | {'OCA s':>7} {'q/inv':>6} "
        f"| {'time ratio':>10} {'query ratio':>11}"
    )
    print(
        f"{args.invoices:>8} | {ours_s:>7.2f} {ours_q:>6.1f} | {oca_s:>7.2f} "
        f"{oca_q:>6.1f} | {ours_s / oca_s:>10.2f} {ours_q / oca_q:>11.2f}"
    )


if __name__ == "__main__":
    main()
