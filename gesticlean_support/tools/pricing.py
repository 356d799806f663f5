"""Monthly price of a GestiClean support contract: licences, tier table, options.

Every licence of a contract takes the rate of the tier its licence count falls in
(vendor's page: 1 licence 33 €, 2 to 5 licences 27.50 € each, 6 and more 23 € each,
so 3 licences cost 82.50 € and 6 licences 138 € a month); options are added at
their own price, once, per licence or a given number of times (automatic backups:
per workstation with backups enabled).  :func:`monthly_lines` is the one place that
turns a contract's licences and options into priced lines: the contract stores them
as its contract lines (which OCA ``contract`` invoices as they are), the creation
wizard shows them before the contract exists.
"""

from typing import NamedTuple


class LicenceCountError(ValueError):
    """The licence count is not a whole number of at least one."""


class Option(NamedTuple):
    """An option of the contract at its monthly price."""

    kind: str
    label: str
    price_unit: float
    per_licence: bool = False
    #: billed this many times (e.g. the workstations with backups enabled)
    quantity: int | None = None


class PriceLine(NamedTuple):
    """One monthly line of a support contract."""

    kind: str
    label: str
    quantity: int
    price_unit: float

    @property
    def amount(self):
        return self.quantity * self.price_unit


def check_licence_count(value):
    """Return ``value`` as an int, or raise LicenceCountError.

    Refuses 0, negative numbers, fractions (2.5) and anything that is not a number;
    accepts 3 and 3.0.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise LicenceCountError(value)
    if isinstance(value, float) and not value.is_integer():
        raise LicenceCountError(value)
    if value < 1:
        raise LicenceCountError(value)
    return int(value)


def tier_for(tiers, licence_count):
    """Return the tier applying to ``licence_count``.

    :param tiers: iterable of (minimum licence count, price per licence, payload)
    :return: the (minimum, price, payload) tuple with the highest minimum not above
        ``licence_count``
    :raises LookupError: when no tier starts low enough
    """
    count = check_licence_count(licence_count)
    applicable = [tier for tier in tiers if tier[0] <= count]
    if not applicable:
        raise LookupError(count)
    return max(applicable, key=lambda tier: tier[0])


def monthly_lines(licence_count, tiers, licence_label, options=()):
    """The monthly lines of a contract: its licences at their tier's rate, then
    each option (once, per licence, or its own quantity; an option of quantity 0
    gives no line).

    3 licences with automatic backups on 2 workstations (11 € each) give two
    lines: ``("licence", "3 licences", 3, 27.5)`` and
    ``("backup", "Backups", 2, 11.0)``.

    :param tiers: iterable of (minimum licence count, price per licence, payload)
    :param options: iterable of :class:`Option`
    :raises LicenceCountError: for a licence count that is not a whole number >= 1
    :raises LookupError: when no tier starts low enough
    """
    count = check_licence_count(licence_count)
    __, price_unit, __ = tier_for(tiers, count)
    lines = [PriceLine("licence", licence_label, count, price_unit)]
    for option in options:
        if option.quantity is not None:
            quantity = option.quantity
        else:
            quantity = count if option.per_licence else 1
        if quantity > 0:
            lines.append(
                PriceLine(option.kind, option.label, quantity, option.price_unit)
            )
    return lines


def monthly_total(lines):
    """Sum of ``quantity * price_unit`` of :class:`PriceLine` objects."""
    return sum(line.amount for line in lines)
