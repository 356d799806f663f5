"""The preventive checklist: the items a technician checks on each workstation
(kept as data, edited by support managers)."""

from odoo import fields, models


class GesticleanMaintenanceItem(models.Model):
    _name = "gesticlean.maintenance.item"
    _description = "Preventive Checklist Item"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True, help="What to look at, and how.")
    active = fields.Boolean(default=True)
