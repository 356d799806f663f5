"""Public methods check who calls them (and on which records): a table of
(method, role) -> AccessError and nothing changed, through the ORM and JSON-RPC.

Add a row for each public method of the module's models and wizards (README,
"Security: roles, public methods and their guards").
"""

import importlib.util
from datetime import date, datetime
from pathlib import Path

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .test_billing import BillingCommon
from .test_protected_fields import _json_rpc

MIGRATION = (
    Path(__file__).parent.parent / "migrations" / "18.0.3.0.0" / "post-private-crons.py"
)


@tagged("post_install", "-at_install")
class TestPublicMethods(BillingCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls._support_contract(cls.shop_a, date(2026, 1, 1))
        cls.other_contract = cls.env["contract.contract"].create(
            {"name": "Not support", "partner_id": cls.shop_b.id}
        )
        cls.reason = cls.env.ref("gesticlean_support.terminate_reason_closing")
        cls.request = cls.env["gesticlean.termination.request"].create(
            {
                "contract_id": cls.contract.id,
                "channel": "letter",
                "received_date": "2026-06-10",
                "document": "UERGIGxldHRyZQ==",
                "reason_id": cls.reason.id,
            }
        )
        with freeze_time(datetime(2026, 3, 2, 9, 0)):
            cls.ticket = cls._ticket(cls.shop_b)
        cls.intervention = cls.env["support.intervention"].create(
            {
                "ticket_id": cls.ticket.id,
                "user_id": cls.technician.id,
                "date_start": datetime(2026, 3, 2, 9, 0),
                "outcome": "solved",
            }
        )
        cls.shop_calendar = cls.shop_b.shop_calendar_id
        # a preventive check to record, a workstation to plan an update for
        cls.workstation = cls.env["gesticlean.workstation"].create(
            {"name": "Caisse", "partner_id": cls.shop_a.id}
        )
        cls.check = cls.env["helpdesk.ticket"].create(
            {
                "name": "Maintenance préventive",
                "description": "<p>Maintenance préventive</p>",
                "partner_id": cls.shop_a.id,
                "planned_kind": "maintenance",
            }
        )
        cls.check._gesticlean_create_checklist()

    def _snapshot(self):
        """What the methods below would change."""
        self.env.invalidate_all()
        return {
            "leaves": self.env["resource.calendar.leaves"].search_count([]),
            "invoices": self.env["account.move"].search_count([]),
            "contracts": self.env["contract.contract"].search_count([]),
            "errors": self.env["contract.contract"].search_count(
                [("invoicing_error", "!=", False)]
            ),
            "request": self.request.state,
            "intervention": self.intervention.state,
            "ticket_user": self.ticket.user_id,
            "interventions": self.env["support.intervention"].search_count([]),
            "tickets": self.env["helpdesk.ticket"].search_count([]),
            "results": tuple(self.check.maintenance_result_ids.mapped("state")),
        }

    def _rows(self):
        """(method label, roles refused, call(env of the role))."""
        support = self.env.ref("gesticlean_support.resource_calendar_support")
        intake, technician = self.intake, self.technician
        accountant, portal = self.accountant, self.portal_a
        contract_wizard = self.env["gesticlean.support.contract.wizard"].create(
            {"partner_id": self.shop_a.id, "licence_count": 2}
        )
        payment_wizard = self.env["gesticlean.contract.payment.wizard"].create(
            {"contract_id": self.contract.id}
        )
        billing_wizard = self.env["gesticlean.intervention.billing.wizard"].create(
            {"date_to": date(2026, 3, 31)}
        )

        def on(record):
            return lambda user: record.with_user(user)

        return [
            (
                "resource.calendar.action_generate_public_holidays (support)",
                (intake, technician, accountant),
                lambda u: on(support)(u).action_generate_public_holidays(),
            ),
            (
                "resource.calendar.action_generate_public_holidays (a shop's)",
                (intake, technician, accountant),
                lambda u: on(self.shop_calendar)(u).action_generate_public_holidays(),
            ),
            (
                "contract.contract.action_gesticlean_invoice_now",
                (intake, technician, portal),
                lambda u: on(self.contract)(u).action_gesticlean_invoice_now(
                    date(2026, 3, 31)
                ),
            ),
            (
                "contract.contract.action_gesticlean_payment",
                (intake, technician, accountant, portal),
                lambda u: on(self.contract)(u).action_gesticlean_payment(),
            ),
            (
                "contract.contract.action_gesticlean_termination_request",
                (accountant, portal),
                lambda u: on(self.contract)(u).action_gesticlean_termination_request(),
            ),
            (
                "res.partner.action_gesticlean_new_support_contract",
                (intake, technician, accountant, portal),
                lambda u: on(self.shop_a)(u).action_gesticlean_new_support_contract(),
            ),
            (
                "helpdesk.ticket.action_take_call",
                (intake, accountant),
                lambda u: on(self.ticket)(u).action_take_call(),
            ),
            (
                "helpdesk.ticket.action_take_next_call",
                (intake, accountant),
                lambda u: on(self.ticket)(u).action_take_next_call(),
            ),
            (
                "support.intervention.action_done",
                (intake, accountant, portal),
                lambda u: on(self.intervention)(u).action_done(),
            ),
            (
                "support.intervention.action_confirm_billing_notice",
                (intake, accountant, portal),
                lambda u: on(self.intervention)(u).action_confirm_billing_notice(),
            ),
            (
                "gesticlean.termination.request.action_confirm",
                (intake, technician, accountant),
                lambda u: on(self.request)(u).action_confirm(),
            ),
            (
                "gesticlean.termination.request.action_withdraw",
                (intake, technician, accountant),
                lambda u: on(self.request)(u).action_withdraw(),
            ),
            (
                "gesticlean.support.contract.wizard.action_create_contract",
                (intake, technician, accountant),
                lambda u: on(contract_wizard)(u).action_create_contract(),
            ),
            (
                "gesticlean.contract.payment.wizard.action_apply",
                (intake, technician, accountant),
                lambda u: on(payment_wizard)(u).action_apply(),
            ),
            (
                "gesticlean.intervention.billing.wizard.action_invoice",
                (intake, technician),
                lambda u: on(billing_wizard)(u).action_invoice(),
            ),
            (
                "helpdesk.ticket.action_gesticlean_check_all_ok",
                (intake, accountant, portal),
                lambda u: on(self.check)(u).action_gesticlean_check_all_ok(),
            ),
            (
                "helpdesk.ticket.action_gesticlean_complete_check",
                (intake, accountant, portal),
                lambda u: on(self.check)(u).action_gesticlean_complete_check(),
            ),
            (
                "gesticlean.maintenance.result.action_mark_ok/_fix/_na",
                (intake, accountant, portal),
                lambda u: on(self.check.maintenance_result_ids[:1])(
                    u
                ).action_mark_fix(),
            ),
            (
                "gesticlean.workstation.action_gesticlean_plan_updates",
                (intake, accountant, portal),
                lambda u: on(self.workstation)(u).action_gesticlean_plan_updates(),
            ),
            (
                "support.intervention._gesticlean_invoice_out_of_contract",
                (intake, technician, portal),
                lambda u: (
                    self.env["support.intervention"]
                    .with_user(u)
                    ._gesticlean_invoice_out_of_contract(date(2026, 3, 31))
                ),
            ),
        ]

    def test_refused_and_nothing_changed(self):
        before = self._snapshot()
        for label, roles, call in self._rows():
            for role in roles:
                with self.subTest(method=label, role=role.login):
                    with self.assertRaises(AccessError):
                        call(role)
                    self.assertEqual(self._snapshot(), before, "nothing changed")

    def test_record_kind_checked(self):
        """Managers too: only calendars closed on public holidays, only support
        contracts."""
        calendar = self.shop_calendar.with_user(self.manager)
        self.assertFalse(calendar.gesticlean_public_holidays)
        with self.assertRaises(UserError):
            calendar.action_generate_public_holidays()
        for method in ("action_gesticlean_invoice_now", "action_gesticlean_payment"):
            with self.subTest(method=method), self.assertRaises(UserError):
                getattr(self.other_contract.with_user(self.manager), method)()
        with self.assertRaises(UserError):
            self.other_contract.with_user(
                self.intake
            ).action_gesticlean_termination_request()
        self.assertFalse(calendar.leave_ids)
        # the allowed caller on the right record
        calendar.gesticlean_public_holidays = True
        calendar.action_generate_public_holidays()
        self.assertTrue(calendar.leave_ids)

    def test_crons_are_private(self):
        """Through JSON-RPC, intake (or a client) cannot run the crons: every due
        contract would get an invoicing error."""
        for login in ("gc_intake", "gc_portal_a"):
            self.authenticate(login, login)
            for model, method in (
                ("contract.contract", "_cron_gesticlean_invoicing"),
                ("contract.contract", "cron_gesticlean_invoicing"),
                ("resource.calendar", "_cron_generate_public_holidays"),
                ("resource.calendar", "cron_generate_public_holidays"),
                ("helpdesk.ticket", "_cron_plan_maintenance"),
            ):
                with (
                    self.subTest(login=login, method=method),
                    mute_logger("odoo.http"),
                ):
                    answer = _json_rpc(self, model, method, [[]])
                    self.assertIn("error", answer)
            support = self.env.ref("gesticlean_support.resource_calendar_support")
            answer = _json_rpc(
                self,
                "resource.calendar",
                "action_generate_public_holidays",
                [support.ids],
            )
            self.assertEqual(
                answer["error"]["data"]["name"], "odoo.exceptions.AccessError"
            )
        self.assertFalse(
            self.env["contract.contract"].search([("invoicing_error", "!=", False)])
        )

    def test_migration_points_the_crons_to_private_methods(self):
        """The crons are noupdate: the migration rewrites their code."""
        crons = {
            "gesticlean_support.ir_cron_support_invoicing": (
                "model.cron_gesticlean_invoicing()",
                "model._cron_gesticlean_invoicing()",
            ),
            "gesticlean_support.ir_cron_public_holidays": (
                "model.cron_generate_public_holidays()",
                "model._cron_generate_public_holidays()",
            ),
        }
        for xmlid, (old, __) in crons.items():
            self.env.ref(xmlid).code = old
        self.env.flush_all()
        spec = importlib.util.spec_from_file_location("post_private_crons", MIGRATION)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "18.0.2.0.0")
        self.env.invalidate_all()
        for xmlid, (__, new) in crons.items():
            self.assertEqual(self.env.ref(xmlid).code, new)
