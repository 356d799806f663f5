"""Commitment years and monthly billing periods of a support contract.

Both are anchored on the contract's start date and computed from it each time
(``start + n months``, ``start + n years``), never from the previous period, so that a
contract starting on the 31st or on 29 February does not drift: it is billed exactly
twelve times a commitment year.
"""

from dateutil.relativedelta import relativedelta

ONE_DAY = relativedelta(days=1)


def _months_between(anchor, day):
    """Number of whole monthly periods from ``anchor`` to the one holding ``day``."""
    months = (day.year - anchor.year) * 12 + day.month - anchor.month
    if anchor + relativedelta(months=months) > day:
        months -= 1
    return months


def monthly_period(anchor, day):
    """Return (first day, last day) of the monthly period that holds ``day``.

    >>> monthly_period(date(2027, 1, 31), date(2027, 3, 15))
    (date(2027, 2, 28), date(2027, 3, 30))
    """
    months = max(_months_between(anchor, day), 0)
    first = anchor + relativedelta(months=months)
    last = anchor + relativedelta(months=months + 1) - ONE_DAY
    return first, last


def commitment_year(start, day):
    """Return (first day, last day) of the one-year commitment that holds ``day``.

    The contract is renewed by tacit renewal on each anniversary of ``start``; the
    anniversary of 29 February is 28 February in a common year.  A ``day`` before
    ``start`` gives the first commitment year.
    """
    years = max(day.year - start.year, 0)
    if start + relativedelta(years=years) > day:
        years = max(years - 1, 0)
    first = start + relativedelta(years=years)
    last = start + relativedelta(years=years + 1) - ONE_DAY
    return first, last
