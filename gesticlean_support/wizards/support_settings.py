"""The support settings a support manager changes without being an administrator."""

from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..models.res_company import support_manager_domain

#: the company fields this form edits (Odoo's Settings page needs an administrator)
SUPPORT_SETTINGS = (
    "gesticlean_support_calendar_id",
    "gesticlean_billing_unit",
    "gesticlean_target_blocked",
    "gesticlean_target_degraded",
    "gesticlean_target_question",
    "gesticlean_reminder_user_id",
    "gesticlean_booking_horizon",
    "gesticlean_maintenance_months",
    "gesticlean_backup_retention_days",
    "gesticlean_backup_missing_hours",
)


class SupportSettings(models.TransientModel):
    _name = "gesticlean.support.settings"
    _description = "Support settings of the company"

    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    # The company's own fields, copied here: a support manager cannot write
    # companies, action_save does it after its checks.
    gesticlean_support_calendar_id = fields.Many2one(
        comodel_name="resource.calendar",
        string="Support Hours",
        domain="[('company_id', 'in', (company_id, False))]",
    )
    gesticlean_billing_unit = fields.Integer(string="Billing Unit (minutes)")
    gesticlean_target_blocked = fields.Float(string="Callback Target: Blocked")
    gesticlean_target_degraded = fields.Float(string="Callback Target: Degraded")
    gesticlean_target_question = fields.Float(string="Callback Target: Question")
    gesticlean_booking_horizon = fields.Integer(
        string="Callback Booking Horizon (weeks)"
    )
    gesticlean_maintenance_months = fields.Integer(
        string="Preventive Check Every (months)"
    )
    gesticlean_backup_retention_days = fields.Integer(
        string="Backup Reports Kept (days)"
    )
    gesticlean_backup_missing_hours = fields.Integer(string="Backup Late After (hours)")
    gesticlean_reminder_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Client Callbacks Manager",
        domain=lambda self: support_manager_domain(self.env),
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        company = self.env["res.company"].browse(
            values.get("company_id") or self.env.company.id
        )
        for name in SUPPORT_SETTINGS:
            if name in fields_list:
                value = company[name]
                if name == "gesticlean_support_calendar_id":
                    # the hours in force: the module's calendar until one is chosen
                    value = company._gesticlean_support_calendar()
                values[name] = (
                    value.id if isinstance(value, models.BaseModel) else value
                )
        return values

    @api.model_create_multi
    def create(self, vals_list):
        self._gesticlean_check_manager()
        return super().create(vals_list)

    def _gesticlean_check_manager(self):
        if not self.env.user.has_group("gesticlean_support.group_support_manager"):
            raise AccessError(
                self.env._("Only support managers change the support settings.")
            )

    def action_save(self):
        """Write the settings on the company, as superuser once the caller is
        known to be a support manager of that company (the company's own
        constraints still check the values)."""
        self.ensure_one()
        self._gesticlean_check_manager()
        if self.company_id not in self.env.user.company_ids:
            raise AccessError(self.env._("This company is not one of yours."))
        company = self.company_id.sudo()
        changed = {
            name: self[name].id
            if isinstance(self[name], models.BaseModel)
            else self[name]
            for name in SUPPORT_SETTINGS
            if self[name] != company[name]
        }
        if changed:
            company.write(changed)
        return {"type": "ir.actions.act_window_close"}
