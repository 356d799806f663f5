"""Opening hours of a working-time calendar written as text for people.

``weekly_hours`` groups a calendar's attendances into runs of consecutive days with
the same hours; ``describe_hours`` writes them with the words of the reader's
language (given by the caller, translated), e.g. "du lundi au vendredi de 9 h à
12 h et de 14 h à 18 h".
"""

from collections import defaultdict


def _merge(ranges):
    """Sorted ranges, touching or overlapping ones merged."""
    merged = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def weekly_hours(attendances):
    """Group attendances into runs of consecutive days with the same hours.

    :param attendances: iterable of (day of week, hour from, hour to), Monday = 0,
        hours as floats (8.5 is 8:30), as in ``resource.calendar.attendance``
    :return: list of (first day, last day, ((hour from, hour to), ...)), by day
    """
    by_day = defaultdict(list)
    for day, hour_from, hour_to in attendances:
        if hour_to > hour_from:
            by_day[int(day)].append((hour_from, hour_to))
    groups = []
    for day in sorted(by_day):
        ranges = _merge(by_day[day])
        if groups and groups[-1][1] == day - 1 and groups[-1][2] == ranges:
            groups[-1] = (groups[-1][0], day, ranges)
        else:
            groups.append((day, day, ranges))
    return groups


def format_hour(value, whole_hour, hour_minutes):
    """``9.0`` -> ``whole_hour % {"hours": 9}``; ``8.5`` -> ``hour_minutes`` with
    ``minutes="30"``."""
    total = round(value * 60)
    hours, minutes = divmod(total, 60)
    if not minutes:
        return whole_hour % {"hours": hours}
    return hour_minutes % {"hours": hours, "minutes": f"{minutes:02d}"}


def describe_hours(groups, day_names, words):
    """Write ``groups`` (from :func:`weekly_hours`) as one sentence part.

    :param day_names: names of the days, Monday first (7 names)
    :param words: the caller's (translated) patterns: ``days`` ("from %(first)s to
        %(last)s"), ``day`` ("on %(day)s"), ``hours`` ("from %(start)s to
        %(end)s"), ``and`` (" and "), ``separator`` ("; "), ``whole_hour``
        ("%(hours)s:00"), ``hour_minutes`` ("%(hours)s:%(minutes)s")
    """
    parts = []
    for first, last, ranges in groups:
        if first == last:
            days = words["day"] % {"day": day_names[first]}
        else:
            days = words["days"] % {"first": day_names[first], "last": day_names[last]}
        hours = words["and"].join(
            words["hours"]
            % {
                "start": format_hour(start, words["whole_hour"], words["hour_minutes"]),
                "end": format_hour(end, words["whole_hour"], words["hour_minutes"]),
            }
            for start, end in ranges
        )
        parts.append(days + " " + hours)
    return words["separator"].join(parts)
