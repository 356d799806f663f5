"""The client's support contract PDF on the portal."""

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import content_disposition, request
from odoo.tools.safe_eval import safe_eval, time

from odoo.addons.contract.controllers.main import PortalContract

from .errors import error_page, valid_date, valid_page

# The sorts OCA's /my/contracts knows (it answers 500 to any other).
CONTRACT_SORTS = ("date", "name", "code")


class SupportContractPortal(PortalContract):
    @http.route()
    def portal_my_contracts(
        self, page=1, date_begin=None, date_end=None, sortby=None, **kw
    ):
        """Unknown sorts and bad dates fall back to the defaults."""
        return super().portal_my_contracts(
            page=valid_page(page),
            date_begin=valid_date(date_begin),
            date_end=valid_date(date_end),
            sortby=sortby if sortby in CONTRACT_SORTS else None,
            **kw,
        )

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
            return error_page(status=404)
        if not contract_sudo.is_support_contract:
            return error_page(status=404)
        response = self._show_report(
            model=contract_sudo,
            report_type="pdf",
            report_ref="gesticlean_support.report_support_contract",
            # portal's download asks the contract for a file name it does not
            # have: the name comes from the report, as in the back office
            download=False,
        )
        if download:
            response.headers["Content-Disposition"] = content_disposition(
                self._gesticlean_contract_filename(contract_sudo)
            )
        return response

    def _gesticlean_contract_filename(self, contract):
        """ "Contrat de support GestiClean - <client>.pdf", from the report."""
        report = request.env.ref("gesticlean_support.report_support_contract").sudo()
        name = safe_eval(report.print_report_name, {"object": contract, "time": time})
        return f"{name}.pdf"
