from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import BaseCase, tagged

from ..tools import billed_units, hours_to_minutes
from .common import contract_pdf_text
from .test_helpdesk import HelpdeskCommon


@tagged("post_install", "-at_install")
class TestRounding(BaseCase):
    def test_rounding_table(self):
        """Every started half-hour is billed 45 € excl. taxes."""
        table = {1: 1, 15: 1, 30: 1, 31: 2, 59: 2, 60: 2, 61: 3, 89: 3, 90: 3, 91: 4}
        for minutes, units in table.items():
            with self.subTest(minutes=minutes):
                self.assertEqual(billed_units(minutes), units)
                self.assertEqual(billed_units(minutes) * 45, units * 45)
        self.assertEqual(billed_units(0), 0)
        self.assertEqual(billed_units(61, unit_minutes=15), 5)
        self.assertEqual(hours_to_minutes(31 / 60), 31)
        with self.assertRaises(ValueError):
            billed_units(10, unit_minutes=0)


class BillingCommon(HelpdeskCommon):
    """A technician who is an employee, and helpers to bill interventions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee = cls.env["hr.employee"].create(
            {"name": "Technician", "user_id": cls.technician.id}
        )

    def _intervention(self, shop, minutes=(), version_update=False, day=2):
        with freeze_time(datetime(2026, 3, day, 9, 0)):
            ticket = self._ticket(shop)
            intervention = self.env["support.intervention"].create(
                {
                    "ticket_id": ticket.id,
                    "user_id": self.technician.id,
                    "date_start": datetime(2026, 3, day, 9, 0),
                    "date_end": datetime(2026, 3, day, 10, 0),
                    "outcome": "solved",
                    "version_update": version_update,
                }
            )
        for spent in minutes:
            self.env["account.analytic.line"].create(
                {
                    "name": "Session TeamViewer",
                    "date": date(2026, 3, day),
                    "unit_amount": spent / 60,
                    "employee_id": self.employee.id,
                    "support_intervention_id": intervention.id,
                }
            )
        return intervention

    def _invoice(self, day=date(2026, 3, 31), user=None):
        return (
            self.env["support.intervention"]
            .with_user(user or self.accountant)
            ._gesticlean_invoice_out_of_contract(day)
        )


@tagged("post_install", "-at_install")
class TestInterventionBilling(BillingCommon):
    def test_lines_summed_before_rounding(self):
        intervention = self._intervention(self.shop_b, minutes=(10, 10, 5))
        self.assertTrue(intervention.billable)
        self.assertEqual(intervention.logged_minutes, 25)
        self.assertEqual(intervention.billed_units, 1)
        self.assertEqual(intervention.billed_amount, 45.0)

    def test_one_invoice_per_client_with_tax(self):
        first = self._intervention(self.shop_b, minutes=(31,))
        second = self._intervention(
            self.shop_b, minutes=(61,), version_update=True, day=3
        )
        invoices, skipped = self._invoice()
        self.assertFalse(skipped)
        self.assertEqual(len(invoices), 1)
        self.assertEqual(invoices.partner_id, self.shop_b)
        self.assertEqual(invoices.state, "draft")
        lines = invoices.invoice_line_ids
        self.assertEqual(lines.mapped("quantity"), [2.0, 3.0, 1.0])
        self.assertEqual(lines.mapped("price_unit"), [45.0, 45.0, 145.0])
        self.assertIn(first.ticket_id.number, lines[0].name)
        self.assertIn("0h31", lines[0].name)
        self.assertIn("Technician", lines[0].name)
        self.assertEqual(invoices.amount_untaxed, 370.0)
        self.assertEqual(invoices.amount_tax, 74.0)
        self.assertEqual(invoices.amount_total, 444.0)
        self.assertEqual(first.invoice_state, "invoiced")
        self.assertEqual(second.invoice_state, "invoiced")
        self.assertEqual(first.timesheet_ids.support_invoice_line_id, lines[0])

    def test_under_contract_never_invoiced(self):
        self._support_contract(self.shop_a, date(2026, 1, 1))
        intervention = self._intervention(self.shop_a, minutes=(45,))
        self.assertFalse(intervention.billable)
        self.assertEqual(intervention.invoice_state, "included")
        self.assertEqual(intervention.billed_amount, 0.0)
        invoices, __ = self._invoice()
        self.assertFalse(invoices)

    def test_twice_then_cancel_then_reverse(self):
        intervention = self._intervention(self.shop_b, minutes=(40,))
        invoices, __ = self._invoice()
        self.assertEqual(len(invoices), 1)
        again, __ = self._invoice()
        self.assertFalse(again)
        # invoiced time is locked
        timesheet = intervention.timesheet_ids
        with self.assertRaises(UserError) as caught:
            timesheet.with_user(self.technician).write({"unit_amount": 0.1})
        self.assertIn("est facturé", str(caught.exception))
        with self.assertRaises(UserError):
            timesheet.unlink()
        # cancelled: billable again, then invoiced again
        invoices.button_cancel()
        self.assertEqual(intervention.invoice_state, "to_invoice")
        timesheet.write({"unit_amount": 50 / 60})
        second, __ = self._invoice()
        self.assertEqual(len(second), 1)
        self.assertEqual(second.invoice_line_ids.quantity, 2.0)
        # reversed: billable again
        second.action_post()
        reversal = second._reverse_moves(cancel=True)
        self.assertTrue(reversal)
        self.assertEqual(second.payment_state, "reversed")
        self.assertEqual(intervention.invoice_state, "to_invoice")
        third, __ = self._invoice()
        self.assertEqual(len(third), 1)

    def test_interventions_without_time_are_listed(self):
        nothing = self._intervention(self.shop_b)
        billed = self._intervention(self.shop_b, minutes=(15,), day=3)
        invoices, skipped = self._invoice()
        self.assertEqual(len(invoices), 1)
        self.assertEqual(skipped, {nothing: "aucun temps saisi"})
        self.assertEqual(billed.invoice_state, "invoiced")
        wizard = (
            self.env["gesticlean.intervention.billing.wizard"]
            .with_user(self.accountant)
            .create({"date_to": date(2026, 3, 31)})
        )
        wizard.action_invoice()
        self.assertIn("aucun temps saisi", wizard.result)
        self.assertIn("0 facture(s) brouillon créée(s)", wizard.result)

    def test_rights(self):
        self._intervention(self.shop_b, minutes=(15,))
        for user in (self.technician, self.intake):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._invoice(user=user)
        invoices, __ = self._invoice(user=self.accountant)
        self.assertEqual(len(invoices), 1)
        # support managers also hold the invoicing rights
        self.assertTrue(self.manager.has_group("account.group_account_invoice"))

    def test_timer_logs_time(self):
        with freeze_time(datetime(2026, 3, 2, 9, 0)):
            ticket = self._ticket(self.shop_b)
            intervention = (
                self.env["support.intervention"]
                .with_user(self.technician)
                .create({"ticket_id": ticket.id, "outcome": "solved"})
            )
        with freeze_time(datetime(2026, 3, 2, 9, 41)):
            intervention.with_user(self.technician).action_done()
        self.assertEqual(intervention.timesheet_ids.employee_id, self.employee)
        self.assertEqual(intervention.logged_minutes, 41)
        self.assertEqual(intervention.billed_units, 2)
        self.assertEqual(intervention.timesheet_ids.support_ticket_id, ticket)

    def test_intake_tells_the_client(self):
        ticket = self._ticket(self.shop_b)
        self.assertEqual(ticket.coverage, "billable")
        self.assertEqual(
            ticket.billing_notice, "facturable : 45,00\xa0€ HT la demi-heure"
        )
        ticket.with_user(self.intake).billing_notice_given = True
        self.assertTrue(ticket.billing_notice_given)


@tagged("post_install", "-at_install")
class TestBillingUnits(BillingCommon):
    """One hourly rate (90 € HT), the unit's price derived from it; the amount on
    the intervention is the invoice's, whatever the prices when invoicing."""

    def test_15_30_60_minute_units(self):
        hour, update = self.env["support.intervention"]._gesticlean_billing_products()
        self.assertEqual(hour.lst_price, 90.0)
        contract = self._support_contract(self.shop_a, date(2026, 1, 1))
        company = self.env.company
        cases = {
            # unit: (unit price, units for 31 minutes, notice, PDF sentence)
            15: (22.5, 3, "22,50 € HT le quart d'heure", "soit 22,50 € HT le quart"),
            30: (45.0, 2, "45,00 € HT la demi-heure", "soit 45,00 € HT la demi-heure"),
            60: (90.0, 1, "90,00 € HT l'heure", "90,00 € HT l'heure."),
        }
        for day, (unit, (price, units, notice, pdf)) in enumerate(cases.items(), 2):
            with self.subTest(unit=unit):
                company.gesticlean_billing_unit = unit
                intervention = self._intervention(
                    self.shop_b, minutes=(31,), version_update=True, day=day
                )
                self.assertEqual(intervention.billed_unit_minutes, unit)
                self.assertEqual(intervention.billed_unit_price, price)
                self.assertEqual(intervention.billed_units, units)
                self.assertEqual(intervention.billed_amount, price * units + 145.0)
                self.assertEqual(
                    intervention.ticket_id.billing_notice.replace("\xa0", " "),
                    "facturable : " + notice,
                )
                text = contract_pdf_text(contract)
                self.assertIn(
                    "Sans contrat de support, les interventions sont facturées "
                    "90,00 € HT l'heure",
                    text,
                )
                self.assertIn(pdf, text)
                # prices change after the work, before the accountant invoices it
                hour.lst_price, update.lst_price = 120.0, 200.0
                invoices, skipped = self._invoice(date(2026, 3, 31))
                hour.lst_price, update.lst_price = 90.0, 145.0
                self.assertFalse(skipped)
                line, fee = invoices.invoice_line_ids
                self.assertEqual(line.product_id, hour)
                self.assertEqual((line.quantity, line.price_unit), (units, price))
                self.assertIn(f"{units} × {unit} min", line.name)
                self.assertEqual((fee.quantity, fee.price_unit), (1, 145.0))
                self.assertEqual(invoices.amount_untaxed, intervention.billed_amount)
                self.assertEqual(intervention.invoice_state, "invoiced")

    def test_unit_kept_when_the_setting_changes(self):
        intervention = self._intervention(self.shop_b, minutes=(20,))
        self.assertEqual(intervention.billed_amount, 45.0)
        self.env.company.gesticlean_billing_unit = 15
        self.assertEqual(intervention.billed_amount, 45.0)
        invoices, __ = self._invoice()
        self.assertEqual(invoices.amount_untaxed, 45.0)
        with self.assertRaises(ValidationError) as caught:
            self.env.company.gesticlean_billing_unit = 0
        self.assertIn("unité de facturation", str(caught.exception))


@tagged("post_install", "-at_install")
class TestInterventionForm(BillingCommon):
    def test_technician_sees_the_call_without_the_ticket(self):
        """The intervention form shows the caller, the callback number, the problem
        described at intake, the out-of-contract banner and the time logged (the one
        duration billed), not the elapsed time."""
        intervention = self._intervention(self.shop_b, minutes=(40,))
        intervention.ticket_id.write(
            {"caller_name": "Mme Durand", "callback_phone": "+33450451234"}
        )
        as_technician = intervention.with_user(self.technician)
        arch = as_technician.get_views([(False, "form")])["views"]["form"]["arch"]
        for name in ("caller_name", "callback_phone", "problem", "billing_notice"):
            self.assertIn(f'name="{name}"', arch)
        self.assertIn('name="logged_minutes"', arch)
        self.assertNotIn('name="duration"', arch)
        values = as_technician.read(
            ["caller_name", "problem", "billing_notice", "coverage", "logged_minutes"]
        )[0]
        self.assertEqual(values["caller_name"], "Mme Durand")
        self.assertIn("Demande du client", values["problem"])
        self.assertEqual(values["coverage"], "billable")
        self.assertIn("45,00", values["billing_notice"])
        self.assertEqual(values["logged_minutes"], 40)
