"""Every attack of the report, made with only the consoles' role (psql-equivalent: plain SQL on a connection
as that role), is refused by the database; what a logged-in person does is checked against who they are."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from console.domain.errors import PermissionDenied, SupervisionError
from console.models import db_sessions
from console.models.dbroles import (
    DELETE_TABLES,
    ENGINE_DELETE_TABLES,
    ENGINE_INSERT_TABLES,
    ENGINE_UPDATE_TABLES,
    INSERT_TABLES,
    UPDATE_TABLES,
)
from console.supervision import auth
from tests.security.conftest import PASSWORDS, login_as

pytestmark = pytest.mark.postgres


def refused(engine, sql: str, params: dict | None = None) -> str:
    """Run ``sql`` as the role; it must fail; returns the database's first line (printed for the report)."""
    with engine.connect() as c:
        with pytest.raises(DBAPIError) as info:
            c.execute(text(sql), params or {})
            c.commit()
        c.rollback()
    line = str(info.value.orig).splitlines()[0]
    print(f"ATTACK {sql[:90]!r} -> {line}")
    return line


ATTACKS_BEFORE_LOG_IN = [
    ("SELECT username, password_hash FROM operators", "permission denied"),
    ("UPDATE operators SET role = 'administrator' WHERE username = 'op1'", "permission denied"),
    (
        "INSERT INTO operators (username, display_name, role, password_hash, failed_count, active, created_at) "
        "SELECT 'evil', 'evil', 'administrator', 'x', 0, true, now()",
        "permission denied",
    ),
    ("UPDATE meta SET value = '1000000' WHERE key = 'auth.max_failures'", "登录策略只能由管理员修改"),
    ("INSERT INTO meta (key, value) VALUES ('auth.max_failures', '1000000')", "登录策略只能由管理员修改"),
    ("INSERT INTO alarm_acks (alarm_id, operator, console, acked_at) VALUES (:a, 'sup1', 'x', now())", "未登录"),
    ("UPDATE alarm_acks SET operator = 'sup1'", "permission denied"),
    ("DELETE FROM alarm_acks", "permission denied"),
    ("UPDATE alarms SET status = 'cancelled' WHERE id = :a", "需要 supervisor"),
    ("UPDATE alarms SET status = 'acknowledged' WHERE id = :a", "需要 operator"),
    ("UPDATE alarms SET message = 'nothing' WHERE id = :a", "告警只能改变状态"),
    ("DELETE FROM alarms", "permission denied"),
    (
        "INSERT INTO alarms (case_id, rule, subject, level, message, raised_at, raised_by, status) "
        "SELECT case_id, 'x', '', 'red', 'x', now(), 'x', 'cancelled' FROM alarms WHERE id = :a",
        "permission denied",  # the engine raises alarms; a console may not insert one at all
    ),
    (
        "INSERT INTO audit_log (at, actor, role, console, action, target) "
        "VALUES ('2020-01-01', 'sup1', 'supervisor', 'desk-1', 'alarm.acknowledge', 'alarm:1')",
        "审计记录只能由已登录的操作员产生",
    ),
    ("UPDATE audit_log SET actor = 'someone else'", "permission denied"),
    ("DELETE FROM audit_log", "permission denied"),
    ("TRUNCATE audit_log", "permission denied"),
    ("SELECT setval('audit_log_id_seq', 1)", "permission denied"),
    ("SELECT setval('alarm_acks_id_seq', 1)", "permission denied"),
    ("SELECT * FROM console_sessions", "permission denied"),
    (
        "INSERT INTO sanctions (kind, decided_on, deciding_body, recorded_by, recorded_at) "
        "VALUES ('口头警告', now(), 'x', 'sup1', now())",
        "未登录",
    ),
    (
        "INSERT INTO alarm_cancellations (alarm_id, cancelled_by, cancelled_at, reason) "
        "VALUES (:a, 'sup1', now(), 'x')",
        "未登录",
    ),
    (
        "INSERT INTO complaints (channel, complainant, summary, registered_by, registered_at, acceptance_due, "
        "reply_limit_days, reply_due, status) VALUES ('电话', 'x', 'x', 'sup1', now(), now(), 30, now(), 'closed')",
        "未登录",
    ),
    ("UPDATE rectifications SET status = 'closed'", ""),  # no rows to touch: allowed to match nothing, see below
    (
        "INSERT INTO calendar_overrides (day, is_workday, updated_by, updated_at) VALUES ('2026-12-01', false, "
        "'admin', now())",
        "未登录",
    ),
    ("UPDATE cases SET promised_days = 500", "办件时限只能由管理员修改"),
    ("UPDATE cases SET accepted_at = now()", "permission denied"),
    ("SELECT console_manage('add', 'evil', 'Evil-pass-2026', 'administrator')", "未登录"),
    ("SELECT console_manage('unlock', 'op1')", "未登录"),
    ("SELECT console_set_policy('auth.max_failures', '1000000')", "登录策略只能由管理员修改"),
    ("UPDATE alembic_version SET version_num = '0001'", "permission denied"),
    ("INSERT INTO meta (key, value) VALUES ('feed_heartbeat_hours', '100000')", "只能由管理员修改"),
    ("INSERT INTO rule_levels (rule, level) VALUES ('promised_overdue', 'yellow')", "未登录"),
    ("CREATE TABLE evil (id int)", "permission denied"),
    # the engine's heartbeat: a console forging it would hide a stopped engine (migration 0015: only read here)
    (
        "INSERT INTO engine_heartbeat (id, holder, since, last_pass, interval_s) VALUES (1, 'forged', now(), now(), 3)",
        "permission denied",
    ),
    ("UPDATE engine_heartbeat SET last_pass = now()", "permission denied"),
    ("DELETE FROM engine_heartbeat", "permission denied"),
]


