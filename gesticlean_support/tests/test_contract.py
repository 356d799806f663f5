from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common_contract import ContractCommon


@tagged("post_install", "-at_install")
class TestContractPricing(ContractCommon):
    def test_price_table(self):
        """Monthly amounts for the vendor's tiers, with and without each option
        (backups: 11 € for the shop's one workstation with backups enabled,
        whatever the licences)."""
        shop = self.shop_a
        self._backup_workstations(shop, 1)
        table = {
            # licences: (price per licence, licences only)
            1: (33.0, 33.0),
            2: (27.5, 55.0),
            3: (27.5, 82.5),
            5: (27.5, 137.5),
            6: (23.0, 138.0),
            7: (23.0, 161.0),
            12: (23.0, 276.0),
            40: (23.0, 920.0),
        }
        for licences, (unit, base) in table.items():
            for conveyor, backup, extra in (
                ("none", False, 0.0),
                ("conveyor", False, 21.0),
                ("conveyor_arm", False, 23.0),
                ("none", True, 11.0),
                ("conveyor_arm", True, 23.0 + 11.0),
            ):
                with self.subTest(licences=licences, conveyor=conveyor, backup=backup):
                    contract = self._make_contract(
                        shop, licences=licences, conveyor=conveyor, backup=backup
                    )
                    self.assertEqual(contract.licence_price_unit, unit)
                    self.assertAlmostEqual(
                        contract.support_monthly_amount, base + extra
                    )

    def test_wizard_shows_the_total_at_once(self):
        self._backup_workstations(self.shop_a, 3)
        wizard = Form(
            self.env["gesticlean.support.contract.wizard"]
            .with_user(self.manager)
            .with_context(default_partner_id=self.shop_a.id)
        )
        wizard.licence_count = 3
        self.assertEqual(wizard.licence_price_unit, 27.5)
        self.assertEqual(wizard.monthly_amount, 82.5)
        wizard.conveyor_option = "conveyor_arm"
        wizard.backup_option = True
        self.assertEqual(wizard.monthly_amount, 82.5 + 23 + 33)
        self.assertIn("3 licences GestiClean", wizard.price_details)
        wizard.licence_count = 6
        self.assertEqual(wizard.licence_price_unit, 23.0)
        # backups: per workstation with backups enabled, not per licence
        self.assertEqual(wizard.monthly_amount, 138 + 23 + 33)
        wizard.date_start = date(2026, 3, 1)
        action = wizard.save().action_create_contract()
        contract = self.Contract.browse(action["res_id"])
        self.assertTrue(contract.is_support_contract)
        self.assertEqual(contract.support_monthly_amount, 194.0)
        self.assertEqual(
            sorted(contract.contract_line_ids.mapped("support_line_kind")),
            ["backup", "conveyor_arm", "licence"],
        )

    def test_tiers_are_data_managers_edit(self):
        tier = self.env.ref("gesticlean_support.licence_tier_2")
        tier.with_user(self.manager).price_unit = 26.0
        self.assertEqual(self._make_contract(licences=4).support_monthly_amount, 104.0)
        self.assertEqual(tier.display_name, "2 à 5 licences")
        self.assertEqual(
            self.env.ref("gesticlean_support.licence_tier_6").display_name,
            "6 licences et plus",
        )

    def test_conveyor_options_exclusive(self):
        contract = self._make_contract(conveyor="conveyor")
        arm = self.env.ref("gesticlean_support.product_option_conveyor_arm")
        with self.assertRaises(ValidationError) as caught:
            contract.write(
                {
                    "contract_line_ids": [
                        Command.create(
                            {
                                "product_id": arm.id,
                                "name": arm.name,
                                "support_line_kind": "conveyor_arm",
                                "quantity": 1,
                                "price_unit": 23.0,
                                "date_start": contract.date_start,
                                "recurring_next_date": contract.date_start,
                            }
                        )
                    ]
                }
            )
        self.assertIn(
            "ne peut pas avoir les deux options convoyeur", str(caught.exception)
        )
        # switching options ends one line and starts the other
        contract.conveyor_option = "conveyor_arm"
        running = contract._support_lines_running().mapped("support_line_kind")
        self.assertIn("conveyor_arm", running)
        self.assertNotIn("conveyor", running)

    def test_options_exclusive_whatever_the_path(self):
        """A line typed in the contract form (no kind, only the product) counts as
        the option its product bills: refused next to the other conveyor option,
        refused as a second line of an option already billed, nothing written."""
        self._backup_workstations(self.shop_a, 1)
        contract = self._make_contract(conveyor="conveyor", backup=True)
        lines_before = contract.contract_line_ids
        amount_before = contract.support_monthly_amount
        for xmlid, expected in (
            ("product_option_conveyor_arm", "ne peut pas avoir les deux options"),
            ("product_option_conveyor", "facture déjà"),
            ("product_option_backup", "facture déjà"),
            ("product_support_licence", "facture déjà"),
        ):
            product = self.env.ref(f"gesticlean_support.{xmlid}")
            with (
                self.subTest(product=xmlid),
                self.assertRaises(ValidationError) as caught,
                Form(contract) as form,
            ):
                # the form OCA shows for contracts without line recurrence
                with form.contract_line_fixed_ids.new() as line:
                    line.product_id = product
                    line.quantity = 1
                    line.price_unit = 21.0
            self.assertIn(expected, str(caught.exception))
            self.assertEqual(contract.contract_line_ids, lines_before)
        self.assertEqual(contract.support_monthly_amount, amount_before)

    def test_option_needs_the_equipment(self):
        count = self.Contract.search_count([])
        with self.assertRaises(ValidationError) as caught:
            self._make_contract(self.shop_b, conveyor="conveyor")
        self.assertIn("Liaison convoyeur", str(caught.exception))
        self.assertIn("Aucun", str(caught.exception))
        self.shop_b.shop_equipment = "conveyor"
        with self.assertRaises(ValidationError):
            self._make_contract(self.shop_b, conveyor="conveyor_arm")
        self.assertTrue(self._make_contract(self.shop_b, conveyor="conveyor"))
        self.assertEqual(self.Contract.search_count([]), count + 1)

    def test_backup_eligibility(self):
        shop = self.shop_b
        cases = (
            ("windows_7", False, ["Windows 10", "connexion internet stable"]),
            ("windows_7", True, ["Windows 10"]),
            ("windows_11", False, ["connexion internet stable"]),
        )
        for os_version, internet, missing in cases:
            with self.subTest(os=os_version, internet=internet):
                shop.write({"workstation_os": os_version, "stable_internet": internet})
                with self.assertRaises(ValidationError) as caught:
                    self._make_contract(shop, backup=True)
                message = str(caught.exception)
                self.assertIn("sauvegardes automatiques", message)
                for condition in missing:
                    self.assertIn(condition, message)
                if len(missing) == 1:
                    other = {"Windows 10", "connexion internet stable"} - set(missing)
                    self.assertNotIn(other.pop(), message)
        shop.write({"workstation_os": "windows_10", "stable_internet": True})
        self._backup_workstations(shop, 1)
        self.assertEqual(
            self._make_contract(shop, backup=True, licences=2).support_monthly_amount,
            66.0,
        )

    def test_bad_input_refused(self):
        count = self.Contract.search_count([])
        for licences in (0, -1, 2.5, "3", None):
            with self.subTest(licences=licences):
                with self.assertRaises(ValidationError) as caught:
                    self._make_contract(licences=licences)
                self.assertIn("n'est pas un nombre de licences", str(caught.exception))
        wizard = self.env["gesticlean.support.contract.wizard"].create(
            {"partner_id": self.shop_a.id, "licence_count": 2}
        )
        wizard.date_start = False
        with self.assertRaises(ValidationError) as caught:
            wizard.action_create_contract()
        self.assertIn("date de début", str(caught.exception))
        wizard.write({"date_start": date(2026, 1, 1), "licence_count": 0})
        with self.assertRaises(ValidationError):
            wizard.action_create_contract()
        self.assertEqual(self.Contract.search_count([]), count)
        contract = self._make_contract(licences=2)
        with self.assertRaises(ValidationError):
            # what an RPC call sends (a field assignment truncates to int first)
            contract.write({"licence_count": 1.5})
        self.assertEqual(contract.licence_count, 2)

    def test_licence_change_tracked_and_priced_next_invoice(self):
        with freeze_time("2026-01-15"):
            contract = self._make_contract(licences=3, start="2026-01-15")
            contract.action_gesticlean_invoice_now(date(2026, 1, 15))
            self.env.cr.precommit.run()
            contract = contract.with_context(tracking_disable=False, mail_notrack=False)
            contract.licence_count = 6
            self.env.flush_all()
            self.env.cr.precommit.run()
        contract.invalidate_recordset()
        tracked = contract.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "licence_count"
        )
        self.assertEqual((tracked.old_value_integer, tracked.new_value_integer), (3, 6))
        january, february = self._invoice_pair(contract)
        self.assertEqual(january.amount_untaxed, 82.5)
        self.assertEqual(february.amount_untaxed, 138.0)

    def _invoice_pair(self, contract):
        with freeze_time("2026-02-15"):
            contract.action_gesticlean_invoice_now(date(2026, 2, 15))
        invoices = self._invoices(contract)
        self.assertEqual(len(invoices), 2)
        return invoices


