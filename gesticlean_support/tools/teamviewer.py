"""TeamViewer IDs: 9 or 10 digits, typed with or without spaces."""

import re

SEPARATORS = re.compile(r"[\s.\-]")
TEAMVIEWER_ID = re.compile(r"[0-9]{9,10}")


class TeamViewerIdError(ValueError):
    """The text is not a TeamViewer ID."""


def normalize_teamviewer_id(raw):
    """Return the TeamViewer ID as digits only (``"123 456 789"`` -> ``"123456789"``).

    :raises TeamViewerIdError: unless the digits are 9 or 10 of them
    """
    digits = SEPARATORS.sub("", raw or "")
    if not TEAMVIEWER_ID.fullmatch(digits):
        raise TeamViewerIdError(raw)
    return digits
