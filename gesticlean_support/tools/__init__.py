"""Plain-Python business rules of gesticlean_support (no database needed)."""

from .billing import billed_units, hours_to_minutes, unit_price
from .hours import describe_hours, weekly_hours
from .numbers import format_fr_integer, format_fr_percent, rating_statistics_values
from .periods import commitment_year, monthly_period
from .phone import phone_for_people
from .planning import PLANNED_SHARE, Planner, daily_caps
from .pricing import (
    LicenceCountError,
    Option,
    PriceLine,
    check_licence_count,
    monthly_lines,
    monthly_total,
    tier_for,
)
from .slots import APPOINTMENT_MINUTES, free_slots, intersect, slot_fits
from .teamviewer import TeamViewerIdError, normalize_teamviewer_id
