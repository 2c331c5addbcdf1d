"""What supervision work points at: alarms, cases and units (looked up, never changed here)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from console.domain.supervision_rows import UnitRef
from console.models.schema import Alarm, Case, Unit


def alarm(session: Session, alarm_id: int, for_update: bool = False) -> Alarm | None:
    """``for_update`` locks the row until the transaction ends (two consoles cancelling the same alarm)."""
    return session.get(Alarm, alarm_id, with_for_update=for_update)


def case(session: Session, case_id: int) -> Case | None:
    return session.get(Case, case_id)


def unit_exists(session: Session, unit_id: int) -> bool:
    return session.get(Unit, unit_id) is not None


def missing_cases(session: Session, case_ids: Iterable[int]) -> list[int]:
    """The ids among ``case_ids`` that name no case, sorted."""
    return _missing(session, Case, case_ids)


def missing_alarms(session: Session, alarm_ids: Iterable[int]) -> list[int]:
    """The ids among ``alarm_ids`` that name no alarm, sorted."""
    return _missing(session, Alarm, alarm_ids)


def _missing(session: Session, model: type[Alarm] | type[Case], ids: Iterable[int]) -> list[int]:
    wanted = set(ids)
    if not wanted:
        return []
    return sorted(wanted - set(session.scalars(select(model.id).where(model.id.in_(wanted)))))


def units(session: Session) -> list[UnitRef]:
    """Every unit, departments then districts, in catalogue order."""
    return [
        UnitRef(u.id, u.code, u.name, u.kind)
        for u in session.scalars(select(Unit).order_by(Unit.kind, Unit.sort_order, Unit.code))
    ]


def case_heading(session: Session, case_id: int) -> Row[str, int, str | None, str] | None:
    """(case_no, unit_id, handler, unit name) of a case, or None."""
    return session.execute(
        select(Case.case_no, Case.unit_id, Case.handler, Unit.name.label("unit_name"))
        .join(Unit, Unit.id == Case.unit_id)
        .where(Case.id == case_id)
    ).one_or_none()


def live_alarms(session: Session, case_id: int) -> tuple[tuple[int, str, str], ...]:
    """(alarm id, rule, level) of a case's alarms that are not cancelled, oldest first."""
    return tuple(
        (a.id, a.rule, a.level)
        for a in session.scalars(
            select(Alarm).where(Alarm.case_id == case_id, Alarm.status != "cancelled").order_by(Alarm.raised_at)
        )
    )
