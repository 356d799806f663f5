"""Phone numbers of the client shops, normalised to E.164 with ``phonenumbers``.

Intake staff type numbers as the client says them: ``04 50 37 15 29``,
``+33 (0)4 50 37 15 29``, ``0033450371529``, ``04.50.37.15.29``...  All of them are
stored as ``+33450371529`` so that one number has one spelling, and a search typed in
any of these formats finds the shop.
"""

import phonenumbers

DEFAULT_REGION = "FR"


class PhoneNumberError(ValueError):
    """The text is not a valid phone number."""


def normalize_phone(raw, region=DEFAULT_REGION):
    """Return ``raw`` as an E.164 string (``+33450371529``).

    :param str raw: the number as typed, national or international format
    :param str region: ISO country code used for numbers typed without prefix
    :raises PhoneNumberError: when ``raw`` is not a valid number
    """
    text = (raw or "").strip()
    if not text:
        raise PhoneNumberError(raw)
    try:
        number = phonenumbers.parse(text, region or DEFAULT_REGION)
    except phonenumbers.NumberParseException as exc:
        raise PhoneNumberError(raw) from exc
    if not phonenumbers.is_valid_number(number):
        raise PhoneNumberError(raw)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone_national(e164):
    """Return an E.164 number in the national format (``04 50 37 15 29``)."""
    number = phonenumbers.parse(e164)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
