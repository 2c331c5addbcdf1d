"""Log-in sessions held by PostgreSQL (migration 0004): when a console connects as its own role, the database
checks the password, counts failures, and knows who is logged in on this connection; this module is the
Python side of that (the SQL lives here, the workflows in console.supervision.auth call it).

A console binds the token ``console_login`` returned to its engine: every connection taken from the pool
sets ``console.session`` first, so each statement the guards see carries the person logged in at this console
(or nobody, after log-out).  On SQLite and for the schema owner nothing of this applies (``enforced`` is
False): the Python checks in console.supervision are all there is, as before.
"""

from __future__ import annotations

import datetime as dt
import weakref
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from console.domain.errors import LoginFailed, NotFound, PermissionDenied, SupervisionError

# SQLSTATEs the functions of migration 0004 raise with a message for the operator
_REFUSALS: dict[str, type[SupervisionError]] = {
    "42501": PermissionDenied,
    "22023": SupervisionError,
    "23505": SupervisionError,
    "P0002": NotFound,
    "28P01": LoginFailed,
}

_enforced: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()
_tokens: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()


def enforced(session: Session) -> bool:
    """True when the database itself decides log-in and rights on this connection (PostgreSQL, not the
    schema owner, schema at 0004 or later)."""
    engine = session.get_bind().engine
    if engine not in _enforced:
        if engine.dialect.name != "postgresql":
            _enforced[engine] = False
        else:
            has = session.execute(text("SELECT to_regprocedure('console_trusted(regclass)') IS NOT NULL")).scalar()
            _enforced[engine] = (
                bool(has) and not session.execute(text("SELECT console_trusted('operators'::regclass)")).scalar()
            )
            if _enforced[engine]:
                _listen(engine)
    return _enforced[engine]


def _listen(engine: Engine) -> None:
    def checkout(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("SELECT set_config('console.session', %s, false)", (_tokens.get(engine, ""),))
        cur.close()
        dbapi_conn.commit()  # session-wide from here: a later rollback in this checkout does not undo it

    if not event.contains(engine, "checkout", checkout):
        event.listen(engine, "checkout", checkout)


def bind(engine: Engine, token: str | None) -> None:
    """From the next connection taken on, statements run as the session ``token`` (None: nobody)."""
    if token:
        _tokens[engine] = token
    else:
        _tokens.pop(engine, None)


@dataclass(frozen=True)
class LoginOutcome:
    outcome: str  # ok | failed | locked
    token: str | None
    username: str
    role: str | None
    display_name: str | None
    locked_until: dt.datetime | None


def login(session: Session, username: str, password: str, console: str) -> LoginOutcome:
    row = session.execute(
        text("SELECT * FROM console_login(:u, :p, :c)"), {"u": username, "p": password, "c": console}
    ).one()
    return LoginOutcome(row.outcome, row.token, row.username, row.role, row.display_name, row.locked_until)


def bound_token(engine: Engine) -> str | None:
    return _tokens.get(engine)


def logout(session: Session, action: str = "auth.logout", token: str | None = None) -> None:
    """End the session of ``token`` (default: the one bound now) — named explicitly, so that a log-out
    running late on the worker pool never ends the session of the next person's log-in."""
    if token is not None:
        session.execute(text("SELECT set_config('console.session', :t, false)"), {"t": token})
    session.execute(text("SELECT console_logout(:a)"), {"a": action})


def unbind(engine: Engine, token: str | None) -> None:
    """Forget ``token`` if it is still the bound one (a newer log-in's stays)."""
    if token is not None and _tokens.get(engine) == token:
        _tokens.pop(engine, None)


def _call(session: Session, sql: str, params: dict[str, Any]) -> None:
    """Run a guarded function; its refusal becomes the matching error with the database's own words."""
    try:
        session.execute(text(sql), params)
    except DBAPIError as exc:
        state = getattr(exc.orig, "sqlstate", None)
        if state not in _REFUSALS:
            raise
        message = str(exc.orig).splitlines()[0]
        raise refusal(state, message) from None


def refusal(state: str, message: str) -> SupervisionError:
    kind = _REFUSALS[state]
    if kind is PermissionDenied:
        err = PermissionDenied("?", "?")
        err.args = (message,)
        return err
    made: SupervisionError = kind(message)
    return made


def manage(
    session: Session,
    action: str,
    username: str,
    password: str | None = None,
    role: str | None = None,
    display_name: str | None = None,
    old_password: str | None = None,
    active: bool | None = None,
) -> None:
    _call(
        session,
        "SELECT console_manage(:a, :u, :p, :r, :d, :o, :act)",
        {"a": action, "u": username, "p": password, "r": role, "d": display_name, "o": old_password, "act": active},
    )


def set_policy(session: Session, key: str, value: str) -> None:
    _call(session, "SELECT console_set_policy(:k, :v)", {"k": key, "v": value})


def whoami(session: Session) -> tuple[str, str, str] | None:
    row = session.execute(text("SELECT * FROM console_actor()")).one()
    return (row.username, row.role, row.console) if row.username else None


def bcrypt_hash(session: Session, password: str) -> str:
    """The hash the database's log-in can check (pgcrypto bcrypt), for the schema owner's own writes."""
    return session.execute(text("SELECT crypt(:p, gen_salt('bf', 10))"), {"p": password}).scalar_one()


def bcrypt_check(session: Session, hashed: str, password: str) -> bool:
    return bool(session.execute(text("SELECT crypt(:p, :h) = :h"), {"p": password, "h": hashed}).scalar())
