"""A control room on PostgreSQL as the README's "Security model" sets it up: the schema owner migrated and
seeded it, ``grant-console-role`` made the consoles' role, and the tests connect as that role only — what an
attacker at a console PC holds before anyone logs in.  The role has a random suffix and is dropped after."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select, text

from console.domain import catalogue
from console.models import db_sessions
from console.models import repository as repo
from console.models.db import make_engine, session_factory
from console.models.dbroles import grant_console_role, grant_engine_role
from console.models.schema import Alarm, Case, Item
from console.supervision import auth
from tests.conftest import _admin, fresh_pg_database

PASSWORDS = {"admin": "Admin-room-2026", "sup1": "Super-room-2026", "op1": "Oper-room-2026"}
ROLES = {"admin": "administrator", "sup1": "supervisor", "op1": "operator"}


class Room:
    def __init__(self, owner, owner_url, console_url, role, alarm_id, case_id):
        self.owner, self.owner_url, self.console_url, self.role = owner, owner_url, console_url, role
        self.alarm_id, self.case_id = alarm_id, case_id
        self.OwnerSession = session_factory(owner)
        self._engines = []
        self.engine_role: str | None = None

    def engine_engine(self):
        """A connection pool as the supervision engine's role (made on first use: ``grant-engine-role``)."""
        if self.engine_role is None:
            self.engine_role = self.role.replace("console_", "engine_", 1)
            grant_engine_role(self.owner, self.engine_role, create=True)
        eng = make_engine(self.owner_url.replace("//postgres@", f"//{self.engine_role}@", 1))
        self._engines.append(eng)
        return eng

    def console_engine(self):
        """A fresh connection pool as the consoles' role (a console PC, or psql with its credentials)."""
        eng = make_engine(self.console_url)
        self._engines.append(eng)
        return eng

    def close(self):
        for eng in self._engines:
            db_sessions.bind(eng, None)
            eng.dispose()
        self.owner.dispose()


def seed(Session) -> tuple[int, int]:
    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items())
        item = s.execute(select(Item).order_by(Item.id).limit(1)).scalar_one()
        case = Case(
            case_no="SEC-1",
            item_id=item.id,
            unit_id=item.unit_id,
            stage="承办",
            accepted_at=dt.datetime(2025, 9, 22, 9),
            promised_days=5,
            statutory_days=20,
            change_seq=repo.next_change_seq(s),
            updated_at=repo.now(),
        )
        s.add(case)
        s.flush()
        alarm = Alarm(
            case_id=case.id, rule="promised_overdue", subject="", level="red", raised_at=repo.now(),
            raised_by="wall-1", message="已经超过承诺时限", status="open",
        )  # fmt: skip
        s.add(alarm)
        s.flush()
        cli = auth.command_line_actor()
        for name, role in ROLES.items():
            auth.add_operator(s, cli, name, role, PASSWORDS[name], f"{name} 显示名")
        auth.set_auth_policy(s, cli, auth.AuthPolicy())  # the policy rows exist, as in a room set up
        return alarm.id, case.id


@pytest.fixture
def room(pg_template):
    url, drop = fresh_pg_database(pg_template)
    owner = make_engine(url)
    alarm_id, case_id = seed(session_factory(owner))
    role = f"console_{uuid.uuid4().hex[:10]}"
    grant_console_role(owner, role, create=True)
    console_url = url.replace("//postgres@", f"//{role}@", 1)
    assert console_url != url
    r = Room(owner, url, console_url, role, alarm_id, case_id)
    yield r
    r.close()
    drop()
    with _admin().connect() as c:
        for name in (role, r.engine_role):
            if name:
                c.execute(text(f'DROP ROLE IF EXISTS "{name}"'))


def login_as(room: Room, username: str):
    """A console engine with ``username`` logged in through the database; returns (engine, Session, actor)."""
    eng = room.console_engine()
    Session = session_factory(eng)
    actor = auth.login(Session, username, PASSWORDS[username], f"desk-{username}")
    return eng, Session, actor


def login_as_nobody(room: Room):
    """A console's session factory before anyone logged in."""
    return session_factory(room.console_engine())
