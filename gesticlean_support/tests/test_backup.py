"""Backup monitoring (issue 14): the rules at each report and every 15 minutes,
the ticket per workstation, size drops, retention, the e-mail path, tokens."""

from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..models.gesticlean_backup_report import BackupReportError, format_size
from ..models.gesticlean_workstation_backup import token_hash
from .common import GestiCleanCommon

NOW = datetime(2026, 3, 2, 10, 0)
GB = 10**9


class BackupCommon(GestiCleanCommon):
    """Shop A (stable internet, under contract) with a till under Windows 11
    taking automatic backups, and a back office without; shop B with one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Workstation = cls.env["gesticlean.workstation"]
        cls.Ticket = cls.env["helpdesk.ticket"]
        cls.Report = cls.env["gesticlean.backup.report"]
        win11 = cls.env.ref("gesticlean_support.windows_11")
        (cls.shop_a | cls.shop_b).stable_internet = True
        with freeze_time(NOW - timedelta(days=10)):
            cls.till = cls.Workstation.create(
                {
                    "name": "Caisse",
                    "partner_id": cls.shop_a.id,
                    "licence_number": "T-BK-A1",
                    "windows_version_id": win11.id,
                    "backups_enabled": True,
                }
            )
            cls.office = cls.Workstation.create(
                {
                    "name": "Poste atelier",
                    "partner_id": cls.shop_a.id,
                    "licence_number": "T-BK-A2",
                    "windows_version_id": win11.id,
                }
            )
            cls.till_b = cls.Workstation.create(
                {
                    "name": "Caisse B",
                    "partner_id": cls.shop_b.id,
                    "licence_number": "T-BK-B1",
                    "windows_version_id": win11.id,
                    "backups_enabled": True,
                }
            )
        cls.contract = cls.env["contract.contract"].create(
            {
                "name": "Support A",
                "partner_id": cls.shop_a.id,
                "is_support_contract": True,
                "licence_count": 2,
                "backup_option": True,
                "date_start": date(2026, 1, 1),
                "line_recurrence": False,
            }
        )

    def _report(self, workstation, status, finished, size=5 * GB, message=None):
        return workstation._gesticlean_backup_ingest(
            {
                "status": status,
                "started": finished - timedelta(minutes=20),
                "finished": finished,
                "size": size,
                "message": message or False,
            },
            "http",
        )

    def _tickets(self, workstation):
        return self.Ticket.with_context(active_test=False).search(
            [("backup_workstation_id", "=", workstation.id)]
        )


@tagged("post_install", "-at_install")
class TestBackupRules(BackupCommon):
    def test_sizes_read_in_french(self):
        env = self.env(context=dict(self.env.context, lang="fr_FR"))
        self.assertEqual(format_size(env, 512), "512\xa0octets")
        self.assertEqual(format_size(env, 1500), "1,5\xa0Ko")
        self.assertEqual(format_size(env, 5_200_000_000), "5,2\xa0Go")

    @freeze_time(NOW)
    def test_failed_report_opens_one_ticket(self):
        self._report(self.till, "failed", NOW - timedelta(hours=1), 0, "Disque plein")
        ticket = self._tickets(self.till)
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.name, "Sauvegarde en échec – Caisse (T-BK-A1)")
        self.assertEqual(ticket.urgency, "degraded")
        self.assertEqual(ticket.partner_id, self.shop_a)
        self.assertEqual(ticket.company_id, self.till.company_id)
        self.assertEqual(ticket.workstation_id, self.till)
        self.assertEqual(ticket.coverage, "contract")
        self.assertEqual(ticket.coverage_contract_id, self.contract)
        self.assertIn("Disque plein", ticket.description)
        self.assertEqual(self.till.backup_status, "failing")
        self.assertEqual(self.till.backup_ticket_id, ticket)
        # the next failure adds a message to the same ticket
        messages = len(ticket.message_ids)
        self._report(self.till, "failed", NOW, 0, "Disque toujours plein")
        self.assertEqual(self._tickets(self.till), ticket)
        self.assertEqual(len(ticket.message_ids), messages + 1)
        self.assertIn("Disque toujours plein", ticket.message_ids[0].body)
        # another workstation gets its own ticket
        self._report(self.till_b, "failed", NOW)
        self.assertEqual(len(self._tickets(self.till_b)), 1)

    def test_missing_for_26_hours(self):
        with freeze_time(NOW):
            self._report(self.till, "ok", NOW)
        with freeze_time(NOW + timedelta(hours=25, minutes=59)):
            self.Workstation._cron_check_backups()
            self.assertFalse(self._tickets(self.till))
            self.assertEqual(self.till.backup_status, "ok")
        with freeze_time(NOW + timedelta(hours=26, minutes=1)):
            self.Workstation._cron_check_backups()
            ticket = self._tickets(self.till)
            self.assertEqual(len(ticket), 1)
            self.assertEqual(self.till.backup_status, "late")
            self.assertIn("Aucune sauvegarde réussie depuis le", ticket.description)
            messages = len(ticket.message_ids)
            # told once: the next runs add nothing
            self.Workstation._cron_check_backups()
        with freeze_time(NOW + timedelta(hours=30)):
            self.Workstation._cron_check_backups()
            self.assertEqual(self._tickets(self.till), ticket)
            self.assertEqual(len(ticket.message_ids), messages)
        # the delay is the company's setting
        self.till.company_id.gesticlean_backup_missing_hours = 4
        with freeze_time(NOW + timedelta(hours=31)):
            self._report(self.till, "ok", NOW + timedelta(hours=31))
            self.assertTrue(ticket.stage_id.closed)
        with freeze_time(NOW + timedelta(hours=35, minutes=1)):
            self.Workstation._cron_check_backups()
            self.assertFalse(ticket.stage_id.closed)
            self.assertEqual(self.till.backup_status, "late")

    def test_never_reported_after_26_hours(self):
        # enabled ten days ago, never reported: late for the rule, a ticket
        with freeze_time(NOW):
            self.Workstation._cron_check_backups()
        self.assertEqual(self.till.backup_status, "never")
        self.assertIn(
            "Aucun rapport de sauvegarde reçu", self._tickets(self.till).description
        )
        # the back office takes no backups: nothing
        self.assertFalse(self._tickets(self.office))

    def test_recovery_closes_then_refailure_reopens(self):
        # tracked as in production: the closing e-mails (stage templates) are sent
        tracked = self.till.with_context(tracking_disable=False, mail_notrack=False)
        with freeze_time(NOW):
            self._report(tracked, "failed", NOW)
            ticket = self._tickets(self.till)
            self.env.flush_all()
            self.env.cr.precommit.run()  # the failure's transaction ends
        with freeze_time(NOW + timedelta(hours=2)):
            self._report(tracked, "ok", NOW + timedelta(hours=2))
            self.assertTrue(ticket.stage_id.closed)
            self.assertFalse(ticket.backup_open)
            self.assertIn(
                "Sauvegarde rétablie le 2 mars 2026", ticket.message_ids[0].body
            )
            # the client never asked for it: no "your request is closed" e-mail
            self.env.flush_all()
            self.env.cr.precommit.run()  # the stage tracking and its template
            closed_notices = self.env["mail.mail"].search(
                [
                    ("model", "=", "helpdesk.ticket"),
                    ("res_id", "=", ticket.id),
                    ("subject", "ilike", "est close"),
                ]
            )
            self.assertFalse(closed_notices.mapped("subject"))
            self.assertEqual(self.till.backup_status, "ok")
        # a new failure within 24 h reopens the same ticket
        with freeze_time(NOW + timedelta(hours=20)):
            self._report(self.till, "failed", NOW + timedelta(hours=20))
            self.assertEqual(self._tickets(self.till), ticket)
            self.assertFalse(ticket.stage_id.closed)
            self.assertTrue(ticket.backup_open)
        with freeze_time(NOW + timedelta(hours=21)):
            self._report(self.till, "ok", NOW + timedelta(hours=21))
        # beyond 24 h: a new ticket
        with freeze_time(NOW + timedelta(hours=46)):
            self._report(self.till, "failed", NOW + timedelta(hours=46))
            tickets = self._tickets(self.till)
            self.assertEqual(len(tickets), 2)
            self.assertEqual(len(tickets.filtered("backup_open")), 1)

    @freeze_time(NOW)
    def test_size_drop_warning(self):
        for day in range(7, 0, -1):
            self._report(self.till, "ok", NOW - timedelta(days=day), (10 + day) * GB)
        self.assertFalse(self.till.backup_size_warning)
        self._report(self.till, "ok", NOW, 7 * GB)  # median 14 GB: not below 7
        self.assertFalse(self.till.backup_size_warning)
        self._report(self.till, "ok", NOW, 6 * GB)
        warning = self.till.backup_size_warning
        self.assertIn(
            "Chute de la taille de la sauvegarde : 6,0\xa0Go le 2 mars", warning
        )
        self.assertIn("médiane de 13,0\xa0Go sur les 7 dernières", warning)
        self.assertIn("Chute de la taille", self.till.message_ids[0].body)
        self._report(self.till, "ok", NOW, 12 * GB)
        self.assertFalse(self.till.backup_size_warning)

    def test_statuses_for_the_dashboard(self):
        with freeze_time(NOW - timedelta(hours=30)):
            self._report(self.till_b, "ok", NOW - timedelta(hours=30))
        with freeze_time(NOW):
            self._report(self.till, "ok", NOW)
            self.office.backups_enabled = True
            self.Workstation._cron_check_backups()
        self.assertEqual(
            [
                self.till.backup_status,
                self.office.backup_status,
                self.till_b.backup_status,
            ],
            ["ok", "never", "late"],
        )
        with freeze_time(NOW):
            self._report(self.till, "failed", NOW)
        self.assertEqual(self.till.backup_status, "failing")

    def test_retention_keeps_the_last_success(self):
        with freeze_time(NOW):
            old_ok = self._report(self.till, "ok", NOW - timedelta(days=100))
            old_failed = self._report(self.till, "failed", NOW - timedelta(days=99))
            older_ok_b = self._report(self.till_b, "ok", NOW - timedelta(days=120))
            last_ok_b = self._report(self.till_b, "ok", NOW - timedelta(days=95))
            recent = self._report(self.till_b, "failed", NOW)
        reports = old_ok | old_failed | older_ok_b | last_ok_b
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE gesticlean_backup_report SET create_date = finished "
            "WHERE id = ANY(%s)",
            [reports.ids],
        )
        self.Report._cron_purge()
        # removed: the old failure, shop B's older success; kept: each last
        # success and the recent report
        self.assertEqual((reports | recent).exists(), old_ok | last_ok_b | recent)
        self.till.company_id.gesticlean_backup_retention_days = 200
        self.assertEqual(self.Report._cron_purge(), 0)


@tagged("post_install", "-at_install")
class TestBackupMailAndTokens(BackupCommon):
    def _mail(self, subject, body):
        return (
            "From: agent@pressing-a.fr\r\n"
            "To: sauvegardes@inforum.example.com\r\n"
            f"Subject: {subject}\r\n"
            "Message-ID: <backup-%s@pressing-a.fr>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            f"{body}\r\n"
        ) % abs(hash(subject + body))

    def test_mail_alias(self):
        token = self._new_token(self.till)
        body = (
            '{"status": "failed", "finished": "2026-03-02T03:10:00+01:00", '
            '"message": "Disque plein"}'
        )
        with freeze_time(NOW):
            self.env["mail.thread"].message_process(
                "gesticlean.backup.report", self._mail(f"Sauvegarde {token}", body)
            )
        report = self.Report.search([("workstation_id", "=", self.till.id)])
        self.assertEqual(
            (report.source, report.status, report.finished, report.message),
            ("mail", "failed", datetime(2026, 3, 2, 2, 10), "Disque plein"),
        )
        self.assertEqual(len(self._tickets(self.till)), 1)
        # the e-mail kept on the report does not give the token away
        kept = self.env["mail.message"].search(
            [("model", "=", report._name), ("res_id", "=", report.id)]
        )
        self.assertTrue(kept)
        for message in kept:
            self.assertNotIn(token, message.subject or "")
            self.assertNotIn(token, message.body)
        self.assertIn(token[:8] + "…", kept[0].subject)
        # nobody calls the gateway's entry point for it (it runs as superuser)
        with self.assertRaises(AccessError):
            self.Report.with_user(self.manager).message_new(
                {"subject": f"Sauvegarde {token}", "body": body}
            )
        # the token in the body works too
        with freeze_time(NOW):
            self.env["mail.thread"].message_process(
                "gesticlean.backup.report",
                self._mail(
                    "Rapport de sauvegarde",
                    '{"status": "ok", "finished": "2026-03-02T09:00:00Z", '
                    f'"size": 123}}\r\nJeton : {token}',
                ),
            )
        self.assertEqual(self.till.backup_status, "ok")
        self.assertFalse(self._tickets(self.till).backup_open)
        # an unknown token is refused, nothing written
        count = self.Report.search_count([])
        with self.assertRaises(BackupReportError), mute_logger("odoo.addons.mail"):
            self.env["mail.thread"].message_process(
                "gesticlean.backup.report",
                self._mail("Sauvegarde gcb_" + "x" * 43, body),
            )
        self.assertEqual(self.Report.search_count([]), count)

    def _new_token(self, workstation, user=None):
        action = workstation.with_user(
            user or self.manager
        ).action_gesticlean_backup_new_token()
        message = action["params"]["message"]
        token = message.split("gcb_", 1)[1][:43]
        return "gcb_" + token

    def test_token_shown_once_and_rotated(self):
        action = self.till.with_user(self.manager).action_gesticlean_backup_new_token()
        self.assertTrue(action["params"]["sticky"])
        token = "gcb_" + action["params"]["message"].split("gcb_", 1)[1][:43]
        self.assertIn(f"/support/backup/{token}", action["params"]["message"])
        # only its hash is stored
        self.assertEqual(self.till.sudo().backup_token_hash, token_hash(token))
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT count(*) FROM gesticlean_workstation WHERE backup_token_hash = %s",
            [token],
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        self.assertEqual(
            self.Workstation._gesticlean_backup_from_token(token), self.till
        )
        new = self._new_token(self.till)
        self.assertNotEqual(new, token)
        self.assertFalse(self.Workstation._gesticlean_backup_from_token(token))
        self.assertEqual(self.Workstation._gesticlean_backup_from_token(new), self.till)
        # revoked, or backups disabled: no workstation
        self.till.with_user(self.manager).action_gesticlean_backup_revoke_token()
        self.assertFalse(self.Workstation._gesticlean_backup_from_token(new))
        again = self._new_token(self.till)
        self.till.backups_enabled = False
        self.assertFalse(self.Workstation._gesticlean_backup_from_token(again))
