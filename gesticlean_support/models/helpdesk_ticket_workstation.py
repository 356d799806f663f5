"""The workstation a ticket is about: picked at intake (the shop's only one by
default), its TeamViewer ID and GestiClean version shown to intake and
technicians."""

from odoo import api, fields, models


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    workstation_id = fields.Many2one(
        comodel_name="gesticlean.workstation",
        compute="_compute_workstation_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        tracking=True,
        domain="[('partner_id', '=', commercial_partner_id)]",
        help="The shop's workstation the call is about (its only one by default).",
    )
    shop_teamviewer_id = fields.Char(
        string="TeamViewer ID",
        related=None,
        compute="_compute_workstation_details",
    )
    workstation_version_id = fields.Many2one(
        comodel_name="gesticlean.release",
        string="GestiClean Version",
        compute="_compute_workstation_details",
    )

    @api.depends("partner_id")
    def _compute_workstation_id(self):
        for ticket in self:
            workstations = ticket.commercial_partner_id.workstation_ids
            if ticket.workstation_id in workstations:
                continue
            ticket.workstation_id = workstations if len(workstations) == 1 else False

    @api.depends(
        "workstation_id.teamviewer_id",
        "workstation_id.gesticlean_version_id",
        "commercial_partner_id.teamviewer_id",
    )
    def _compute_workstation_details(self):
        for ticket in self:
            workstation = ticket.workstation_id
            ticket.shop_teamviewer_id = (
                workstation.teamviewer_id
                if workstation
                else ticket.commercial_partner_id.teamviewer_id
            )
            ticket.workstation_version_id = workstation.gesticlean_version_id

    @api.constrains("workstation_id", "partner_id")
    def _check_workstation_shop(self):
        for ticket in self:
            ticket.workstation_id._gesticlean_check_shop(ticket.commercial_partner_id)
