"""French public holidays ("jours fériés légaux"), computed for any year.

Plain Python: no database. The support calendar turns them into time off.
"""

from datetime import date, timedelta


def easter_sunday(year):
    """Return the date of Easter Sunday (Gregorian computus, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


def french_holidays(year, alsace_moselle=False):
    """Return the French public holidays of ``year`` as a sorted list of
    ``(date, name)``, names in French as shown in the calendar.

    ``alsace_moselle`` adds Good Friday and St Stephen's Day (26 December), the two
    extra days of Bas-Rhin, Haut-Rhin and Moselle.
    """
    easter = easter_sunday(year)
    days = [
        (date(year, 1, 1), "Jour de l'an"),
        (easter + timedelta(days=1), "Lundi de Pâques"),
        (date(year, 5, 1), "Fête du Travail"),
        (date(year, 5, 8), "Victoire 1945"),
        (easter + timedelta(days=39), "Ascension"),
        (easter + timedelta(days=50), "Lundi de Pentecôte"),
        (date(year, 7, 14), "Fête nationale"),
        (date(year, 8, 15), "Assomption"),
        (date(year, 11, 1), "Toussaint"),
        (date(year, 11, 11), "Armistice 1918"),
        (date(year, 12, 25), "Noël"),
    ]
    if alsace_moselle:
        days += [
            (easter - timedelta(days=2), "Vendredi saint"),
            (date(year, 12, 26), "Saint Étienne"),
        ]
    return sorted(days)
