"""helpdesk_mgmt's portal ticket closing, restricted to the user's own tickets."""

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController


class GestiCleanHelpdeskTicketController(HelpdeskTicketController):
    @http.route()
    def support_ticket_close(self, **kw):
        """Close a ticket from the portal, only one the user may read.

        helpdesk_mgmt loads the ticket with sudo() from the id it is given, so any
        logged-in user could close any client's ticket (OCA/helpdesk#1089): check the
        user's own access first, and answer 404 for a ticket that is not theirs.
        """
        try:
            ticket_id = int(kw.get("ticket_id"))
            ticket = request.env["helpdesk.ticket"].browse(ticket_id).exists()
            if not ticket:
                raise MissingError(request.env._("This ticket does not exist."))
            ticket.check_access("read")
        except (TypeError, ValueError, AccessError, MissingError):
            return request.not_found()
        return super().support_ticket_close(**kw)
