"""Period reports: the figures the seed publishes and more, for any period and scope (city or one unit).

Definitions (each figure counts rows whose own date falls in the period, both ends included):
- cases accepted / completed: by ``accepted_at`` / ``completed_at``; on time = completed on or before the
  promised due date; overtime by promised / statutory = completed after that due date;
- overtime cases corrected (纠正超时案件): distinct cases with a rectification of an overtime alarm
  (promised/statutory/step overdue) verified in the period;
- alarms by level and rule: raised in the period, cancelled (撤销) ones counted apart;
- people held accountable (责任追究): distinct persons (name + unit) with a decision in the period, and per
  sanction kind the persons who received it; units criticised: units given 通报批评 as a whole;
- complaints: received (registered), closed, and satisfied (closed with 满意/基本满意 at call-back);
- average working days used per item: over cases completed in the period, clock stops excluded (engine);
- ranking of units: by on-time rate, then fewer overtime cases, red alarms and complaints.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

import numpy as np
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from console.domain import rules
from console.domain.calendar import WorkCalendar
from console.domain.timelimits import Suspensions, run_clock
from console.models.openset import fetch_cases
from console.models.schema import Alarm, Case, Item, Unit
from console.models.supervision_schema import SANCTION_LADDER, Complaint, Rectification, Sanction
from console.supervision.complaints import SATISFIED
from console.supervision.errors import NotFound, SupervisionError
from console.supervision.rectification import OVERDUE_LABEL, OVERDUE_RULE
from console.supervision.sanctions import UNIT_CRITICISM

OVERTIME_RULES = ("promised_overdue", "statutory_overdue", "step_overdue")


@dataclass
class PeriodReport:
    period_from: dt.date
    period_to: dt.date
    scope: str  # "city" or a unit code
    scope_name: str
    cases: dict  # accepted, completed, on_time, overtime_promised, overtime_statutory, open_overdue_at_end
    overtime_corrected: int
    alarms: dict  # by_level {red, yellow}, by_rule {rule: n}, rule_labels {rule: 中文}, cancelled
    accountability: dict  # people, decisions, by_sanction {kind: persons} (heaviest first)
    units_criticised: dict  # count, units [names]
    complaints: dict  # received, closed, satisfied, by_channel
    items: list = field(default_factory=list)  # per item: cases, avg_working_days_used, promised_days
    ranking: list = field(default_factory=list)  # per unit, best first
    generated_at: dt.datetime | None = None

    @property
    def headline(self) -> str:
        """The figures in the seed report's words."""
        acc = self.accountability
        kinds = "，".join(f"{k} {n} 人" for k, n in acc["by_sanction"].items())
        c = self.complaints
        return (f"{self.period_from.isoformat()} 至 {self.period_to.isoformat()}，{self.scope_name}："
                f"受理办件 {self.cases['accepted']} 件，办结 {self.cases['completed']} 件，"
                f"按时办结 {self.cases['on_time']} 件；纠正查处、督促整改超时案件 {self.overtime_corrected} 件；"
                f"责任追究 {acc['people']} 人" + (f"（{kinds}）" if kinds else "") +
                f"；通报批评单位 {self.units_criticised['count']} 个；"
                f"收到效能投诉 {c['received']} 起，办结 {c['closed']} 起，满意 {c['satisfied']} 起。")

    def summary_rows(self) -> list[tuple[str, int]]:
        """(label, value) of the key figures, the same in the XLSX and the PDF."""
        rows = [
            ("受理办件", self.cases["accepted"]),
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
        return rows

    def as_json(self) -> dict:
        out = asdict(self)
        out["period_from"] = self.period_from.isoformat()
        out["period_to"] = self.period_to.isoformat()
        out["generated_at"] = self.generated_at.isoformat(timespec="seconds") if self.generated_at else None
        out["headline"] = self.headline
        return out


def build_report(session: Session, cal: WorkCalendar, period_from: dt.date, period_to: dt.date,
                 unit_code: str | None = None, generated_at: dt.datetime | None = None) -> PeriodReport:
    if period_to < period_from:
        raise SupervisionError("报表截止日期早于起始日期")
    unit = None
    if unit_code is not None:
        unit = session.execute(select(Unit).where(Unit.code == unit_code)).scalar_one_or_none()
        if unit is None:
            raise NotFound(f"没有单位 {unit_code}")
    p = _Period(period_from, period_to, None if unit is None else unit.id)
    per_unit = _case_figures_by_unit(session, p)
    totals = {k: sum(u[k] for u in per_unit.values()) for k in _CASE_KEYS}
    totals["open_overdue_at_end"] = _open_overdue_at_end(session, p)
    report = PeriodReport(
        period_from, period_to, unit_code or "city", unit.name if unit else "全市",
        cases=totals,
        overtime_corrected=_overtime_corrected(session, p),
        alarms=_alarms(session, p),
        accountability=_accountability(session, p),
        units_criticised=_units_criticised(session, p),
        complaints=_complaints(session, p),
        items=_items(session, cal, p),
        generated_at=generated_at,
    )
    report.ranking = _ranking(session, p, per_unit)
    return report


@dataclass(frozen=True)
class _Period:
    first: dt.date
    last: dt.date
    unit_id: int | None

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.first, dt.time())

    @property
    def end(self) -> dt.datetime:  # exclusive
        return dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time())

    def within(self, col):
        return and_(col >= self.start, col < self.end)

    def days(self, col):
        return and_(col >= self.first, col <= self.last)


