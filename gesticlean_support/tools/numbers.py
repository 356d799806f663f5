"""French number formatting for the public pages (no locale needed)."""

NBSP = "\N{NO-BREAK SPACE}"


def format_fr_integer(value):
    """``7667`` -> ``"7 667"`` (thousands separated by a no-break space)."""
    return f"{int(value):,}".replace(",", NBSP)


def format_fr_percent(value):
    """``93`` -> ``"93 %"`` (no-break space before the sign, French style)."""
    return f"{format_fr_integer(round(value))}{NBSP}%"


def rating_statistics_values(stats, date_text):
    """The figures of the public statistics page, formatted the French way.

    :param stats: dict from ``support.intervention._gesticlean_rating_statistics``
    :param date_text: function writing a date for the reader (their language's
        format), e.g. ``lambda day: odoo.tools.format_date(env, day)``
    """
    return {
        "stats": stats,
        "top_share": format_fr_percent(stats["top_share"]),
        "contract_count": format_fr_integer(stats["contract_count"]),
        "rating_count": format_fr_integer(stats["rating_count"]),
        "since": date_text(stats["since"]),
        "last_update": date_text(stats["last_update"]) if stats["last_update"] else "",
    }
