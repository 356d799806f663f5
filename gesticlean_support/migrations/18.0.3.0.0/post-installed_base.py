"""Installed base: each client shop's OS and TeamViewer ID (kept aside by
pre-installed_base.py) become one workstation, named "Poste principal", with a
licence number of the sequence. A shop whose support contract has the backup
option gets backups enabled on it when it can take them. The contracts' lines are
left as they are (priced again at their next change)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    cr.execute(
        """
        SELECT old.partner_id, old.teamviewer_id, old.workstation_os,
               partner.stable_internet, partner.company_id,
               EXISTS (
                   SELECT 1 FROM contract_contract contract
                    WHERE contract.partner_id = partner.id
                      AND contract.is_support_contract
                      AND contract.backup_option
                      AND contract.active
               )
          FROM gesticlean_migration_shop_workstation old
          JOIN res_partner partner ON partner.id = old.partner_id
         ORDER BY old.partner_id
        """
    )
    rows = cr.fetchall()
    cr.execute("DROP TABLE gesticlean_migration_shop_workstation")
    if not rows:
        return
    env = api.Environment(
        cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True}
    )
    Version = env["gesticlean.windows.version"].with_context(active_test=False)
    versions = {version.code: version for version in Version.search([])}
    default_company = env["res.company"].search([], limit=1, order="id")
    values = []
    for partner_id, teamviewer_id, os_code, internet, company_id, backup in rows:
        windows = versions.get(os_code, Version) if os_code else Version
        values.append(
            {
                "name": "Poste principal",
                "partner_id": partner_id,
                "company_id": company_id or default_company.id,
                # before the new version's workstations of the shop, if any
                "sequence": 0,
                "teamviewer_id": teamviewer_id or False,
                "windows_version_id": windows.id,
                "backups_enabled": bool(
                    backup and internet and windows.backup_supported
                ),
            }
        )
    env["gesticlean.workstation"].create(values)
