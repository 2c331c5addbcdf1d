"""The database's own stamps are the centre's time whatever the session's time zone (migration 0021).

A tester on a stock server (Etc/UTC) saw audit rows of one minute 8 hours apart in one chain, ``acked_at``
19:38 beside its audit row's 11:38, and 账户锁定至 11:53 at 19:39; any session could also ``SET TIME ZONE``
to stamp audit rows with a time of its choosing.  Here every connection of the console sets a zone that is
not the centre's (UTC, and Pacific/Kiritimati: UTC+14, a day ahead of the centre at times) and logs in,
acknowledges, writes audit rows and locks an account out."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event, text

from console.domain import clock
from console.domain.errors import AccountLocked, LoginFailed
from console.models import repository as repo
from console.models.db import make_engine, session_factory
from console.supervision import auth
from tests.security.conftest import PASSWORDS

pytestmark = pytest.mark.postgres

ZONES = ("UTC", "Pacific/Kiritimati")
MINUTE = dt.timedelta(minutes=1)


def zoned_engine(room, zone: str):
    """A console's connection pool whose every connection runs ``SET TIME ZONE zone`` first."""
    eng = make_engine(room.console_url)

    @event.listens_for(eng, "connect")
    def _zone(dbapi_conn, _record):
        cur = dbapi_conn.cursor()
        cur.execute(f"SET TIME ZONE '{zone}'")
        cur.close()
        dbapi_conn.commit()

    room._engines.append(eng)
    return eng


def near_centre_now(at: dt.datetime) -> bool:
    return abs(at - clock.now()) < MINUTE


@pytest.mark.parametrize("zone", ZONES)
def test_a_session_in_another_zone_stamps_the_centres_time(room, zone):
    eng = zoned_engine(room, zone)
    Session = session_factory(eng)
    with eng.connect() as c:  # the session really is in another zone: its own clock reads differ
        assert c.execute(text("SHOW TimeZone")).scalar() == zone
        theirs = c.execute(text("SELECT localtimestamp")).scalar()
    assert not near_centre_now(theirs)
    with room.owner.connect() as c:
        first = c.execute(text("SELECT coalesce(max(id), 0) FROM audit_log")).scalar()
    actor = auth.login(Session, "op1", PASSWORDS["op1"], "desk-op1")
    with Session.begin() as s:
        got = repo.acknowledge(s, room.alarm_id, "op1 显示名", "desk-op1", "已知悉", actor.username, actor.role)
        # a forged time in a row of its own: the database writes its own
        s.execute(text("INSERT INTO audit_log (at, actor, role, console, action, target) VALUES "
                       "('2020-01-01', 'op1', 'operator', 'x', 'note.forged', 'x')"))  # fmt: skip
    assert got.won and near_centre_now(got.acked_at), got
    with room.owner.connect() as c:
        acked = c.execute(text("SELECT acked_at FROM alarm_acks WHERE alarm_id = :a"), {"a": room.alarm_id}).scalar()
        rows = c.execute(text("SELECT action, at FROM audit_log WHERE id > :i ORDER BY id"), {"i": first}).all()
        started = c.execute(text("SELECT max(started_at) FROM console_sessions")).scalar()
        last_login = c.execute(text("SELECT last_login_at FROM operators WHERE username = 'op1'")).scalar()
    print(f"TimeZone {zone}: session's localtimestamp {theirs:%H:%M}, stored {[(a, f'{t:%H:%M}') for a, t in rows]}")
    assert near_centre_now(acked) and acked == got.acked_at
    assert {a for a, _ in rows} >= {"auth.login", "alarm.acknowledge", "note.forged", "db.alarm_acks.insert"}
    assert all(near_centre_now(t) for _, t in rows), rows
    assert near_centre_now(started) and near_centre_now(last_login)


@pytest.mark.parametrize("zone", ZONES)
def test_the_lock_out_ends_at_centre_time_plus_its_duration(room, zone):
    Session = session_factory(zoned_engine(room, zone))
    policy = auth.AuthPolicy()
    for _ in range(policy.max_failures - 1):
        with pytest.raises(LoginFailed):
            auth.login(Session, "sup1", "wrong-password", "desk-x")
    with pytest.raises(AccountLocked) as info:  # the last failure allowed locks the account
        auth.login(Session, "sup1", "wrong-password", "desk-x")
    print(f"TimeZone {zone}: {info.value} at centre time {clock.now():%H:%M}")
    assert abs(info.value.until - (clock.now() + dt.timedelta(minutes=policy.lock_minutes))) < MINUTE
    # still locked for the database too: it compares with the same clock
    with pytest.raises(AccountLocked):
        auth.login(Session, "sup1", PASSWORDS["sup1"], "desk-x")


# what reads the clock in a function's source (as migration 0021 finds them)
CLOCK_READING = (
    "p.prosrc ILIKE ANY (ARRAY['%localtimestamp%', '%localtime%', '%now()%', '%current_timestamp%',"
    " '%current_date%', '%current_time%', '%clock_timestamp%', '%statement_timestamp%'])"
)


def test_every_function_that_reads_the_clock_has_the_centres_zone_pinned(room):
    """A later migration's CREATE OR REPLACE FUNCTION without ``SET TimeZone`` drops the pin: it must add it."""
    with room.owner.connect() as c:
        rows = c.execute(
            text(
                "SELECT p.oid::regprocedure::text, coalesce(p.proconfig, '{}') FROM pg_proc p"
                " JOIN pg_language l ON l.oid = p.prolang"
                " WHERE p.pronamespace = current_schema()::regnamespace AND l.lanname IN ('sql', 'plpgsql')"
                f" AND {CLOCK_READING} ORDER BY 1"
            )
        ).all()
    names = {name for name, _ in rows}
    # the ones the tester's report names, so the query above keeps finding what it must
    assert {"audit_log_stamp()", "console_row_audit()", "alarm_acks_identity()", "console_actor()"} <= names
    assert any(n.startswith("console_login(") for n in names) and any(n.startswith("console_audit(") for n in names)
    unpinned = [name for name, config in rows if f"TimeZone={clock.CENTRE_TZ.key}" not in config]
    assert unpinned == []


def test_no_column_default_reads_the_sessions_clock(room):
    """A default like ``localtimestamp`` follows the inserting session's zone; it converts explicitly."""
    with room.owner.connect() as c:
        rows = c.execute(
            text(
                "SELECT a.attrelid::regclass::text || '.' || a.attname, pg_get_expr(d.adbin, d.adrelid)"
                " FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum"
                " JOIN pg_class k ON k.oid = d.adrelid WHERE k.relnamespace = current_schema()::regnamespace"
            )
        ).all()
    words = ("now()", "localtimestamp", "current_")
    clocked = {col: expr for col, expr in rows if any(w in expr.lower() for w in words)}
    assert "console_sessions.started_at" in clocked
    assert {col: expr for col, expr in clocked.items() if f"'{clock.CENTRE_TZ.key}'" not in expr} == {}
