"""The centre's wall clock (Qt-free): naive local time of Asia/Shanghai unless $CONSOLE_TZ says otherwise.

Working days are the centre's days, and stored times are the centre's: a machine set to UTC must neither
start "today" eight hours late nor show waiting times eight hours off.
"""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

CENTRE_TZ = ZoneInfo(os.environ.get("CONSOLE_TZ", "Asia/Shanghai"))


def now() -> dt.datetime:
    return dt.datetime.now(CENTRE_TZ).replace(tzinfo=None)


def today() -> dt.date:
    return now().date()


def day_after(day: dt.date) -> dt.datetime:
    """00:00 of the calendar day after ``day``: the moment a limit ending on ``day`` is missed (the limit runs to
    the end of its last working day; the schema's naive local time of the centre)."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time())
