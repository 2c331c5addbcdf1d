"""Operators, roles and log-in (Qt-free).

Passwords are hashed with argon2id (argon2-cffi) and never stored, logged or audited in clear.  After
``max_failures`` wrong passwords in a row an account is locked for ``lock_minutes``; the policy lives in the
``meta`` table so an administrator can change it for every console at once.

Roles are cumulative: an operator watches and acknowledges; a supervisor also rectifies, cancels alarms,
records sanctions and complaints and mutes; an administrator also manages operators, items and their limits,
calendar overrides and thresholds.  ``require(role, action)`` is the one check every workflow calls.

On PostgreSQL, when the console connects as its own role (not the schema owner), the database decides:
the password is checked, failures counted and the session kept by migration 0004's functions, reached
through console.models.db_sessions; the Python checks here stay as the first, friendlier refusal.
"""

from __future__ import annotations

import datetime as dt
import getpass
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from console.domain.errors import AccountLocked, LoginFailed, NotFound, PermissionDenied, SupervisionError
from console.domain.passwords import password_problem
from console.domain.roles import ACTIONS, ADMINISTRATOR, OPERATOR, RANK, SUPERVISOR, Actor, allowed, require
from console.domain.supervision_rows import OperatorView
from console.domain.text import typed_text
from console.domain.vocabulary import ROLES, UNKNOWN_ACCOUNT
from console.models import db_sessions
from console.models import repository as repo
from console.models.supervision import Session, SessionFactory, journal, operators
from console.models.supervision_schema import Operator

_RANK = RANK

_hasher = PasswordHasher()  # argon2id with the library's current recommended cost
# Verified against for unknown user names so a wrong name costs as much time as a wrong password.
_DUMMY_HASH = _hasher.hash("not-a-password")


def command_line_actor() -> Actor:
    """The shell user of a command, as the actor of the very first account of an empty database (there is
    no administrator yet to log in as); every later administration logs in (console.supervision.cli)."""
    try:
        user = getpass.getuser()
    except Exception:  # no login name in a container: still audited, just anonymously
        user = "unknown"
    return Actor(f"cli:{user}"[:64], ADMINISTRATOR, "cli")


# ---- policy ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuthPolicy:
    max_failures: int = 5
    lock_minutes: float = 15.0
    idle_lock_minutes: float = 10.0  # the GUI locks the screen after this long without input
    min_password_length: int = 8

    _KEYS = ("max_failures", "lock_minutes", "idle_lock_minutes", "min_password_length")

    @classmethod
    def load(cls, session: Session) -> AuthPolicy:
        values = {}
        for key in cls._KEYS:
            raw = repo.get_meta(session, f"auth.{key}")
            if raw is not None:
                values[key] = type(getattr(cls, key))(raw)
        return cls(**values)

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self._KEYS}


def set_auth_policy(session: Session, actor: Actor, policy: AuthPolicy) -> None:
    actor.require("edit_thresholds")
    if policy.max_failures < 1 or policy.lock_minutes <= 0 or policy.min_password_length < 8:
        raise SupervisionError("锁定策略无效：失败次数 ≥ 1，锁定时长 > 0，密码长度 ≥ 8")
    if db_sessions.enforced(session):  # the database checks the administrator and audits each key
        for key, value in policy.as_dict().items():
            db_sessions.set_policy(session, f"auth.{key}", str(value))
        return
    before = AuthPolicy.load(session)
    for key, value in policy.as_dict().items():
        repo.set_meta(session, f"auth.{key}", str(value))
    journal.record(session, actor, "auth.policy", "auth", before.as_dict(), policy.as_dict())


# ---- log-in ----------------------------------------------------------------------------------


def login(
    Session: SessionFactory,
    username: str,
    password: str,
    console: str,
    policy: AuthPolicy | None = None,
    at: dt.datetime | None = None,
) -> Actor:
    """Check a password and return the operator as an ``Actor``; raise ``LoginFailed``/``AccountLocked``.

    Takes the session factory, not a session: a failure must be committed (counter, lock, audit row)
    even though the caller gets an exception.
    """
    at = at or repo.now()
    outcome: Exception | Actor
    with Session.begin() as s:
        if db_sessions.enforced(s):
            outcome = _check_in_database(s, username.strip(), password, console)
        else:
            policy = policy or AuthPolicy.load(s)
            outcome = _check(s, username.strip(), password, console, policy, at)
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


