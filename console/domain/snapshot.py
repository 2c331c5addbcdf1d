"""The immutable picture one poll hands to the screens (Qt-free).

Widgets draw a Snapshot and never query.  Everything here is plain data: tuples, frozen dataclasses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from console.domain.rollup import UnitState


@dataclass(frozen=True)
class UnitStatus:
    unit_id: int
    code: str
    name: str
    kind: str  # department | district
    state: UnitState
    normal: int = 0
    blue: int = 0
    yellow: int = 0
    red: int = 0
    red_handled: int = 0  # reds whose alarms are all acknowledged
    due_today: int = 0  # open cases due today: red at the next day change unless completed
    statutory_breaches: int = 0
    due_next: int = 0  # open cases due on the next working day
    # open (unacknowledged) alarms of any rule on any of its cases, open or completed, by their rule's level
    alarms_red: int = 0
    alarms_yellow: int = 0
    last_record_at: dt.datetime | None = None  # when its feed last sent a record (None: never, or not tracked)
    card: str = ""  # '' | 'yellow' | 'red': the unit is under an open 黄牌/红牌督办 (console.domain.escalation)

    @property
    def alarms_unhandled(self) -> int:
        return self.alarms_red + self.alarms_yellow

    @property
    def open_cases(self) -> int:
        return self.normal + self.blue + self.yellow + self.red


@dataclass(frozen=True)
class AlarmView:
    alarm_id: int
    case_id: int | None  # None: a complaint's alarm (case_no reads 投诉 #id)
    case_no: str
    unit_id: int | None  # None: a complaint against a person, no unit
    unit_name: str
    item_name: str
    handler: str | None
    rule: str
    rule_label: str
    level: str
    subject: str
    message: str
    raised_at: dt.datetime
    status: str  # open | acknowledged | cancelled
    days_late: int | None = None  # working days past the due date, for time rules
    acked_by: str | None = None
    acked_console: str | None = None
    acked_at: dt.datetime | None = None
    ack_note: str | None = None
    occurrence: int = 1  # the n-th time this rule's condition came on this case and subject
    cleared_at: dt.datetime | None = None  # its condition ended (an unacknowledged one still waits for its ack)
    recorded_at: dt.datetime | None = None  # when the centre knew: the engine wrote it (raised_at: when it happened)

    @property
    def waiting_since(self) -> dt.datetime:
        """What 已等待 counts from: when the alarm was written, not the red moment it carries (records that came
        days late are alarmed with their past moment)."""
        return self.recorded_at or self.raised_at


@dataclass(frozen=True)
class Totals:
    open_cases: int = 0
    due_today: int = 0  # turn red at the next day change unless completed (the desk's "red next" list)
    due_next: int = 0  # due on the next working day
    normal: int = 0
    blue: int = 0
    yellow: int = 0
    red: int = 0
    red_handled: int = 0
    statutory_breaches: int = 0
    alarms_waiting: int = 0
    provisional: int = 0  # open cases whose due dates cross a year without published holidays
    suspended: int = 0
    # open complaints (效能投诉) by the light of their running deadline (acceptance ≤ 5, reply ≤ 30/60 WD)
    complaints_open: int = 0
    complaints_blue: int = 0
    complaints_yellow: int = 0
    complaints_red: int = 0


@dataclass(frozen=True)
class LightsPoint:
    """One point of the "lights over the day" chart."""

    at: dt.datetime
    normal: int
    blue: int
    yellow: int
    red: int


@dataclass(frozen=True)
class EngineState:
    """The supervision engine as a reading console sees it (console.models.heartbeat).

    ``ok`` False: no pass for longer than the console allows (or never one): the alarms on screen are what the
    engine last wrote, and nothing new is being raised — the screens say so instead of looking calm."""

    holder: str | None
    last_pass: dt.datetime | None  # wall clock of its last committed pass (None: never ran here)
    ok: bool
    since: dt.datetime | None = None  # when the holder took the lease


@dataclass(frozen=True)
class Snapshot:
    as_of: dt.datetime  # when the data was read (the screens print "data as of HH:MM:SS")
    units: tuple[UnitStatus, ...] = ()
    totals: Totals = field(default_factory=Totals)
    alarms: tuple[AlarmView, ...] = ()  # open (unacknowledged) alarms, oldest first
    new_alarm_ids: tuple[int, ...] = ()  # alarms first seen by this console in this poll (for the modal)
    lights_history: tuple[LightsPoint, ...] = ()
    top_overdue: tuple[tuple[str, int], ...] = ()  # (unit name, red cases), worst first
    accepted_per_hour: tuple[int, ...] = ()  # today, hours 0..23
    completed_per_hour: tuple[int, ...] = ()
    satisfaction: tuple[int, ...] = (0, 0, 0, 0, 0)  # evaluations today, level 1..5
    ok: bool = True  # False: this poll failed; the data is the last good one
    error: str | None = None
    calendar_note: str | None = None  # e.g. "2027年节假日安排未发布：期限按周末临时计算"
    # units whose feed is silent longer than its heartbeat: (unit name, last record) — the desk's 数据中断 alarm
    feeds_silent: tuple[tuple[str, dt.datetime], ...] = ()
    # replay (回放): the past moment shown, as known then; None for the live picture
    replay_at: dt.datetime | None = None
    # a console reading beside a supervision engine: whether it runs (None: not watched — the engine's own pass)
    engine: EngineState | None = None

    def unit(self, unit_id: int) -> UnitStatus | None:
        return next((u for u in self.units if u.unit_id == unit_id), None)

    def failed(self, error: str) -> Snapshot:
        """The same data marked stale: a failed poll never shows as fresh (or as green)."""
        return replace(self, ok=False, error=error, new_alarm_ids=())


# ---- drill-down ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseRow:
    """One open case in a unit's drill-down table."""

    case_id: int
    case_no: str
    item_name: str
    stage: str
    handler: str | None
    accepted_at: dt.datetime
    promised_due: dt.date
    statutory_due: dt.date
    remaining: int  # working days to the promised due date (≤ 0 once overdue)
    light: int  # Light
    statutory_breach: bool
    provisional: bool
    suspended: bool
    handled: bool  # red with every alarm acknowledged
    # the case's open (unacknowledged) alarms of any rule: a case is never 正常 while one is open
    alarm_level: str | None = None  # red | yellow: the worst of them
    alarm_labels: tuple[str, ...] = ()  # their rules' short names, worst first
    completed: bool = False  # listed for its open alarms although no longer open
    days_over: int = 0  # working days past the promised due date (超期 N 个工作日), as the alarm counts them
    due_today: bool = False  # the promised due date is today (its last working day)


