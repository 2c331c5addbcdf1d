"""责任追究: decisions against a person (承办人/审核人/批准人 of a case) and/or a unit, from the sanctions ladder,
linked to the cases and alarms behind them; and each person's and unit's record for the drill-down."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from console.models import repository as repo
from console.models.schema import Alarm, Case, Unit
from console.models.supervision_schema import PERSON_ROLES, SANCTION_LADDER, Sanction, SanctionLink
from console.supervision import journal
from console.supervision.auth import Actor
from console.supervision.errors import NotFound, SupervisionError

UNIT_CRITICISM = "通报批评"
# What a unit as a whole can receive; the rest of the ladder only makes sense for a person.
UNIT_SANCTIONS = (UNIT_CRITICISM,)


def severity(kind: str) -> int:
    """Position on the ladder, 0 = lightest (口头警告)."""
    return SANCTION_LADDER.index(kind)


def record_sanction(session: Session, actor: Actor, *, kind: str, decided_on: dt.date, deciding_body: str,
                    text: str | None = None, person_name: str | None = None, person_role: str | None = None,
                    unit_id: int | None = None, case_ids: tuple[int, ...] = (),
                    alarm_ids: tuple[int, ...] = ()) -> Sanction:
    """Record a decision.  Against a person: ``person_name`` + ``person_role`` (``unit_id`` = their unit);
    against a unit as a whole: ``unit_id`` alone (only 通报批评)."""
    actor.require("sanction")
    if kind not in SANCTION_LADDER:
        raise SupervisionError(f"处分种类须为：{'、'.join(SANCTION_LADDER)}")
    person_name = (person_name or "").strip() or None
    if person_name is None and unit_id is None:
        raise SupervisionError("责任追究须指明责任人或责任单位")
    if person_name is not None and person_role not in PERSON_ROLES:
        raise SupervisionError(f"责任人的岗位须为：{'、'.join(PERSON_ROLES)}")
    if person_name is None and kind not in UNIT_SANCTIONS:
        raise SupervisionError(f"对单位只能给予：{'、'.join(UNIT_SANCTIONS)}")
    if not deciding_body or not deciding_body.strip():
        raise SupervisionError("须写明决定机关")
    if unit_id is not None and session.get(Unit, unit_id) is None:
        raise NotFound(f"没有单位 #{unit_id}")
    _must_exist(session, Case, case_ids, "办件")
    _must_exist(session, Alarm, alarm_ids, "告警")
    s = Sanction(person_name=person_name, person_role=person_role if person_name else None, unit_id=unit_id,
                 kind=kind, decided_on=decided_on, deciding_body=deciding_body.strip(), text=text,
                 recorded_by=actor.username, recorded_at=repo.now())
    s.links = [SanctionLink(case_id=c) for c in case_ids] + [SanctionLink(alarm_id=a) for a in alarm_ids]
    session.add(s)
    session.flush()
    journal.record(session, actor, "sanction.record", f"sanction:{s.id}", None,
                   {"kind": kind, "person_name": person_name, "person_role": s.person_role, "unit_id": unit_id,
                    "decided_on": decided_on, "deciding_body": s.deciding_body, "case_ids": list(case_ids),
                    "alarm_ids": list(alarm_ids)})
    return s


def _must_exist(session: Session, model, ids, what: str) -> None:
    if ids:
        found = set(session.scalars(select(model.id).where(model.id.in_(ids))))
        missing = sorted(set(ids) - found)
        if missing:
            raise NotFound(f"没有{what} {missing}")


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


def _views(session: Session, q) -> list[SanctionView]:
    rows = session.execute(
        q.add_columns(Unit.name).outerjoin(Unit, Unit.id == Sanction.unit_id)
        .options(selectinload(Sanction.links)).order_by(Sanction.decided_on, Sanction.id)
    ).all()
    return [
        SanctionView(s.id, s.kind, s.decided_on, s.deciding_body, s.person_name, s.person_role, s.unit_id, name,
                     s.text, tuple(l.case_id for l in s.links if l.case_id is not None),
                     tuple(l.alarm_id for l in s.links if l.alarm_id is not None))
        for s, name in rows
    ]


def person_record(session: Session, person_name: str, unit_id: int | None = None) -> list[SanctionView]:
    """Every decision against a person (optionally only as a member of ``unit_id``), oldest first."""
    q = select(Sanction).where(Sanction.person_name == person_name)
    if unit_id is not None:
        q = q.where(Sanction.unit_id == unit_id)
    return _views(session, q)


def unit_record(session: Session, unit_id: int, include_people: bool = True) -> list[SanctionView]:
    """A unit's record: decisions against it as a whole, and (by default) against its people."""
    q = select(Sanction).where(Sanction.unit_id == unit_id)
    if not include_people:
        q = q.where(Sanction.person_name.is_(None))
    return _views(session, q)


def case_record(session: Session, case_id: int) -> list[SanctionView]:
    """Decisions linked to a case, directly or through one of its alarms."""
    linked = select(SanctionLink.sanction_id).outerjoin(Alarm, Alarm.id == SanctionLink.alarm_id).where(
        or_(SanctionLink.case_id == case_id, Alarm.case_id == case_id))
    return _views(session, select(Sanction).where(Sanction.id.in_(linked)))
