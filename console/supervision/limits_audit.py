"""时限清理: find items whose time limits are wrong or suspicious, and correct a limit (administrator).

A bureau whose cases ran overtime "because of a system setting error" has to clean up its items' statutory
vs promised limits.  The checks below look for such settings and for the traces they and off-line processing
(体外循环) leave in the cases.  A correction is audited and re-dates the item's open cases at once, so the
wall stops showing (or starts showing) their lights under the right limit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from console.domain.calendar import WorkCalendar
from console.domain.supervision_rows import Finding, LimitChange
from console.domain.text import typed_text
from console.domain.vocabulary import CALENDAR_DAYS, LIMIT_UNITS
from console.models.schema import AuditLog
from console.models.supervision import Session, journal, limits
from console.supervision.auth import Actor
from console.supervision.errors import NotFound, SupervisionError

LIMITS_ACTION = "item.limits"  # the audit-log action of a correction


@dataclass(frozen=True)
class AuditThresholds:
    min_cases: int = 5  # fewer completed cases than this say nothing about an item's habits
    late_share: float = 0.5  # "systematically late": at least this share completed after the promised date
    same_second_share: float = 0.5  # "systematically completed in the acceptance second"
    multi_day_share: float = 0.5  # a 即办件 whose cases mostly take days is not one


def audit_limits(
    session: Session, thresholds: AuditThresholds = AuditThresholds(), since: dt.date | None = None
) -> list[Finding]:
    """Every finding, grouped by unit then item; case-based checks look at cases completed since ``since``."""
    items = limits.items_with_units(session)
    step_sum = limits.step_limit_sums(session)
    stats = limits.completed_stats(session, since)
    late_specials = limits.specials_after_completion(session, since)

    out: list[tuple] = []
    t = thresholds
    for it in items:
        found: list[tuple[str, str]] = []
        p, s = it.promised_days, it.statutory_days
        unit = "个自然日" if it.limit_unit == CALENDAR_DAYS else "个工作日"
        if s is None or s <= 0 or p is None or p < 0:
            found.append(("limit_missing", f"法定时限 {s}，承诺时限 {p}"))
        elif p > s:
            found.append(("promised_above_statutory", f"承诺 {p} {unit} > 法定 {s} {unit}"))
        total, late, same_second, multi_day = stats.get(it.id, (0, 0, 0, 0))
        if p == 0:
            reasons = []
            if it.stop_clock_kinds:
                reasons.append(f"设有特别程序 {'、'.join(it.stop_clock_kinds)}")
            if step_sum.get(it.id):
                reasons.append(f"环节时限合计 {step_sum[it.id]} 个工作日")
            if total >= t.min_cases and multi_day >= t.multi_day_share * total:
                reasons.append(f"{total} 件中 {multi_day} 件跨日办结")
            if reasons:
                found.append(("zero_not_immediate", "承诺时限为 0（即办件），但" + "；".join(reasons)))
        elif p and step_sum.get(it.id, 0) > p and it.limit_unit != CALENDAR_DAYS:  # 自然日 vs 工作日: no compare
            found.append(("steps_over_case", f"环节时限合计 {step_sum[it.id]} 个工作日 > 承诺时限 {p} 个工作日"))
        if total >= t.min_cases and late >= t.late_share * total:
            found.append(("systematically_late", f"办结 {total} 件，超过承诺时限 {late} 件（{late / total:.0%}）"))
        if total >= t.min_cases and same_second >= t.same_second_share * total:
            found.append(
                ("same_second_completion", f"办结 {total} 件，其中 {same_second} 件办结时间与受理时间在同一秒")
            )
        if late_specials.get(it.id):
            found.append(("special_after_completion", f"{late_specials[it.id]} 件在办结后才报送特别程序"))
        for check, detail in found:
            out.append(
                (
                    it.sort_order,
                    it.unit_code,
                    it.code,
                    Finding(check, it.code, it.name, it.unit_code, it.unit_name, detail),
                )
            )
    out.sort(key=lambda x: x[:3])
    return [f for *_, f in out]


# ---- correcting a limit --------------------------------------------------------------------------


def change_item_limits(
    session: Session,
    actor: Actor,
    cal: WorkCalendar,
    item_code: str,
    *,
    reason: str,
    promised_days: int | None = None,
    statutory_days: int | None = None,
    step_limits: dict[str, int | None] | None = None,
    today: dt.date | None = None,
    limit_unit: str | None = None,
    step_units: dict[str, str] | None = None,
) -> LimitChange:
    """Correct an item's limits (administrator); its open cases take them and are re-dated now.  ``limit_unit``
    (工作日 / 自然日) is the unit of the item's two limits, ``step_units`` of some steps' limits.

    Completed cases keep the limits they were handled under (``cases.promised_days`` is "as accepted").
    """
    actor.require("edit_items")
    if not reason or not reason.strip():
        raise SupervisionError("修改时限须说明理由")
    typed_text("修改理由", reason, multiline=True)
    item = limits.item_for_update(session, item_code)
    if item is None:
        raise NotFound(f"没有事项 {item_code}")
    new_p = item.promised_days if promised_days is None else promised_days
    new_s = item.statutory_days if statutory_days is None else statutory_days
    if new_s < 1 or new_p < 0:
        raise SupervisionError("法定时限至少 1 天，承诺时限不能为负（0 = 即办件）")
    if new_p > new_s:
        raise SupervisionError(f"承诺时限 {new_p} 不能超过法定时限 {new_s}")
    for unit in (limit_unit, *(step_units or {}).values()):
        if unit is not None and unit not in LIMIT_UNITS:
            raise SupervisionError(f"时限单位只能是 {' / '.join(LIMIT_UNITS)}")
    steps = {st.code: st for st in item.steps}
    for code in {**(step_limits or {}), **(step_units or {})}:
        if code not in steps:
            raise NotFound(f"事项 {item_code} 没有环节 {code}")

    def state() -> dict[str, object]:
        return {
            "promised_days": item.promised_days,
            "statutory_days": item.statutory_days,
            "limit_unit": item.limit_unit,
            "steps": {c: st.limit_days for c, st in steps.items()},
            "step_units": {c: st.limit_unit for c, st in steps.items()},
        }

    before = state()
    item.promised_days, item.statutory_days = new_p, new_s
    item.limit_unit = limit_unit or item.limit_unit
    for code, limit in (step_limits or {}).items():
        steps[code].limit_days = limit
    for code, unit in (step_units or {}).items():
        steps[code].limit_unit = unit
    after = state()

    open_ids = limits.open_case_ids(session, item.id)
    limits.set_case_limits(session, open_ids, new_p, new_s, natural=item.limit_unit == CALENDAR_DAYS)
    redated = limits.redate_cases(session, cal, open_ids, today)
    journal.record(
        session,
        actor,
        LIMITS_ACTION,
        f"item:{item_code}",
        before,
        {**after, "reason": reason.strip(), "open_cases": len(open_ids), "redated": redated},
    )
    return LimitChange(item_code, before, after, len(open_ids), redated)


def limit_history(session: Session, item_code: str) -> list[AuditLog]:
    """Every recorded change of an item's limits, oldest first (from the audit log)."""
    return journal.entries(session, LIMITS_ACTION, f"item:{item_code}")
