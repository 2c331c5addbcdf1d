"""Small worlds for the drills: a migrated database with the catalogue, cases made through the ingest path."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import func, select

from console.domain import catalogue
from console.domain.calendar import WorkCalendar
from console.ingest.apply import ingest_records
from console.models import repository as repo
from console.models.schema import Alarm, AlarmAck, AuditLog, Case


def sync_catalogue(Session) -> None:
    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items())


def unit_codes(n: int) -> list[str]:
    """n unit codes that each have an item ``<code>-001`` (departments and districts alike)."""
    items = {i.code for i in catalogue.items()}
    codes = [u.code for u in catalogue.units() if f"{u.code}-001" in items]
    return [codes[i % len(codes)] for i in range(n)]


def accept(
    record_id: str,
    case_no: str,
    unit_code: str,
    accepted_at: dt.datetime,
    promised: int = 1,
    statutory: int = 20,
    **extra,
) -> dict:
    return {
        "record_id": record_id,
        "type": "accept",
        "case_no": case_no,
        "occurred_at": accepted_at.isoformat(),
        "item_code": f"{unit_code}-001",
        "unit_code": unit_code,
        "promised_days": promised,
        "statutory_days": statutory,
        **extra,
    }


def cases_due_on(cal: WorkCalendar, due: dt.date, prefix: str, n: int, promised: int = 1) -> list[dict]:
    """n accept records whose promised limit ends on working day ``due`` (accepted ``promised`` days before)."""
    start = due
    for _ in range(promised):  # step back working day by working day
        start -= dt.timedelta(days=1)
        while not cal.is_workday(start):
            start -= dt.timedelta(days=1)
    assert cal.add(start, promised) == due
    at = dt.datetime.combine(start, dt.time(10, 0))
    return [
        accept(f"{prefix}-r{i}", f"{prefix}-{i:04d}", u, at, promised=promised) for i, u in enumerate(unit_codes(n))
    ]


def ingest(Session, records: list[dict], today: dt.date, source: str = "drill"):
    rep = ingest_records(Session, records, source, today=today)
    assert rep.accepted == len(records) and not rep.rejected, rep.summary()
    return rep


def working_days_after(cal: WorkCalendar, day: dt.date, n: int) -> list[dt.date]:
    out, d = [], day
    while len(out) < n:
        d += dt.timedelta(days=1)
        if cal.is_workday(d):
            out.append(d)
    return out


def alarm_rows(Session) -> Counter:
    """(case_no, rule, subject, level) -> number of alarm rows."""
    with Session() as s:
        rows = s.execute(
            select(Case.case_no, Alarm.rule, Alarm.subject, Alarm.level).join(Case, Case.id == Alarm.case_id)
        ).all()
    return Counter(tuple(r) for r in rows)


def ack_state(Session) -> dict:
    """Per alarm id: (status, has ack row, number of audit rows) — the three parts of one acknowledgement."""
    with Session() as s:
        status = dict(s.execute(select(Alarm.id, Alarm.status)).all())
        acked = set(s.scalars(select(AlarmAck.alarm_id)))
        audits = Counter(s.scalars(select(AuditLog.target).where(AuditLog.action == "alarm.acknowledge")))
    return {aid: (st, aid in acked, audits.get(f"alarm:{aid}", 0)) for aid, st in status.items()}


def count(Session, model) -> int:
    with Session() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()
