"""Portal ticket page: the client books a callback appointment (times in the
time zone of the support hours)."""

from datetime import datetime

import pytz
from werkzeug.urls import url_encode

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, ValidationError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk

# The value of an <input type="datetime-local">, a wall-clock time.
LOCAL_TIME = "%Y-%m-%dT%H:%M"


class GestiCleanPortal(CustomerPortalHelpdesk):
    def _ticket_get_page_view_values(self, ticket, access_token, **kwargs):
        """Propose the next free callback slots on an open ticket's page, and say
        in which time zone the times are."""
        values = super()._ticket_get_page_view_values(ticket, access_token, **kwargs)
        tz = (ticket.sudo().company_id or request.env.company)._gesticlean_support_tz()
        slots = []
        if not ticket.stage_id.closed:
            slots = [
                {
                    "value": pytz.utc.localize(slot)
                    .astimezone(tz)
                    .strftime(LOCAL_TIME),
                    "label": ticket._gesticlean_format_slot(slot),
                }
                for slot in ticket.sudo()._gesticlean_next_free_slots(
                    fields.Datetime.now()
                )
            ]
        values["callback_slots"] = slots
        values["callback_tz"] = tz.zone
        values["callback_date_label"] = request.env._(
            "Be called back at the shop on (%(city)s time)",
            city=tz.zone.rsplit("/", 1)[-1].replace("_", " "),
        )
        return values

    @http.route(
        "/my/ticket/<int:ticket_id>/callback",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_ticket_book_callback(self, ticket_id, callback_date=None, **kw):
        """The client books a callback appointment on one of its open tickets."""
        try:
            ticket_sudo = self._document_check_access("helpdesk.ticket", ticket_id)
        except (AccessError, MissingError):
            return request.not_found()
        url = f"/my/ticket/{ticket_sudo.id}"
        try:
            local = datetime.strptime(callback_date or "", LOCAL_TIME)
        except ValueError:
            return request.redirect(
                url
                + "?"
                + url_encode(
                    {"callback_error": request.env._("Choose a day and a time.")}
                )
            )
        if ticket_sudo.stage_id.closed:
            return request.redirect(
                url
                + "?"
                + url_encode(
                    {"callback_error": request.env._("This ticket is closed.")}
                )
            )
        tz = (ticket_sudo.company_id or request.env.company)._gesticlean_support_tz()
        start = tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)
        if start <= fields.Datetime.now():
            return request.redirect(
                url
                + "?"
                + url_encode(
                    {"callback_error": request.env._("Choose a time in the future.")}
                )
            )
        try:
            with request.env.cr.savepoint():
                ticket_sudo.write({"appointment_start": start})
        except ValidationError as error:
            return request.redirect(
                url + "?" + url_encode({"callback_error": error.args[0]})
            )
        return request.redirect(url + "?" + url_encode({"callback_booked": 1}))
