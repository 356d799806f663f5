"""Settings of the GestiClean support (the company's fields, the statistics start)."""

from odoo import api, fields, models

from .support_rating_statistic import RATING_SINCE_DEFAULT, RATING_SINCE_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    gesticlean_support_calendar_id = fields.Many2one(
        related="company_id.gesticlean_support_calendar_id", readonly=False
    )
    gesticlean_booking_horizon = fields.Integer(
        related="company_id.gesticlean_booking_horizon", readonly=False
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
    gesticlean_reminder_user_id = fields.Many2one(
        related="company_id.gesticlean_reminder_user_id", readonly=False
    )
    gesticlean_rating_since = fields.Date(
        string="Statistics Since",
        help="First day counted by the public satisfaction page /support/statistiques.",
    )

    @api.model
    def get_values(self):
        values = super().get_values()
        # a date: ir.config_parameter fields of settings cannot be dates
        values["gesticlean_rating_since"] = fields.Date.to_date(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(RATING_SINCE_PARAM, RATING_SINCE_DEFAULT)
        )
        return values

    def set_values(self):
        res = super().set_values()
        self.env["ir.config_parameter"].sudo().set_param(
            RATING_SINCE_PARAM,
            fields.Date.to_string(self.gesticlean_rating_since)
            if self.gesticlean_rating_since
            else RATING_SINCE_DEFAULT,
        )
        return res
