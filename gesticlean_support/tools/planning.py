"""Planning interventions: each one in the first free slot of its shop's open
intervals, on the least busy free technician, none over its share of the day.

Plain Python over naive UTC datetimes (the models pass them, as Odoo stores them):
the open intervals are support ∩ shop hours, the callbacks and the technicians'
planned interventions already booked come from the database.
"""

from collections import defaultdict
from datetime import timedelta

from .slots import APPOINTMENT_MINUTES, next_grid_point

#: share of a day's support slots a technician may spend on planned interventions
#: (the rest is for the clients' calls)
PLANNED_SHARE = 0.5


def daily_caps(intervals, day_of, share=PLANNED_SHARE, minutes=APPOINTMENT_MINUTES):
    """Planned interventions a technician may take each day: ``share`` of the
    day's slots in ``intervals`` (at least one on an open day)."""
    step = timedelta(minutes=minutes)
    slots = defaultdict(int)
    for begin, end in intervals:
        slot = next_grid_point(begin, minutes)
        while slot + step <= end:
            slots[day_of(slot)] += 1
            slot += step
    return {day: max(1, int(count * share)) for day, count in slots.items()}


def _grid_points(start, step):
    """The grid points a slot of ``step`` starting at ``start`` overlaps."""
    first = next_grid_point(start, int(step.total_seconds() // 60))
    points = {first}
    if first != start:
        points.add(first - step)
    return points


class Planner:
    """Books slots for planned interventions, one at a time.

    :param technicians: technician ids, in the order that breaks ties
    :param callbacks: starts of the clients' waiting callbacks (nobody takes a
        planned intervention over them)
    :param planned: (technician id, start) of the planned interventions already
        booked
    :param day_of: moment -> the day it belongs to (in the support time zone)
    :param caps: day -> planned interventions a technician may take that day
    """

    def __init__(
        self, technicians, callbacks, planned, day_of, caps, minutes=APPOINTMENT_MINUTES
    ):
        self.step = timedelta(minutes=minutes)
        self.technicians = list(technicians)
        self.day_of = day_of
        self.caps = caps
        self.blocked = set()
        for start in callbacks:
            self.blocked |= _grid_points(start, self.step)
        self.busy = defaultdict(set)
        self.load = defaultdict(int)
        for technician, start in planned:
            self._book(technician, start)

    def _book(self, technician, start):
        self.busy[technician] |= _grid_points(start, self.step)
        self.load[technician, self.day_of(start)] += 1

    def plan(self, intervals, earliest):
        """Book the first free slot from ``earliest`` in ``intervals`` (sorted
        (begin, end)): (start, technician id), or None when there is none."""
        for begin, end in intervals:
            if end <= earliest:
                continue
            slot = next_grid_point(max(begin, earliest), int(self.step.seconds // 60))
            while slot + self.step <= end:
                if slot not in self.blocked:
                    day = self.day_of(slot)
                    cap = self.caps.get(day, 0)
                    free = [
                        (self.load[technician, day], rank, technician)
                        for rank, technician in enumerate(self.technicians)
                        if slot not in self.busy[technician]
                        and self.load[technician, day] < cap
                    ]
                    if free:
                        technician = min(free)[2]
                        self._book(technician, slot)
                        return slot, technician
                slot += self.step
        return None
