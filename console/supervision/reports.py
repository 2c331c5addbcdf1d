"""Period reports: the figures a bureau's period report publishes and more, for any period and scope (city or
one unit).

Definitions (each figure counts rows whose own date falls in the period, both ends included):
- cases accepted / completed: by ``accepted_at`` / ``completed_at``; on time = completed on or before the
  promised due date; early (提前办结) = completed before the promised due date's day; overtime by promised /
  statutory = completed after that due date;
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

import numpy as np

from console.domain import rules
from console.domain.calendar import WorkCalendar
from console.domain.escalation import APPEAL_STATUSES, LEVEL_NAMES
from console.domain.supervision_rows import PeriodReport
from console.domain.timelimits import Suspensions, run_clock
from console.domain.vocabulary import SANCTION_LADDER
from console.models import consultations
from console.models.openset import fetch_cases
from console.models.supervision import Session
from console.models.supervision import appeals as appeal_counts
from console.models.supervision import escalations as esc_counts
from console.models.supervision import reports as counts
from console.models.supervision.reports import Period
from console.supervision.complaints import SATISFIED
from console.supervision.errors import NotFound, SupervisionError
from console.supervision.rectification import OVERDUE_LABEL, OVERDUE_RULE
from console.supervision.sanctions import UNIT_CRITICISM

OVERTIME_RULES = ("promised_overdue", "statutory_overdue", "step_overdue", "acceptance_overdue")


def build_report(
    session: Session,
    cal: WorkCalendar,
    period_from: dt.date,
    period_to: dt.date,
    unit_code: str | None = None,
    generated_at: dt.datetime | None = None,
) -> PeriodReport:
    if period_to < period_from:
        raise SupervisionError("报表截止日期早于起始日期")
    unit = None
    if unit_code is not None:
        unit = counts.unit_by_code(session, unit_code)
        if unit is None:
            raise NotFound(f"没有单位 {unit_code}")
    p = Period(period_from, period_to, None if unit is None else unit.id)
    per_unit = case_figures_by_unit(session, p)
    totals = {k: sum(u[k] for u in per_unit.values()) for k in _CASE_KEYS}
    totals["open_overdue_at_end"] = counts.open_overdue_at_end(session, p)
    consulted = consultations.per_unit(session, period_from, period_to)  # 咨询 open no case: counted apart
    totals["consultations"] = consulted.get(unit_code, 0) if unit_code is not None else sum(consulted.values())
    report = PeriodReport(
        period_from,
        period_to,
        unit_code or "city",
        unit.name if unit else "全市",
        cases=totals,
        overtime_corrected=counts.cases_corrected(session, p, OVERTIME_RULES),
        alarms=_alarms(session, p),
        accountability=_accountability(session, p),
        units_criticised=_units_criticised(session, p),
        complaints=_complaints(session, p),
        items=_items(session, cal, p),
        generated_at=generated_at,
    )
    report.ranking = ranking(session, p, per_unit)
    report.followup = followup(session, p)
    return report


_CASE_KEYS = ("accepted", "completed", "on_time", "early", "overtime_promised", "overtime_statutory")


def case_figures_by_unit(session: Session, p: Period) -> dict[int, dict]:
    """Per unit: accepted, completed, on time, early, overtime by promised / statutory due date."""
    out: dict[int, dict] = {}
    for unit_id, n in counts.accepted_by_unit(session, p).items():
        out.setdefault(unit_id, dict.fromkeys(_CASE_KEYS, 0))["accepted"] = n
    # dates compared in Python: portable across engines, and only the period's completions are read
    for unit_id, done, pdue, sdue in counts.completions(session, p):
        u = out.setdefault(unit_id, dict.fromkeys(_CASE_KEYS, 0))
        u["completed"] += 1
        day = done.date()
        if pdue is not None:
            u["on_time" if day <= pdue else "overtime_promised"] += 1
            u["early"] += day < pdue
        if sdue is not None and day > sdue:
            u["overtime_statutory"] += 1
    return out


def _alarms(session: Session, p: Period) -> dict:
    by_level = {"red": 0, "yellow": 0}
    by_rule: dict[str, int] = {}
    cancelled = 0
    for rule_id, level, status, n in counts.alarm_counts(session, p):
        if status == "cancelled":
            cancelled += n
            continue
        by_level[level] = by_level.get(level, 0) + n
        by_rule[rule_id] = by_rule.get(rule_id, 0) + n
    labels = {r: (OVERDUE_LABEL if r == OVERDUE_RULE else rules.label(r)) for r in by_rule}
    return {
        "by_level": by_level,
        "by_rule": dict(sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))),
        "rule_labels": labels,
        "cancelled": cancelled,
    }


def _accountability(session: Session, p: Period) -> dict:
    rows = counts.person_decisions(session, p)
    people = {(r.person_name, r.unit_id) for r in rows}
    per_kind: dict[str, set] = {}
    for r in rows:
        per_kind.setdefault(r.kind, set()).add((r.person_name, r.unit_id))
    heaviest_first = [k for k in reversed(SANCTION_LADDER) if k in per_kind]
    return {"people": len(people), "decisions": len(rows), "by_sanction": {k: len(per_kind[k]) for k in heaviest_first}}


def _units_criticised(session: Session, p: Period) -> dict:
    names = counts.units_given(session, p, UNIT_CRITICISM)
    return {"count": len(names), "units": names}


def _complaints(session: Session, p: Period) -> dict:
    by_channel = counts.complaints_by_channel(session, p)
    return {
        "received": sum(by_channel.values()),
        "closed": counts.complaints_closed(session, p),
        "satisfied": counts.complaints_closed(session, p, satisfaction=SATISFIED),
        "by_channel": by_channel,
    }


def _items(session: Session, cal: WorkCalendar, p: Period) -> list[dict]:
    """Average working days used per item over the period's completions, clock stops excluded."""
    done = {r.id: r for r in counts.completed_cases(session, p)}
    if not done:
        return []
    ids = list(done)
    recs = [r for i in range(0, len(ids), 5000) for r in fetch_cases(session, cal, case_ids=ids[i : i + 5000])]
    anchor = np.asarray([r.accepted for r in recs])
    limit = np.asarray([r.promised_days + r.extension_days for r in recs])
    # evaluated the day after completion, so the completion day itself counts as used
    at = np.asarray([cal.index(done[r.case_id].completed_at) + 1 for r in recs])
    susp = Suspensions.of([(row, a, b, c) for row, r in enumerate(recs) for (a, b, c) in r.suspensions])
    used = limit - run_clock(cal, anchor, limit, at, susp).remaining
    per_item: dict[int, list[int]] = {}
    for r, u in zip(recs, used, strict=True):
        per_item.setdefault(done[r.case_id].item_id, []).append(max(int(u), 0))
    meta = counts.items(session, per_item)
    rows = [
        {
            "item_code": meta[i].code,
            "item_name": meta[i].name,
            "unit_name": meta[i].unit_name,
            "cases": len(v),
            "avg_working_days_used": round(sum(v) / len(v), 2),
            "promised_days": meta[i].promised_days,
            "statutory_days": meta[i].statutory_days,
        }
        for i, v in per_item.items()
    ]
    return sorted(rows, key=lambda r: (-r["avg_working_days_used"], r["item_code"]))


