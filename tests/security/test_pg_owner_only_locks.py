"""The audit chain's and the catalogue's locks on PostgreSQL (migration 0020): locks only the schema owner may
take.  Before, they were advisory locks any role may take: psql with the consoles' credentials holding
``pg_advisory_lock(hashtext('audit_log chain'))`` stopped every log-in and every audited action of the room."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from console.domain import catalogue
from console.models import repository as repo
from console.models.db import session_factory
from console.models.schema import AuditLog
from console.models.supervision import journal
from console.supervision import auth
from console.supervision.audit_check import verify
from tests.security.conftest import PASSWORDS, login_as

pytestmark = pytest.mark.postgres

OLD_KEYS = ("audit_log chain", "console catalogue")  # the advisory keys of 0004 and sync_catalogue
PROMPT_S = 5.0


def test_neither_the_console_nor_the_engine_role_can_lock_them(room):
    for who, eng in (("console", room.console_engine()), ("engine", room.engine_engine())):
        for view in ("audit_chain_lock", "catalogue_lock"):
            for mode in ("EXCLUSIVE", "ACCESS SHARE", "ROW EXCLUSIVE"):
                with eng.connect() as c, pytest.raises(DBAPIError) as info:
                    c.execute(text(f"LOCK TABLE {view} IN {mode} MODE NOWAIT"))
                print(f"ATTACK ({who}) LOCK {view} IN {mode} -> {str(info.value.orig).splitlines()[0]}")
                assert info.value.orig.sqlstate == "42501"  # InsufficientPrivilege
                assert f"permission denied for view {view}" in str(info.value.orig)


def test_the_chain_s_trigger_function_is_no_one_s_to_call(room):
    """Its EXECUTE is revoked from PUBLIC: no role can hang it on a trigger of its own (a temporary table's)."""
    room.engine_engine()  # grant-engine-role
    with room.owner.connect() as c:
        for role in (room.role, room.engine_role):
            got = c.execute(text("SELECT has_function_privilege(:r, 'audit_log_chain()', 'EXECUTE')"), {"r": role})
            assert got.scalar() is False, role
    eng = room.console_engine()
    with eng.connect() as c, pytest.raises(DBAPIError) as info:
        c.execute(text("CREATE TEMP TABLE t (x int)"))
        c.execute(text("CREATE TRIGGER t_chain BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION audit_log_chain()"))
    assert info.value.orig.sqlstate == "42501"


def _done_promptly(work: Callable[[], object]) -> tuple[bool, float, BaseException | None]:
    """Run ``work`` on a thread; (finished within PROMPT_S, seconds taken, its exception)."""
    got: dict[str, object] = {}

    def run():
        t0 = time.monotonic()
        try:
            work()
        except BaseException as exc:  # handed to the test
            got["exc"] = exc
        got["took"] = time.monotonic() - t0

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(PROMPT_S)
    return not thread.is_alive(), got.get("took", PROMPT_S), got.get("exc")  # type: ignore[return-value]


def test_a_console_holding_the_old_advisory_keys_stops_nothing(room):
    holder = room.console_engine().connect()
    stuck: list[Callable[[], None]] = []
    try:
        for key in OLD_KEYS:  # session-level: held until the connection ends, no transaction needed
            holder.execute(text("SELECT pg_advisory_lock(hashtext(:k))"), {"k": key})
        holder.commit()
        print("ATTACK console role holds pg_advisory_lock on", OLD_KEYS)

        console = session_factory(room.console_engine())

        def log_in():
            auth.login(console, "op1", PASSWORDS["op1"], "desk-1")

        def failed_log_in():
            with pytest.raises(auth.LoginFailed):
                auth.login(console, "op1", "wrong-password-1", "desk-2")

        def acknowledge():  # an audited action in a person's session (the row audit of 0004 too)
            _, Session, actor = login_as(room, "sup1")
            with Session.begin() as s:
                assert repo.acknowledge(
                    s, room.alarm_id, actor.display_name, actor.console, "已知晓", "sup1", "supervisor"
                )

        def engine_writes():  # the engine's own audit row, through the same trigger
            with session_factory(room.engine_engine()).begin() as s:
                repo.audit(s, "engine-1", "rectification.overdue", "rectification:0", role="system")

        def owner_syncs_the_catalogue():
            with room.OwnerSession.begin() as s:
                repo.sync_catalogue(s, catalogue.units(), catalogue.items())

        for work in (log_in, failed_log_in, acknowledge, engine_writes, owner_syncs_the_catalogue):
            finished, took, exc = _done_promptly(work)
            print(f"{work.__name__}: {'done' if finished else 'STILL WAITING'} after {took:.2f} s")
            if not finished:
                stuck.append(work)
            elif exc is not None:
                raise exc
    finally:
        holder.close()  # lets anything still waiting finish before the database is dropped
    assert stuck == []
    with room.OwnerSession() as s:
        actions = list(s.scalars(select(AuditLog.action).order_by(AuditLog.id)))
    assert {"auth.login", "auth.failed", "db.alarm_acks.insert", "rectification.overdue"} <= set(actions)
    assert verify(room.OwnerSession).intact


WRITERS, ROWS = 4, 25


def test_concurrent_writers_of_every_kind_extend_one_intact_chain(room):
    """Two consoles in people's sessions, the engine and the owner write at once: the owner's lock still lets
    one writer at a time extend the chain, whoever the writer is."""
    consoles = [login_as(room, name) for name in ("op1", "sup1")]
    engine_sessions = session_factory(room.engine_engine())
    barrier = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def console_writer(Session, actor):
        def write(i):
            with Session.begin() as s:
                journal.record(s, actor, "test.race", f"console:{actor.username}:{i}")

        return write

    def engine_write(i):
        with engine_sessions.begin() as s:
            repo.audit(s, "engine-1", "rectification.overdue", f"rectification:{i}", role="system")

    def owner_write(i):
        with room.OwnerSession.begin() as s:
            repo.audit(s, "cli:owner", "test.race", f"owner:{i}", role="administrator", console="cli")

    writes = [console_writer(S, a) for _, S, a in consoles] + [engine_write, owner_write]

    def run(write):
        try:
            barrier.wait()
            for i in range(ROWS):
                write(i)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(w,)) for w in writes]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    with room.owner.connect() as c:
        assert c.execute(text("SELECT * FROM audit_chain_break()")).one() == (None, None)
        by = dict(c.execute(text("SELECT actor, count(*) FROM audit_log WHERE action IN ('test.race', "
                                 "'rectification.overdue') GROUP BY actor")).all())  # fmt: skip
    assert by == {"op1": ROWS, "sup1": ROWS, "engine-1": ROWS, "cli:owner": ROWS}
    assert verify(room.OwnerSession).intact


