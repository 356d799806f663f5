"""The data of the last landed version survive the upgrade to this code.

Run only by the migration step of `tools/dev.py test` (tag `migration`, not
`standard`): it installs the previous version with demo data, reads the queries of
migration_queries.py into a JSON file named by $GESTICLEAN_MIGRATION_SNAPSHOT, then
upgrades the module and runs these tests.
"""

import json
import os

from odoo.modules.module import get_manifest
from odoo.tests import TransactionCase, tagged

from .migration_queries import AFTER_UPGRADE, BEFORE_UPGRADE

SNAPSHOT_ENV = "GESTICLEAN_MIGRATION_SNAPSHOT"


@tagged("-standard", "-at_install", "post_install", "migration")
class TestMigration(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        path = os.environ.get(SNAPSHOT_ENV)
        if not path:
            raise RuntimeError(
                f"${SNAPSHOT_ENV} is not set: these tests run in the migration step "
                "of tools/dev.py test, after an upgrade from the previous version"
            )
        with open(path, encoding="utf-8") as snapshot:
            cls.before = json.load(snapshot)

    def rows_after(self, name):
        self.env.flush_all()
        self.env.cr.execute(AFTER_UPGRADE.get(name, BEFORE_UPGRADE[name]))
        return json.loads(json.dumps(self.env.cr.fetchall(), default=str))

    def test_module_upgraded(self):
        """The database runs this code's version of the module."""
        module = self.env["ir.module.module"].search(
            [("name", "=", "gesticlean_support")]
        )
        self.assertEqual(module.state, "installed")
        self.assertEqual(
            module.latest_version, get_manifest("gesticlean_support")["version"]
        )

    def test_demo_data_were_there(self):
        """The snapshot holds data, so that the comparisons below compare something."""
        for name in ("clients", "support_contracts", "tickets", "interventions"):
            self.assertTrue(self.before[name], f"no {name} before the upgrade")
        self.assertTrue(self.before["ratings"], "no ratings before the upgrade")

    def test_rows_unchanged(self):
        """Every row read before the upgrade reads the same after it."""
        for name in BEFORE_UPGRADE:
            with self.subTest(name):
                self.assertEqual(self.rows_after(name), self.before[name])

    def test_orm_reads_the_same_records(self):
        """The ORM of this code finds the records of the previous version."""
        counts = {
            "clients": self.env["res.partner"]
            .with_context(active_test=False)
            .search_count([("gesticlean_client", "=", True)]),
            "support_contracts": self.env["contract.contract"]
            .with_context(active_test=False)
            .search_count([("is_support_contract", "=", True)]),
            "tickets": self.env["helpdesk.ticket"].search_count([]),
            "interventions": self.env["support.intervention"].search_count([]),
            "ratings": self.env["rating.rating"].search_count(
                [("res_model", "=", "support.intervention")]
            ),
        }
        for name, count in counts.items():
            with self.subTest(name):
                self.assertEqual(count, len(self.before[name]))

    def test_shops_became_workstations(self):
        """Each shop's OS and TeamViewer ID became one active workstation with a
        licence number; the shop still reads them; the backup option of its
        contract is on that workstation when it can take it."""
        self.assertTrue(self.before["shop_workstations"])
        Partner = self.env["res.partner"].with_context(active_test=False)
        for partner_id, teamviewer_id, os_code in self.before["shop_workstations"]:
            shop = Partner.browse(partner_id)
            with self.subTest(shop=shop.name):
                migrated = shop.workstation_ids.filtered(
                    lambda ws: not ws.get_external_id()[ws.id]
                )
                self.assertEqual(len(migrated), 1)
                self.assertEqual(migrated.name, "Poste principal")
                self.assertTrue(migrated.licence_number)
                self.assertEqual(migrated.teamviewer_id or None, teamviewer_id)
                self.assertEqual(migrated.windows_version_id.code or None, os_code)
                self.assertEqual(shop.teamviewer_id or None, teamviewer_id)
                self.assertEqual(shop.workstation_os or None, os_code)
                backup = any(
                    contract["backup_option"] and contract["partner_id"] == partner_id
                    for contract in self._before_contracts()
                )
                self.assertEqual(
                    migrated.backups_enabled,
                    backup and not migrated._backup_missing_conditions(),
                )

    def _before_contracts(self):
        columns = (
            "id name partner_id company_id active licence_count conveyor_option "
            "backup_option date_start date_end recurring_next_date"
        ).split()
        return [
            dict(zip(columns, row, strict=True))
            for row in self.before["support_contracts"]
            if row[columns.index("active")]
        ]
