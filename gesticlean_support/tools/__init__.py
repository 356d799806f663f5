"""Plain-Python business rules of gesticlean_support (no database needed)."""

from .billing import billed_units, hours_to_minutes
from .numbers import format_fr_integer, format_fr_percent, rating_statistics_values
from .periods import commitment_year, monthly_period
from .phone import PhoneNumberError, normalize_phone
from .pricing import LicenceCountError, check_licence_count, tier_for
from .teamviewer import TeamViewerIdError, normalize_teamviewer_id
