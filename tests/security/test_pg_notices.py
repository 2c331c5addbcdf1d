"""The notices' tables and push under a console's own database role: the contacts and the outbox are out of its
reach (people's addresses; only the engine and the owner send), and it hears the writers' NOTIFY."""

from __future__ import annotations

import queue

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from console.models import push
from console.models import repository as repo
from console.models.db import session_factory
from tests.security.conftest import login_as_nobody

pytestmark = pytest.mark.postgres


def test_console_role_cannot_read_or_write_contacts_or_outbox(room):
    with room.owner.connect() as c:
        for t in ("unit_contacts", "notices"):
            for verb in ("SELECT", "INSERT", "UPDATE", "DELETE"):
                has = c.execute(text("SELECT has_table_privilege(:r, :t, :v)"), {"r": room.role, "t": t, "v": verb})
                assert has.scalar() is False, (t, verb)
    Session = login_as_nobody(room)
    with Session() as s, pytest.raises(DBAPIError, match="permission denied"):
        s.execute(text("SELECT address FROM unit_contacts")).all()


def test_console_role_hears_the_writers(room):
    heard: queue.Queue[str] = queue.Queue()
    lst = push.Listener(room.console_url, heard.put, wake_s=0.1).start()
    try:
        assert lst.listening.wait(10)
        # the engine raises a time alarm under its role; the console's role hears it
        with session_factory(room.engine_engine()).begin() as s:
            repo.clear_alarms(s, [room.case_id], "promised_overdue")
            repo.raise_alarms(
                s, [repo.AlarmSpec(room.case_id, "promised_overdue", "red", "超期")], "wall-1", recurring=True
            )
        assert heard.get(timeout=5) == "alarms"
    finally:
        lst.stop()