@tagged("post_install", "-at_install")
class TestContractCommitment(ContractCommon):
    def test_commitment_year_from_29_february(self):
        contract = self._make_contract(start="2028-02-29")
        expectations = (
            ("2028-02-29", date(2028, 2, 29), date(2029, 2, 27)),
            ("2029-02-27", date(2028, 2, 29), date(2029, 2, 27)),
            ("2029-02-28", date(2029, 2, 28), date(2030, 2, 27)),
            ("2032-03-01", date(2032, 2, 29), date(2033, 2, 27)),
        )
        for today, first, last in expectations:
            with self.subTest(today=today):
                contract.invalidate_recordset(
                    ["commitment_start_date", "commitment_end_date"]
                )
                with freeze_time(today):
                    self.assertEqual(contract.commitment_start_date, first)
                    self.assertEqual(contract.commitment_end_date, last)

    def test_commitment_year_from_31_january(self):
        contract = self._make_contract(start="2027-01-31")
        for today, last in (
            ("2027-06-01", date(2028, 1, 30)),
            ("2028-01-30", date(2028, 1, 30)),
            ("2028-01-31", date(2029, 1, 30)),
        ):
            with self.subTest(today=today), freeze_time(today):
                contract.invalidate_recordset(["commitment_end_date"])
                self.assertEqual(contract.commitment_end_date, last)

    def test_twelve_invoices_a_year_from_31_january(self):
        """Monthly periods stay anchored on the 31st: twelve invoices a year."""
        contract = self._make_contract(licences=1, start="2027-01-31")
        with freeze_time("2028-01-30"):
            contract.action_gesticlean_invoice_now(date(2028, 1, 30))
        invoices = self._invoices(contract)
        self.assertEqual(len(invoices), 12)
        self.assertEqual(
            invoices.mapped("support_period_start")[:4],
            [
                date(2027, 1, 31),
                date(2027, 2, 28),
                date(2027, 3, 31),
                date(2027, 4, 30),
            ],
        )
        lines = contract.contract_line_ids
        self.assertEqual(lines.last_date_invoiced, date(2028, 1, 30))

    def test_tacit_renewal(self):
        """After a year the contract goes on, billed every month, for a new year."""
        contract = self._make_contract(licences=2, start="2026-01-15")
        with freeze_time("2027-02-20"):
            contract.action_gesticlean_invoice_now(date(2027, 2, 20))
            contract.invalidate_recordset()
            self.assertEqual(contract.support_state, "active")
            self.assertEqual(contract.commitment_start_date, date(2027, 1, 15))
            self.assertEqual(contract.commitment_end_date, date(2028, 1, 14))
        self.assertEqual(len(self._invoices(contract)), 14)
        self.assertEqual(
            self._invoices(contract)[-1].support_period_start, date(2027, 2, 15)
        )


