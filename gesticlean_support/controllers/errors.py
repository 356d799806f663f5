"""The module's page for bad requests on its routes: a French 400/404 page with
the module's own text, nothing written."""

from werkzeug.exceptions import NotFound

from odoo import fields
from odoo.http import request


def error_page(message=None, status=400):
    """Render ``message`` (default: the page does not exist) with ``status``."""
    if message is None:
        message = request.env._("This page does not exist or is not yours.")
    response = request.render(
        "gesticlean_support.rating_error_page", {"error": message}, status=status
    )
    response.flatten()  # rendered now, to be raised as well as returned
    return response


def not_found(message=None):
    """The 404 of ``error_page``, as an exception to raise."""
    return NotFound(response=error_page(message, status=404))


def parse_id(value):
    """A record id from a request parameter (a string), or None: ASCII digits,
    at most 9 of them (PostgreSQL's integers)."""
    if isinstance(value, str) and value.isascii() and value.isdigit():
        if len(value) <= 9:
            return int(value)
    return None


def valid_date(value):
    """``value`` if it reads as a date or datetime Odoo can store, else None."""
    try:
        moment = fields.Datetime.to_datetime(value) if value else None
    except (TypeError, ValueError, OverflowError):
        return None
    return value if moment else None


def valid_page(page):
    """A pager's page number (the route gives an int or a string): 1 if invalid."""
    page = parse_id(str(page))
    return page if page and page <= 100_000 else 1
