"""Rows and clocks the tests build over and over: a case as ingest would leave it, an alarm, a unit's id, a
business clock a test moves.  Each takes the caller's session and flushes, so ids are there at once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from console.domain.calendar import WorkCalendar
from console.models import repository as repo
from console.models.db import DbSession
from console.models.schema import Alarm, Case, Item, Unit


class Clock:
    """The business date a backend or a console evaluates on; moved by the test (one attribute)."""

    def __init__(self, at: dt.datetime):
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at


def add_case(
    s: DbSession,
    no: str,
    unit_code: str,
    accepted: dt.datetime,
    promised: int = 5,
    statutory: int = 20,
    completed: dt.datetime | None = None,
    cal: WorkCalendar | None = None,
    item_code: str | None = None,
    item_no: int = 1,
    handler: str = "张伟",
) -> int:
    """A case of the unit's item ``item_code`` (default ``<unit>-<item_no:03d>``) as ingest would leave it:
    stage 办结 when completed, else 承办; due dates from the calendar when ``cal`` is given.  Returns its id."""
    code = item_code or f"{unit_code}-{item_no:03d}"
    item = s.execute(select(Item).where(Item.code == code)).scalar_one()
    c = Case(
        case_no=no,
        item_id=item.id,
        unit_id=item.unit_id,
        stage="办结" if completed else "承办",
        accepted_at=accepted,
        completed_at=completed,
        promised_days=promised,
        statutory_days=statutory,
        handler=handler,
        change_seq=repo.next_change_seq(s),
        updated_at=repo.now(),
    )
    if cal is not None:
        c.promised_due = cal.add(accepted.date(), promised)
        c.statutory_due = cal.add(accepted.date(), statutory)
    s.add(c)
    s.flush()
    return c.id


def add_alarm(
    s: DbSession,
    case_id: int,
    rule: str = "promised_overdue",
    raised_at: dt.datetime | None = None,
    level: str = "red",
    status: str = "open",
) -> int:
    a = Alarm(
        case_id=case_id,
        rule=rule,
        subject="",
        level=level,
        raised_at=raised_at or repo.now(),
        raised_by="wall-1",
        message=rule,
        status=status,
    )
    s.add(a)
    s.flush()
    return a.id


def unit_id(s: DbSession, code: str) -> int:
    return s.execute(select(Unit.id).where(Unit.code == code)).scalar_one()


ADMIN_PASSWORD = "Admin-wall-2026"


def add_administrator(Session, username: str = "admin") -> list[str]:
    """An administrator account (the first, made as the shell user may on an empty database); returns the CLI
    arguments that log in as them (``--as``, ``--password-stdin``) — the password goes on stdin."""
    from console.supervision import auth

    with Session.begin() as s:
        auth.add_operator(s, auth.command_line_actor(), username, "administrator", ADMIN_PASSWORD)
    return ["--as", username, "--password-stdin"]