@dataclass(frozen=True)
class StepRow:
    step_code: str
    step_name: str
    handler: str | None
    started_at: dt.datetime
    ended_at: dt.datetime | None
    limit_days: int | None
    due: dt.date | None
    result: str | None
    opinion: str | None
    natural_days: int | None = None  # the limit as given in 自然日 (limit_days: its working-day equivalent)


@dataclass(frozen=True)
class SuspensionRow:
    kind: str
    started_at: dt.datetime
    ended_at: dt.datetime | None
    applied_days: int | None
    stops_clock: bool
    basis: str | None


@dataclass(frozen=True)
class CaseDetail:
    row: CaseRow
    unit_name: str
    channel: str | None
    applicant_name: str | None
    completed_at: dt.datetime | None
    result: str | None
    steps: tuple[StepRow, ...]
    suspensions: tuple[SuspensionRow, ...]
    fees: tuple[tuple[float, float, str | None], ...]  # receivable, paid, relief reason
    evaluations: tuple[tuple[int, dt.datetime, str | None], ...]  # level, at, comment
    alarms: tuple[AlarmView, ...]  # every alarm of the case, with acknowledgements
    workdays: tuple[dt.date, ...] = ()  # working days from acceptance to the later due date (timeline axis)
    natural_limits: tuple[int | None, int | None] = (None, None)  # promised, statutory as accepted in 自然日
