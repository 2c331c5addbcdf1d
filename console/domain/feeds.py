"""Is a unit's feed silent? (Qt-free, SQL-free.)

A unit whose approval system has sent nothing for longer than its heartbeat must not look all clear.  Only
working hours count: a feed quiet over a weekend, a holiday or a night is not silent.  The default heartbeat
is one working day (``WORKDAY_HOURS`` of the centre's hours, 09:00–17:00); ``python main.py feeds heartbeat
HOURS`` changes it.
"""

from __future__ import annotations

import datetime as dt

from console.domain.calendar import WorkCalendar

OPEN_HOUR, CLOSE_HOUR = 9, 17  # the service centre's working hours
WORKDAY_HOURS = CLOSE_HOUR - OPEN_HOUR
DEFAULT_HEARTBEAT_HOURS = float(WORKDAY_HOURS)  # one working day


def working_hours_between(cal: WorkCalendar, start: dt.datetime, end: dt.datetime) -> float:
    """Working hours (09:00–17:00 on working days) in [start, end)."""
    if end <= start:
        return 0.0
    total = 0.0
    day = start.date()
    while day <= end.date():
        if cal.is_workday(day):
            lo = max(start, dt.datetime.combine(day, dt.time(OPEN_HOUR)))
            hi = min(end, dt.datetime.combine(day, dt.time(CLOSE_HOUR)))
            if hi > lo:
                total += (hi - lo).total_seconds() / 3600.0
        day += dt.timedelta(days=1)
    return total


def is_silent(cal: WorkCalendar, last: dt.datetime, now: dt.datetime, heartbeat_hours: float) -> bool:
    """True when more working hours than the heartbeat have passed since the last record."""
    if now - last > dt.timedelta(days=400):  # a year of silence: no need to count it day by day
        return True
    return working_hours_between(cal, last, now) > heartbeat_hours
