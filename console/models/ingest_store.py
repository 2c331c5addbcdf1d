"""The ingest's reads and writes: stored exchange records, the case rows they fold into, the quarantine.

``console.ingest.apply`` decides what to store (classifying, folding, retrying); these functions store it.
Records and folded cases come as the ingest makes them (``console.ingest.records.Record``,
``console.ingest.fold.CaseState``: attributes named like the columns); the database room does not import
the ingest, it reads those attributes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session, selectinload

from console.models import repository as repo
from console.models.schema import (
    Case,
    CaseEvent,
    Evaluation,
    ExchangeRecord,
    Fee,
    Item,
    Quarantine,
    Suspension,
    Unit,
)

IN_CHUNK = 500  # ids per IN (...) list


def catalogue(session: Session) -> tuple[list[Item], dict[str, int]]:
    """Every item with its steps, and the units' ids by code."""
    items = list(session.scalars(select(Item).options(selectinload(Item.steps))))
    return items, dict(session.execute(select(Unit.code, Unit.id)).all())


# ---- exchange records --------------------------------------------------------------------------------------


def stored_digests(session: Session, record_ids: list[str]) -> dict[str, str]:
    """The digest stored under each of ``record_ids`` that was received before."""
    out: dict[str, str] = {}
    ids = list(set(record_ids))
    for i in range(0, len(ids), IN_CHUNK):
        part = ids[i : i + IN_CHUNK]
        out.update(
            session.execute(
                select(ExchangeRecord.record_id, ExchangeRecord.digest).where(ExchangeRecord.record_id.in_(part))
            ).all()
        )
    return out


def add_records(session: Session, records: Iterable[Any], received_at: dt.datetime) -> None:
    """Store validated exchange records (each with record_id, case_no, type, occurred_at, digest, body())."""
    session.add_all(
        ExchangeRecord(
            record_id=r.record_id,
            case_no=r.case_no,
            type=r.type,
            occurred_at=r.occurred_at,
            received_at=received_at,
            digest=r.digest,
            body=r.body(),
        )
        for r in records
    )
    session.flush()


def cases_with_records(
    session: Session, case_nos: list[str]
) -> tuple[list[tuple[str, dict[str, Any]]], dict[str, Case]]:
    """(case_no, body) of every stored record of the cases, and the cases' rows that exist, by number."""
    bodies: list[tuple[str, dict[str, Any]]] = []
    existing: dict[str, Case] = {}
    for i in range(0, len(case_nos), IN_CHUNK):
        part = case_nos[i : i + IN_CHUNK]
        bodies += session.execute(
            select(ExchangeRecord.case_no, ExchangeRecord.body).where(ExchangeRecord.case_no.in_(part))
        ).all()
        existing.update((c.case_no, c) for c in session.scalars(select(Case).where(Case.case_no.in_(part))))
    return bodies, existing


# ---- folded cases ------------------------------------------------------------------------------------------

_CASE_FIELDS = (
    "region_code",
    "channel",
    "applicant_name",
    "applicant_id_masked",
    "stage",
    "received_at",
    "accepted_at",
    "completed_at",
    "result",
    "result_reason",
    "certificate_no",
    "current_step",
    "handler",
    "window",
    "promised_days",
    "statutory_days",
    "promised_natural_days",
    "statutory_natural_days",
    "extension_days",
    "promised_due",
    "statutory_due",
    "due_provisional",
    "suspended",
)


def replace_cases(
    session: Session, folded: list[tuple[Any, int, int]], existing: dict[str, Case], seq: int, at: dt.datetime
) -> list[int]:
    """Write folded cases, given as (state, item id, unit id): the case row updated (``existing``, by number)
    or added, its steps, suspensions, fees and evaluations replaced.  Returns the case ids, in order."""
    rows: list[Case] = []
    for state, item_id, unit_id in folded:
        row = existing.get(state.case_no)
        if row is None:
            row = Case(case_no=state.case_no)
            session.add(row)
        row.item_id, row.unit_id, row.change_seq, row.updated_at = item_id, unit_id, seq, at
        for name in _CASE_FIELDS:
            setattr(row, name, getattr(state, name))
        rows.append(row)
    session.flush()
    ids = [r.id for r in rows]
    for model in (CaseEvent, Suspension, Fee, Evaluation):
        for i in range(0, len(ids), IN_CHUNK):
            session.execute(delete(model).where(model.case_id.in_(ids[i : i + IN_CHUNK])))
    _insert_children(session, [(cid, st) for cid, (st, _, _) in zip(ids, folded, strict=True)])
    return ids


def _insert_children(session: Session, cases: list[tuple[int, Any]]) -> None:
    events = [
        dict(
            case_id=cid,
            step_code=e.step_code,
            step_name=e.step_name,
            handler=e.handler,
            window=e.window,
            started_at=e.started_at,
            ended_at=e.ended_at,
            opinion=e.opinion,
            result=e.result,
            limit_days=e.limit_days,
            natural_days=e.natural_days,
            due=e.due,
        )
        for cid, st in cases
        for e in st.steps
    ]
    susp = [
        dict(
            case_id=cid,
            kind=x.kind,
            started_at=x.started_at,
            ended_at=x.ended_at,
            applied_days=x.applied_days,
            approver=x.approver,
            basis=x.basis,
            missing_materials=x.missing_materials,
            reported_at=x.reported_at,
            stops_clock=x.stops_clock,
        )
        for cid, st in cases
        for x in st.suspensions
    ]
    fees = [
        dict(case_id=cid, receivable=f.receivable, paid=f.paid, relief_reason=f.relief_reason, paid_at=f.paid_at)
        for cid, st in cases
        for f in st.fees
    ]
    evals = [
        dict(case_id=cid, level=v.level, channel=v.channel, evaluated_at=v.evaluated_at, comment=v.comment)
        for cid, st in cases
        for v in st.evaluations
    ]
    for model, rows in ((CaseEvent, events), (Suspension, susp), (Fee, fees), (Evaluation, evals)):
        if rows:
            session.execute(insert(model), rows)


# ---- quarantine --------------------------------------------------------------------------------------------


def quarantine(session: Session, source: str, rejected: list[dict[str, Any]]) -> None:
    """Store rejections (dicts of line_no, raw, reason); the same rejection of the same line again (a re-sent
    file) is not stored twice."""
    lines = sorted({r["line_no"] for r in rejected if r["line_no"] is not None})
    seen: set[tuple[Any, ...]] = set()
    for i in range(0, len(lines), IN_CHUNK):
        seen.update(
            session.execute(
                select(Quarantine.line_no, Quarantine.raw, Quarantine.reason).where(
                    Quarantine.source == source, Quarantine.line_no.in_(lines[i : i + IN_CHUNK])
                )
            ).all()
        )
    at = repo.now()
    fresh = [
        dict(r, source=source, received_at=at) for r in rejected if (r["line_no"], r["raw"], r["reason"]) not in seen
    ]
    if fresh:
        session.execute(insert(Quarantine), fresh)
