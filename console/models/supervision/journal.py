"""The append-only audit log as the supervision workflows use it: one row per action with actor, role,
console and before/after; and reading an action's history back."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from console.domain.audit_chain import ChainRow, first_break
from console.domain.roles import Actor
from console.models import repository as repo
from console.models.schema import AuditLog


def record(
    session: Session,
    actor: Actor,
    action: str,
    target: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Add the row in the caller's transaction; dates in ``before``/``after`` are stored as ISO text (JSON)."""
    repo.audit(
        session, actor.username, action, target, _plain(before), _plain(after), role=actor.role, console=actor.console
    )


def _plain(values: dict[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in values.items()}


def entries(session: Session, action: str, target: str) -> list[AuditLog]:
    """Every row of ``action`` on ``target``, oldest first."""
    return list(
        session.scalars(
            select(AuditLog).where(AuditLog.action == action, AuditLog.target == target).order_by(AuditLog.id)
        )
    )


# ---- tamper evidence ---------------------------------------------------------------------------------

SQLITE_GUARDS = ("audit_log_no_update", "audit_log_no_delete")
PG_GUARDS = ("audit_log_append_only", "audit_log_stamp", "audit_log_stamp_chain")  # the chain: migration 0020


def missing_guards(session: Session) -> list[str]:
    """The append-only and chaining triggers that should guard ``audit_log`` but are not there."""
    if session.get_bind().dialect.name == "sqlite":
        have = set(session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
        return [t for t in SQLITE_GUARDS if t not in have]
    have = set(
        session.scalars(
            text("SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass AND tgenabled <> 'D'")
        )
    )
    return [t for t in PG_GUARDS if t not in have]


def chain_break(session: Session) -> tuple[int, str] | None:
    """The first audit row where the hash chain breaks, and why; None when it holds from the first row."""
    if session.get_bind().dialect.name == "postgresql":
        row = session.execute(text("SELECT * FROM audit_chain_break()")).first()
        if row is None or row.broken_id is None:
            return None
        why = (
            "与前一条记录的链接不符（记录被删除、插入或改动）"
            if row.reason == "prev"
            else "记录内容与其哈希不符（记录被改动）"
        )
        return int(row.broken_id), why
    rows = session.execute(select(AuditLog).order_by(AuditLog.id).execution_options(yield_per=2000)).scalars()
    return first_break(
        ChainRow(r.id, r.at, r.actor, r.role, r.console, r.action, r.target, r.before, r.after, r.prev_hash, r.row_hash)
        for r in rows
    )
