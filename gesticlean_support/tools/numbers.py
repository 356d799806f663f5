"""French number formatting for the public pages (no locale needed)."""

NBSP = "\N{NO-BREAK SPACE}"


def format_fr_integer(value):
    """``7667`` -> ``"7 667"`` (thousands separated by a no-break space)."""
    return f"{int(value):,}".replace(",", NBSP)


def format_fr_percent(value):
    """``93`` -> ``"93 %"`` (no-break space before the sign, French style)."""
    return f"{format_fr_integer(round(value))}{NBSP}%"
