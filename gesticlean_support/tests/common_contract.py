from odoo import fields

from .common import GestiCleanCommon


class ContractCommon(GestiCleanCommon):
    """Shops able to take every option, and a helper to create support contracts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shop_a.write(
            {
                "shop_equipment": "conveyor_arm",
                "workstation_os": "windows_11",
                "stable_internet": True,
            }
        )
        cls.shop_b.write(
            {
                "shop_equipment": "none",
                "workstation_os": "windows_7",
                "stable_internet": False,
            }
        )
        cls.Contract = cls.env["contract.contract"]

    @classmethod
    def _contract_values(
        cls, shop, licences=3, conveyor="none", backup=False, start=None
    ):
        return {
            "name": f"Support {shop.name}",
            "partner_id": shop.id,
            "is_support_contract": True,
            "licence_count": licences,
            "conveyor_option": conveyor,
            "backup_option": backup,
            "date_start": fields.Date.to_date(start or "2026-01-15"),
            "line_recurrence": False,
        }

    @classmethod
    def _backup_workstations(cls, shop, count):
        """``shop`` has ``count`` active workstations with backups enabled (the
        backup option bills each one)."""
        windows = cls.env.ref("gesticlean_support.windows_11")
        workstations = shop.workstation_ids
        for n in range(len(workstations), count):
            workstations |= cls.env["gesticlean.workstation"].create(
                {
                    "name": f"Poste {n + 1}",
                    "partner_id": shop.id,
                    "windows_version_id": windows.id,
                }
            )
        workstations[:count].write(
            {"windows_version_id": windows.id, "backups_enabled": True}
        )

    @classmethod
    def _make_contract(cls, shop=None, **kwargs):
        return cls.Contract.create(cls._contract_values(shop or cls.shop_a, **kwargs))

    def _invoices(self, contract):
        return self.env["account.move"].search(
            [("support_contract_id", "=", contract.id)], order="support_period_start"
        )

    def _invoice_counts_per_period(self, contracts):
        """{(contract id, period start): number of live invoices}, read in SQL."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT support_contract_id, support_period_start, COUNT(*)
              FROM account_move
             WHERE support_contract_id = ANY(%s) AND state != 'cancel'
             GROUP BY support_contract_id, support_period_start
            """,
            [contracts.ids],
        )
        return {(cid, period): count for cid, period, count in self.env.cr.fetchall()}
