"""helpdesk_mgmt's portal routes made safe: closing is a POST with CSRF, on the
user's own tickets, to a stage meant for it; a new ticket's form is checked (a
French 400 page, never a 500)."""

from odoo import http
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController

from .errors import error_page, parse_id

# Longest subject and description of a ticket sent from the portal (characters).
TICKET_SUBJECT_MAX = 200
TICKET_TEXT_MAX = 20_000


class GestiCleanHelpdeskTicketController(HelpdeskTicketController):
    @http.route(
        "/ticket/close",
        type="http",
        auth="user",
        methods=["GET", "POST"],
        csrf=True,
        website=True,
    )
    def support_ticket_close(self, ticket_id=None, stage_id=None, **kw):
        """Close a ticket from the portal, only one the user may read.

        helpdesk_mgmt loads the ticket with sudo() from the id it is given, so any
        logged-in user could close any client's ticket (OCA/helpdesk#1089), and
        by a GET, without CSRF, from an image on any site. Here a GET changes
        nothing (back to the ticket), a POST is CSRF-checked by Odoo; another
        client's ticket answers 404, a stage not meant for closing 400.
        """
        ticket = self._gesticlean_own_ticket(ticket_id)
        if not ticket:
            return error_page(status=404)
        if request.httprequest.method != "POST":
            return request.redirect(f"/my/ticket/{ticket.id}")
        stage = request.env["helpdesk.ticket.stage"].sudo()
        if parse_id(stage_id):
            stage = stage.browse(parse_id(stage_id)).exists()
        if not stage.close_from_portal:
            return error_page(
                request.env._("This ticket cannot be closed that way."), status=400
            )
        ticket.sudo().stage_id = stage
        return request.redirect(f"/my/ticket/{ticket.id}")

    @http.route()
    def submit_ticket(self, **kw):
        """helpdesk_mgmt reads the category and team with int() and creates the
        ticket as superuser: check the form first."""
        error = self._gesticlean_ticket_form_error(kw)
        if error:
            return error_page(error, status=400)
        return super().submit_ticket(**kw)

    def _gesticlean_ticket_form_error(self, kw):
        """Why the new ticket's form cannot be saved, or None."""
        env = request.env
        for key, allowed in (
            ("category", self._get_categories),
            ("team", self._get_teams),
        ):
            value = kw.get(key)
            if value and parse_id(value) not in allowed().ids:
                return env._("Choose the category and the team from the lists.")
        subject = (kw.get("subject") or "").strip()
        description = kw.get("description") or ""
        if not subject:
            return env._("Give your request a subject.")
        if "\x00" in subject or "\x00" in description:
            return env._("Your request contains an invalid character.")
        if len(subject) > TICKET_SUBJECT_MAX or len(description) > TICKET_TEXT_MAX:
            return env._(
                "Your request is too long (%(subject)s characters for the subject, "
                "%(text)s for the description at most).",
                subject=TICKET_SUBJECT_MAX,
                text=TICKET_TEXT_MAX,
            )
        return None

    def _gesticlean_own_ticket(self, ticket_id):
        """The ticket of ``ticket_id`` (a string) if the user may read it."""
        tickets = request.env["helpdesk.ticket"]
        ticket = tickets.browse(parse_id(ticket_id) or []).exists()
        if not ticket or not ticket.has_access("read"):
            return tickets
        return ticket
