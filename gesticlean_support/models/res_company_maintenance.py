"""The company's preventive plan: every how many months each active workstation
of a shop under contract gets its remote check."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    gesticlean_maintenance_months = fields.Integer(
        string="Preventive Check Every (months)",
        default=3,
        help="Each shop under a support contract gets a remote preventive check of "
        "its active workstations every this many months, planned four weeks ahead.",
    )

    @api.constrains("gesticlean_maintenance_months")
    def _check_gesticlean_maintenance_months(self):
        for company in self:
            if not 1 <= company.gesticlean_maintenance_months <= 24:
                raise ValidationError(
                    self.env._(
                        "The preventive check period is a number of months, from 1 "
                        "to 24."
                    )
                )
