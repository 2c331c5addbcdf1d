"""The append-only audit log as the supervision workflows use it: one row per action with actor, role,
console and before/after; and reading an action's history back."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

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
