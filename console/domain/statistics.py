"""The statistics pages' figures (Qt-free, SQL-free): what the statistics screen's rotating pages draw.

Built by ``console.supervision.statistics`` from the period reports' own counts (one definition of each
figure, see ``console.supervision.reports``); the pages draw these values and never query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class UnitRate:
    """One unit's punctuality over the month, as the period report's ranking defines it."""

    rank: int
    unit_code: str
    unit_name: str
    completed: int
    on_time: int
    early: int
    on_time_rate: float | None  # on time / (on time + overtime by the promised date); None: nothing judged
    early_rate: float | None  # completed before the promised due date / completed with a promised date


@dataclass(frozen=True)
class MonthPage:
    first: dt.date
    last: dt.date
    units: tuple[UnitRate, ...] = ()  # best first (the report's ranking order)
    city_on_time_rate: float | None = None
    city_early_rate: float | None = None

    def best(self, n: int = 10) -> tuple[UnitRate, ...]:
        """红榜: the n best units that completed anything."""
        return tuple(u for u in self.units if u.on_time_rate is not None)[:n]

    def worst(self, n: int = 10) -> tuple[UnitRate, ...]:
        """黑榜: the n worst units that completed anything late, worst first — a unit with every case on time is
        never on it (a month where most units were at 100 % listed them, in red, as the worst)."""
        ranked = [u for u in self.units if u.on_time_rate is not None and u.on_time_rate < 1.0]
        return tuple(reversed(ranked))[:n]


@dataclass(frozen=True)
class UnitRatings:
    """好差评 of one unit over the period: ratings, satisfied (基本满意 and better), bad ones and their 整改."""

    unit_name: str
    rated: int
    satisfied: int
    bad: int  # 不满意 and 非常不满意
    bad_rectified: int  # a rectification of the rated case verified
    bad_in_rectification: int  # ordered or answered, not yet verified
    bad_untouched: int  # no rectification ordered

    @property
    def satisfaction_rate(self) -> float | None:
        return self.satisfied / self.rated if self.rated else None


@dataclass(frozen=True)
class UnitComplaints:
    """效能投诉 against one unit over the period."""

    unit_name: str
    received: int
    accepted: int
    replied: int
    overdue: int  # open at the period's end past its acceptance or reply due date


@dataclass(frozen=True)
class ComplaintsPage:
    first: dt.date
    last: dt.date
    units: tuple[UnitComplaints, ...] = ()  # most received first
    conditions: tuple[tuple[str, int], ...] = ()  # (四不放过 condition, recorded in the period)
    closed: int = 0


@dataclass(frozen=True)
class UnitFollowup:
    """督办 opened and 申诉 filed against one unit over the period, in ``FollowupPage.columns`` order."""

    unit_name: str
    counts: tuple[int, ...]


@dataclass(frozen=True)
class FollowupPage:
    """督办 by level and outcome, 申诉 by outcome: the period report's follow-up figures (its columns' names)."""

    first: dt.date
    last: dt.date
    by_level: tuple[tuple[str, int], ...] = ()  # 预警提醒, 黄牌督办, 红牌督办 (the level reached)
    by_outcome: tuple[tuple[str, int], ...] = ()  # 在办, 逾期, 办结, 撤销
    appeals: tuple[tuple[str, int], ...] = ()  # 申诉待审查, 申诉成立, 申诉驳回
    columns: tuple[str, ...] = ()
    units: tuple[UnitFollowup, ...] = ()  # most 督办 first


@dataclass(frozen=True)
class DailySeries:
    """Per day over the last days (oldest first)."""

    days: tuple[dt.date, ...] = ()
    received: tuple[int, ...] = ()  # 收件 (申办 and 咨询 received)
    accepted: tuple[int, ...] = ()
    completed: tuple[int, ...] = ()
    overdue: tuple[int, ...] = ()  # open past the promised date at the day's end
    consulted: tuple[int, ...] = ()  # 咨询 records (they open no case; the report's consultations figure)


@dataclass(frozen=True)
class TodayPage:
    day: dt.date
    accepted_per_hour: tuple[int, ...] = (0,) * 24
    completed_per_hour: tuple[int, ...] = (0,) * 24
    # the same weekday's average over the previous weeks (``weeks`` of them)
    accepted_avg: tuple[float, ...] = (0.0,) * 24
    completed_avg: tuple[float, ...] = (0.0,) * 24
    weeks: int = 4


@dataclass(frozen=True)
class StatisticsPages:
    as_of: dt.datetime
    today: TodayPage
    month: MonthPage
    ratings: tuple[UnitRatings, ...] = ()  # worst satisfaction first
    ratings_first: dt.date | None = None
    complaints: ComplaintsPage | None = None
    daily: DailySeries = field(default_factory=DailySeries)
    followup: FollowupPage | None = None