@pytest.mark.parametrize(("sql", "why"), [a for a in ATTACKS_BEFORE_LOG_IN if a[1]], ids=lambda v: v[:40])
def test_an_attack_with_the_console_role_alone_is_refused(room, sql, why):
    eng = room.console_engine()
    params = {"a": room.alarm_id} if ":a" in sql else None
    assert why in refused(eng, sql, params)


def test_a_guessed_session_token_is_nobody(room):
    eng = room.console_engine()
    with eng.connect() as c:
        c.execute(text("SELECT set_config('console.session', repeat('0', 64), false)"))
        assert c.execute(text("SELECT username FROM console_actor()")).scalar() is None
        with pytest.raises(DBAPIError, match="需要 operator 登录身份"):
            c.execute(text("UPDATE alarms SET status = 'acknowledged' WHERE id = :a"), {"a": room.alarm_id})


def test_nothing_of_the_attacks_changed_anything(room):
    eng = room.console_engine()
    for sql, _ in ATTACKS_BEFORE_LOG_IN:
        with eng.connect() as c:
            try:
                c.execute(text(sql), {"a": room.alarm_id} if ":a" in sql else {})
                c.commit()
            except DBAPIError:
                c.rollback()
    with room.owner.connect() as c:
        assert c.execute(text("SELECT status FROM alarms WHERE id = :a"), {"a": room.alarm_id}).scalar() == "open"
        assert c.execute(text("SELECT count(*) FROM alarm_acks")).scalar() == 0
        assert c.execute(text("SELECT role FROM operators WHERE username = 'op1'")).scalar() == "operator"
        assert c.execute(text("SELECT count(*) FROM operators")).scalar() == 3
        assert c.execute(text("SELECT value FROM meta WHERE key = 'auth.max_failures'")).scalar() == "5"
        assert c.execute(text("SELECT count(*) FROM audit_log WHERE at < '2021-01-01'")).scalar() == 0


