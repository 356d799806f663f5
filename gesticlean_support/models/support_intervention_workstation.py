"""The workstation an intervention was on and, when it updated GestiClean, the
versions before and after: the workstation's version follows, and out of contract
the version update fee is billed by itself."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SupportIntervention(models.Model):
    _inherit = "support.intervention"

    workstation_id = fields.Many2one(
        comodel_name="gesticlean.workstation",
        compute="_compute_workstation_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        tracking=True,
        domain="[('partner_id', '=', partner_id)]",
    )
    version_before_id = fields.Many2one(
        comodel_name="gesticlean.release",
        compute="_compute_version_before_id",
        store=True,
        readonly=False,
        tracking=True,
    )
    version_after_id = fields.Many2one(
        comodel_name="gesticlean.release",
        string="Updated To",
        tracking=True,
        help="Set when the intervention updated GestiClean: the workstation's "
        "version follows, and out of contract the version update fee is billed.",
    )
    version_update = fields.Boolean(
        compute="_compute_version_update", store=True, readonly=False
    )

    @api.depends("ticket_id.workstation_id")
    def _compute_workstation_id(self):
        for intervention in self:
            if not intervention.workstation_id:
                intervention.workstation_id = intervention.ticket_id.workstation_id

    @api.depends("workstation_id")
    def _compute_version_before_id(self):
        for intervention in self:
            intervention.version_before_id = (
                intervention.workstation_id.gesticlean_version_id
            )

    @api.depends("version_after_id", "version_before_id")
    def _compute_version_update(self):
        for intervention in self:
            if intervention.version_after_id:
                intervention.version_update = (
                    intervention.version_after_id != intervention.version_before_id
                )

    @api.constrains("version_after_id", "workstation_id")
    def _check_version_update(self):
        for intervention in self.filtered("version_after_id"):
            if not intervention.workstation_id:
                raise ValidationError(
                    self.env._(
                        "Choose the workstation that was updated to %(version)s.",
                        version=intervention.version_after_id.name,
                    )
                )

    @api.constrains("workstation_id")
    def _check_workstation_shop(self):
        for intervention in self:
            intervention.workstation_id._gesticlean_check_shop(intervention.partner_id)

    @api.model_create_multi
    def create(self, vals_list):
        interventions = super().create(vals_list)
        interventions.filtered("version_after_id")._gesticlean_apply_update()
        return interventions

    def write(self, vals):
        result = super().write(vals)
        if vals.get("version_after_id") or (
            "workstation_id" in vals and any(self.mapped("version_after_id"))
        ):
            self.filtered("version_after_id")._gesticlean_apply_update()
        return result

    def _gesticlean_apply_update(self):
        """The workstation runs the version the intervention installed."""
        for intervention in self.filtered("workstation_id"):
            workstation = intervention.workstation_id
            if workstation.gesticlean_version_id != intervention.version_after_id:
                workstation._gesticlean_record_update(
                    intervention.version_after_id,
                    fields.Date.context_today(self, intervention.date_start),
                )