@tagged("post_install", "-at_install")
class TestContractTermination(ContractCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reason = cls.env.ref("gesticlean_support.terminate_reason_closing")

    def _request(self, contract, received="2026-06-10", user=None):
        return (
            self.env["gesticlean.termination.request"]
            .with_user(user or self.intake)
            .create(
                {
                    "contract_id": contract.id,
                    "channel": "letter",
                    "received_date": received,
                    "document": "UERGIGxldHRyZQ==",
                    "document_name": "courrier.pdf",
                    "reason_id": self.reason.id,
                    "comment": "Départ à la retraite",
                }
            )
        )

    def test_request_confirm_effective_date(self):
        contract = self._make_contract(licences=3, start="2026-01-15")
        with freeze_time("2026-06-10"):
            request = self._request(contract)
            contract.invalidate_recordset()
            self.assertEqual(contract.support_state, "termination_requested")
            self.assertEqual(request.effective_date, date(2027, 1, 14))
            activity = request.activity_ids
            self.assertEqual(len(activity), 1)
            self.assertTrue(
                activity.user_id.has_group("gesticlean_support.group_support_manager")
            )
            with self.assertRaises(UserError):
                request.with_user(self.intake).action_confirm()
            request.with_user(self.manager).action_confirm()
            contract.invalidate_recordset()
            self.assertEqual(request.state, "confirmed")
            self.assertEqual(contract.support_state, "terminating")
            self.assertEqual(contract.terminate_date, date(2027, 1, 14))
            self.assertEqual(contract.terminate_reason_id, self.reason)
            self.assertFalse(request.activity_ids)
            self.assertEqual(
                set(contract.contract_line_ids.mapped("date_end")), {date(2027, 1, 14)}
            )
        with freeze_time("2027-01-15"):
            contract.invalidate_recordset()
            self.assertEqual(contract.support_state, "terminated")
            contract.action_gesticlean_invoice_now(date(2027, 6, 1))
        invoices = self._invoices(contract)
        self.assertEqual(len(invoices), 12)
        self.assertEqual(invoices[-1].support_period_start, date(2026, 12, 15))

    def test_request_needs_the_document(self):
        contract = self._make_contract()
        with self.assertRaises(ValidationError):
            self.env["gesticlean.termination.request"].create(
                {
                    "contract_id": contract.id,
                    "channel": "email",
                    "received_date": "2026-06-10",
                    "reason_id": self.reason.id,
                }
            )
        self.assertFalse(contract.termination_request_ids)

    def test_withdrawal_before_and_after_confirmation(self):
        contract = self._make_contract(start="2026-01-15")
        with freeze_time("2026-06-10"):
            request = self._request(contract)
            request.with_user(self.manager).action_withdraw()
            self.assertEqual(request.state, "withdrawn")
            contract.invalidate_recordset()
            self.assertEqual(contract.support_state, "active")
            again = self._request(contract, received="2026-06-12")
            again.with_user(self.manager).action_confirm()
        with freeze_time("2026-12-01"):
            again.with_user(self.manager).action_withdraw()
            contract.invalidate_recordset()
            self.assertEqual(contract.support_state, "active")
            self.assertFalse(contract.is_terminated)
            self.assertFalse(any(contract.contract_line_ids.mapped("date_end")))
        self.assertEqual(len(contract.termination_request_ids), 2)
        with self.assertRaises(UserError):
            request.unlink()

    def test_too_late_to_withdraw(self):
        contract = self._make_contract(start="2026-01-15")
        with freeze_time("2026-06-10"):
            request = self._request(contract)
            request.with_user(self.manager).action_confirm()
        with freeze_time("2027-02-01"), self.assertRaises(UserError):
            request.with_user(self.manager).action_withdraw()
        self.assertEqual(request.state, "confirmed")

    def test_one_termination_at_a_time(self):
        contract = self._make_contract()
        self._request(contract)
        with self.assertRaises(UserError):
            self._request(contract, received="2026-06-11")


@tagged("post_install", "-at_install")
class TestClientContractSummary(ContractCommon):
    def test_client_shows_its_contract(self):
        with freeze_time("2026-03-01"):
            contract = self._make_contract(
                licences=3, conveyor="conveyor", start="2026-01-15"
            )
            shop = self.shop_a
            shop.invalidate_recordset()
            self.assertEqual(shop.support_contract_id, contract)
            self.assertEqual(shop.support_licence_count, 3)
            self.assertEqual(shop.support_monthly_amount, 103.5)
            self.assertEqual(shop.support_commitment_end_date, date(2027, 1, 14))
            self.assertEqual(shop.support_contract_state, "active")
            self.assertFalse(self.shop_b.support_contract_id)
            # a contact of the shop sees the same contract
            self.assertEqual(self.portal_a.partner_id.support_contract_id, contract)


@tagged("post_install", "-at_install")
class TestContractJournal(ContractCommon):
    def test_chart_loaded_after_contracts(self):
        """On a new database the chart (and its sales journal) comes after every
        module's data: the contracts made before it get their journal when it is
        loaded, so that they can be saved and invoiced."""
        contract = self._make_contract()
        journal = contract.journal_id
        self.assertEqual(journal.type, "sale")
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE contract_contract SET journal_id = NULL WHERE id = %s",
            [contract.id],
        )
        self.env.invalidate_all()
        self.assertFalse(contract.journal_id)
        self.env["account.chart.template"]._gesticlean_set_contract_journals(
            contract.company_id
        )
        self.assertEqual(contract.journal_id, journal)
