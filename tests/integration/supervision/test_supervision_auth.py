"""Operators and roles over real databases: argon2 hashes, five failures lock, roles are cumulative."""

import argparse
import datetime as dt
import io
import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import undefer

from console.domain.vocabulary import UNKNOWN_ACCOUNT
from console.models.schema import AuditLog
from console.models.supervision_schema import Operator
from console.supervision import auth
from console.supervision.auth import AccountLocked, Actor, AuthPolicy, LoginFailed
from console.supervision.cli import add_supervision_parsers
from console.supervision.errors import PermissionDenied, SupervisionError

ADMIN = Actor("admin", "administrator", "desk-0")
PASSWORD = "Qingcheng-2009!"
T0 = dt.datetime(2025, 10, 10, 9, 0)


@pytest.fixture
def with_operator(Session):
    with Session.begin() as s:
        auth.add_operator(s, ADMIN, "wang", "operator", PASSWORD, "王值班")
    return Session


def operator_row(Session, username="wang"):
    with Session() as s:
        q = select(Operator).where(Operator.username == username).options(undefer(Operator.password_hash))
        return s.execute(q).scalar_one()


def test_five_failed_log_ins_lock_the_account(with_operator):
    Session = with_operator
    for n in range(1, 5):
        with pytest.raises(LoginFailed) as e:
            auth.login(Session, "wang", f"wrong-{n}", "wall-1", at=T0 + dt.timedelta(seconds=n))
        assert not isinstance(e.value, AccountLocked)
        assert operator_row(Session).failed_count == n
    with pytest.raises(AccountLocked) as e:
        auth.login(Session, "wang", "wrong-5", "wall-1", at=T0 + dt.timedelta(seconds=5))
    until = T0 + dt.timedelta(seconds=5, minutes=15)  # default policy: locked for 15 minutes
    assert e.value.until == until and operator_row(Session).locked_until == until
    # the right password does not open a locked account, and does not reset the lock
    with pytest.raises(AccountLocked):
        auth.login(Session, "wang", PASSWORD, "wall-1", at=T0 + dt.timedelta(minutes=10))
    assert operator_row(Session).locked_until == until
    actor = auth.login(Session, "wang", PASSWORD, "wall-1", at=until + dt.timedelta(seconds=1))
    assert (actor.username, actor.role, actor.console, actor.display_name) == ("wang", "operator", "wall-1", "王值班")
    row = operator_row(Session)
    assert (row.failed_count, row.locked_until, row.last_login_at) == (0, None, until + dt.timedelta(seconds=1))
    with Session() as s:
        actions = [
            a.action
            for a in s.scalars(select(AuditLog).where(AuditLog.target == "operator:wang").order_by(AuditLog.id))
        ]
    assert actions == ["operator.add"] + ["auth.failed"] * 5 + ["auth.refused_locked", "auth.login"]


def test_passwords_are_hashed_and_never_written_in_clear(with_operator):
    Session = with_operator
    with pytest.raises(LoginFailed):
        auth.login(Session, "wang", "my-secret-typo", "wall-1")
    with pytest.raises(LoginFailed):
        auth.login(Session, "nobody", "another-secret", "wall-1")
    row = operator_row(Session)
    # argon2id on SQLite; on PostgreSQL bcrypt, which the database's own log-in function checks (0004)
    assert row.password_hash.startswith(("$argon2id$", "$2a$")) and PASSWORD not in row.password_hash
    with Session() as s:
        logged = json.dumps(
            [(a.actor, a.target, a.before, a.after) for a in s.scalars(select(AuditLog))], ensure_ascii=False
        )
    for secret in (PASSWORD, "my-secret-typo", "another-secret"):
        assert secret not in logged
    assert '"reason": "unknown"' in logged  # the unknown name's failure is still recorded


def _audit_rows(Session) -> list[dict]:
    with Session() as s:
        return [
            {c: getattr(a, c) for c in ("actor", "role", "console", "action", "target", "before", "after")}
            for a in s.scalars(select(AuditLog).order_by(AuditLog.id))
        ]


def test_a_password_typed_into_the_name_field_is_never_recorded(with_operator):
    """Users type their password into the user-name field: the failure of a name no account has is recorded
    as ``（未知账号）``, with nothing of the text typed; an account's own failures stay recorded by its name."""
    Session = with_operator
    with Session.begin() as s:
        auth.add_operator(s, ADMIN, "zhao", "operator", "Zhao-zhiban-2026", "赵值班")
        auth.set_active(s, ADMIN, "zhao", False)
    typed = "Qingcheng-2009!x"  # the password, one key too many, in the name field
    for name in (typed, "wang", "zhao"):
        with pytest.raises(LoginFailed):
            auth.login(Session, name, "wrong-password", "wall-1")
    rows = [r for r in _audit_rows(Session) if r["action"] == "auth.failed"]
    assert json.dumps(rows, ensure_ascii=False, default=str).count("Qingcheng") == 0
    assert [(r["actor"], r["target"], r["console"]) for r in rows] == [
        (UNKNOWN_ACCOUNT, f"operator:{UNKNOWN_ACCOUNT}", "wall-1"),
        ("wang", "operator:wang", "wall-1"),
        ("zhao", "operator:zhao", "wall-1"),
    ]
    assert rows[0]["after"] == {"reason": "unknown"} and rows[2]["after"] == {"reason": "inactive"}
    assert rows[1]["after"] == {"failed_count": 1}