def test_a_writer_waits_for_the_one_before_it_to_commit(room):
    """The lock lasts to commit: a second writer's row is chained to the first's only once that one commits."""
    _, Session, actor = login_as(room, "op1")
    first = Session()
    first.begin()
    journal.record(first, actor, "test.first", "console:first")
    first.flush()

    def second():
        with room.OwnerSession.begin() as s:
            repo.audit(s, "cli:owner", "test.second", "owner:second", role="administrator", console="cli")

    thread = threading.Thread(target=second, daemon=True)
    thread.start()
    thread.join(1.5)
    waited = thread.is_alive()
    first.commit()
    first.close()
    thread.join(30)
    assert waited and not thread.is_alive()
    with room.owner.connect() as c:
        rows = c.execute(
            text("SELECT action, prev_hash, row_hash FROM audit_log ORDER BY id DESC LIMIT 2")
        ).all()  # newest first
    assert [r.action for r in rows] == ["test.second", "test.first"]
    assert rows[0].prev_hash == rows[1].row_hash
    assert verify(room.OwnerSession).intact


def test_a_disabled_chain_trigger_is_reported(room):
    """The chain's trigger is one of the guards ``audit verify`` and the red banner look for."""
    assert verify(room.OwnerSession).intact
    with room.owner.begin() as c:
        c.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_stamp_chain"))
    verdict = verify(room.OwnerSession)
    assert not verdict.intact and "audit_log_stamp_chain" in verdict.message
