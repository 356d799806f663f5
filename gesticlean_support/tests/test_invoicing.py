import threading
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from ..models.contract_contract_invoicing import ContractContract
from .common_contract import ContractCommon


def _run_cron_until_done(Contract, date_ref, batch_size=100):
    """Call the cron's batch method as ir.cron does, until nothing remains."""
    rounds = 0
    while True:
        rounds += 1
        done, remaining = Contract._gesticlean_invoice_batch(date_ref, batch_size)
        if not remaining or not done:
            return rounds


@tagged("post_install", "-at_install")
class TestSupportInvoicing(ContractCommon):
    def test_monthly_invoice_lines_in_french(self):
        self._backup_workstations(self.shop_a, 3)
        contract = self._make_contract(licences=3, conveyor="conveyor_arm", backup=True)
        with freeze_time("2026-11-15"):
            contract.action_gesticlean_invoice_now(date(2026, 1, 15))
        invoice = self._invoices(contract)
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.partner_id, self.shop_a)
        self.assertEqual(invoice.support_period_start, date(2026, 1, 15))
        self.assertEqual(invoice.invoice_date, date(2026, 1, 15))
        self.assertEqual(
            invoice.invoice_line_ids.mapped("name"),
            [
                "3 licences GestiClean – janvier 2026",
                "Option liaison convoyeur et bras de restitution – janvier 2026",
                "Option sauvegardes automatiques des données (3 postes) – janvier 2026",
            ],
        )
        self.assertEqual(invoice.invoice_line_ids.mapped("quantity"), [3.0, 1.0, 3.0])
        self.assertEqual(
            invoice.invoice_line_ids.mapped("price_unit"), [27.5, 23.0, 11.0]
        )
        self.assertEqual(invoice.amount_untaxed, 138.5)
        self.assertEqual(invoice.amount_tax, 27.7)
        self.assertEqual(invoice.amount_total, 166.2)

    def test_cron_twice_invoices_once(self):
        contracts = self.Contract.create(
            [self._contract_values(self.shop_a, licences=n) for n in (1, 2, 6)]
        )
        with freeze_time("2026-03-20"):
            for __ in range(2):
                self.Contract._cron_gesticlean_invoicing()
                _run_cron_until_done(self.Contract, date(2026, 3, 20))
        counts = self._invoice_counts_per_period(contracts)
        # Jan 15, Feb 15 and Mar 15 are due on 20 March: three periods each, once
        self.assertEqual(len(counts), 9)
        self.assertEqual(set(counts.values()), {1})
        self.assertEqual(
            set(contracts.mapped("recurring_next_date")), {date(2026, 4, 15)}
        )

    def test_plain_oca_cron_leaves_support_contracts_alone(self):
        contract = self._make_contract()
        with freeze_time("2026-02-01"):
            self.Contract.cron_recurring_create_invoice()
        self.assertFalse(self._invoices(contract))

    def test_failure_in_a_batch_is_isolated_then_rerun(self):
        contracts = self.Contract.create(
            [self._contract_values(self.shop_a, licences=n) for n in range(1, 6)]
        )
        broken = contracts[2]
        original = ContractContract._prepare_invoice

        def failing_prepare(contract, date_invoice, journal=None):
            if contract == broken:
                raise ValueError("Journal des ventes verrouillé")
            return original(contract, date_invoice, journal=journal)

        with (
            freeze_time("2026-01-20"),
            patch.object(ContractContract, "_prepare_invoice", failing_prepare),
            mute_logger(
                "odoo.addons.gesticlean_support.models.contract_contract_invoicing"
            ),
        ):
            _run_cron_until_done(self.Contract, date(2026, 1, 20), batch_size=10)
        counts = self._invoice_counts_per_period(contracts)
        self.assertEqual(len(counts), 4)
        self.assertNotIn((broken.id, date(2026, 1, 15)), counts)
        self.assertEqual(broken.invoicing_error, "Journal des ventes verrouillé")
        self.assertEqual(broken.invoicing_error_date, date(2026, 1, 20))
        activity = broken.activity_ids
        self.assertEqual(activity.summary, "La facturation automatique a échoué")
        self.assertTrue(
            activity.user_id.has_group("gesticlean_support.group_support_manager")
        )
        # the failing contract is not retried the same day (no endless loop)...
        with freeze_time("2026-01-20"):
            due = self.Contract.search(
                self.Contract._support_due_domain(date(2026, 1, 20))
            )
            self.assertNotIn(broken, due)
        # ...and the next run, once fixed, invoices it and nothing twice
        with freeze_time("2026-01-21"):
            _run_cron_until_done(self.Contract, date(2026, 1, 21))
        counts = self._invoice_counts_per_period(contracts)
        self.assertEqual(len(counts), 5)
        self.assertEqual(set(counts.values()), {1})

    def test_run_dies_midway_then_restarts(self):
        """A run killed after some batches: the rerun invoices the rest, once."""
        contracts = self.Contract.create(
            [self._contract_values(self.shop_a, licences=n) for n in range(1, 7)]
        )
        due = self.Contract._support_due_domain(date(2026, 1, 15))
        others = self.Contract.search(due) - contracts
        others.write({"invoicing_error_date": date(2026, 1, 15)})  # demo contracts
        with freeze_time("2026-01-15"):
            # the first batch was committed by the cron runner...
            self.assertEqual(
                self.Contract._gesticlean_invoice_batch(date(2026, 1, 15), 2), (2, 1)
            )
            # ...the worker is killed during the second one: it is rolled back
            with self.assertRaises(KeyboardInterrupt), self.env.cr.savepoint():
                self.Contract._gesticlean_invoice_batch(date(2026, 1, 15), 2)
                raise KeyboardInterrupt
            self.env.invalidate_all()
            self.assertEqual(len(self._invoice_counts_per_period(contracts)), 2)
            # the cron starts again the next time
            _run_cron_until_done(self.Contract, date(2026, 1, 15), batch_size=2)
        counts = self._invoice_counts_per_period(contracts)
        self.assertEqual(len(counts), 6)
        self.assertEqual(set(counts.values()), {1})

    def test_database_refuses_a_second_invoice_for_a_period(self):
        contract = self._make_contract()
        with freeze_time("2026-01-15"):
            invoice = contract.action_gesticlean_invoice_now(date(2026, 1, 15))
        with (
            self.assertRaises(Exception) as caught,
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            invoice.copy(
                {
                    "support_contract_id": contract.id,
                    "support_period_start": invoice.support_period_start,
                }
            )
        self.assertIn("account_move_support_period_uniq", str(caught.exception))
        # a cancelled invoice no longer counts: the period may be invoiced again
        invoice.button_cancel()
        self.env.flush_all()
        again = invoice.copy(
            {
                "support_contract_id": contract.id,
                "support_period_start": invoice.support_period_start,
            }
        )
        self.assertEqual(again.state, "draft")

    def test_more_than_1000_lines_in_one_run(self):
        """600 contracts of two lines: each invoiced exactly once, all dates moved."""
        values = [
            self._contract_values(self.shop_a, licences=1 + i % 7, conveyor="conveyor")
            for i in range(600)
        ]
        contracts = self.Contract.create(values)
        self.assertEqual(len(contracts.contract_line_ids), 1200)
        with freeze_time("2026-01-15"):
            rounds = _run_cron_until_done(
                self.Contract, date(2026, 1, 15), batch_size=100
            )
            _run_cron_until_done(self.Contract, date(2026, 1, 15), batch_size=100)
        self.assertGreaterEqual(rounds, 6)
        counts = self._invoice_counts_per_period(contracts)
        self.assertEqual(len(counts), 600)
        self.assertEqual(set(counts.values()), {1})
        contracts.invalidate_recordset()
        self.assertEqual(
            set(contracts.mapped("recurring_next_date")), {date(2026, 2, 15)}
        )
        self.assertEqual(
            set(contracts.contract_line_ids.mapped("last_date_invoiced")),
            {date(2026, 2, 14)},
        )

    def test_invoicing_rights(self):
        contract = self._make_contract()
        with freeze_time("2026-01-15"):
            for user in (self.intake, self.technician):
                with self.subTest(user=user.login), self.assertRaises(AccessError):
                    contract.with_user(user).action_gesticlean_invoice_now(
                        date(2026, 1, 15)
                    )
            moves = contract.with_user(self.accountant).action_gesticlean_invoice_now(
                date(2026, 1, 15)
            )
        self.assertEqual(len(moves), 1)
        with freeze_time("2026-02-15"):
            wizard = (
                self.env["gesticlean.support.invoice.wizard"]
                .with_user(self.manager)
                .create({"date_ref": "2026-02-15"})
            )
            action = wizard.action_invoice()
        invoices = self.env["account.move"].search(action["domain"])
        self.assertIn(contract, invoices.support_contract_id)

    def test_contract_access_matrix(self):
        contract = self._make_contract()
        for user in (self.intake, self.technician, self.accountant):
            with self.subTest(user=user.login):
                self.assertEqual(contract.with_user(user).licence_count, 3)
                with self.assertRaises(AccessError):
                    contract.with_user(user).write({"licence_count": 4})
        contract.with_user(self.manager).licence_count = 4
        self.assertEqual(contract.support_monthly_amount, 110.0)


@tagged("post_install", "-at_install")
class TestConcurrentInvoicing(TransactionCase):
    """Two transactions invoicing the same contract: one invoice, never two."""

    def test_two_cursors_invoicing_at_once(self):
        registry = self.env.registry
        # the contract must be committed for both transactions to see it
        with registry.cursor() as cr:
            env = self.env(cr=cr)
            shop = env["res.partner"].create(
                {
                    "name": "Pressing Concurrent",
                    "is_company": True,
                    "gesticlean_client": True,
                }
            )
            contract = env["contract.contract"].create(
                ContractCommon._contract_values(shop, licences=2, start="2026-01-15")
            )
            contract_id, shop_id = contract.id, shop.id
        self.addCleanup(self._cleanup_committed, contract_id, shop_id)

        first_invoiced = threading.Event()
        second_done = threading.Event()
        results = {}

        def invoice(name, first):
            with registry.cursor() as cr:
                # the test runner holds the Registry class lock while tests run:
                # give the cursor its transaction without looking the registry up
                cr.transaction = api.Transaction(registry)
                env = api.Environment(cr, SUPERUSER_ID, {})
                contract = env["contract.contract"].browse(contract_id)
                moves = contract._gesticlean_invoice(date(2026, 1, 15))
                results[name] = len(moves)
                if first:
                    first_invoiced.set()
                    # keep the invoice uncommitted until the other run is over
                    results["second done before the first commit"] = second_done.wait(
                        10
                    )
                else:
                    second_done.set()
                # a real second transaction, as a concurrent cron or user request
                cr.commit()  # pylint: disable=invalid-commit

        # no mute_logger: the second run must skip the contract without an
        # INSERT refused by the unique index (logged as an ERROR by odoo.sql_db)
        first = threading.Thread(target=invoice, args=("first", True))
        first.start()
        self.assertTrue(first_invoiced.wait(30))
        second = threading.Thread(target=invoice, args=("second", False))
        second.start()
        first.join(60)
        second.join(60)
        self.assertTrue(results.pop("second done before the first commit"))
        self.assertEqual(results, {"first": 1, "second": 0})
        with registry.cursor() as cr:
            cr.execute(
                "SELECT COUNT(*) FROM account_move WHERE support_contract_id = %s",
                [contract_id],
            )
            self.assertEqual(cr.fetchone()[0], 1)

    def _cleanup_committed(self, contract_id, shop_id):
        """Remove what this test committed (test data only, in SQL)."""
        with self.env.registry.cursor() as cr:
            cr.execute(
                "DELETE FROM account_move WHERE support_contract_id = %s", [contract_id]
            )
            cr.execute(
                "DELETE FROM contract_line WHERE contract_id = %s", [contract_id]
            )
            cr.execute("DELETE FROM contract_contract WHERE id = %s", [contract_id])
            cr.execute("DELETE FROM res_partner WHERE id = %s", [shop_id])


@tagged("post_install", "-at_install")
class TestCatchUp(ContractCommon):
    def test_behind_schedule_caught_up_one_invoice_per_month(self):
        """A contract three months behind: the wizard says beforehand 3 invoices
        for that client and which months; Invoice Now makes them, each naming its
        month in its reference and lines, none flagged as a possible copy."""
        contract = self._make_contract(start="2026-01-15")
        other = self._make_contract(self.shop_b, start="2026-03-15")
        with freeze_time("2026-03-20"):
            wizard = (
                self.env["gesticlean.support.invoice.wizard"]
                .with_user(self.manager)
                .create({"date_ref": date(2026, 3, 20)})
            )
            preview = wizard.preview
            self.assertIn("4 factures seront créées", preview)
            self.assertIn(self.shop_a.name, preview)
            self.assertIn("janvier 2026 → mars 2026", preview)
            self.assertIn("mars 2026", preview)
            moves = contract.with_user(self.manager).action_gesticlean_invoice_now(
                date(2026, 3, 20)
            )
        self.assertEqual(len(moves), 3)
        self.assertEqual(
            moves.sorted("support_period_start").mapped("ref"),
            [
                "Support Pressing Test A – janvier 2026",
                "Support Pressing Test A – février 2026",
                "Support Pressing Test A – mars 2026",
            ],
        )
        for move in moves:
            month = move.ref.split(" – ")[1]
            self.assertTrue(
                all(month in line.name for line in move.invoice_line_ids),
                move.invoice_line_ids.mapped("name"),
            )
            self.assertFalse(move.duplicated_ref_ids, move.ref)
        # the other client was not asked for: not invoiced
        self.assertFalse(other.support_invoice_ids)
        with freeze_time("2026-03-20"):
            wizard.invalidate_recordset(["preview"])
            wizard.contract_ids = contract
            self.assertIn("Aucune facture à créer", wizard.preview)

    def test_one_entry_point_for_support_contracts(self):
        """OCA's *invoice contracts manually* wizard leaves support contracts to
        Invoice Now: it neither lists nor invoices them."""
        contract = self._make_contract(start="2026-01-15")
        wizard = self.env["contract.manually.create.invoice"].create(
            {"invoice_date": date(2026, 3, 20)}
        )
        self.assertNotIn(contract, wizard.contract_to_invoice_ids)
        wizard.create_invoice()
        self.assertFalse(contract.support_invoice_ids)
