"""Backup monitoring: who sees and does what, and the backup option billed per
workstation with backups enabled (issue 13)."""

from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .test_backup import BackupCommon


@tagged("post_install", "-at_install")
class TestBackupAccess(BackupCommon):
    def test_only_managers_handle_tokens(self):
        for user in (self.intake, self.technician, self.accountant, self.portal_a):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError), mute_logger("odoo.models"):
                    self.till.with_user(user).action_gesticlean_backup_new_token()
                with self.assertRaises(AccessError), mute_logger("odoo.models"):
                    self.till.with_user(user).action_gesticlean_backup_revoke_token()
        self.till.with_user(self.manager).action_gesticlean_backup_new_token()
        # nobody reads the hash through the ORM, not even a manager
        for user in (self.technician, self.manager):
            with self.assertRaises(AccessError), mute_logger("odoo.models"):
                self.till.with_user(user).read(["backup_token_hash"])
        self.assertTrue(self.till.with_user(self.manager).backup_has_token)
        # no token for a workstation without backups
        with self.assertRaises(UserError):
            self.office.with_user(self.manager).action_gesticlean_backup_new_token()

    def test_derived_backup_fields_are_protected(self):
        for vals in (
            {"backup_status": "ok"},
            {"backup_last_success": "2026-03-01 10:00:00"},
            {"backup_token_hash": "0" * 64},
            {"backup_size_warning": "x"},
        ):
            with self.subTest(vals=vals):
                with self.assertRaises(AccessError), mute_logger("odoo.models"):
                    self.till.with_user(self.manager).write(vals)
        ticket = self._ticket_for_till()
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            ticket.with_user(self.manager).write({"backup_workstation_id": False})

    def _ticket_for_till(self):
        self._report(self.till, "failed", self.till.create_date)
        return self._tickets(self.till)

    def test_support_team_sees_the_dashboard_portal_does_not(self):
        self._report(self.till, "ok", self.till.create_date)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "gesticlean_support.action_backup_dashboard"
        )
        for user in (self.intake, self.technician, self.manager):
            with self.subTest(user=user.login):
                rows = (
                    self.env["gesticlean.workstation"]
                    .with_user(user)
                    .search_read(
                        safe_eval(action["domain"]),
                        ["backup_status", "backup_last_success"],
                    )
                )
                self.assertIn(self.till.id, [row["id"] for row in rows])
                self.assertTrue(
                    self.Report.with_user(user).search(
                        [("workstation_id", "=", self.till.id)]
                    )
                )
                with self.assertRaises(AccessError), mute_logger("odoo.models"):
                    self.Report.with_user(user).create(
                        {
                            "workstation_id": self.till.id,
                            "status": "ok",
                            "finished": "2026-03-01 10:00:00",
                            "source": "http",
                        }
                    )
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.Report.with_user(self.portal_a).search([])
        menu = self.env.ref("gesticlean_support.menu_support_backups")
        self.assertEqual(
            menu.parent_id, self.env.ref("gesticlean_support.menu_support_clients")
        )

    def test_settings_by_support_managers(self):
        wizard = (
            self.env["gesticlean.support.settings"]
            .with_user(self.manager)
            .create({"gesticlean_backup_missing_hours": 30})
        )
        self.assertEqual(wizard.gesticlean_backup_retention_days, 90)
        wizard.gesticlean_backup_retention_days = 60
        wizard.action_save()
        company = self.manager.company_id
        self.assertEqual(
            (
                company.gesticlean_backup_missing_hours,
                company.gesticlean_backup_retention_days,
            ),
            (30, 60),
        )


@tagged("post_install", "-at_install")
class TestBackupBilledPerWorkstation(BackupCommon):
    def _backup_line(self):
        return self.contract._support_lines_running().filtered(
            lambda line: line.support_line_kind == "backup"
        )

    def test_backup_line_follows_the_workstations(self):
        line = self._backup_line()
        self.assertEqual((line.quantity, line.price_unit), (1, 11.0))
        self.assertEqual(self.contract.support_monthly_amount, 2 * 27.5 + 11)
        self.office.with_user(self.technician).backups_enabled = True
        self.assertEqual(self._backup_line().quantity, 2)
        self.assertEqual(self.contract.support_monthly_amount, 2 * 27.5 + 22)
        note = self.contract.message_ids[0].body
        self.assertIn("Sauvegardes automatiques : 1 → 2 postes facturés", note)
        # an archived workstation is no longer billed
        self.office.active = False
        self.assertEqual(self._backup_line().quantity, 1)
        # none left: the line ends, the contract keeps its option
        self.till.backups_enabled = False
        self.assertFalse(self._backup_line())
        self.assertTrue(self.contract.backup_option)
        self.till.backups_enabled = True
        self.assertEqual(self._backup_line().quantity, 1)
        # another shop's workstations change nothing here
        self.till_b.backups_enabled = False
        self.assertEqual(self._backup_line().quantity, 1)

    def test_change_priced_from_the_next_invoice(self):
        self.contract.action_gesticlean_invoice_now(date(2026, 1, 1))
        self.office.backups_enabled = True
        self.contract.action_gesticlean_invoice_now(date(2026, 2, 1))
        invoices = self.env["account.move"].search(
            [("support_contract_id", "=", self.contract.id)],
            order="support_period_start",
        )
        self.assertEqual(len(invoices), 2)
        lines = [
            invoice.invoice_line_ids.filtered(lambda line: "sauvegardes" in line.name)
            for invoice in invoices
        ]
        self.assertEqual([line.quantity for line in lines], [1.0, 2.0])
        self.assertEqual(
            lines[1].name,
            "Option sauvegardes automatiques des données (2 postes) – février 2026",
        )
