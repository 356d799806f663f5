"""Out-of-contract billing: logged time rounded up to the started billing unit.

Vendor's page: without a support contract an intervention is billed 90 € HT an hour,
that is 45 € HT per half-hour; every started half-hour is due (31 minutes are two
half-hours).  The unit is a setting: its price is always derived from the one
hourly rate (15 minutes: 22.50 €, 60 minutes: 90 €).
"""

import math

DEFAULT_UNIT_MINUTES = 30


def hours_to_minutes(hours):
    """Timesheet hours (a float) to whole minutes, immune to float noise."""
    return round((hours or 0.0) * 60)


def billed_units(minutes, unit_minutes=DEFAULT_UNIT_MINUTES):
    """Number of started billing units in ``minutes`` (0 minutes bill nothing)."""
    if unit_minutes <= 0:
        raise ValueError(unit_minutes)
    if minutes <= 0:
        return 0
    return math.ceil(minutes / unit_minutes)


def unit_price(hourly_rate, unit_minutes=DEFAULT_UNIT_MINUTES):
    """Price of one billing unit of ``unit_minutes`` at ``hourly_rate`` an hour
    (not rounded: the caller rounds to its currency)."""
    if unit_minutes <= 0:
        raise ValueError(unit_minutes)
    return hourly_rate * unit_minutes / 60