def test_the_catalogue_grants_nothing_beyond_the_list(room):
    """Every relation, so that a new table is covered by default (it is granted nothing until listed)."""
    with room.owner.connect() as c:
        tables = list(c.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")))
        for t in tables:
            for verb, allowed in (
                ("INSERT", INSERT_TABLES),
                ("UPDATE", UPDATE_TABLES),
                ("DELETE", DELETE_TABLES),
                ("TRUNCATE", ()),
                ("REFERENCES", ()),
                ("TRIGGER", ()),
            ):
                has = c.execute(text("SELECT has_table_privilege(:r, :t, :v)"), {"r": room.role, "t": t, "v": verb})
                assert has.scalar() == (t in allowed), (t, verb)
        for seq in c.scalars(text("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")):
            has = c.execute(text("SELECT has_sequence_privilege(:r, :s, 'UPDATE')"), {"r": room.role, "s": seq})
            assert has.scalar() is False, seq
        for t in ("operators", "console_sessions"):
            assert c.execute(text("SELECT has_table_privilege(:r, :t, 'SELECT')"), {"r": room.role, "t": t}).scalar() \
                is False  # fmt: skip
        pw = c.execute(text("SELECT has_column_privilege(:r, 'operators', 'password_hash', 'SELECT')"),
                       {"r": room.role}).scalar()  # fmt: skip
        assert pw is False


def test_the_engine_role_writes_only_what_the_rules_produce(room):
    room.engine_engine()  # grant-engine-role
    with room.owner.connect() as c:
        for t in c.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")):
            for verb, allowed in (
                ("INSERT", ENGINE_INSERT_TABLES),
                ("UPDATE", ENGINE_UPDATE_TABLES),
                ("DELETE", ENGINE_DELETE_TABLES),
                ("TRUNCATE", ()),
            ):
                has = c.execute(
                    text("SELECT has_table_privilege(:r, :t, :v)"), {"r": room.engine_role, "t": t, "v": verb}
                )
                assert has.scalar() == (t in allowed), (t, verb)
        for t in ("operators", "console_sessions"):
            has = c.execute(text("SELECT has_table_privilege(:r, :t, 'SELECT')"), {"r": room.engine_role, "t": t})
            assert has.scalar() is False
        for t in ("unit_contacts", "notices"):  # the engine sends the notices; a console never sees the addresses
            for role, expected in ((room.engine_role, True), (room.role, False)):
                has = c.execute(text("SELECT has_table_privilege(:r, :t, 'SELECT')"), {"r": role, "t": t})
                assert has.scalar() is expected, (role, t)
    assert "alarms" not in INSERT_TABLES and "light_samples" not in INSERT_TABLES  # the consoles only read them


def test_an_operator_acknowledges_and_the_database_names_them(room):
    eng, Session, actor = login_as(room, "op1")
    assert (actor.username, actor.role) == ("op1", "operator")
    with Session.begin() as s:
        # the client claims to be someone else in its audit row: the database writes who is logged in
        s.execute(text("INSERT INTO alarm_acks (alarm_id, operator, console, acked_at, username, role) "
                       "VALUES (:a, 'op1', 'x', now(), 'sup1', 'supervisor')"), {"a": room.alarm_id})  # fmt: skip
        # the database acknowledges the alarm with its row (migration 0021): no UPDATE of the status needed
        s.execute(text("INSERT INTO audit_log (at, actor, role, console, action, target) VALUES "
                       "('2020-01-01', 'sup1', 'supervisor', 'forged', 'alarm.acknowledge', :t)"),
                  {"t": f"alarm:{room.alarm_id}"})  # fmt: skip
    with room.owner.connect() as c:
        row = c.execute(text("SELECT actor, role, console, at FROM audit_log WHERE action = 'alarm.acknowledge'")).one()
    print(f"forged audit row as logged-in op1 -> stored as {tuple(row)[:3]}")
    with room.owner.connect() as c:
        ack = c.execute(text("SELECT username, role FROM alarm_acks")).one()
    print(f"acknowledgement claiming sup1/supervisor as op1 -> stored as {tuple(ack)}")
    assert tuple(ack) == ("op1", "operator")
    assert tuple(row)[:3] == ("op1", "operator", "desk-op1") and row.at.year > 2020
    with room.owner.connect() as c:  # the database's own record of the rows, whatever the client journals
        own = c.execute(text("SELECT action, actor, role FROM audit_log WHERE action LIKE 'db.%' ORDER BY id")).all()
    assert [tuple(r) for r in own] == [
        ("db.alarms.update", "op1", "operator"),
        ("db.alarm_acks.insert", "op1", "operator"),
    ]
    # an operator's session cannot do a supervisor's or administrator's part, even in plain SQL
    with eng.connect() as c:
        for sql, why in (
            ("UPDATE alarms SET status = 'cancelled' WHERE id = :a", "需要 supervisor"),
            ("UPDATE alarms SET status = 'open' WHERE id = :a", "不能从 acknowledged 改为 open"),
            ("SELECT console_manage('role', 'op1', NULL, 'administrator')", "无权管理账号"),
            ("SELECT console_manage('unlock', 'sup1')", "无权管理账号"),
            (
                "INSERT INTO sanctions (kind, decided_on, deciding_body, recorded_by, recorded_at) "
                "VALUES ('口头警告', now(), 'x', 'op1', now())",
                "无权修改 sanctions",
            ),
        ):
            with pytest.raises(DBAPIError) as info:
                c.execute(text(sql), {"a": room.alarm_id})
            c.rollback()
            print(f"ATTACK as op1 {sql[:60]!r} -> {str(info.value.orig).splitlines()[0]}")
            assert why in str(info.value.orig)
    with Session.begin() as s, pytest.raises(PermissionDenied):
        auth.set_role(s, auth.Actor("op1", "administrator", "forged"), "op1", "administrator")  # a forged Actor


def test_log_out_ends_the_session_in_the_database(room):
    eng, Session, actor = login_as(room, "sup1")
    auth.logout(Session, actor)
    with Session() as s:
        assert db_sessions.whoami(s) is None
    with room.owner.connect() as c:
        assert c.execute(
            text("SELECT count(*) FROM audit_log WHERE action = 'auth.logout' AND actor = 'sup1'")
        ).scalar()
    refused(eng, "UPDATE alarms SET status = 'cancelled' WHERE id = :a", {"a": room.alarm_id})


def test_an_administrator_manages_accounts_and_policy_through_the_database(room):
    _, Session, admin = login_as(room, "admin")
    with Session.begin() as s:
        view = auth.add_operator(s, admin, "op2", "operator", "Second-oper-2026", "第二值班")
        assert (view.username, view.role) == ("op2", "operator")
        auth.set_auth_policy(s, admin, auth.AuthPolicy(max_failures=3))
        auth.unlock(s, admin, "op1")
    with Session.begin() as s, pytest.raises(SupervisionError, match="最后一名管理员"):
        auth.set_role(s, admin, "admin", "operator")
    # the new account logs in through the database (bcrypt made there); the policy holds
    _, _, op2 = login_as_password(room, "op2", "Second-oper-2026")
    assert op2.role == "operator"
    with room.owner.connect() as c:
        actors = c.execute(text("SELECT DISTINCT actor, role FROM audit_log WHERE action LIKE 'operator.%' "
                                "OR action = 'auth.policy'")).all()  # fmt: skip
        assert {a for a in actors if not a.actor.startswith("cli:")} == {("admin", "administrator")}  # not the seed
        assert c.execute(text("SELECT value FROM meta WHERE key = 'auth.max_failures'")).scalar() == "3"


def login_as_password(room, username, password):
    eng = room.console_engine()
    from console.models.db import session_factory

    Session = session_factory(eng)
    return eng, Session, auth.login(Session, username, password, "desk-x")


def test_wrong_passwords_lock_in_the_database(room):
    eng = room.console_engine()
    from console.models.db import session_factory

    Session = session_factory(eng)
    for _ in range(5):
        with pytest.raises(auth.LoginFailed):
            auth.login(Session, "op1", "wrong-password-1", "desk-x")
    with pytest.raises(auth.AccountLocked):
        auth.login(Session, "op1", PASSWORDS["op1"], "desk-x")
