"""责任追究: decisions against a person (承办人/审核人/批准人 of a case) and/or a unit, from the sanctions ladder,
linked to the cases and alarms behind them; and each person's and unit's record for the drill-down."""

from __future__ import annotations

import datetime as dt

from console.domain.supervision_rows import SanctionView
from console.domain.text import typed_text
from console.domain.vocabulary import PERSON_ROLES, SANCTION_LADDER
from console.models import repository as repo
from console.models.supervision import Session, journal, sanctions, targets
from console.models.supervision.sanctions import case_record, person_record, unit_record  # plain reads, no rule
from console.models.supervision_schema import Sanction
from console.supervision.auth import Actor
from console.supervision.errors import NotFound, SupervisionError

UNIT_CRITICISM = "通报批评"
# What a unit as a whole can receive; the rest of the ladder only makes sense for a person.
UNIT_SANCTIONS = (UNIT_CRITICISM,)


def severity(kind: str) -> int:
    """Position on the ladder, 0 = lightest (口头警告)."""
    return SANCTION_LADDER.index(kind)


def record_sanction(
    session: Session,
    actor: Actor,
    *,
    kind: str,
    decided_on: dt.date,
    deciding_body: str,
    text: str | None = None,
    person_name: str | None = None,
    person_role: str | None = None,
    unit_id: int | None = None,
    case_ids: tuple[int, ...] = (),
    alarm_ids: tuple[int, ...] = (),
) -> Sanction:
    """Record a decision.  Against a person: ``person_name`` + ``person_role`` (``unit_id`` = their unit);
    against a unit as a whole: ``unit_id`` alone (only 通报批评)."""
    actor.require("sanction")
    if kind not in SANCTION_LADDER:
        raise SupervisionError(f"处分种类须为：{'、'.join(SANCTION_LADDER)}")
    person_name = typed_text("被处理人", (person_name or "").strip()) or None
    typed_text("决定机关", deciding_body)
    typed_text("处理决定", text, multiline=True)
    if person_name is None and unit_id is None:
        raise SupervisionError("责任追究须指明责任人或责任单位")
    if person_name is not None and person_role not in PERSON_ROLES:
        raise SupervisionError(f"责任人的岗位须为：{'、'.join(PERSON_ROLES)}")
    if person_name is None and kind not in UNIT_SANCTIONS:
        raise SupervisionError(f"对单位只能给予：{'、'.join(UNIT_SANCTIONS)}")
    if not deciding_body or not deciding_body.strip():
        raise SupervisionError("须写明决定机关")
    if unit_id is not None and not targets.unit_exists(session, unit_id):
        raise NotFound(f"没有单位 #{unit_id}")
    for what, missing in (
        ("办件", targets.missing_cases(session, case_ids)),
        ("告警", targets.missing_alarms(session, alarm_ids)),
    ):
        if missing:
            raise NotFound(f"没有{what} {missing}")
    s = sanctions.add(
        session,
        case_ids,
        alarm_ids,
        person_name=person_name,
        person_role=person_role if person_name else None,
        unit_id=unit_id,
        kind=kind,
        decided_on=decided_on,
        deciding_body=deciding_body.strip(),
        text=text,
        recorded_by=actor.username,
        recorded_at=repo.now(),
    )
    journal.record(
        session,
        actor,
        "sanction.record",
        f"sanction:{s.id}",
        None,
        {
            "kind": kind,
            "person_name": person_name,
            "person_role": s.person_role,
            "unit_id": unit_id,
            "decided_on": decided_on,
            "deciding_body": s.deciding_body,
            "case_ids": list(case_ids),
            "alarm_ids": list(alarm_ids),
        },
    )
    return s


__all__ = [
    "UNIT_CRITICISM",
    "UNIT_SANCTIONS",
    "SanctionView",
    "case_record",
    "person_record",
    "record_sanction",
    "severity",
    "unit_record",
]
