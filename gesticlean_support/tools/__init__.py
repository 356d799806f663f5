"""Plain-Python business rules of gesticlean_support (no database needed)."""

from .phone import PhoneNumberError, normalize_phone
from .teamviewer import TeamViewerIdError, normalize_teamviewer_id