def _check_in_database(s: Session, username: str, password: str, console: str) -> Exception | Actor:
    """PostgreSQL as a console's role: the database checks, counts and audits; a success binds its session
    token to this console's connections (every later write is checked against it)."""
    got = db_sessions.login(s, username, password, console)
    if got.outcome == "ok":
        db_sessions.bind(s.get_bind().engine, got.token)
        return Actor(got.username, got.role or "", console, got.display_name or got.username)
    if got.outcome == "locked" and got.locked_until is not None:
        return AccountLocked(got.locked_until)
    return LoginFailed()


def logout(Session: SessionFactory, actor: Actor | None, action: str = "auth.logout") -> None:
    """End the log-in (audited with the real actor); ``action`` names why (log-out, idle lock, quit)."""
    with Session.begin() as s:
        if db_sessions.enforced(s):
            engine = s.get_bind().engine
            token = db_sessions.bound_token(engine)
            if token is not None:
                db_sessions.logout(s, action, token)
                db_sessions.unbind(engine, token)
        elif actor is not None:
            journal.record(s, actor, action, f"operator:{actor.username}")


def _check(
    s: Session, username: str, password: str, console: str, policy: AuthPolicy, at: dt.datetime
) -> Exception | Actor:
    op = operators.find(s, username, for_update=True)
    if op is None or not op.active:
        _verify(_DUMMY_HASH, password)
        # an unknown name may be a password typed into the name field: only an account's own name is recorded
        name = UNKNOWN_ACCOUNT if op is None else op.username
        reason = "unknown" if op is None else "inactive"
        journal.record(s, Actor(name, "", console), "auth.failed", f"operator:{name}", None, {"reason": reason})
        return LoginFailed()
    who = Actor(op.username, op.role, console, op.display_name)
    if op.locked_until is not None and op.locked_until > at:
        journal.record(
            s, who, "auth.refused_locked", f"operator:{op.username}", None, {"locked_until": op.locked_until}
        )
        return AccountLocked(op.locked_until)
    if op.locked_until is not None:  # the lock ran out: a fresh count
        op.locked_until, op.failed_count = None, 0
    if not _verify(op.password_hash, password, s):
        op.failed_count = (op.failed_count or 0) + 1
        after: dict[str, object] = {"failed_count": op.failed_count}
        if op.failed_count >= policy.max_failures:
            op.locked_until = at + dt.timedelta(minutes=policy.lock_minutes)
            after["locked_until"] = op.locked_until
        journal.record(s, who, "auth.failed", f"operator:{op.username}", None, after)
        return AccountLocked(op.locked_until) if op.locked_until else LoginFailed()
    if op.password_hash.startswith("$argon2") and _hasher.check_needs_rehash(op.password_hash):
        op.password_hash = _hash(s, password)
    op.failed_count, op.last_login_at = 0, at
    journal.record(s, who, "auth.login", f"operator:{op.username}")
    return who


def record_console_quit(Session: SessionFactory, actor: Actor | None, console: str, how: str) -> None:
    """Journal that the console was closed (``how``: lock_dialog | window | login_dialog | SIGINT | SIGTERM).

    A control room must know when a console stopped watching and who closed it: quitting a locked console
    takes a log-in, and that operator is named here; before any log-in the row is anonymous."""
    who = actor or Actor("?", "", console)
    with Session.begin() as s:
        journal.record(s, who, "console.quit", f"console:{console}", None, {"how": how})


