"""Chinese working-day calendar as a cumulative index (Qt-free).

Published data comes from the ``chinesecalendar`` package (State Council notices: holidays *and* make-up
working weekends).  A year the package has no data for is **provisional**: weekends-only, and every date
computed across it says so, until the year is published (package upgrade) or an administrator confirms it
after entering the local overrides.

Every day between ``FIRST`` and ``LAST`` gets an integer index ``d`` (days since ``FIRST``).  ``cum[d]`` is
the number of working days strictly before day ``d``; ``nth[k]`` is the index of working day number ``k``.
So "working days in (a, b]" is ``cum[b+1] - cum[a+1]`` and "the n-th working day after a" is
``nth[cum[a+1] + n - 1]``: one lookup each, and both work on whole numpy arrays.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import chinese_calendar
import numpy as np

FIRST = dt.date(2004, 1, 1)
LAST = dt.date(2045, 12, 31)


def _published_year_range() -> tuple[int, int]:
    years = [d.year for d in chinese_calendar.holidays] + [d.year for d in chinese_calendar.workdays]
    return min(years), max(years)


def published_day(day: dt.date) -> bool | None:
    """Working day per the published notice, or None when the package has no data for that year."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


class CalendarRangeError(ValueError):
    """A date outside the span the calendar covers."""


@dataclass(frozen=True)
class WorkCalendar:
    """Immutable working-day index; build a new one when overrides or confirmations change."""

    is_work: np.ndarray  # bool per day index
    cum: np.ndarray  # int32, len = days + 1
    nth: np.ndarray  # int32: day index of the k-th working day
    provisional_cum: np.ndarray  # int32, len = days + 1: provisional days strictly before d
    overrides: Mapping[dt.date, bool] = field(default_factory=dict)
    confirmed_years: frozenset[int] = frozenset()
    published_years: tuple[int, int] = (FIRST.year, FIRST.year)

    # ---- construction -------------------------------------------------------------------------
    @classmethod
    def build(
        cls,
        overrides: Mapping[dt.date, bool] | None = None,
        confirmed_years: Iterable[int] = (),
    ) -> WorkCalendar:
        overrides = dict(overrides or {})
        confirmed = frozenset(confirmed_years)
        first_pub, last_pub = _published_year_range()
        n_days = (LAST - FIRST).days + 1
        ordinals = np.arange(FIRST.toordinal(), FIRST.toordinal() + n_days)
        weekday = (ordinals + 6) % 7  # date.fromordinal(1) is a Monday -> 0
        is_work = weekday < 5
        provisional = np.zeros(n_days, dtype=bool)
        for year in range(FIRST.year, LAST.year + 1):
            start = (dt.date(year, 1, 1) - FIRST).days
            stop = (dt.date(year, 12, 31) - FIRST).days + 1
            if first_pub <= year <= last_pub:
                for i in range(start, stop):
                    is_work[i] = published_day(FIRST + dt.timedelta(days=i))
            elif year not in confirmed:
                provisional[start:stop] = True
        for day, work in overrides.items():
            i = (day - FIRST).days
            if 0 <= i < n_days:
                is_work[i] = bool(work)
        cum = np.zeros(n_days + 1, dtype=np.int32)
        np.cumsum(is_work, out=cum[1:])
        nth = np.flatnonzero(is_work).astype(np.int32)
        pcum = np.zeros(n_days + 1, dtype=np.int32)
        np.cumsum(provisional, out=pcum[1:])
        return cls(is_work, cum, nth, pcum, overrides, confirmed, (first_pub, last_pub))

    # ---- conversions --------------------------------------------------------------------------
    @staticmethod
    def index(day: dt.date | dt.datetime) -> int:
        if isinstance(day, dt.datetime):
            day = day.date()
        i = (day - FIRST).days
        if not 0 <= i <= (LAST - FIRST).days:
            raise CalendarRangeError(f"{day} is outside the calendar ({FIRST}..{LAST})")
        return i

    @staticmethod
    def date(index: int) -> dt.date:
        return FIRST + dt.timedelta(days=int(index))

    @property
    def fingerprint(self) -> str:
        """Changes whenever any day's status or provisional flag changes: triggers due-date recomputation."""
        h = hashlib.sha256(np.packbits(self.is_work).tobytes())
        h.update(self.provisional_cum[-1:].tobytes())
        h.update(np.packbits(np.diff(self.provisional_cum) > 0).tobytes())
        return h.hexdigest()[:16]

    # ---- scalar helpers (thin wrappers around the vector forms) -------------------------------
    def is_workday(self, day: dt.date) -> bool:
        return bool(self.is_work[self.index(day)])

    def is_provisional(self, day: dt.date) -> bool:
        i = self.index(day)
        return bool(self.provisional_cum[i + 1] - self.provisional_cum[i])

    def add(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after ``start`` (start not counted); n = 0 gives ``start``."""
        return self.date(self.add_idx(np.asarray([self.index(start)]), np.asarray([n]))[0])

    def count(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]."""
        return int(self.cum[self.index(end) + 1] - self.cum[self.index(start) + 1])

    # ---- vector forms -------------------------------------------------------------------------
    def add_idx(self, start: np.ndarray, n: np.ndarray) -> np.ndarray:
        """Vectorised ``add``: day index of the n-th working day after each start (n = 0: start)."""
        start = np.asarray(start, dtype=np.int64)
        n = np.asarray(n, dtype=np.int64)
        k = self.cum[start + 1].astype(np.int64) + n - 1
        if k.size and k.max(initial=0) >= len(self.nth):
            raise CalendarRangeError("a due date falls after the end of the calendar")
        return np.where(n > 0, self.nth[np.clip(k, 0, len(self.nth) - 1)], start)

    def work_between_idx(self, a: np.ndarray | int, b: np.ndarray | int) -> np.ndarray:
        """Working days in [a, b] (inclusive, 0 where b < a), vectorised."""
        a = np.asarray(a, dtype=np.int64)
        b = np.asarray(b, dtype=np.int64)
        days: np.ndarray = np.maximum(self.cum[b + 1].astype(np.int64) - self.cum[a], 0)
        return days

    def provisional_between_idx(self, a: np.ndarray | int, b: np.ndarray | int) -> np.ndarray:
        """True where any day in [a, b] is in a provisional year."""
        a = np.asarray(a, dtype=np.int64)
        b = np.asarray(b, dtype=np.int64)
        touched: np.ndarray = (self.provisional_cum[np.maximum(b, a) + 1] - self.provisional_cum[a]) > 0
        return touched