# 督办 outcomes as the report names them: still open (any open status), closed after verification, lapsed at
# 红牌督办 (逾期), withdrawn (撤销, e.g. with an upheld appeal)
_ESC_OUTCOME = {"open": "在办", "answered": "在办", "overdue": "逾期", "closed": "办结", "cancelled": "撤销"}


APPEAL_COLUMN = {"filed": "申诉待审查", "upheld": "申诉成立", "rejected": "申诉驳回"}


FOLLOWUP_COLUMNS = (*LEVEL_NAMES.values(), *dict.fromkeys(_ESC_OUTCOME.values()), *APPEAL_COLUMN.values())


def followup(session: Session, p: Period) -> dict:
    """督办 opened in the period by level (the level reached) and outcome, 申诉 filed in it by outcome, per unit
    (the statistics screen's 督办与申诉 page counts with this too)."""
    outcomes = tuple(dict.fromkeys(_ESC_OUTCOME.values()))
    by_level = dict.fromkeys(LEVEL_NAMES.values(), 0)
    by_outcome = dict.fromkeys(outcomes, 0)
    appeals = dict.fromkeys(APPEAL_STATUSES, 0)
    blank = dict.fromkeys(FOLLOWUP_COLUMNS, 0)
    per_unit: dict[int, dict] = {}
    for uid, level, status, _outcome, n in esc_counts.counts_by_unit(session, p.start, p.end, p.unit_id):
        by_level[LEVEL_NAMES[level]] += n
        by_outcome[_ESC_OUTCOME[status]] += n
        u = per_unit.setdefault(uid, dict(blank))
        u[LEVEL_NAMES[level]] += n
        u[_ESC_OUTCOME[status]] += n
    for uid, status, n in appeal_counts.counts_by_unit(session, p.start, p.end, p.unit_id):
        appeals[status] += n
        per_unit.setdefault(uid, dict(blank))[APPEAL_COLUMN[status]] += n
    units = sorted((u for u in counts.units(session, p) if u.id in per_unit), key=lambda u: u.sort_order)
    rows = [{"unit_code": u.code, "unit_name": u.name, **per_unit[u.id]} for u in units]
    return {"escalations": {"by_level": by_level, "by_outcome": by_outcome}, "appeals": appeals, "per_unit": rows}


def ranking(session: Session, p: Period, per_unit: dict[int, dict]) -> list[dict]:
    """Every unit of the period's scope, best first (the statistics screen's 红榜/黑榜 is this list)."""
    red = counts.red_alarms_by_unit(session, p)
    complaints = counts.complaints_by_unit(session, p)
    people = counts.people_by_unit(session, p)
    rows = []
    for u in counts.units(session, p):
        f = per_unit.get(u.id, dict.fromkeys(_CASE_KEYS, 0))
        judged = f["on_time"] + f["overtime_promised"]
        rows.append(
            {
                "unit_code": u.code,
                "unit_name": u.name,
                "completed": f["completed"],
                "on_time": f["on_time"],
                "overtime": f["overtime_promised"],
                "on_time_rate": round(f["on_time"] / judged, 4) if judged else None,
                "early": f["early"],
                "early_rate": round(f["early"] / judged, 4) if judged else None,
                "red_alarms": red.get(u.id, 0),
                "complaints": complaints.get(u.id, 0),
                "people_held_accountable": people.get(u.id, 0),
                "_order": u.sort_order,
            }
        )
    # units that completed nothing cannot be ranked on punctuality: they go last, in catalogue order
    rows.sort(
        key=lambda r: (
            r["on_time_rate"] is None,
            -(r["on_time_rate"] or 0),
            r["overtime"],
            r["red_alarms"],
            r["complaints"],
            r["_order"],
        )
    )
    for rank, r in enumerate(rows, 1):
        r["rank"] = rank
        del r["_order"]
    return rows


__all__ = [
    "APPEAL_COLUMN",
    "FOLLOWUP_COLUMNS",
    "OVERTIME_RULES",
    "PeriodReport",
    "build_report",
    "case_figures_by_unit",
    "followup",
    "ranking",
]
