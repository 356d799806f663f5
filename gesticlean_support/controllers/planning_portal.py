"""Portal: the shop's preventive maintenance ("dernière le …, prochaine le …",
with the report of the last check) on its workstations page."""

from odoo import http
from odoo.http import request

from .workstation_portal import GestiCleanWorkstationPortal


class GestiCleanPlanningPortal(GestiCleanWorkstationPortal):
    @http.route()
    def gesticlean_portal_workstations(self, **kw):
        response = super().gesticlean_portal_workstations(**kw)
        shop = request.env.user.partner_id.commercial_partner_id
        response.qcontext["maintenance"] = request.env[
            "helpdesk.ticket"
        ]._gesticlean_maintenance_summary(shop)
        return response
