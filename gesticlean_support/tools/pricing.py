"""Degressive price per GestiClean licence.

Every licence of a contract takes the rate of the tier its licence count falls in
(vendor's page: 1 licence 33 €, 2 to 5 licences 27.50 € each, 6 and more 23 € each,
so 3 licences cost 82.50 € and 6 licences 138 € a month).
"""


class LicenceCountError(ValueError):
    """The licence count is not a whole number of at least one."""


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
