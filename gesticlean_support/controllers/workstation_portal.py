"""Portal: the client's workstations (name, Windows, GestiClean version, backups,
behind the current release), its own shop's only."""

from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class GestiCleanWorkstationPortal(CustomerPortal):
    def _gesticlean_my_workstations_domain(self):
        return [
            ("partner_id", "=", request.env.user.partner_id.commercial_partner_id.id)
        ]

    @http.route(
        "/my/workstations",
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
        readonly=True,
    )
    def gesticlean_portal_workstations(self, **kw):
        """The workstations of the user's shop, read with the user's rights (the
        record rule keeps them to its shop)."""
        workstations = request.env["gesticlean.workstation"].search(
            self._gesticlean_my_workstations_domain()
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "workstations": workstations,
                "current_release": request.env["gesticlean.release"]
                .sudo()
                ._gesticlean_current(request.env.user.company_id),
                "page_name": "gesticlean_workstations",
            }
        )
        return request.render("gesticlean_support.portal_my_workstations", values)

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "gesticlean_workstation_count" in counters:
            values["gesticlean_workstation_count"] = request.env[
                "gesticlean.workstation"
            ].search_count(self._gesticlean_my_workstations_domain())
        return values
