"""A role changes only what its forms let it change: protected fields refused in
write()/create() from a client, through the ORM and through JSON-RPC.

The table below is role x model x field: add a row for each field a model of the
module protects (see models/protected_fields.py).
"""

import json
from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common_contract import ContractCommon
from .test_billing import BillingCommon


@tagged("post_install", "-at_install")
class TestProtectedFields(ContractCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reason = cls.env.ref("gesticlean_support.terminate_reason_closing")
        cls.contract = cls._make_contract(licences=3, start="2026-01-15")
        cls.other_contract = cls._make_contract(cls.shop_b, licences=1)
        with freeze_time("2026-06-10"):
            cls.request = cls._termination_request(cls.contract)

    @classmethod
    def _termination_request(cls, contract, **values):
        return (
            cls.env["gesticlean.termination.request"]
            .with_user(cls.intake)
            .create(
                {
                    "contract_id": contract.id,
                    "channel": "letter",
                    "received_date": "2026-06-10",
                    "document": "UERGIGxldHRyZQ==",
                    "document_name": "courrier.pdf",
                    "reason_id": cls.reason.id,
                    **values,
                }
            )
        )

    def _protected_rows(self):
        """(role, record, field, value a client might send)."""
        request = self.request
        return [
            (role, request, field, value)
            for role in (self.intake, self.technician, self.manager)
            for field, value in (
                ("state", "confirmed"),
                ("confirmed_by_id", role.id),
                ("confirmed_date", "2026-06-11"),
                ("withdrawn_date", "2026-06-11"),
                ("effective_date", "2026-06-30"),
                ("contract_id", self.other_contract.id),
                ("partner_id", self.shop_b.id),
            )
        ]

    def _assert_refused(self, role, record, field, value, method="write"):
        before = record[field]
        with self.subTest(role=role.login, model=record._name, field=field):
            with self.assertRaises(AccessError) as caught:
                if method == "write":
                    record.with_user(role).write({field: value})
                else:
                    record.with_user(role).create({field: value})
            # the message is French (the users' language) and names the field
            label = record._fields[field]._description_string(
                record.with_context(lang="fr_FR").env
            )
            self.assertIn(label, str(caught.exception))
            record.invalidate_recordset()
            self.assertEqual(record[field], before, "nothing changed")

    def test_write_refused_for_every_role(self):
        for role, record, field, value in self._protected_rows():
            self._assert_refused(role, record, field, value)
        self.assertEqual(self.contract.partner_id, self.shop_a)

    def test_create_refused_with_protected_values(self):
        with self.assertRaises(AccessError):
            self._termination_request(self.other_contract, state="confirmed")
        with self.assertRaises(AccessError):
            self._termination_request(
                self.other_contract, confirmed_by_id=self.manager.id
            )
        self.assertFalse(self.other_contract.termination_request_ids)

    def test_context_default_is_not_taken(self):
        request = (
            self.env["gesticlean.termination.request"]
            .with_context(default_state="confirmed")
            .with_user(self.intake)
            .create(
                {
                    "contract_id": self.other_contract.id,
                    "channel": "email",
                    "received_date": "2026-06-10",
                    "document": "UERGIGxldHRyZQ==",
                    "reason_id": self.reason.id,
                }
            )
        )
        self.assertEqual(request.state, "requested")

    def test_current_value_and_editable_fields_accepted(self):
        request = self.request.with_user(self.intake)
        # what the form shows may be sent back unchanged
        request.write({"state": "requested", "contract_id": self.contract.id})
        # the pending request's own fields stay editable
        request.write({"channel": "email", "comment": "Reçu par courriel"})
        self.assertEqual(request.channel, "email")

    def test_actions_move_the_state(self):
        with freeze_time("2026-06-11"):
            self.request.with_user(self.manager).action_confirm()
        self.assertEqual(self.request.state, "confirmed")
        self.assertEqual(self.request.confirmed_by_id, self.manager)
        # once confirmed, what the client wrote is kept as received
        with self.assertRaises(UserError):
            self.request.with_user(self.manager).write({"received_date": "2026-01-01"})
        self.assertEqual(str(self.request.received_date), "2026-06-10")

    def test_json_rpc_cannot_forge_the_action_context(self):
        """Through the web client's own endpoint, with the marker's key in the
        context: refused, nothing written."""
        self.authenticate("gc_intake", "gc_intake")
        response = self.url_open(
            "/web/dataset/call_kw/gesticlean.termination.request/write",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "model": "gesticlean.termination.request",
                        "method": "write",
                        "args": [[self.request.id], {"state": "confirmed"}],
                        "kwargs": {
                            "context": {
                                "lang": "fr_FR",
                                "gesticlean_protected_write": True,
                            }
                        },
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        error = response.json()["error"]["data"]
        self.assertEqual(error["name"], "odoo.exceptions.AccessError")
        self.assertIn("actions du module de support", error["message"])
        self.request.invalidate_recordset()
        self.assertEqual(self.request.state, "requested")


def _json_rpc(case, model, method, args, kwargs=None):
    """Call ``model.method(*args)`` through the web client's JSON-RPC endpoint."""
    response = case.url_open(
        f"/web/dataset/call_kw/{model}/{method}",
        data=json.dumps(
            {
                "jsonrpc": "2.0",
                "method": "call",
                "params": {
                    "model": model,
                    "method": method,
                    "args": args,
                    "kwargs": {"context": {"lang": "fr_FR"}, **(kwargs or {})},
                },
            }
        ),
        headers={"Content-Type": "application/json"},
    )
    return response.json()


@tagged("post_install", "-at_install")
class TestProtectedSupportFields(BillingCommon, HttpCase):
    """Tickets, interventions, timesheets, contracts and invoices: what the module
    derives is refused from every role, whatever the rights on the model."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract_a = cls._support_contract(cls.shop_a, date(2026, 1, 1))
        with freeze_time(datetime(2026, 3, 2, 9, 0)):
            cls.ticket_a = cls._ticket(cls.shop_a)
            cls.ticket_b = cls._ticket(cls.shop_b)

    def setUp(self):
        super().setUp()
        # shop B is out of contract: one intervention invoiced, one to invoice
        self.invoiced = self._intervention(self.shop_b, minutes=(40,))
        self.invoices, __ = self._invoice()
        self.to_invoice = self._intervention(self.shop_b, minutes=(20,), day=3)
        self.timesheet = self.invoiced.timesheet_ids
        self.invoice_line = self.timesheet.support_invoice_line_id

    def _protected_rows(self):
        """(roles, record, field, value a client might send)."""
        writers = (self.intake, self.technician, self.manager)
        technicians = (self.technician, self.manager)
        ticket_b, invoiced = self.ticket_b, self.invoiced
        return [
            # intake must not make a billable call "under contract"
            (writers, ticket_b, "coverage", "contract"),
            (writers, ticket_b, "coverage_contract_id", self.contract_a.id),
            (writers, ticket_b, "intake_date", "2025-01-01 08:00:00"),
            (writers, ticket_b, "callback_waiting", False),
            (writers, ticket_b, "queue_rank", 0),
            (writers, ticket_b, "callback_deadline", "2030-01-01 08:00:00"),
            (writers, ticket_b, "target_met", True),
            (writers, ticket_b, "first_callback_hours", 0.1),
            # the time is billed, on the client of the ticket
            (technicians, invoiced, "billable", False),
            (technicians, invoiced, "billed_amount", 0.0),
            (technicians, invoiced, "rating_happy_share", 100.0),
            (technicians, invoiced, "rating_smiley", "happy"),
            (technicians, invoiced, "caller_name", "Quelqu'un d'autre"),
            (technicians, invoiced, "billed_units", 0),
            (technicians, invoiced, "billed_unit_price", 1.0),
            (technicians, invoiced, "logged_minutes", 1),
            (technicians, invoiced, "invoice_state", "included"),
            (technicians, self.to_invoice, "invoice_state", "invoiced"),
            (technicians, invoiced, "partner_id", self.shop_a.id),
            (technicians, invoiced, "coverage", "contract"),
            (technicians, invoiced, "state", "running"),
            (technicians, invoiced, "duration", 0.0),
            (technicians, invoiced, "ticket_id", self.ticket_a.id),
            (technicians, invoiced, "invoice_line_ids", [Command.clear()]),
            # the link of invoiced time to its invoice line
            # (other users may not touch the technician's timesheets at all)
            ((self.technician,), self.timesheet, "support_invoice_line_id", False),
            # the contract's invoicing state, the kind of contract
            ((self.manager,), self.contract_a, "invoicing_error", "Bloqué"),
            ((self.manager,), self.contract_a, "invoicing_error_date", "2026-03-02"),
            ((self.manager,), self.contract_a, "is_support_contract", False),
            (
                (self.manager,),
                self.contract_a.contract_line_ids[:1],
                "support_line_kind",
                False,
            ),
            # invoices: the intervention billed, the contract and period billed
            (
                (self.accountant, self.manager),
                self.invoice_line,
                "support_intervention_id",
                self.to_invoice.id,
            ),
            (
                (self.accountant, self.manager),
                self.invoices,
                "support_contract_id",
                self.contract_a.id,
            ),
        ]

    def _assert_refused(self, role, record, field, value):
        before = record[field]
        with self.subTest(role=role.login, model=record._name, field=field):
            with self.assertRaises(AccessError) as caught:
                record.with_user(role).write({field: value})
            label = record._fields[field]._description_string(
                record.with_context(lang="fr_FR").env
            )
            self.assertIn(label, str(caught.exception))
            self.assertIn("actions du module de support", str(caught.exception))
            record.invalidate_recordset()
            self.assertEqual(record[field], before, "nothing changed")

    def test_write_refused_for_every_role(self):
        for roles, record, field, value in self._protected_rows():
            for role in roles:
                self._assert_refused(role, record, field, value)
        self.assertEqual(self.invoiced.invoice_state, "invoiced")
        self.assertEqual(self.ticket_b.coverage, "billable")

    def test_read_only_roles_refused_by_their_rights(self):
        """Intake and the client shops only read interventions."""
        for role in (self.intake, self.portal_a, self.portal_b):
            with self.subTest(role=role.login), self.assertRaises(AccessError):
                self.invoiced.with_user(role).write({"billable": False})
        self.assertTrue(self.invoiced.billable)
        for role in (self.manager, self.accountant):
            with self.subTest(role=role.login), self.assertRaises(AccessError):
                self.timesheet.with_user(role).write({"support_invoice_line_id": False})
        self.assertEqual(self.timesheet.support_invoice_line_id, self.invoice_line)
        # the client shops read their tickets and contracts only
        for record, vals in (
            (self.ticket_b, {"coverage": "contract"}),
            (self.contract_a, {"invoicing_error": "Bloqué"}),
        ):
            for role in (self.portal_a, self.portal_b):
                with (
                    self.subTest(role=role.login, model=record._name),
                    self.assertRaises(AccessError),
                ):
                    record.with_user(role).write(vals)
        self.assertEqual(self.ticket_b.coverage, "billable")
        self.assertFalse(self.contract_a.invoicing_error)

    def test_create_refused_with_protected_values(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.intake)
        for field, value in (
            ("coverage", "contract"),
            ("coverage_contract_id", self.contract_a.id),
            ("intake_date", "2026-01-05 08:00:00"),
        ):
            with self.subTest(field=field), self.assertRaises(AccessError):
                Ticket.create(
                    {
                        "name": "Appel",
                        "description": "<p>Appel</p>",
                        "partner_id": self.shop_b.id,
                        field: value,
                    }
                )
        with self.assertRaises(AccessError):
            self.env["support.intervention"].with_user(self.technician).create(
                {"ticket_id": self.ticket_b.id, "billable": False}
            )
        with self.assertRaises(AccessError):
            self.env["account.analytic.line"].with_user(self.technician).create(
                {
                    "name": "Temps",
                    "unit_amount": 1,
                    "employee_id": self.employee.id,
                    "support_intervention_id": self.to_invoice.id,
                    "support_invoice_line_id": self.invoice_line.id,
                }
            )
        self.assertEqual(self.to_invoice.invoice_state, "to_invoice")
        # a client's default is not taken either
        ticket = Ticket.with_context(default_coverage="contract").create(
            {
                "name": "Appel",
                "description": "<p>Appel</p>",
                "partner_id": self.shop_b.id,
            }
        )
        self.assertEqual(ticket.coverage, "billable")

    def test_forms_keep_working(self):
        """What a form sends back unchanged, and the editable fields, are taken."""
        ticket = self.ticket_b.with_user(self.intake)
        ticket.write(
            {"coverage": "billable", "caller_name": "Mme Favre", "urgency": "blocked"}
        )
        self.assertEqual(ticket.caller_name, "Mme Favre")
        intervention = self.to_invoice.with_user(self.technician)
        intervention.write(
            {
                "ticket_id": intervention.ticket_id.id,
                "billable": True,
                "notes": "<p>Imprimante réinstallée</p>",
                "date_end": datetime(2026, 3, 3, 10, 30),
            }
        )
        self.assertEqual(intervention.duration, 1.5)

    def test_invoiced_time_locked_until_cancelled(self):
        timesheet = self.timesheet.with_user(self.technician)
        for vals in (
            {"unit_amount": 0.1},
            {"date": "2026-03-20"},
            {"employee_id": self.env["hr.employee"].create({"name": "Autre"}).id},
            {"support_intervention_id": self.to_invoice.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                timesheet.write(vals)
        # no time added to an invoiced intervention, no bill changed on it
        with self.assertRaises(UserError):
            self.env["account.analytic.line"].with_user(self.technician).create(
                {
                    "name": "Temps",
                    "unit_amount": 1,
                    "employee_id": self.employee.id,
                    "support_intervention_id": self.invoiced.id,
                }
            )
        with self.assertRaises(UserError):
            self.invoiced.with_user(self.technician).version_update = True
        # nor through what the update fee follows from
        workstation = self.env["gesticlean.workstation"].create(
            {"name": "Caisse", "partner_id": self.shop_b.id}
        )
        release = self.env["gesticlean.release"].create(
            {"name": "9.9", "release_date": "2026-01-05"}
        )
        for vals in (
            {"workstation_id": workstation.id},
            {"version_after_id": release.id},
            {"version_before_id": release.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                self.invoiced.with_user(self.technician).write(vals)
        self.assertFalse(self.invoiced.version_update)
        self.assertFalse(self.invoiced.workstation_id)
        self.assertEqual(self.invoiced.logged_minutes, 40)
        self.assertEqual(self.invoiced.billed_amount, 90.0)
        # cancelled: the time is released
        self.invoices.button_cancel()
        timesheet.write({"unit_amount": 0.5})
        self.assertEqual(self.invoiced.billed_amount, 45.0)
        self.assertEqual(self.invoiced.invoice_state, "to_invoice")

    def test_handled_ticket_keeps_its_shop(self):
        """Moving a handled ticket to a shop under contract would make its billed
        time "included" (and show it on the other shop's portal)."""
        ticket = self.invoiced.ticket_id.with_user(self.intake)
        for vals in ({"partner_id": self.shop_a.id}, {"company_id": False}):
            with self.subTest(vals=vals), self.assertRaises(UserError) as caught:
                ticket.write(vals)
            self.assertIn("ne peuvent plus être modifiés", str(caught.exception))
        self.assertEqual(self.invoiced.partner_id, self.shop_b)
        self.assertTrue(self.invoiced.billable)
        # another person of the same shop is fine
        ticket.partner_id = self.portal_b.partner_id
        self.assertEqual(self.invoiced.partner_id, self.shop_b)

    def test_intervention_state_through_its_action(self):
        with freeze_time(datetime(2026, 3, 4, 9, 0)):
            intervention = self.ticket_b.with_user(
                self.technician
            )._gesticlean_start_intervention(datetime(2026, 3, 4, 9, 0))
        intervention.outcome = "solved"
        with self.assertRaises(UserError):
            intervention.date_end = datetime(2026, 3, 4, 9, 30)
        self.assertEqual(intervention.state, "running")
        with self.assertRaises(AccessError):
            intervention.with_user(self.intake).action_done()
        with freeze_time(datetime(2026, 3, 4, 9, 30)):
            intervention.action_done()
        self.assertEqual(intervention.state, "done")
        # an ended intervention is not reopened
        with self.assertRaises(UserError):
            intervention.date_end = False
        self.assertEqual(intervention.state, "done")

    def test_json_rpc_refused(self):
        """Through the web client: intake on a ticket's coverage, a technician on
        an intervention's client and on the link of invoiced time."""
        for login, model, record, vals in (
            ("gc_intake", "helpdesk.ticket", self.ticket_b, {"coverage": "contract"}),
            (
                "gc_technician",
                "support.intervention",
                self.invoiced,
                {"partner_id": self.shop_a.id},
            ),
            (
                "gc_technician",
                "account.analytic.line",
                self.timesheet,
                {"support_invoice_line_id": False},
            ),
        ):
            with self.subTest(login=login, model=model):
                self.authenticate(login, login)
                error = _json_rpc(self, model, "write", [record.ids, vals])["error"]
                self.assertEqual(error["data"]["name"], "odoo.exceptions.AccessError")
                self.assertIn("actions du module de support", error["data"]["message"])
        self.ticket_b.invalidate_recordset()
        self.assertEqual(self.ticket_b.coverage, "billable")
        self.assertEqual(self.invoiced.partner_id, self.shop_b)
        self.assertEqual(self.timesheet.support_invoice_line_id, self.invoice_line)