_CASE_KEYS = ("accepted", "completed", "on_time", "overtime_promised", "overtime_statutory")


def _case_figures_by_unit(session: Session, p: _Period) -> dict[int, dict]:
    """Per unit: accepted, completed, on time, overtime by promised / statutory due date."""
    out: dict[int, dict] = {}
    q = select(Case.unit_id, func.count()).where(p.within(Case.accepted_at)).group_by(Case.unit_id)
    if p.unit_id is not None:
        q = q.where(Case.unit_id == p.unit_id)
    for unit_id, n in session.execute(q):
        out.setdefault(unit_id, dict.fromkeys(_CASE_KEYS, 0))["accepted"] = n
    q = select(Case.unit_id, Case.completed_at, Case.promised_due, Case.statutory_due).where(
        p.within(Case.completed_at))
    if p.unit_id is not None:
        q = q.where(Case.unit_id == p.unit_id)
    # dates compared in Python: portable across engines, and only the period's completions are read
    for unit_id, done, pdue, sdue in session.execute(q):
        u = out.setdefault(unit_id, dict.fromkeys(_CASE_KEYS, 0))
        u["completed"] += 1
        day = done.date()
        if pdue is not None:
            u["on_time" if day <= pdue else "overtime_promised"] += 1
        if sdue is not None and day > sdue:
            u["overtime_statutory"] += 1
    return out


def _open_overdue_at_end(session: Session, p: _Period) -> int:
    """Cases accepted by the period's end, not completed by then, past their promised date on its last day."""
    q = select(func.count()).select_from(Case).where(
        Case.accepted_at < p.end, (Case.completed_at.is_(None)) | (Case.completed_at >= p.end),
        Case.promised_due < p.last)
    if p.unit_id is not None:
        q = q.where(Case.unit_id == p.unit_id)
    return session.execute(q).scalar_one()


def _overtime_corrected(session: Session, p: _Period) -> int:
    q = (select(func.count(func.distinct(Rectification.case_id)))
         .join(Alarm, Alarm.id == Rectification.alarm_id).join(Case, Case.id == Rectification.case_id)
         .where(Rectification.status == "verified", p.within(Rectification.verified_at),
                Alarm.rule.in_(OVERTIME_RULES)))
    if p.unit_id is not None:
        q = q.where(Case.unit_id == p.unit_id)
    return session.execute(q).scalar_one()


def _alarms(session: Session, p: _Period) -> dict:
    q = (select(Alarm.rule, Alarm.level, Alarm.status, func.count()).join(Case, Case.id == Alarm.case_id)
         .where(p.within(Alarm.raised_at)).group_by(Alarm.rule, Alarm.level, Alarm.status))
    if p.unit_id is not None:
        q = q.where(Case.unit_id == p.unit_id)
    by_level = {"red": 0, "yellow": 0}
    by_rule: dict[str, int] = {}
    cancelled = 0
    for rule_id, level, status, n in session.execute(q):
        if status == "cancelled":
            cancelled += n
            continue
        by_level[level] = by_level.get(level, 0) + n
        by_rule[rule_id] = by_rule.get(rule_id, 0) + n
    labels = {r: (OVERDUE_LABEL if r == OVERDUE_RULE else rules.label(r)) for r in by_rule}
    return {"by_level": by_level, "by_rule": dict(sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))),
            "rule_labels": labels, "cancelled": cancelled}


def _accountability(session: Session, p: _Period) -> dict:
    q = select(Sanction.person_name, Sanction.unit_id, Sanction.kind).where(
        Sanction.person_name.is_not(None), p.days(Sanction.decided_on))
    if p.unit_id is not None:
        q = q.where(Sanction.unit_id == p.unit_id)
    rows = session.execute(q).all()
    people = {(r.person_name, r.unit_id) for r in rows}
    per_kind: dict[str, set] = {}
    for r in rows:
        per_kind.setdefault(r.kind, set()).add((r.person_name, r.unit_id))
    heaviest_first = [k for k in reversed(SANCTION_LADDER) if k in per_kind]
    return {"people": len(people), "decisions": len(rows),
            "by_sanction": {k: len(per_kind[k]) for k in heaviest_first}}


def _units_criticised(session: Session, p: _Period) -> dict:
    q = (select(Unit.id, Unit.name).join(Sanction, Sanction.unit_id == Unit.id)
         .where(Sanction.person_name.is_(None), Sanction.kind == UNIT_CRITICISM, p.days(Sanction.decided_on))
         .distinct().order_by(Unit.id))
    if p.unit_id is not None:
        q = q.where(Unit.id == p.unit_id)
    names = [name for _, name in session.execute(q)]
    return {"count": len(names), "units": names}


