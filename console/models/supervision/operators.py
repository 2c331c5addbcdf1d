"""Operator rows: looked up by name, added, counted.  Their fields are set by ``console.supervision.auth``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from console.domain.roles import ADMINISTRATOR
from console.models.repository import take_write_lock
from console.models.supervision_schema import Operator


def find(session: Session, username: str, for_update: bool = False) -> Operator | None:
    """``for_update`` locks the row (on SQLite the whole database, before the read): any number of consoles
    counting failed log-ins of one account count every one of them."""
    if for_update and session.get_bind().dialect.name == "sqlite":
        take_write_lock(session, "operators")
    q = select(Operator).where(Operator.username == username)
    return session.execute(q.with_for_update() if for_update else q).scalar_one_or_none()


def exists(session: Session, username: str) -> bool:
    return session.execute(select(Operator.id).where(Operator.username == username)).first() is not None


def add(
    session: Session, *, username: str, display_name: str, role: str, password_hash: str, created_at: dt.datetime
) -> Operator:
    op = Operator(
        username=username,
        display_name=display_name,
        role=role,
        password_hash=password_hash,
        failed_count=0,
        active=True,
        created_at=created_at,
    )
    session.add(op)
    session.flush()
    return op


def every(session: Session) -> list[Operator]:
    """All operators by user name."""
    return list(session.scalars(select(Operator).order_by(Operator.username)))


def count(session: Session) -> int:
    return session.execute(select(func.count()).select_from(Operator)).scalar_one()


def active_administrators(session: Session, besides: Operator | None = None) -> int:
    """Active administrators, not counting ``besides``."""
    q = select(func.count()).select_from(Operator).where(Operator.role == ADMINISTRATOR, Operator.active.is_(True))
    if besides is not None:
        q = q.where(Operator.id != besides.id)
    return session.execute(q).scalar_one()


def display_names(session: Session, usernames: Iterable[str]) -> dict[str, str]:
    """{log-in name: display name (the log-in name when it has none)} of those accounts that exist; only columns
    the console role may read (console/models/dbroles.py OPERATOR_COLUMNS)."""
    wanted = sorted(set(usernames))
    if not wanted:
        return {}
    rows = session.execute(select(Operator.username, Operator.display_name).where(Operator.username.in_(wanted)))
    return {u: (d or u) for u, d in rows}
