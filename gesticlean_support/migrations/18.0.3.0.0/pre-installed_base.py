"""Installed base, before the upgrade: keep each client shop's OS and TeamViewer ID
aside (the shop-level fields become computed from the workstations, and the data
files of the new version may create workstations before post-installed_base.py
reads them)."""


def migrate(cr, version):
    cr.execute(
        """
        CREATE TABLE gesticlean_migration_shop_workstation AS
        SELECT id AS partner_id, teamviewer_id, workstation_os
          FROM res_partner
         WHERE gesticlean_client
           AND (teamviewer_id IS NOT NULL OR workstation_os IS NOT NULL)
        """
    )
