"""Phone numbers for people: stored in E.164, shown the way the country writes them."""

import phonenumbers


def phone_for_people(e164, home_region="FR"):
    """``+33450451234`` as a French person reads it, ``04 50 45 12 34``; a number
    of another country in its international form (``+41 22 345 67 89``). Not a
    phone number: returned as it is (nothing is lost on screen)."""
    if not e164:
        return e164 or ""
    try:
        number = phonenumbers.parse(e164, home_region)
    except phonenumbers.NumberParseException:
        return e164
    if not phonenumbers.is_possible_number(number):
        return e164
    if phonenumbers.region_code_for_number(number) == home_region:
        return phonenumbers.format_number(
            number, phonenumbers.PhoneNumberFormat.NATIONAL
        )
    return phonenumbers.format_number(
        number, phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
