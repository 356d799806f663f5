"""One backup ticket per workstation under parallel reports: real parallel
transactions, each retried as Odoo retries an HTTP request that fails to
serialize."""

import random
import time
from datetime import datetime, timedelta

import psycopg2
from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import delete_committed_chatter
from .test_races import run_in_parallel


@tagged("post_install", "-at_install")
class TestConcurrentBackupReports(TransactionCase):
    def test_twenty_failures_at_once_one_ticket(self):
        registry = self.env.registry
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            shop = env["res.partner"].create(
                {
                    "name": "Pressing Sauvegardes Parallèles",
                    "is_company": True,
                    "gesticlean_client": True,
                    "stable_internet": True,
                }
            )
            workstation = env["gesticlean.workstation"].create(
                {
                    "name": "Caisse",
                    "partner_id": shop.id,
                    "windows_version_id": env.ref("gesticlean_support.windows_11").id,
                    "backups_enabled": True,
                }
            )
            committed = (shop.id, workstation.id)
        self.addCleanup(self._cleanup_committed, *committed)
        workstation_id = committed[1]
        finished = datetime.utcnow() - timedelta(minutes=5)

        def report(env, n):
            for _try in range(30):
                try:
                    workstation = env["gesticlean.workstation"].browse(workstation_id)
                    created = workstation._gesticlean_backup_ingest(
                        {
                            "status": "failed",
                            "started": finished - timedelta(minutes=10),
                            "finished": finished,
                            "size": 0,
                            "message": f"Échec {n}",
                        },
                        "http",
                    )
                    env.flush_all()
                    return created.id
                except SerializationFailure:
                    env.cr.rollback()
                    env.clear()
                    time.sleep(random.uniform(0, 0.1))
            raise AssertionError("thirty serialization failures in a row")

        results, errors = run_in_parallel(registry, report)
        self.assertEqual(errors, {})
        self.assertEqual(len(set(results.values())), 20)
        with registry.cursor() as cr:
            cr.execute(
                "SELECT count(*), count(*) FILTER (WHERE backup_open) "
                "FROM helpdesk_ticket WHERE backup_workstation_id = %s",
                [workstation_id],
            )
            self.assertEqual(cr.fetchone(), (1, 1))
            env = api.Environment(cr, SUPERUSER_ID, {})
            ticket = env["helpdesk.ticket"].search(
                [("backup_workstation_id", "=", workstation_id)]
            )
            # the first failure opened it, the nineteen others added a message
            notes = ticket.message_ids.filtered(lambda m: "Échec" in (m.body or ""))
            self.assertEqual(len(notes), 19)

    def test_the_database_refuses_a_second_open_ticket(self):
        shop = self.env["res.partner"].create(
            {"name": "Pressing Index", "is_company": True, "stable_internet": True}
        )
        workstation = self.env["gesticlean.workstation"].create(
            {
                "name": "Caisse",
                "partner_id": shop.id,
                "windows_version_id": self.env.ref("gesticlean_support.windows_11").id,
                "backups_enabled": True,
            }
        )
        values = {
            "name": "Sauvegarde",
            "description": "<p>x</p>",
            "partner_id": shop.id,
            "backup_workstation_id": workstation.id,
        }
        self.env["helpdesk.ticket"].create(values)
        with self.assertRaises(psycopg2.IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.env["helpdesk.ticket"].create(values)
                self.env.flush_all()

    def _cleanup_committed(self, shop_id, workstation_id):
        with self.env.registry.cursor() as cr:
            cr.execute(
                "SELECT id FROM helpdesk_ticket WHERE backup_workstation_id = %s",
                [workstation_id],
            )
            ticket_ids = [row[0] for row in cr.fetchall()]
            delete_committed_chatter(cr, "helpdesk.ticket", ticket_ids)
            delete_committed_chatter(cr, "gesticlean.workstation", [workstation_id])
            cr.execute(
                "SELECT id FROM gesticlean_backup_report WHERE workstation_id = %s",
                [workstation_id],
            )
            report_ids = [row[0] for row in cr.fetchall()]
            delete_committed_chatter(cr, "gesticlean.backup.report", report_ids)
            cr.execute("DELETE FROM helpdesk_ticket WHERE id = ANY(%s)", [ticket_ids])
            cr.execute(
                "DELETE FROM gesticlean_backup_report WHERE workstation_id = %s",
                [workstation_id],
            )
            cr.execute(
                "DELETE FROM gesticlean_workstation WHERE id = %s", [workstation_id]
            )
            cr.execute("DELETE FROM res_partner WHERE id = %s", [shop_id])
