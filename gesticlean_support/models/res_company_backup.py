"""The company's backup monitoring settings: how long backup reports are kept,
and after how many hours without a successful backup a workstation is late."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    gesticlean_backup_retention_days = fields.Integer(
        string="Backup Reports Kept (days)",
        default=90,
        help="Backup reports older than this are removed every night (the last "
        "successful one of each workstation is kept).",
    )
    gesticlean_backup_missing_hours = fields.Integer(
        string="Backup Late After (hours)",
        default=26,
        help="A workstation with automatic backups and no successful backup for "
        "this many hours is late: a ticket is opened.",
    )

    @api.constrains(
        "gesticlean_backup_retention_days", "gesticlean_backup_missing_hours"
    )
    def _check_gesticlean_backup_settings(self):
        for company in self:
            if not 1 <= company.gesticlean_backup_retention_days <= 3650:
                raise ValidationError(
                    self.env._("Backup reports are kept from 1 to 3,650 days.")
                )
            if not 1 <= company.gesticlean_backup_missing_hours <= 720:
                raise ValidationError(
                    self.env._(
                        "The delay before a backup is late is from 1 to 720 hours."
                    )
                )