def _complaints(session: Session, p: _Period) -> dict:
    def scoped(q):
        return q if p.unit_id is None else q.where(Complaint.against_unit_id == p.unit_id)

    by_channel = dict(session.execute(scoped(
        select(Complaint.channel, func.count()).where(p.within(Complaint.registered_at)).group_by(Complaint.channel)
    )).all())
    closed = session.execute(scoped(
        select(func.count()).select_from(Complaint).where(Complaint.status == "closed", p.within(Complaint.closed_at))
    )).scalar_one()
    satisfied = session.execute(scoped(
        select(func.count()).select_from(Complaint).where(
            Complaint.status == "closed", p.within(Complaint.closed_at), Complaint.satisfaction.in_(SATISFIED))
    )).scalar_one()
    return {"received": sum(by_channel.values()), "closed": closed, "satisfied": satisfied,
            "by_channel": by_channel}


def _items(session: Session, cal: WorkCalendar, p: _Period) -> list[dict]:
    """Average working days used per item over the period's completions, clock stops excluded."""
    q = (select(Case.id, Case.item_id, Case.completed_at).where(p.within(Case.completed_at),
                                                                   Case.accepted_at.is_not(None)))
    if p.unit_id is not None:
        q = q.where(Case.unit_id == p.unit_id)
    done = {r.id: r for r in session.execute(q)}
    if not done:
        return []
    ids = list(done)
    recs = [r for i in range(0, len(ids), 5000) for r in fetch_cases(session, cal, case_ids=ids[i:i + 5000])]
    anchor = np.asarray([r.accepted for r in recs])
    limit = np.asarray([r.promised_days + r.extension_days for r in recs])
    # evaluated the day after completion, so the completion day itself counts as used
    at = np.asarray([cal.index(done[r.case_id].completed_at) + 1 for r in recs])
    susp = Suspensions.of([(row, a, b, c) for row, r in enumerate(recs) for (a, b, c) in r.suspensions])
    used = limit - run_clock(cal, anchor, limit, at, susp).remaining
    per_item: dict[int, list[int]] = {}
    for r, u in zip(recs, used):
        per_item.setdefault(done[r.case_id].item_id, []).append(max(int(u), 0))
    meta = {r.id: r for r in session.execute(
        select(Item.id, Item.code, Item.name, Item.promised_days, Item.statutory_days, Unit.name.label("unit_name"))
        .join(Unit, Unit.id == Item.unit_id).where(Item.id.in_(per_item)))}
    rows = [
        {"item_code": meta[i].code, "item_name": meta[i].name, "unit_name": meta[i].unit_name, "cases": len(v),
         "avg_working_days_used": round(sum(v) / len(v), 2), "promised_days": meta[i].promised_days,
         "statutory_days": meta[i].statutory_days}
        for i, v in per_item.items()
    ]
    return sorted(rows, key=lambda r: (-r["avg_working_days_used"], r["item_code"]))


def _ranking(session: Session, p: _Period, per_unit: dict[int, dict]) -> list[dict]:
    uq = select(Unit.id, Unit.code, Unit.name, Unit.sort_order)
    units = session.execute(uq if p.unit_id is None else uq.where(Unit.id == p.unit_id)).all()
    red = dict(session.execute(
        select(Case.unit_id, func.count()).join(Alarm, Alarm.case_id == Case.id)
        .where(p.within(Alarm.raised_at), Alarm.level == "red", Alarm.status != "cancelled")
        .group_by(Case.unit_id)).all())
    complaints = dict(session.execute(
        select(Complaint.against_unit_id, func.count()).where(p.within(Complaint.registered_at))
        .group_by(Complaint.against_unit_id)).all())
    people = dict(session.execute(
        select(Sanction.unit_id, func.count(func.distinct(Sanction.person_name)))
        .where(Sanction.person_name.is_not(None), p.days(Sanction.decided_on)).group_by(Sanction.unit_id)).all())
    rows = []
    for u in units:
        f = per_unit.get(u.id, dict.fromkeys(_CASE_KEYS, 0))
        judged = f["on_time"] + f["overtime_promised"]
        rows.append({
            "unit_code": u.code, "unit_name": u.name, "completed": f["completed"], "on_time": f["on_time"],
            "overtime": f["overtime_promised"], "on_time_rate": round(f["on_time"] / judged, 4) if judged else None,
            "red_alarms": red.get(u.id, 0), "complaints": complaints.get(u.id, 0),
            "people_held_accountable": people.get(u.id, 0), "_order": u.sort_order,
        })
    # units that completed nothing cannot be ranked on punctuality: they go last, in catalogue order
    rows.sort(key=lambda r: (r["on_time_rate"] is None, -(r["on_time_rate"] or 0), r["overtime"], r["red_alarms"],
                             r["complaints"], r["_order"]))
    for rank, r in enumerate(rows, 1):
        r["rank"] = rank
        del r["_order"]
    return rows
