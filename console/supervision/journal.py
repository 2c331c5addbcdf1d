"""One place that writes supervision actions to the append-only audit log (actor, role, console, before/after)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from console.models import repository as repo


def record(session: Session, actor, action: str, target: str, before: dict | None = None,
           after: dict | None = None) -> None:
    """``actor`` is an ``auth.Actor``; values must be JSON-serialisable (dates as ISO text)."""
    repo.audit(session, actor.username, action, target, _plain(before), _plain(after),
               role=actor.role, console=actor.console)


def _plain(values: dict | None) -> dict | None:
    if values is None:
        return None
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in values.items()}
