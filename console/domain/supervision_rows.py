"""The rows supervision work hands to the windows, the command line and the reports (Qt-free, SQL-free).

Frozen plain values, never ORM objects: the GUI thread holds them after the session that read them is gone,
and a window can import them without loading the database room.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from console.domain.text import shown

# ---- operators ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OperatorView:
    """An operator as lists show it (never the hash)."""

    username: str
    display_name: str
    role: str
    active: bool
    failed_count: int
    locked_until: dt.datetime | None
    last_login_at: dt.datetime | None


@dataclass(frozen=True)
class UnitRef:
    unit_id: int
    code: str
    name: str
    kind: str


# ---- rectification -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RectificationClock:
    rectification_id: int
    due_date: dt.date
    remaining: int  # working days left, today included; ≤ 0 once overdue
    light: str  # normal | blue | yellow | red
    days_over: int = 0  # 超期 N 个工作日 (console.domain.timelimits.days_over)
    provisional: bool = False  # the deadline crosses a year whose holidays are not published (临时)


@dataclass(frozen=True)
class RectRow:
    rect_id: int
    alarm_id: int | None
    case_id: int
    case_no: str
    unit_id: int
    unit_name: str
    responsible_person: str | None
    instructions: str | None
    ordered_by: str
    ordered_at: dt.datetime
    deadline_days: int
    due_date: dt.date
    status: str  # ordered | answered | verified | overdue | cancelled
    remaining: int | None  # working days left for open ones (≤ 0 late), None when answered/closed
    light: str  # normal | blue | yellow | red | "" (not running)
    answer_text: str | None
    answered_by: str | None
    verified_by: str | None
    verification_text: str | None
    days_over: int = 0  # 超期 N 个工作日 while running late
    provisional: bool = False  # its deadline crosses a year whose holidays are not published (临时)
    # in a replay: "" when ``status`` is as it stood then, else the mark saying it is today's (supervision_asof)
    as_of_note: str = ""


# ---- sanctions ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SanctionView:
    sanction_id: int
    kind: str
    decided_on: dt.date
    deciding_body: str
    person_name: str | None
    person_role: str | None
    unit_id: int | None
    unit_name: str | None
    text: str | None
    case_ids: tuple[int, ...]
    alarm_ids: tuple[int, ...]


@dataclass(frozen=True)
class CaseSupervision:
    """What the drill-down shows of supervision work on one case."""

    case_id: int
    case_no: str
    unit_id: int
    unit_name: str
    handler: str | None
    open_alarms: tuple[tuple[int, str, str], ...]  # (alarm id, rule, level) still open or acknowledged
    sanctions: tuple[SanctionView, ...]  # linked to the case or its alarms
    handler_record: tuple[SanctionView, ...]  # the handler's own record (any case)
    rectifications: tuple[RectRow, ...]


# ---- complaints --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComplaintClock:
    complaint_id: int
    stage: str  # acceptance | reply
    due: dt.date
    remaining: int  # working days left, today included; ≤ 0 once late
    light: str  # normal | blue | yellow | red
    against_unit_id: int | None
    days_over: int = 0  # 超期 N 个工作日 (console.domain.timelimits.days_over)
    provisional: bool = False  # the deadline crosses a year whose holidays are not published (临时)


@dataclass(frozen=True)
class ConditionRow:
    code: str
    text: str
    met_by: str | None = None
    met_at: dt.datetime | None = None
    evidence: str | None = None

    @property
    def met(self) -> bool:
        return self.met_by is not None


@dataclass(frozen=True)
class ComplaintRow:
    complaint_id: int
    channel: str
    complainant: str
    complainant_contact: str | None
    unit_id: int | None
    unit_name: str | None
    against_person: str | None
    case_id: int | None
    case_no: str | None
    summary: str
    registered_at: dt.datetime
    status: str
    acceptance_due: dt.date
    reply_due: dt.date
    reply_limit_days: int
    extension_reason: str | None
    rejection_reason: str | None
    reply_text: str | None
    satisfaction: str | None
    stage: str  # acceptance | reply | "" (no clock running)
    remaining: int | None
    light: str
    conditions: tuple[ConditionRow, ...] = ()
    notes: tuple[tuple[str, dt.datetime, str], ...] = ()  # (who, when, text)
    days_over: int = 0  # 超期 N 个工作日 while running late
    provisional: bool = False  # its running deadline crosses a year whose holidays are not published (临时)
    # in a replay: "" when known as it stood then, else the mark saying what is today's (supervision_asof)
    as_of_note: str = ""

    @property
    def missing(self) -> tuple[ConditionRow, ...]:
        return tuple(c for c in self.conditions if not c.met)


# ---- time limits -------------------------------------------------------------------------------------------

CHECKS = {
    "promised_above_statutory": "承诺时限超过法定时限",
    "limit_missing": "时限缺失",
    "zero_not_immediate": "非即办件时限为零",
    "steps_over_case": "环节时限合计超过办件时限",
    "systematically_late": "办件普遍超时",
    "same_second_completion": "受理即办结（同一秒）",
    "special_after_completion": "办结后报特别程序",
}


@dataclass(frozen=True)
class Finding:
    check: str  # a key of CHECKS
    item_code: str
    item_name: str
    unit_code: str
    unit_name: str
    detail: str

    @property
    def label(self) -> str:
        return CHECKS[self.check]

    def as_json(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "label": self.label,
            "item_code": self.item_code,
            "item_name": self.item_name,
            "unit_code": self.unit_code,
            "unit_name": self.unit_name,
            "detail": self.detail,
        }

    def line(self) -> str:
        fields = (self.unit_name, self.item_code, self.item_name, self.label, self.detail)
        return "\t".join(shown(f) for f in fields)  # names from the catalogue's data, printed by audit-limits


@dataclass(frozen=True)
class LimitChange:
    item_code: str
    before: dict[str, Any]
    after: dict[str, Any]
    open_cases: int  # open cases that took the new limits
    redated: int  # of those, how many got a different due date


@dataclass(frozen=True)
class ItemLimits:
    code: str
    name: str
    unit_name: str
    promised_days: int | None
    statutory_days: int | None
    open_cases: int


# ---- period reports ----------------------------------------------------------------------------------------


@dataclass
class PeriodReport:
    period_from: dt.date
    period_to: dt.date
    scope: str  # "city" or a unit code
    scope_name: str
    cases: dict[str, Any]  # accepted, completed, on_time, overtime_promised, overtime_statutory, open_overdue_at_end,
    # consultations (咨询 records of the period)
    overtime_corrected: int
    alarms: dict[str, Any]  # by_level {red, yellow}, by_rule {rule: n}, rule_labels {rule: 中文}, cancelled
    accountability: dict[str, Any]  # people, decisions, by_sanction {kind: persons} (heaviest first)
    units_criticised: dict[str, Any]  # count, units [names]
    complaints: dict[str, Any]  # received, closed, satisfied, by_channel
    items: list[dict[str, Any]] = field(default_factory=list)  # per item: cases, avg_working_days_used, promised_days
    ranking: list[dict[str, Any]] = field(default_factory=list)  # per unit, best first
    generated_at: dt.datetime | None = None
    # 督办 opened in the period by level and outcome, 申诉 filed in the period by outcome, and both per unit
    followup: dict[str, Any] = field(
        default_factory=lambda: {
            "escalations": {"by_level": {}, "by_outcome": {}},
            "appeals": {"filed": 0, "upheld": 0, "rejected": 0},
            "per_unit": [],
        }
    )

    @property
    def headline(self) -> str:
        """The key figures in the words a bureau's period report uses."""
        acc = self.accountability
        kinds = "，".join(f"{k} {n} 人" for k, n in acc["by_sanction"].items())
        c = self.complaints
        return (
            f"{self.period_from.isoformat()} 至 {self.period_to.isoformat()}，{self.scope_name}："
            f"受理办件 {self.cases['accepted']} 件，办结 {self.cases['completed']} 件，"
            f"按时办结 {self.cases['on_time']} 件；纠正查处、督促整改超时案件 {self.overtime_corrected} 件；"
            f"责任追究 {acc['people']} 人"
            + (f"（{kinds}）" if kinds else "")
            + f"；通报批评单位 {self.units_criticised['count']} 个；"
            f"收到效能投诉 {c['received']} 起，办结 {c['closed']} 起，满意 {c['satisfied']} 起。"
        )

    def summary_rows(self) -> list[tuple[str, int]]:
        """(label, value) of the key figures, the same in the XLSX and the PDF."""
        rows = [
            ("受理办件", self.cases["accepted"]),
            ("接受咨询", self.cases.get("consultations", 0)),
            ("办结办件", self.cases["completed"]),
            ("按时办结", self.cases["on_time"]),
            ("超承诺时限办结", self.cases["overtime_promised"]),
            ("超法定时限办结", self.cases["overtime_statutory"]),
            ("期末在办超时", self.cases["open_overdue_at_end"]),
            ("纠正超时案件", self.overtime_corrected),
            ("红色告警", self.alarms["by_level"].get("red", 0)),
            ("黄色告警", self.alarms["by_level"].get("yellow", 0)),
            ("撤销告警", self.alarms["cancelled"]),
            ("责任追究人数", self.accountability["people"]),
        ]
        rows += [(f"其中{kind}", n) for kind, n in self.accountability["by_sanction"].items()]
        rows += [
            ("通报批评单位", self.units_criticised["count"]),
            ("收到效能投诉", self.complaints["received"]),
            ("投诉办结", self.complaints["closed"]),
            ("投诉满意", self.complaints["satisfied"]),
        ]
        esc, apl = self.followup["escalations"], self.followup["appeals"]
        rows += [(name, esc["by_level"].get(name, 0)) for name in ("预警提醒", "黄牌督办", "红牌督办")]
        rows += [(f"督办{name}", n) for name, n in esc["by_outcome"].items()]
        rows += [("申诉成立", apl["upheld"]), ("申诉驳回", apl["rejected"]), ("申诉待审查", apl["filed"])]
        return rows

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["period_from"] = self.period_from.isoformat()
        out["period_to"] = self.period_to.isoformat()
        out["generated_at"] = self.generated_at.isoformat(timespec="seconds") if self.generated_at else None
        out["headline"] = self.headline
        return out


@dataclass
class ExportResult:
    path: Path
    fmt: str
    seconds: float = 0.0
