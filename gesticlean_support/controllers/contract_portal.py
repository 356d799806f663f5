"""The client's support contract PDF on the portal."""

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.contract.controllers.main import PortalContract


class SupportContractPortal(PortalContract):
    @http.route(
        ["/my/contracts/<int:contract_id>/support-contract.pdf"],
        type="http",
        auth="public",
        website=True,
    )
    def portal_support_contract_pdf(
        self, contract_id, access_token=None, download=False
    ):
        """The client's "Contrat de support GestiClean" as a PDF."""
        try:
            contract_sudo = self._document_check_access(
                "contract.contract", contract_id, access_token
            )
        except (AccessError, MissingError):
            return request.not_found()
        if not contract_sudo.is_support_contract:
            return request.not_found()
        return self._show_report(
            model=contract_sudo,
            report_type="pdf",
            report_ref="gesticlean_support.report_support_contract",
            download=download,
        )
