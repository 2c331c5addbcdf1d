"""时限清理: find items whose time limits are wrong or suspicious, and correct a limit (administrator).

The seed's county planning bureau ran overtime "because of a system setting error" and then cleaned up its
items' statutory vs promised limits.  The checks below look for such settings and for the traces they and
off-line processing (体外循环) leave in the cases.  A correction is audited and re-dates the item's open
cases at once, so the wall stops showing (or starts showing) their lights under the right limit.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Date, and_, bindparam, case, cast, func, select, update
from sqlalchemy.orm import Session

from console.domain.calendar import WorkCalendar
from console.models import repository as repo
from console.models.openset import OpenSet, fetch_cases
from console.models.recompute import evaluate_open
from console.models.schema import AuditLog, Case, Item, ItemStep, Suspension, Unit
from console.supervision import journal
from console.supervision.auth import Actor
from console.supervision.errors import NotFound, SupervisionError

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
class AuditThresholds:
    min_cases: int = 5  # fewer completed cases than this say nothing about an item's habits
    late_share: float = 0.5  # "systematically late": at least this share completed after the promised date
    same_second_share: float = 0.5  # "systematically completed in the acceptance second"
    multi_day_share: float = 0.5  # a 即办件 whose cases mostly take days is not one


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

    def as_json(self) -> dict:
        return {"check": self.check, "label": self.label, "item_code": self.item_code, "item_name": self.item_name,
                "unit_code": self.unit_code, "unit_name": self.unit_name, "detail": self.detail}

    def line(self) -> str:
        return f"{self.unit_name}\t{self.item_code}\t{self.item_name}\t{self.label}\t{self.detail}"


def _day_of(session: Session, col):
    return func.date(col) if session.get_bind().dialect.name == "sqlite" else cast(col, Date)


def _second_of(session: Session, col):
    if session.get_bind().dialect.name == "sqlite":
        return func.strftime("%Y-%m-%d %H:%M:%S", col)
    return func.date_trunc("second", col)


def audit_limits(session: Session, thresholds: AuditThresholds = AuditThresholds(),
                 since: dt.date | None = None) -> list[Finding]:
    """Every finding, grouped by unit then item; case-based checks look at cases completed since ``since``."""
    items = session.execute(
        select(Item.id, Item.code, Item.name, Item.statutory_days, Item.promised_days, Item.stop_clock_kinds,
               Unit.code.label("unit_code"), Unit.name.label("unit_name"), Unit.sort_order)
        .join(Unit, Unit.id == Item.unit_id)
    ).all()
    step_sum = dict(session.execute(
        select(ItemStep.item_id, func.sum(ItemStep.limit_days)).where(ItemStep.limit_days.is_not(None))
        .group_by(ItemStep.item_id)).all())
    stats = _completed_stats(session, since)
    specials_q = (
        select(Case.item_id, func.count(func.distinct(Case.id))).join(Suspension, Suspension.case_id == Case.id)
        .where(Case.completed_at.is_not(None), Suspension.reported_at > Case.completed_at).group_by(Case.item_id))
    if since is not None:
        specials_q = specials_q.where(Case.completed_at >= since)
    late_specials = dict(session.execute(specials_q).all())

    out: list[tuple] = []
    t = thresholds
    for it in items:
        found: list[tuple[str, str]] = []
        p, s = it.promised_days, it.statutory_days
        if s is None or s <= 0 or p is None or p < 0:
            found.append(("limit_missing", f"法定时限 {s}，承诺时限 {p}"))
        elif p > s:
            found.append(("promised_above_statutory", f"承诺 {p} 个工作日 > 法定 {s} 个工作日"))
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
        elif p and step_sum.get(it.id, 0) > p:
            found.append(("steps_over_case", f"环节时限合计 {step_sum[it.id]} 个工作日 > 承诺时限 {p} 个工作日"))
        if total >= t.min_cases and late >= t.late_share * total:
            found.append(("systematically_late", f"办结 {total} 件，超过承诺时限 {late} 件（{late / total:.0%}）"))
        if total >= t.min_cases and same_second >= t.same_second_share * total:
            found.append(("same_second_completion",
                          f"办结 {total} 件，其中 {same_second} 件办结时间与受理时间在同一秒"))
        if late_specials.get(it.id):
            found.append(("special_after_completion", f"{late_specials[it.id]} 件在办结后才报送特别程序"))
        for check, detail in found:
            out.append((it.sort_order, it.unit_code, it.code,
                        Finding(check, it.code, it.name, it.unit_code, it.unit_name, detail)))
    out.sort(key=lambda x: x[:3])
    return [f for *_, f in out]


def _completed_stats(session: Session, since: dt.date | None) -> dict[int, tuple[int, int, int, int]]:
    """Per item: completed cases, late by promised date, completed in the acceptance second, over a day."""
    done_day = _day_of(session, Case.completed_at)
    q = (
        select(
            Case.item_id,
            func.count(),
            func.sum(case((done_day > Case.promised_due, 1), else_=0)),
            func.sum(case((_second_of(session, Case.completed_at) == _second_of(session, Case.accepted_at), 1),
                          else_=0)),
            func.sum(case((done_day > _day_of(session, Case.accepted_at), 1), else_=0)),
        )
        .where(Case.completed_at.is_not(None), Case.accepted_at.is_not(None))
        .group_by(Case.item_id)
    )
    if since is not None:
        q = q.where(Case.completed_at >= since)
    return {r[0]: (int(r[1]), int(r[2] or 0), int(r[3] or 0), int(r[4] or 0)) for r in session.execute(q)}


# ---- correcting a limit --------------------------------------------------------------------------

@dataclass(frozen=True)
class LimitChange:
    item_code: str
    before: dict
    after: dict
    open_cases: int  # open cases that took the new limits
    redated: int  # of those, how many got a different due date


def change_item_limits(session: Session, actor: Actor, cal: WorkCalendar, item_code: str, *, reason: str,
                       promised_days: int | None = None, statutory_days: int | None = None,
                       step_limits: dict[str, int | None] | None = None,
                       today: dt.date | None = None) -> LimitChange:
    """Correct an item's limits (administrator); its open cases take them and are re-dated now.

    Completed cases keep the limits they were handled under (``cases.promised_days`` is "as accepted").
    """
    actor.require("edit_items")
    if not reason or not reason.strip():
        raise SupervisionError("修改时限须说明理由")
    item = session.execute(select(Item).where(Item.code == item_code).with_for_update()).scalar_one_or_none()
    if item is None:
        raise NotFound(f"没有事项 {item_code}")
    new_p = item.promised_days if promised_days is None else promised_days
    new_s = item.statutory_days if statutory_days is None else statutory_days
    if new_s < 1 or new_p < 0:
        raise SupervisionError("法定时限至少 1 个工作日，承诺时限不能为负（0 = 即办件）")
    if new_p > new_s:
        raise SupervisionError(f"承诺时限 {new_p} 不能超过法定时限 {new_s}")
    steps = {st.code: st for st in item.steps}
    for code in step_limits or {}:
        if code not in steps:
            raise NotFound(f"事项 {item_code} 没有环节 {code}")
    before = {"promised_days": item.promised_days, "statutory_days": item.statutory_days,
              "steps": {c: st.limit_days for c, st in steps.items()}}
    item.promised_days, item.statutory_days = new_p, new_s
    for code, limit in (step_limits or {}).items():
        steps[code].limit_days = limit
    after = {"promised_days": new_p, "statutory_days": new_s,
             "steps": {c: st.limit_days for c, st in steps.items()}}

    open_ids = list(session.scalars(select(Case.id).where(
        Case.item_id == item.id, Case.completed_at.is_(None), Case.accepted_at.is_not(None))))
    if open_ids:
        session.execute(update(Case).where(Case.id.in_(open_ids))
                        .values(promised_days=new_p, statutory_days=new_s))
    redated = redate_cases(session, cal, open_ids, today)
    journal.record(session, actor, "item.limits", f"item:{item_code}", before,
                   {**after, "reason": reason.strip(), "open_cases": len(open_ids), "redated": redated})
    return LimitChange(item_code, before, after, len(open_ids), redated)


def redate_cases(session: Session, cal: WorkCalendar, case_ids: list[int], today: dt.date | None = None) -> int:
    """``recompute_open_due_dates`` narrowed to some open cases; returns how many due dates changed.

    Changed rows take a new watermark so every console's poller reads them again.
    """
    if not case_ids:
        return 0
    today = today or repo.now().date()
    open_set = OpenSet()
    open_set.apply(fetch_cases(session, cal, case_ids=case_ids))
    if not len(open_set):
        return 0
    ev = evaluate_open(cal, open_set, today)
    stored = {r.id: (r.promised_due, r.statutory_due, r.due_provisional) for r in session.execute(
        select(Case.id, Case.promised_due, Case.statutory_due, Case.due_provisional).where(Case.id.in_(case_ids)))}
    changes = []
    for cid, i in open_set.pos.items():
        new = (cal.date(ev.promised_due[i]), cal.date(ev.statutory_due[i]), bool(ev.provisional[i]))
        if stored.get(cid) != new:
            changes.append({"cid": cid, "p": new[0], "s": new[1], "prov": new[2]})
    if changes:
        seq = repo.next_change_seq(session)
        table = Case.__table__
        session.execute(
            update(table).where(table.c.id == bindparam("cid")).values(
                promised_due=bindparam("p"), statutory_due=bindparam("s"), due_provisional=bindparam("prov"),
                change_seq=seq, updated_at=repo.now()),
            changes,
        )
        for obj in list(session.identity_map.values()):  # Core update: loaded Case objects are stale now
            if isinstance(obj, Case) and obj.id in case_ids:
                session.expire(obj)
    return len(changes)


def limit_history(session: Session, item_code: str) -> list[AuditLog]:
    """Every recorded change of an item's limits, oldest first (from the audit log)."""
    return list(session.scalars(select(AuditLog).where(
        and_(AuditLog.action == "item.limits", AuditLog.target == f"item:{item_code}")).order_by(AuditLog.id)))