def _verify(hashed: str, password: str, session: Session | None = None) -> bool:
    if hashed.startswith("$2") and session is not None:  # bcrypt, made by PostgreSQL (pgcrypto)
        return db_sessions.bcrypt_check(session, hashed, password)
    try:
        return _hasher.verify(hashed, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _hash(session: Session, password: str) -> str:
    """argon2id on SQLite; on PostgreSQL the bcrypt hash its own log-in function can check."""
    if session.get_bind().dialect.name == "postgresql":
        return db_sessions.bcrypt_hash(session, password)
    return _hasher.hash(password)


# ---- operator management (administrator) ------------------------------------------------------


def _get(session: Session, username: str) -> Operator:
    op = operators.find(session, username)
    if op is None:
        raise NotFound(f"没有操作员 {username}")
    return op


def _check_password(session: Session, password: str, username: str = "") -> None:
    problem = password_problem(password, AuthPolicy.load(session).min_password_length, username)
    if problem:
        raise SupervisionError(problem)


def add_operator(
    session: Session, actor: Actor, username: str, role: str, password: str, display_name: str | None = None
) -> OperatorView:
    actor.require("manage_operators")
    username = username.strip()
    if not username or len(username) > 64:
        raise SupervisionError("用户名不能为空，且不超过64个字符")
    typed_text("用户名", username)
    typed_text("显示名", display_name)
    if role not in ROLES:
        raise SupervisionError(f"角色必须是 {' / '.join(ROLES)}")
    _check_password(session, password, username)
    if db_sessions.enforced(session):  # the database checks the administrator, hashes and audits
        db_sessions.manage(session, "add", username, password=password, role=role, display_name=display_name)
        return _view(_get(session, username))
    if operators.exists(session, username):
        raise SupervisionError(f"操作员 {username} 已存在")
    op = operators.add(
        session,
        username=username,
        display_name=display_name or username,
        role=role,
        password_hash=_hash(session, password),
        created_at=repo.now(),
    )
    journal.record(
        session,
        actor,
        "operator.add",
        f"operator:{username}",
        None,
        {"role": role, "display_name": op.display_name, "active": True},
    )
    return _view(op)


def set_password(
    session: Session, actor: Actor, username: str, new_password: str, old_password: str | None = None
) -> None:
    """An administrator sets anyone's password; an operator changes their own with the old one."""
    if actor.username != username or old_password is None:
        actor.require("manage_operators")
    _check_password(session, new_password, username)
    if db_sessions.enforced(session):
        db_sessions.manage(session, "password", username, password=new_password, old_password=old_password)
        return
    op = _get(session, username)
    if actor.username == username and old_password is not None and not _verify(op.password_hash, old_password, session):
        raise LoginFailed("原密码错误（wrong current password）")
    op.password_hash = _hash(session, new_password)
    op.failed_count, op.locked_until = 0, None
    journal.record(session, actor, "operator.password", f"operator:{username}", None, {"changed": True})


def set_role(session: Session, actor: Actor, username: str, role: str) -> None:
    actor.require("manage_operators")
    if role not in ROLES:
        raise SupervisionError(f"角色必须是 {' / '.join(ROLES)}")
    if db_sessions.enforced(session):
        db_sessions.manage(session, "role", username, role=role)
        return
    op = _get(session, username)
    if op.role == ADMINISTRATOR and role != ADMINISTRATOR:
        _keep_one_administrator(session, op)
    before, op.role = op.role, role
    journal.record(session, actor, "operator.role", f"operator:{username}", {"role": before}, {"role": role})


def set_active(session: Session, actor: Actor, username: str, active: bool) -> None:
    actor.require("manage_operators")
    if db_sessions.enforced(session):
        db_sessions.manage(session, "active", username, active=active)
        return
    op = _get(session, username)
    if not active and op.role == ADMINISTRATOR:
        _keep_one_administrator(session, op)
    before, op.active = op.active, active
    journal.record(session, actor, "operator.active", f"operator:{username}", {"active": before}, {"active": active})


def unlock(session: Session, actor: Actor, username: str) -> None:
    actor.require("manage_operators")
    if db_sessions.enforced(session):
        db_sessions.manage(session, "unlock", username)
        return
    op = _get(session, username)
    before = {"failed_count": op.failed_count, "locked_until": op.locked_until}
    op.failed_count, op.locked_until = 0, None
    journal.record(
        session, actor, "operator.unlock", f"operator:{username}", before, {"failed_count": 0, "locked_until": None}
    )


def _keep_one_administrator(session: Session, leaving: Operator) -> None:
    if not operators.active_administrators(session, besides=leaving):
        raise SupervisionError("不能停用或降级最后一名管理员")


def list_operators(session: Session) -> list[OperatorView]:
    return [_view(o) for o in operators.every(session)]


def administrator_count(session: Session) -> int:
    return operators.active_administrators(session)


def _view(op: Operator) -> OperatorView:
    return OperatorView(
        op.username, op.display_name, op.role, op.active, op.failed_count or 0, op.locked_until, op.last_login_at
    )


__all__ = [
    "ACTIONS",
    "ADMINISTRATOR",
    "OPERATOR",
    "SUPERVISOR",
    "AccountLocked",
    "Actor",
    "AuthPolicy",
    "LoginFailed",
    "OperatorView",
    "PermissionDenied",
    "add_operator",
    "administrator_count",
    "allowed",
    "list_operators",
    "login",
    "logout",
    "require",
    "set_active",
    "set_auth_policy",
    "set_password",
    "set_role",
    "unlock",
]
