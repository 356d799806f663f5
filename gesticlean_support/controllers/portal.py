"""Portal ticket page: the client books a callback appointment (times in the
time zone of the support hours)."""

from datetime import datetime

import pytz
from werkzeug.urls import url_encode

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, ValidationError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk

from .errors import error_page, valid_date, valid_page

# The value of an <input type="datetime-local">, a wall-clock time.
LOCAL_TIME = "%Y-%m-%dT%H:%M"
# Session key of the last refusal of a booking (the module's text, per ticket).
REFUSAL_KEY = "gesticlean_callback_refusal"


def callback_messages(env):
    """What the ticket page says for each ``callback_error`` code of its URL."""
    return {
        "date": env._("Choose a day and a time."),
        "closed": env._("This ticket is closed."),
        "past": env._("Choose a time in the future."),
    }


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
                for slot in ticket.sudo()._gesticlean_offered_slots(
                    fields.Datetime.now()
                )
            ]
        values["callback_slots"] = slots
        # the appointment as the slots read ("mardi 9 juin 2026 à 16:00")
        values["callback_appointment"] = (
            ticket._gesticlean_format_slot(ticket.appointment_start)
            if ticket.appointment_start
            else ""
        )
        values["callback_error"] = self._gesticlean_callback_error(
            ticket, kwargs.get("callback_error")
        )
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
            return error_page(status=404)
        url = f"/my/ticket/{ticket_sudo.id}"
        try:
            local = datetime.strptime(callback_date or "", LOCAL_TIME)
        except ValueError:
            return request.redirect(f"{url}?callback_error=date")
        if ticket_sudo.stage_id.closed:
            return request.redirect(f"{url}?callback_error=closed")
        tz = (ticket_sudo.company_id or request.env.company)._gesticlean_support_tz()
        try:
            start = tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)
        except OverflowError:  # the last hours of year 9999
            return request.redirect(f"{url}?callback_error=date")
        if start <= fields.Datetime.now():
            return request.redirect(f"{url}?callback_error=past")
        try:
            with request.env.cr.savepoint():
                ticket_sudo.write({"appointment_start": start})
        except ValidationError as error:
            # the text stays on the server: the URL only says there is one
            request.session[REFUSAL_KEY] = {str(ticket_sudo.id): error.args[0]}
            return request.redirect(f"{url}?callback_error=refused")
        if ticket_sudo.planned_kind:
            # the client gets the new date and time in writing, as it got the first
            ticket_sudo._gesticlean_send_planned_mail()
        return request.redirect(url + "?" + url_encode({"callback_booked": 1}))

    def _gesticlean_callback_error(self, ticket, code):
        """The module's text for the ``callback_error`` code of the URL; nothing
        for an unknown code."""
        if code == "refused":
            refusal = request.session.get(REFUSAL_KEY) or {}
            return refusal.get(str(ticket.id)) or ""
        return callback_messages(request.env).get(code or "", "")

    @http.route()
    def portal_my_tickets(
        self,
        page=1,
        date_begin=None,
        date_end=None,
        sortby=None,
        groupby=None,
        search_in=None,
        **kw,
    ):
        """helpdesk_mgmt answers 500 to an unknown sort, grouping, a bad date or
        page: the defaults instead."""
        return super().portal_my_tickets(
            page=valid_page(page),
            date_begin=valid_date(date_begin),
            date_end=valid_date(date_end),
            sortby=sortby if sortby in self._ticket_get_searchbar_sortings() else None,
            groupby=groupby
            if groupby in self._ticket_get_searchbar_groupby()
            else None,
            search_in=search_in
            if search_in in self._ticket_get_searchbar_inputs()
            else None,
            **kw,
        )
