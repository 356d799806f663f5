"""Callback appointment slots: a grid of 30-minute slots inside open intervals.

Plain Python over datetimes (the models pass naive UTC ones, as Odoo stores them):
the open intervals come from the support calendar and the shop's opening hours, the
booked starts from the other clients' waiting callbacks.
"""

from datetime import timedelta

APPOINTMENT_MINUTES = 30


def intersect(intervals, others):
    """The parts of ``intervals`` that are also in ``others`` (both sorted lists of
    (begin, end))."""
    return [
        (max(begin, other_begin), min(end, other_end))
        for begin, end in intervals
        for other_begin, other_end in others
        if max(begin, other_begin) < min(end, other_end)
    ]


def slot_fits(intervals, start, minutes=APPOINTMENT_MINUTES):
    """Does a slot of ``minutes`` starting at ``start`` lie inside one interval?"""
    end = start + timedelta(minutes=minutes)
    return any(low <= start and end <= high for low, high in intervals)


def next_grid_point(moment, minutes=APPOINTMENT_MINUTES):
    """``moment`` if it is on the grid (whole hour plus a multiple of ``minutes``),
    else the next grid point."""
    offset = moment.minute % minutes
    if not (offset or moment.second or moment.microsecond):
        return moment
    return moment.replace(second=0, microsecond=0) + timedelta(minutes=minutes - offset)


def free_slots(intervals, after, booked=(), count=3, minutes=APPOINTMENT_MINUTES):
    """The first ``count`` slot starts after ``after`` (excluded) on the grid, each
    slot inside one of ``intervals`` and overlapping no ``booked`` slot.

    :param intervals: sorted (begin, end) when a callback is possible
    :param booked: starts of the slots already booked (same length)
    """
    step = timedelta(minutes=minutes)
    slots = []
    for begin, end in intervals:
        slot = next_grid_point(begin, minutes)
        while slot + step <= end:
            if slot > after and not any(abs(slot - other) < step for other in booked):
                slots.append(slot)
                if len(slots) == count:
                    return slots
            slot += step
    return slots