def test_the_lock_policy_is_configurable_by_an_administrator(with_operator):
    Session = with_operator
    with Session.begin() as s:
        with pytest.raises(PermissionDenied):
            auth.set_auth_policy(s, Actor("li", "supervisor", "desk-1"), AuthPolicy(max_failures=3))
        auth.set_auth_policy(s, ADMIN, AuthPolicy(max_failures=3, lock_minutes=2, idle_lock_minutes=5))
    with Session() as s:
        assert AuthPolicy.load(s) == AuthPolicy(max_failures=3, lock_minutes=2.0, idle_lock_minutes=5.0)
    for _n in range(3):
        with pytest.raises(LoginFailed):
            auth.login(Session, "wang", "bad", "wall-1", at=T0)
    assert operator_row(Session).locked_until == T0 + dt.timedelta(minutes=2)


def test_roles_are_cumulative():
    assert auth.allowed("operator", "acknowledge") and not auth.allowed("operator", "sanction")
    assert all(
        auth.allowed("supervisor", a)
        for a in ("acknowledge", "rectify", "cancel_alarm", "sanction", "complaint", "mute")
    )
    assert not auth.allowed("supervisor", "edit_items") and not auth.allowed("supervisor", "manage_operators")
    assert all(auth.allowed("administrator", a) for a in auth.ACTIONS)
    assert not auth.allowed(None, "watch") and not auth.allowed("administrator", "no-such-action")
    with pytest.raises(PermissionDenied, match="operator"):
        auth.require("operator", "mute")


def test_operator_management_is_for_administrators_and_keeps_one(Session):
    with Session.begin() as s:
        auth.add_operator(s, ADMIN, "root", "administrator", PASSWORD)
        with pytest.raises(PermissionDenied):
            auth.add_operator(s, Actor("li", "supervisor", "desk-1"), "x", "operator", PASSWORD)
        with pytest.raises(SupervisionError, match="密码至少"):
            auth.add_operator(s, ADMIN, "short", "operator", "1234567")
        with pytest.raises(SupervisionError, match="已存在"):
            auth.add_operator(s, ADMIN, "root", "operator", PASSWORD)
        with pytest.raises(SupervisionError, match="最后一名管理员"):
            auth.set_role(s, ADMIN, "root", "operator")
        auth.add_operator(s, ADMIN, "li", "operator", PASSWORD)
        auth.set_role(s, ADMIN, "li", "supervisor")
        auth.set_password(s, Actor("li", "supervisor", "desk-1"), "li", "New-password-1", old_password=PASSWORD)
        assert [(o.username, o.role) for o in auth.list_operators(s)] == [
            ("li", "supervisor"),
            ("root", "administrator"),
        ]
    assert auth.login(Session, "li", "New-password-1", "desk-1").role == "supervisor"


def _run(argv, Session_url, monkeypatch, stdin=""):
    p = argparse.ArgumentParser()
    p.add_argument("--db")
    add_supervision_parsers(p.add_subparsers(dest="command"))
    args = p.parse_args(["--db", Session_url, *argv])
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return args.func(args)


def test_cli_adds_the_first_administrator_from_stdin(db_url, Session, monkeypatch, capsys):
    assert (
        _run(
            ["user", "add", "admin", "--role", "administrator", "--password-stdin"],
            db_url,
            monkeypatch,
            stdin=PASSWORD + "\n",
        )
        == 0
    )
    assert capsys.readouterr().out.strip() == "operator admin added (administrator)"
    assert auth.login(Session, "admin", PASSWORD, "desk-0").role == "administrator"
    # once there is an administrator, the command line needs their log-in too
    assert _run(["user", "add", "li", "--role", "operator", "--password-stdin"], db_url, monkeypatch, PASSWORD) == 1
    assert "--as" in capsys.readouterr().err
    assert (
        _run(
            ["user", "add", "admin", "--role", "operator", "--password-stdin", "--as", "admin"],
            db_url,
            monkeypatch,
            stdin=PASSWORD + "\n" + PASSWORD + "\n",
        )
        == 1  # a refusal, not a failure to run
    )
    assert "已存在" in capsys.readouterr().err
    assert _run(["user", "list"], db_url, monkeypatch) == 0
    out = capsys.readouterr().out
    assert out.startswith("admin\tadministrator\tadmin\tactive") and PASSWORD not in out
