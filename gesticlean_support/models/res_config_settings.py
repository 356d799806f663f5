from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    gesticlean_support_calendar_id = fields.Many2one(
        related="company_id.gesticlean_support_calendar_id", readonly=False
    )
    gesticlean_billing_unit = fields.Integer(
        related="company_id.gesticlean_billing_unit", readonly=False
    )
    gesticlean_target_blocked = fields.Float(
        related="company_id.gesticlean_target_blocked", readonly=False
    )
    gesticlean_target_degraded = fields.Float(
        related="company_id.gesticlean_target_degraded", readonly=False
    )
    gesticlean_target_question = fields.Float(
        related="company_id.gesticlean_target_question", readonly=False
    )
