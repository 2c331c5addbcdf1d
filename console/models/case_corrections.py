"""The clock of cases with time corrections from upheld appeals (``console.domain.corrections``), read from
their stored rows: what the re-dating of the decision and the open set (the poll, the calendar re-dating) lay
over the stored acceptance, completion and waits until — and after — the next re-fold writes them into the rows
(laying them over again is a no-op: a corrected wait overlaps itself)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.domain.corrections import ACCEPTED, COMPLETED, corrected_waits, latest_time
from console.domain.vocabulary import SUPPLEMENT
from console.models.escalation_schema import CaseTimeCorrection
from console.models.schema import Case, Item, Suspension
from console.models.supervision.appeals import corrections_by_case


@dataclass(frozen=True)
class CorrectedClock:
    accepted: dt.datetime | None  # the corrected acceptance time, None: the stored one stands
    completed: dt.datetime | None  # the corrected completion time (applies to a completed case only)
    waits: tuple[tuple[dt.datetime, dt.datetime | None, int | None], ...]  # clock-stopping: start, end, cap


def corrected_case_ids(session: Session) -> set[int]:
    """The cases that have any correction (a short list: upheld appeals that corrected data)."""
    return set(session.scalars(select(CaseTimeCorrection.case_id).distinct()))


def corrected_clocks(session: Session, case_ids: list[int]) -> dict[int, CorrectedClock]:
    """{case_id: its clock with the corrections laid over} of those of ``case_ids`` that have corrections."""
    fixes = corrections_by_case(session, case_ids)
    if not fixes:
        return {}
    ids = list(fixes)
    stop_kinds = {
        cid: frozenset(kinds or ())
        for cid, kinds in session.execute(
            select(Case.id, Item.stop_clock_kinds).join(Item, Item.id == Case.item_id).where(Case.id.in_(ids))
        ).all()
    }
    recorded: dict[int, list[tuple[str, dt.datetime, dt.datetime | None, int | None]]] = {c: [] for c in ids}
    for cid, kind, start, end, cap in session.execute(
        select(Suspension.case_id, Suspension.kind, Suspension.started_at, Suspension.ended_at, Suspension.applied_days)
        .where(Suspension.case_id.in_(ids), Suspension.stops_clock)
        .order_by(Suspension.case_id, Suspension.started_at, Suspension.kind)
    ).all():
        recorded[cid].append((kind, start, end, cap))
    out = {}
    for cid, cs in fixes.items():
        waits = recorded[cid]
        clock = []
        for i, kind, start, end in corrected_waits([(k, s, e) for k, s, e, _ in waits], cs):
            if i is None and kind != SUPPLEMENT and kind not in stop_kinds.get(cid, frozenset()):
                continue  # an added special procedure this item's clock does not stop for (as the fold)
            # 补正 has no cap (its limit is the applicant's); an added special procedure none either (as the fold)
            cap = None if kind == SUPPLEMENT or i is None else waits[i][3]
            clock.append((start, end, cap))
        out[cid] = CorrectedClock(latest_time(cs, ACCEPTED), latest_time(cs, COMPLETED), tuple(clock))
    return out
