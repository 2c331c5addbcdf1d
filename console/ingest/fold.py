"""Folding a case's exchange records into its state (pure: no SQL, no Qt).

The fold reads *all* of a case's records sorted by time, so arrival order never matters: a late record just
causes a re-fold.  Corrections follow "the later record (by occurred_at) wins": the latest ``accept`` and
``complete``, field by field for the same step (step_code + started_at), per procedure_id for special
procedures.  Due dates come from the engine (``console.domain.timelimits``) evaluated on the completion day,
or on ``today`` for an open case so that a wait still running pushes the date out.

Alarms here are the data rules of the monitoring table; open cases' time alarms (promised/statutory/step
overdue while still running) are the console poller's, since they change with the date, not the data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from console.domain import rules
from console.domain.calendar import WorkCalendar
from console.domain.catalogue import STEPS
from console.domain.clock import day_after
from console.domain.corrections import ACCEPTED, COMPLETED, CaseCorrection, corrected_waits, latest_time
from console.domain.timelimits import (
    SuspensionSpec,
    calendar_limit_as_working,
    evaluate_one,
    run_clock,
    suspensions_for_one,
)
from console.domain.vocabulary import CALENDAR_DAYS, EVALUATION_LEVELS, EXTENSION, STAGES, SUPPLEMENT
from console.ingest.records import (
    Accept,
    Apply,
    Complete,
    Evaluate,
    Fee,
    Record,
    SpecialEnd,
    SpecialStart,
    Step,
    SupplementNotice,
    SupplementReceived,
)

REFUSED = "不予受理"
# the standard step codes of the exchange format, named when neither the record nor the item names them
STANDARD_STEPS = {code: name for code, name, _ in STEPS}
PROCESSING_STAGES = STAGES[2:6]  # 受理 承办 审核 批准: what an open case's current step can show


@dataclass(frozen=True)
class StepConfig:
    code: str
    name: str
    limit_days: int | None = None
    natural: bool = False  # limit_days in 自然日


@dataclass(frozen=True)
class ItemConfig:
    """What the fold needs of an item (from the items table, or the case's limits as accepted)."""

    code: str
    statutory_days: int
    promised_days: int
    stop_clock_kinds: frozenset[str] = frozenset()
    fee_free: bool = True
    blue_days: int = 3
    yellow_days: int = 1
    steps: tuple[StepConfig, ...] = ()
    natural: bool = False  # statutory_days / promised_days in 自然日

    def step(self, code: str) -> StepConfig | None:
        return next((s for s in self.steps if s.code == code), None)


@dataclass(frozen=True)
class StepState:
    step_code: str
    step_name: str
    started_at: dt.datetime
    handler: str | None = None
    window: str | None = None
    ended_at: dt.datetime | None = None
    opinion: str | None = None
    result: str | None = None
    limit_days: int | None = None  # working days (for a 自然日 limit: the working days ending on the same day)
    due: dt.date | None = None
    natural_days: int | None = None  # the limit as given in 自然日


@dataclass(frozen=True)
class SuspensionState:
    kind: str
    started_at: dt.datetime
    ended_at: dt.datetime | None
    applied_days: int | None  # the CAP of a special procedure; 补正: the notice's limit (not a cap)
    stops_clock: bool
    reported_at: dt.datetime
    approver: str | None = None
    basis: str | None = None
    missing_materials: str | None = None

    def clock_spec(self) -> SuspensionSpec:
        cap = None if self.kind == SUPPLEMENT else self.applied_days
        return SuspensionSpec(self.started_at.date(), self.ended_at.date() if self.ended_at else None, cap)


@dataclass(frozen=True)
class FeeState:
    receivable: float
    paid: float
    relief_reason: str | None
    paid_at: dt.datetime


@dataclass(frozen=True)
class EvaluationState:
    level: int
    channel: str | None
    evaluated_at: dt.datetime
    comment: str | None


@dataclass(frozen=True)
class AlarmHit:
    rule: str
    level: str
    message: str
    subject: str = ""
    at: dt.datetime | None = None  # the business moment it happened: the record's time (None: when noticed)


@dataclass(frozen=True)
class CaseState:
    case_no: str
    item_code: str
    unit_code: str
    region_code: str | None
    channel: str | None
    applicant_name: str | None
    applicant_id_masked: str | None
    stage: str
    received_at: dt.datetime
    accepted_at: dt.datetime
    completed_at: dt.datetime | None
    result: str | None
    result_reason: str | None
    certificate_no: str | None
    current_step: str | None
    handler: str | None
    window: str | None
    promised_days: int
    statutory_days: int
    extension_days: int
    promised_due: dt.date
    statutory_due: dt.date
    due_provisional: bool
    suspended: bool
    steps: tuple[StepState, ...] = ()
    suspensions: tuple[SuspensionState, ...] = ()
    fees: tuple[FeeState, ...] = ()
    evaluations: tuple[EvaluationState, ...] = ()
    alarms: tuple[AlarmHit, ...] = field(default=())
    # limits given in 自然日 (calendar days), as given; promised_days / statutory_days hold their working-day
    # equivalents for the engine (None: the limit is in working days)
    promised_natural_days: int | None = None
    statutory_natural_days: int | None = None


_TYPE_ORDER = {
    t: i
    for i, t in enumerate(
        (
            "apply",
            "accept",
            "step",
            "supplement_notice",
            "supplement_received",
            "special_start",
            "special_end",
            "fee",
            "complete",
            "evaluate",
        )
    )
}


def sort_records(records: Iterable[Record]) -> list[Record]:
    """Time order, with a fixed tie-break so equal timestamps fold the same whatever the arrival order."""
    return sorted(records, key=lambda r: (r.occurred_at, _TYPE_ORDER[r.type], r.record_id))


def _latest_given(accepts: Sequence[Accept], attr: str, item: ItemConfig) -> tuple[int, bool]:
    """The latest accept's value of a limit that gives one, and whether it is in 自然日 (else the item's, in the
    item's unit)."""
    a = next((a for a in reversed(accepts) if getattr(a, attr) is not None), None)
    if a is None:
        return getattr(item, attr), item.natural
    return getattr(a, attr), a.limit_unit == CALENDAR_DAYS


RECEIPT_STEP = rules.RECEIPT_STEP  # the step an application waits in for its acceptance decision


def _awaiting_acceptance(item: ItemConfig, recs: list[Record], cal: WorkCalendar, today: dt.date) -> CaseState | None:
    """An application (申办) with no acceptance decision yet: shown from its receipt, its clock running from the
    receipt (行政许可法 32 counts it accepted then if nothing happens), waiting in a 受理 step limited to 5
    working days, so the poller raises 受理超时 when they pass.  A 补正告知 in time ends that step."""
    applies = [r for r in recs if isinstance(r, Apply)]
    if not applies:
        return None
    received_at, latest = applies[0].occurred_at, applies[-1]
    limit = rules.SUPPLEMENT_NOTICE_DAYS
    notice = next((r for r in recs if isinstance(r, SupplementNotice)), None)
    code, name = RECEIPT_STEP
    step = StepState(
        code,
        name,
        received_at,
        ended_at=notice.occurred_at if notice else None,
        limit_days=limit,
        due=step_due(cal, received_at.date(), limit, today, ()),
    )
    promised, statutory = item.promised_days, item.statutory_days
    natural: tuple[int | None, int | None] = (None, None)
    if item.natural:  # the item's limits in 自然日: the working days that end on the same day
        natural = (promised, statutory)
        promised = calendar_limit_as_working(cal, received_at.date(), promised, (), today)
        statutory = calendar_limit_as_working(cal, received_at.date(), statutory, (), today)
    promised = min(promised, statutory)
    timer = evaluate_one(cal, received_at.date(), promised, statutory, today, (), 0, item.blue_days, item.yellow_days)

    def applicant(attr: str) -> str | None:
        return next((getattr(a, attr) for a in reversed(applies) if getattr(a, attr)), None)

    return CaseState(
        case_no=latest.case_no,
        item_code=latest.item_code,
        unit_code="",
        region_code=None,
        channel=applicant("channel"),
        applicant_name=applicant("applicant_name"),
        applicant_id_masked=applicant("applicant_id"),
        stage=STAGES[1],  # 申办
        received_at=received_at,
        accepted_at=received_at,
        completed_at=None,
        result=None,
        result_reason=None,
        certificate_no=None,
        current_step=name,
        handler=None,
        window=None,
        promised_days=promised,
        statutory_days=statutory,
        extension_days=0,
        promised_due=timer.promised_due,
        statutory_due=timer.statutory_due,
        due_provisional=timer.provisional,
        suspended=False,
        steps=(step,),
        promised_natural_days=natural[0],
        statutory_natural_days=natural[1],
    )


def _deemed_accepted(cal: WorkCalendar, recs: Sequence[Record], received_at: dt.datetime, acc: Accept) -> bool:
    """Accepted more than 5 working days after receipt with no 补正告知 within those days (not a refusal)."""
    if acc.decision == REFUSED or received_at >= acc.occurred_at:
        return False
    limit = rules.SUPPLEMENT_NOTICE_DAYS
    if cal.count(received_at.date(), acc.occurred_at.date()) <= limit:
        return False
    notices = [r for r in recs if isinstance(r, SupplementNotice)]
    return not any(cal.count(received_at.date(), n.occurred_at.date()) <= limit for n in notices)


def governing_accept(records: Iterable[Record]) -> Accept | None:
    """The accept record in force (the latest one: a later record corrects an earlier)."""
    accepts = [r for r in sort_records(records) if isinstance(r, Accept)]
    return accepts[-1] if accepts else None


def fold_case(
    item: ItemConfig,
    records: Sequence[Record],
    cal: WorkCalendar,
    today: dt.date,
    corrections: Sequence[CaseCorrection] = (),
) -> CaseState | None:
    """The case's state from all its records, with the time corrections of upheld appeals laid over them
    (``console.domain.corrections``); None while neither its accept nor its apply has arrived."""
    recs = sort_records(records)
    acc = governing_accept(recs)
    if acc is None:
        return _awaiting_acceptance(item, recs, cal, today)
    applies = [r for r in recs if isinstance(r, Apply)]
    completes = [r for r in recs if isinstance(r, Complete)]
    received_at = applies[0].occurred_at if applies else acc.occurred_at

    def applicant(attr: str) -> str | None:
        given: str | None = getattr(acc, attr) or next(
            (getattr(a, attr) for a in reversed(applies) if getattr(a, attr)), None
        )
        return given

    completed_at = result = reason = certificate = None
    if acc.decision == REFUSED:  # refused at the counter: completed on the spot
        completed_at, result, reason = acc.occurred_at, REFUSED, acc.reason
    elif completes:
        comp = completes[-1]
        completed_at, result, reason, certificate = comp.occurred_at, comp.result, comp.reason, comp.certificate_no
    if completed_at is not None:  # a completion the records lack cannot be made up: only its time is corrected
        completed_at = latest_time(corrections, COMPLETED) or completed_at

    # limits field by field: the latest accept that carries one (a correction without limits keeps the earlier
    # accept's, as a step correction keeps the fields it does not carry), else the item's at first acceptance.
    # Taken from the records alone, so splitting them into deliveries cannot change the answer.
    accepts = [r for r in recs if isinstance(r, Accept)]
    statutory, statutory_natural = _latest_given(accepts, "statutory_days", item)
    promised, promised_natural = _latest_given(accepts, "promised_days", item)
    suspensions, extension = _suspensions(item, recs)
    suspensions = _corrected(item, suspensions, corrections)
    clock = [s.clock_spec() for s in suspensions if s.stops_clock]
    at = completed_at.date() if completed_at else today
    # 行政许可法 32: neither accepted nor told what is missing within 5 working days of receipt, the application
    # counts as accepted from the day the materials arrived: the clock (and accepted_at) run from the receipt
    deemed = _deemed_accepted(cal, recs, received_at, acc)
    accepted_at = received_at if deemed else acc.occurred_at
    corrected_acceptance = latest_time(corrections, ACCEPTED)
    if corrected_acceptance is not None:  # an upheld appeal showed the real acceptance time
        accepted_at, deemed = corrected_acceptance, False
    # 自然日 limits: kept as given for the words, run by the engine as the working days that end on the same day
    natural = (promised if promised_natural else None, statutory if statutory_natural else None)
    if promised_natural:
        promised = calendar_limit_as_working(cal, accepted_at.date(), promised, clock, at)
    if statutory_natural:
        statutory = calendar_limit_as_working(cal, accepted_at.date(), statutory, clock, at)
    promised = min(promised, statutory)  # the contract forbids more; never let it hide a statutory breach
    timer = evaluate_one(
        cal, accepted_at.date(), promised, statutory, at, clock, extension, item.blue_days, item.yellow_days
    )
    steps = _steps(item, recs, cal, today, clock)
    evaluations = tuple(
        EvaluationState(r.level, r.channel, r.occurred_at, r.comment) for r in recs if isinstance(r, Evaluate)
    )
    fees = tuple(FeeState(r.receivable, r.paid, r.relief_reason, r.occurred_at) for r in recs if isinstance(r, Fee))

    open_steps = [s for s in steps if s.ended_at is None]
    current = max(open_steps or steps, key=lambda s: s.started_at, default=None)
    if completed_at is not None:
        stage = STAGES[7] if evaluations else STAGES[6]
    else:
        stage = current.step_name if current and current.step_name in PROCESSING_STAGES else STAGES[2]

    state = CaseState(
        case_no=acc.case_no,
        item_code=acc.item_code,
        unit_code=acc.unit_code,
        region_code=acc.region_code,
        channel=applicant("channel"),
        applicant_name=applicant("applicant_name"),
        applicant_id_masked=applicant("applicant_id"),
        stage=stage,
        received_at=received_at,
        accepted_at=accepted_at,
        completed_at=completed_at,
        result=result,
        result_reason=reason,
        certificate_no=certificate,
        current_step=current.step_name if current else None,
        handler=(current and current.handler) or acc.handler,
        window=(current and current.window) or acc.window,
        promised_days=promised,
        statutory_days=statutory,
        extension_days=extension,
        promised_due=timer.promised_due,
        statutory_due=timer.statutory_due,
        due_provisional=timer.provisional,
        suspended=completed_at is None and any(_running(cal, s, today) for s in suspensions),
        steps=steps,
        suspensions=suspensions,
        fees=fees,
        evaluations=evaluations,
        promised_natural_days=natural[0],
        statutory_natural_days=natural[1],
    )
    return replace(state, alarms=tuple(_data_alarms(item, recs, state, cal, deemed)))


# ---- parts of the fold ---------------------------------------------------------------------------


def _suspensions(item: ItemConfig, recs: list[Record]) -> tuple[tuple[SuspensionState, ...], int]:
    """Supplement waits (notice -> received, no cap) and special procedures (paired by procedure_id)."""
    out: list[SuspensionState] = []
    notice: SupplementNotice | None = None
    for r in recs:
        if isinstance(r, SupplementNotice) and notice is None:  # a repeated notice inside a wait: same wait
            notice = r
        elif isinstance(r, SupplementReceived) and notice is not None:
            out.append(_supplement(notice, r.occurred_at))
            notice = None
    if notice is not None:
        out.append(_supplement(notice, None))

    starts = {r.procedure_id: r for r in recs if isinstance(r, SpecialStart)}  # sorted: the latest wins
    ends = {r.procedure_id: r for r in recs if isinstance(r, SpecialEnd)}
    extension = 0
    for pid, s in starts.items():
        end = ends.get(pid)
        if s.kind == EXTENSION:  # adds days to the limit instead of stopping the clock
            extension += s.applied_days
        out.append(
            SuspensionState(
                kind=s.kind,
                started_at=s.started_at,
                ended_at=end.ended_at if end else None,
                applied_days=s.applied_days,
                stops_clock=s.kind != EXTENSION and s.kind in item.stop_clock_kinds,
                reported_at=s.occurred_at,
                approver=s.approver,
                basis=s.basis,
            )
        )
    out.sort(key=lambda s: (s.started_at, s.kind))
    return tuple(out), extension


def _corrected(
    item: ItemConfig, waits: tuple[SuspensionState, ...], corrections: Sequence[CaseCorrection]
) -> tuple[SuspensionState, ...]:
    """The recorded waits with an upheld appeal's wait corrections: a fixed wait keeps its other fields, an added
    one stops the clock as its kind does (补正 always, a special procedure if the item says so) with no cap."""
    if not corrections:
        return waits
    out = []
    for i, kind, start, end in corrected_waits([(w.kind, w.started_at, w.ended_at) for w in waits], corrections):
        if i is not None:
            out.append(replace(waits[i], started_at=start, ended_at=end))
        else:
            stops = kind == SUPPLEMENT or kind in item.stop_clock_kinds
            out.append(SuspensionState(kind, start, end, None, stops, start, basis="申诉更正"))
    out.sort(key=lambda s: (s.started_at, s.kind))
    return tuple(out)


def _supplement(notice: SupplementNotice, ended: dt.datetime | None) -> SuspensionState:
    return SuspensionState(
        kind=SUPPLEMENT,
        started_at=notice.occurred_at,
        ended_at=ended,
        applied_days=notice.limit_days,
        stops_clock=True,
        reported_at=notice.occurred_at,
        missing_materials=notice.missing_materials,
    )


def _running(cal: WorkCalendar, s: SuspensionState, today: dt.date) -> bool:
    """A clock-stopping wait still stopping the clock today (a capped one stops once its days run out)."""
    if not s.stops_clock or s.ended_at is not None or s.started_at.date() > today:
        return False
    if s.kind == SUPPLEMENT or s.applied_days is None:
        return True
    used = int(cal.work_between_idx(cal.index(s.started_at), cal.index(today)))
    return used <= s.applied_days


_STEP_FIELDS = ("step_name", "handler", "window", "ended_at", "opinion", "result")


def _steps(
    item: ItemConfig, recs: list[Record], cal: WorkCalendar, today: dt.date, clock: list[SuspensionSpec]
) -> tuple[StepState, ...]:
    merged: dict[tuple[str, dt.datetime], dict[str, Any]] = {}
    for r in recs:  # time order: a later record's fields overwrite the earlier ones it carries
        if isinstance(r, Step):
            cur = merged.setdefault((r.step_code, r.started_at), {})
            cur.update({f: getattr(r, f) for f in _STEP_FIELDS if getattr(r, f) is not None})
    out = []
    for (code, started), f in sorted(merged.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        conf = item.step(code)
        limit = conf.limit_days if conf else None
        due = natural = None
        if limit is not None:
            end = f.get("ended_at")
            at = end.date() if end else today
            if conf is not None and conf.natural:  # run as the working days that end on the same day
                natural, limit = limit, calendar_limit_as_working(cal, started.date(), limit, clock, at)
            due = step_due(cal, started.date(), limit, at, clock)
        name = f.get("step_name") or (conf.name if conf else STANDARD_STEPS.get(code, code))
        out.append(
            StepState(
                code,
                name[:64],
                started,
                f.get("handler"),
                f.get("window"),
                f.get("ended_at"),
                f.get("opinion"),
                f.get("result"),
                limit,
                due,
                natural,
            )
        )
    return tuple(out)


def step_due(cal: WorkCalendar, start: dt.date, limit: int, at: dt.date, clock: Sequence[SuspensionSpec]) -> dt.date:
    """A step's limit counted from its start day, the case's clock-stopping waits excluded (as the poller)."""
    c = run_clock(
        cal, np.asarray([cal.index(start)]), np.asarray([limit]), cal.index(at), suspensions_for_one(cal, clock)
    )
    return cal.date(c.due[0])


def _data_alarms(
    item: ItemConfig, recs: list[Record], st: CaseState, cal: WorkCalendar, deemed: bool
) -> list[AlarmHit]:
    out: list[AlarmHit] = []

    def hit(rule_id: str, when: dt.datetime | None, subject: str = "", **values: object) -> None:
        out.append(AlarmHit(rule_id, rules.level(rule_id), rules.message(rule_id, **values), subject, when))

    for n in (r for r in recs if isinstance(r, SupplementNotice)):
        days = cal.count(st.received_at.date(), n.occurred_at.date())
        if days > rules.SUPPLEMENT_NOTICE_DAYS:
            hit("supplement_late", n.occurred_at, received=st.received_at, notified=n.occurred_at, days=days)
            break

    for f in st.fees:
        if item.fee_free and (f.receivable > 0 or f.paid > 0):
            hit("fee_irregular", f.paid_at, detail=f"免费事项收费（应收 {f.receivable:.2f}，实收 {f.paid:.2f}）")
            break
        if f.paid != f.receivable and not f.relief_reason:
            hit("fee_irregular", f.paid_at, detail=f"应收 {f.receivable:.2f}，实收 {f.paid:.2f}，无减免理由")
            break

    if st.result in (REFUSED, "不予") and not st.result_reason:
        # in the law's words: 不予受理 (行政许可法 32) at the counter, the result code 不予 is 不予许可 (38)
        hit("refusal_no_reason", st.completed_at, decision=REFUSED if st.result == REFUSED else "不予许可")

    starts = {r.procedure_id: r for r in recs if isinstance(r, SpecialStart)}
    for s in starts.values():
        if st.completed_at is not None and s.occurred_at > st.completed_at:
            hit(
                "special_after_completion",
                s.occurred_at,  # reported after completion: the report is the violation
                subject=s.procedure_id,  # whole (≤ 64, the column holds 128): a cut id would merge two procedures
                kind=s.kind,
                completed=st.completed_at,
                reported=s.occurred_at,
            )
        if s.started_at.date() < s.occurred_at.date():
            hit(
                "special_backdated",
                s.occurred_at,  # started earlier than reported: the back-dating report is the violation
                subject=s.procedure_id,  # whole (≤ 64, the column holds 128): a cut id would merge two procedures
                kind=s.kind,
                started=s.started_at,
                reported=s.occurred_at,
            )

    acc = governing_accept(recs)
    if acc is not None and deemed:  # accepted on receipt (行政许可法 32), unless an appeal corrected the time
        days = cal.count(st.received_at.date(), acc.occurred_at.date())
        hit("acceptance_late", acc.occurred_at, received=st.received_at, accepted=acc.occurred_at, days=days)

    bad = [e for e in st.evaluations if e.level in rules.BAD_RATING_LEVELS]
    if bad:  # one per case: its rectification answers them all
        e = bad[0]
        hit(
            "bad_rating",
            e.evaluated_at,
            level=EVALUATION_LEVELS[e.level],
            at=e.evaluated_at,
            comment=e.comment or "无留言",
        )

    for step in st.steps:
        if step.due is not None and step.ended_at is not None and step.ended_at.date() > step.due:
            hit("step_overdue", day_after(step.due), subject=step.step_code, step=step.step_name, due=step.due)

    if st.completed_at is not None:
        done = st.completed_at.date()
        if done > st.promised_due:
            hit("promised_overdue", day_after(st.promised_due), due=st.promised_due)
        if done > st.statutory_due:
            hit("statutory_overdue", day_after(st.statutory_due), due=st.statutory_due)
    return out
