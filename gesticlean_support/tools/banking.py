"""French company numbers and bank account display (no database needed).

SIREN (9 digits) identifies a company, SIRET (14 digits: SIREN + NIC) one of its
establishments; both carry a Luhn check digit (python-stdnum's French validators,
which know La Poste's SIRET exception).  E-invoices name the company by its SIREN.
"""

import re

from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret


class CompanyNumberError(ValueError):
    """A SIREN or SIRET that is not one (length, digits, check digit)."""


def normalize_siren(value):
    """The SIREN of ``value`` (spaces and dots removed), or ``""`` when empty.

    :raise CompanyNumberError: not 9 digits or a wrong check digit
    """
    value = stdnum_siren.compact(value or "")
    if not value:
        return ""
    try:
        return stdnum_siren.validate(value)
    except StdnumError as error:
        raise CompanyNumberError(str(error)) from None


def normalize_siret(value):
    """The SIRET of ``value`` (spaces and dots removed), or ``""`` when empty.

    :raise CompanyNumberError: not 14 digits or a wrong check digit
    """
    value = stdnum_siret.compact(value or "")
    if not value:
        return ""
    try:
        return stdnum_siret.validate(value)
    except StdnumError as error:
        raise CompanyNumberError(str(error)) from None


def siren_of(siren, siret):
    """The company's SIREN: the one given, else the first 9 digits of the SIRET;
    ``""`` when neither is a valid number."""
    for candidate in (siren, (siret or "").replace(" ", "")[:9]):
        try:
            number = normalize_siren(candidate)
        except CompanyNumberError:
            continue
        if number:
            return number
    return ""


def format_siret(value):
    """``73282932000074`` -> ``732 829 320 00074`` (as printed on a Kbis)."""
    value = re.sub(r"\D", "", value or "")
    if len(value) == 14:
        return f"{value[:3]} {value[3:6]} {value[6:9]} {value[9:]}"
    if len(value) == 9:
        return f"{value[:3]} {value[3:6]} {value[6:]}"
    return value


def mask_iban(iban):
    """Show an IBAN to its owner without giving it away: country, check digits and
    the last 3 characters.

    >>> mask_iban("FR76 3000 6000 0112 3456 7890 189")
    'FR76 **** **** **** **** **** 189'
    """
    compact = re.sub(r"[\W_]", "", iban or "").upper()
    if len(compact) < 8:
        return "*" * len(compact)
    masked = compact[:4] + "*" * (len(compact) - 7) + compact[-3:]
    return " ".join(masked[i : i + 4] for i in range(0, len(masked), 4))
