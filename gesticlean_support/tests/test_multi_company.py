"""Two companies side by side: no record, invoice or statistic crosses over."""

from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .test_billing import BillingCommon


@tagged("post_install", "-at_install")
class TestMultiCompany(BillingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create(
            {
                "name": "INFORUM Sud",
                "country_id": cls.env.ref("base.fr").id,
                "currency_id": cls.env.ref("base.EUR").id,
            }
        )
        cls.env["account.chart.template"].try_loading(
            "fr", company=cls.company_b, install_demo=False
        )
        cls.env["gesticlean.licence.tier"].create(
            [
                {"company_id": cls.company_b.id, "min_licences": 1, "price_unit": 40},
                {"company_id": cls.company_b.id, "min_licences": 2, "price_unit": 35},
            ]
        )
        both = [(6, 0, [cls.company_a.id, cls.company_b.id])]
        # the accountant works for both companies; the others for one
        cls.accountant.company_ids = both
        cls.technician_b = new_test_user(
            cls.env,
            login="gc_technician_b",
            name="Technicien Sud",
            groups="gesticlean_support.group_support_technician",
            company_id=cls.company_b.id,
            company_ids=[(6, 0, cls.company_b.ids)],
        )
        cls.employee_b = cls.env["hr.employee"].create(
            {
                "name": "Technicien Sud",
                "user_id": cls.technician_b.id,
                "company_id": cls.company_b.id,
            }
        )
        cls.shop_c = cls.env["res.partner"].create(
            {
                "name": "Pressing Test C",
                "is_company": True,
                "gesticlean_client": True,
                "gesticlean_code": "T-0003",
                "country_id": cls.env.ref("base.fr").id,
            }
        )
        cls.contract_a = cls._support_contract(cls.shop_a, date(2026, 1, 1))
        cls.contract_b = (
            cls.env["contract.contract"]
            .with_company(cls.company_b)
            .create(
                {
                    "name": "Support Sud",
                    "partner_id": cls.shop_c.id,
                    "company_id": cls.company_b.id,
                    "is_support_contract": True,
                    "licence_count": 2,
                    "date_start": date(2026, 1, 1),
                    "line_recurrence": False,
                }
            )
        )

    def _ticket_in(self, company, shop):
        return (
            self.env["helpdesk.ticket"]
            .with_company(company)
            .create(
                {
                    "name": "Demande",
                    "description": "<p>Demande</p>",
                    "partner_id": shop.id,
                    "company_id": company.id,
                    "team_id": False,
                    "billing_notice_given": True,
                }
            )
        )

    def _done_intervention_in(self, company, shop, user, employee, minutes):
        with freeze_time(datetime(2026, 3, 2, 9, 0)):
            ticket = self._ticket_in(company, shop)
            intervention = self.env["support.intervention"].create(
                {
                    "ticket_id": ticket.id,
                    "user_id": user.id,
                    "date_start": datetime(2026, 3, 2, 9, 0),
                    "date_end": datetime(2026, 3, 2, 10, 0),
                    "outcome": "solved",
                }
            )
        self.env["account.analytic.line"].with_company(company).create(
            {
                "name": "Session",
                "date": date(2026, 3, 2),
                "unit_amount": minutes / 60,
                "employee_id": employee.id,
                "support_intervention_id": intervention.id,
            }
        )
        return intervention

    def _invoices(self, contract):
        return self.env["account.move"].search(
            [("support_contract_id", "=", contract.id)], order="support_period_start"
        )

    def _assert_in_company(self, invoices, company):
        self.assertTrue(invoices)
        for invoice in invoices:
            with self.subTest(invoice=invoice.name):
                self.assertEqual(invoice.company_id, company)
                self.assertEqual(invoice.journal_id.company_id, company)
                lines = invoice.invoice_line_ids
                self.assertEqual(lines.account_id.company_ids, company)
                self.assertTrue(lines.tax_ids)
                self.assertEqual(lines.tax_ids.company_id, company)

    def test_cron_invoices_each_contract_in_its_company(self):
        Contract = self.env["contract.contract"]
        ContractClass = type(Contract)
        original = ContractClass._recurring_create_invoice
        runs = []

        def recording(contracts, date_ref=False):
            runs.append((contracts.env.company, contracts.company_id))
            return original(contracts, date_ref)

        with (
            freeze_time("2026-03-20"),
            patch.object(ContractClass, "_recurring_create_invoice", recording),
        ):
            # as the cron runner does: call again while contracts are due
            for __ in range(10):
                done, __ = Contract._gesticlean_invoice_batch(date(2026, 3, 20))
                if not done:
                    break
        # each run is in the company of its contracts, as OCA contract's cron
        self.assertTrue(runs)
        for current, companies in runs:
            self.assertEqual(companies, current)
        invoices_a = self._invoices(self.contract_a)
        invoices_b = self._invoices(self.contract_b)
        self.assertEqual(len(invoices_a), 3)
        self.assertEqual(len(invoices_b), 3)
        self._assert_in_company(invoices_a, self.company_a)
        self._assert_in_company(invoices_b, self.company_b)
        # company B's price (2 licences at 35 €), not company A's
        self.assertEqual(invoices_b[0].amount_untaxed, 70.0)
        self.assertFalse(
            any((self.contract_a | self.contract_b).mapped("invoicing_error"))
        )

    def test_invoice_now_in_the_contract_company(self):
        moves = self.contract_b.with_user(
            self.accountant
        ).action_gesticlean_invoice_now(date(2026, 1, 31))
        self._assert_in_company(moves.sudo(), self.company_b)

    def test_out_of_contract_run_stays_in_its_company(self):
        in_a = self._done_intervention_in(
            self.company_a, self.shop_b, self.technician, self.employee, 40
        )
        in_b = self._done_intervention_in(
            self.company_b, self.shop_b, self.technician_b, self.employee_b, 40
        )
        self.assertEqual((in_a | in_b).mapped("invoice_state"), ["to_invoice"] * 2)
        Intervention = self.env["support.intervention"].with_user(self.accountant)
        invoices_a, __ = Intervention.with_company(
            self.company_a
        )._gesticlean_invoice_out_of_contract(date(2026, 3, 31))
        self.assertEqual(in_a.invoice_state, "invoiced")
        self.assertEqual(in_b.invoice_state, "to_invoice", "B is left to B")
        self._assert_in_company(invoices_a.sudo(), self.company_a)
        invoices_b, __ = Intervention.with_company(
            self.company_b
        )._gesticlean_invoice_out_of_contract(date(2026, 3, 31))
        self.assertEqual(in_b.invoice_state, "invoiced")
        self._assert_in_company(invoices_b.sudo(), self.company_b)
        self.assertEqual(invoices_b.invoice_line_ids.support_intervention_id, in_b)

    def test_records_of_the_other_company_are_not_seen(self):
        intervention_b = self._done_intervention_in(
            self.company_b, self.shop_c, self.technician_b, self.employee_b, 20
        )
        request_b = self.env["gesticlean.termination.request"].create(
            {
                "contract_id": self.contract_b.id,
                "channel": "letter",
                "received_date": "2026-06-10",
                "document": "UERGIGxldHRyZQ==",
                "reason_id": self.env.ref(
                    "gesticlean_support.terminate_reason_closing"
                ).id,
            }
        )
        self.env.flush_all()
        statistic_b = self.env["support.rating.statistic"].search(
            [("company_id", "=", self.company_b.id)]
        )
        self.assertTrue(statistic_b)
        tiers_b = self.env["gesticlean.licence.tier"].search(
            [("company_id", "=", self.company_b.id)]
        )
        for user, records in (
            (self.manager, [intervention_b, request_b, statistic_b, tiers_b]),
            (self.technician, [intervention_b]),
            (self.intake, [intervention_b, request_b, tiers_b]),
        ):
            for record in records:
                with self.subTest(user=user.login, model=record._name):
                    found = (
                        self.env[record._name]
                        .with_user(user)
                        .search([("id", "in", record.ids)])
                    )
                    self.assertFalse(found)
        # and company B's technician sees B's records only
        seen = (
            self.env["support.intervention"]
            .with_user(self.technician_b)
            .search([])
            .company_id
        )
        self.assertEqual(seen, self.company_b)

    def test_statistics_count_the_current_company(self):
        Intervention = self.env["support.intervention"]
        since = date(2026, 1, 1)
        before_a = Intervention._gesticlean_rating_statistics(since)
        before_b = Intervention.with_company(
            self.company_b
        )._gesticlean_rating_statistics(since)
        # shop C is under contract in company B
        self._done_intervention_in(
            self.company_b, self.shop_c, self.technician_b, self.employee_b, 20
        )
        after_a = Intervention._gesticlean_rating_statistics(since)
        after_b = Intervention.with_company(
            self.company_b
        )._gesticlean_rating_statistics(since)
        self.assertEqual(after_a["contract_count"], before_a["contract_count"])
        self.assertEqual(after_b["contract_count"], before_b["contract_count"] + 1)

    def test_coverage_by_the_company_contract(self):
        """Shop C is under contract with company B only: its calls to company A
        are billable."""
        with freeze_time(datetime(2026, 3, 2, 9, 0)):
            ticket_a = self._ticket_in(self.company_a, self.shop_c)
            ticket_b = self._ticket_in(self.company_b, self.shop_c)
        self.assertEqual(ticket_a.coverage, "billable")
        self.assertEqual(ticket_b.coverage, "contract")
        self.assertEqual(ticket_b.coverage_contract_id, self.contract_b)

    def test_company_checked_on_links(self):
        """A technician of another company, a ticket of another company: refused."""
        ticket_b = self._ticket_in(self.company_b, self.shop_c)
        with self.assertRaises(UserError):
            self.env["support.intervention"].create(
                {"ticket_id": ticket_b.id, "user_id": self.technician.id}
            )
        # company A's intake does not reach company B's contracts
        with self.assertRaises(AccessError):
            self.env["gesticlean.termination.request"].with_user(self.intake).create(
                {
                    "contract_id": self.contract_b.id,
                    "channel": "letter",
                    "document": "UERGIGxldHRyZQ==",
                    "reason_id": self.env.ref(
                        "gesticlean_support.terminate_reason_closing"
                    ).id,
                }
            )
        self.assertFalse(self.contract_b.termination_request_ids)
