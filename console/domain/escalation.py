"""督办 (escalation) ladder and 申诉 (appeal) deadlines: pure rules, no Qt, no SQL.

A supervisor opens a 督办 on an alarm, a rectification or a complaint at one of three levels, lightest first:
预警提醒 → 黄牌督办 → 红牌督办 (the cards of the Hunan-style engines; a card may be issued as a numbered
督办通知书).  Each level gives the unit a deadline in working days, counted like a case's limit: the opening day
not counted (民法典 第201条), weekends, statutory holidays and make-up working days from the published calendar
(行政许可法 第82条), so a deadline that would end on a holiday ends on the next working day (民法典 第203条).

An open 督办 whose deadline passes without an answer goes up one level by itself when the ladder says so
(``Ladder.auto``); the next level's deadline counts from the missed due date, not from the day the pass
happens to run, so consoles switched off over a holiday give the same dates as consoles that ran every
minute, and one late pass may climb several levels at once.  A 红牌督办 has nowhere higher to go: its missed
deadline makes it overdue and raises its own red alarm.

Administrators configure the ladder (days per level, automatic or by hand, whether an overdue rectification
opens a 预警提醒 by itself) and the appeal deadline; both are stored as JSON text by the database room.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from console.domain.calendar import WorkCalendar
from console.domain.errors import UserError
from console.domain.timelimits import LIGHT_NAMES, Light, countdown, lights

# ---- the ladder ----------------------------------------------------------------------------------------------
LEVELS = ("reminder", "yellow", "red")
LEVEL_NAMES = {"reminder": "预警提醒", "yellow": "黄牌督办", "red": "红牌督办"}
SOURCES = ("alarm", "rectification", "complaint")
SOURCE_NAMES = {"alarm": "告警", "rectification": "整改通知", "complaint": "投诉"}
# open: waiting for the unit's answer; answered: waiting for verification; overdue: a red card's deadline passed
OPEN_STATUSES = ("open", "answered", "overdue")
STATUSES = (*OPEN_STATUSES, "closed", "cancelled")
STATUS_NAMES = {"open": "待答复", "answered": "待核实", "overdue": "逾期", "closed": "已办结", "cancelled": "已撤销"}
# the card a unit's tile shows: the highest level among its open 督办 that is a card at all
CARDS = ("yellow", "red")

OVERDUE_RULE = "escalation_overdue"
OVERDUE_LABEL = "督办逾期"

# ---- appeals ---------------------------------------------------------------------------------------------------
APPEAL_STATUSES = ("filed", "upheld", "rejected")
APPEAL_STATUS_NAMES = {"filed": "待审查", "upheld": "申诉成立", "rejected": "申诉驳回"}
APPEAL_CHANNELS = ("exchange", "desk")  # from the unit's approval system, or a paper appeal registered at the desk
APPEAL_CHANNEL_NAMES = {"exchange": "系统报送", "desk": "窗口登记"}
UPHELD_REASON = "申诉成立"


class LadderError(UserError):
    """A ladder or appeal setting an administrator typed is not usable (the message says why)."""


@dataclass(frozen=True)
class Ladder:
    """Working days per level, and what happens by itself when a deadline passes.

    The defaults (5, 3, 2) shorten the deadline as the card gets heavier; they are this console's choice, not
    a national rule: each bureau sets its own.
    """

    days: tuple[int, int, int] = (5, 3, 2)
    auto: bool = True  # a missed deadline climbs to the next level by itself
    from_rectification: bool = True  # a rectification that goes overdue opens a 预警提醒 by itself
    appeal_days: int = 10  # working days a supervisor has to decide an appeal

    def __post_init__(self) -> None:
        if len(self.days) != len(LEVELS) or any(not isinstance(d, int) or not 1 <= d <= 60 for d in self.days):
            raise LadderError("督办期限须为 3 个 1–60 之间的工作日数（预警提醒、黄牌督办、红牌督办）")
        if not isinstance(self.appeal_days, int) or not 1 <= self.appeal_days <= 60:
            raise LadderError("申诉审查期限须为 1–60 个工作日")

    def days_for(self, level: str) -> int:
        return self.days[level_rank(level)]

    def to_json(self) -> str:
        return json.dumps(
            {
                "days": list(self.days),
                "auto": self.auto,
                "from_rectification": self.from_rectification,
                "appeal_days": self.appeal_days,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str | None) -> Ladder:
        """The stored ladder; nothing stored gives the defaults, a damaged value is refused with its reason."""
        if not text:
            return cls()
        try:
            raw = json.loads(text)
            return cls(
                days=tuple(int(d) for d in raw.get("days", cls.days)),  # type: ignore[arg-type]
                auto=bool(raw.get("auto", True)),
                from_rectification=bool(raw.get("from_rectification", True)),
                appeal_days=int(raw.get("appeal_days", 10)),
            )
        except (ValueError, TypeError, AttributeError) as exc:
            raise LadderError(f"督办阶梯设置无法读取：{exc}") from exc


def level_rank(level: str) -> int:
    if level not in LEVELS:
        raise LadderError(f"没有督办级别 {level}（应为 {'、'.join(LEVEL_NAMES.values())}）")
    return LEVELS.index(level)


def next_level(level: str) -> str | None:
    """The level above ``level``; None above 红牌督办."""
    i = level_rank(level)
    return LEVELS[i + 1] if i + 1 < len(LEVELS) else None


def due_date(cal: WorkCalendar, start: dt.date, days: int) -> dt.date:
    """The ``days``-th working day after ``start`` (start not counted: 民法典 第201条)."""
    return cal.add(start, days)


def card_of(levels: Iterable[str]) -> str:
    """The card a unit shows for the levels of its open 督办: 'red', 'yellow' or '' (预警提醒 is no card)."""
    ranks = [level_rank(x) for x in levels]
    top = LEVELS[max(ranks)] if ranks else ""
    return top if top in CARDS else ""


# ---- the automatic pass --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class OpenEscalation:
    """What the pass needs to know of one open 督办."""

    escalation_id: int
    level: str
    due_date: dt.date
    status: str


@dataclass(frozen=True)
class Climb:
    """One level climbed (or, from 红牌督办, the deadline lapsed: ``to_level`` None)."""

    escalation_id: int
    from_level: str
    to_level: str | None
    missed_due: dt.date
    new_due: dt.date | None


def decide(cal: WorkCalendar, ladder: Ladder, rows: Sequence[OpenEscalation], today: dt.date) -> list[Climb]:
    """The climbs due on ``today`` for the open 督办 in ``rows``, in order (several per row after a long gap).

    Only rows waiting for the unit's answer climb: an answered one waits for the supervisor, and an overdue red
    one has already lapsed.  A deadline is missed from the day after the due date.
    """
    if not ladder.auto:
        return []
    out: list[Climb] = []
    for r in rows:
        if r.status != "open":
            continue
        level, due = r.level, r.due_date
        while today > due:
            up = next_level(level)
            if up is None:
                out.append(Climb(r.escalation_id, level, None, due, None))
                break
            new_due = due_date(cal, due, ladder.days_for(up))
            out.append(Climb(r.escalation_id, level, up, due, new_due))
            level, due = up, new_due
    return out


# ---- rows the windows, the notice and the reports read (frozen plain values, never ORM objects) --------------
@dataclass(frozen=True)
class EscalationStep:
    at: dt.datetime
    actor: str
    kind: str  # opened | answered | verified | returned | escalated | lapsed | closed | cancelled
    level: str
    due_date: dt.date | None
    text: str | None

    @property
    def kind_name(self) -> str:
        return EVENT_NAMES.get(self.kind, self.kind)


EVENT_NAMES = {
    "opened": "立案督办",
    "answered": "单位答复",
    "verified": "核实通过",
    "returned": "核实退回",
    "escalated": "升级督办",
    "lapsed": "逾期未答复",
    "closed": "办结",
    "cancelled": "撤销",
}


@dataclass(frozen=True)
class EscalationRow:
    escalation_id: int
    notice_no: str
    source_kind: str
    source_id: int
    case_id: int | None
    case_no: str | None
    unit_id: int
    unit_code: str
    unit_name: str
    level: str
    finding: str
    requirement: str
    opened_by: str
    opened_at: dt.datetime
    automatic: bool
    deadline_days: int
    due_date: dt.date
    status: str
    answer_text: str | None
    outcome: str | None
    history: tuple[EscalationStep, ...] = ()
    remaining: int | None = None  # working days left (timelimits.countdown; open ones)
    light: str = "normal"  # normal | blue | yellow | red, of the running deadline

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES[self.level]

    @property
    def status_name(self) -> str:
        return STATUS_NAMES.get(self.status, self.status)

    @property
    def source_text(self) -> str:
        return f"{SOURCE_NAMES.get(self.source_kind, self.source_kind)} #{self.source_id}"


@dataclass(frozen=True)
class AppealRow:
    appeal_id: int
    alarm_id: int
    alarm_rule: str
    alarm_message: str
    alarm_status: str
    case_id: int
    case_no: str
    unit_id: int
    unit_name: str
    channel: str
    appellant: str
    reason: str
    evidence: tuple[str, ...]
    filed_at: dt.datetime
    registered_by: str
    due_date: dt.date
    status: str
    decided_by: str | None
    decided_at: dt.datetime | None
    decision_reason: str | None
    remaining: int | None = None
    light: str = "normal"
    corrections: tuple[str, ...] = ()  # the case's time corrected with the decision, described

    @property
    def status_name(self) -> str:
        return APPEAL_STATUS_NAMES.get(self.status, self.status)

    @property
    def channel_name(self) -> str:
        return APPEAL_CHANNEL_NAMES.get(self.channel, self.channel)


def deadline_lights(
    cal: WorkCalendar, dues: Sequence[dt.date], today: dt.date, limits: Sequence[int] | None = None
) -> list[tuple[int, str]]:
    """(working days left, light) of each running deadline of ``limits`` working days due on ``dues``, counted
    and lit as a case's (``timelimits.countdown``, ``timelimits.lights``): the start day not counted."""
    if not dues:
        return []
    due = np.asarray([cal.index(d) for d in dues], dtype=np.int64)
    at = cal.index(today)
    left = countdown(cal, due, at, None if limits is None else np.asarray(limits, dtype=np.int64))
    lit = lights(np.full(len(due), at), due, left)
    return [(int(n), LIGHT_NAMES[Light(int(x))]) for n, x in zip(left, lit, strict=False)]
