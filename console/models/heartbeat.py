"""The supervision engine's heartbeat (table ``engine_heartbeat``, migration 0015): one row the lease holder
updates in each pass's transaction (one primary-key UPDATE: cheap at any size), read by the consoles with their
poll.  The moments are the wall clock (console.domain.clock.now), not the business clock: they say whether the
engine runs, not what happened when."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from console.models.schema import EngineHeartbeat

ROW_ID = 1


def beat(session: Session, holder: str, at: dt.datetime, interval_s: float, since: dt.datetime | None = None) -> None:
    """Note a pass by ``holder`` at ``at`` (``since``: it has just taken the lease)."""
    values: dict[str, object] = {"holder": holder, "last_pass": at, "interval_s": interval_s}
    if since is not None:
        values["since"] = since
    done = session.execute(update(EngineHeartbeat).where(EngineHeartbeat.id == ROW_ID).values(**values))
    if not done.rowcount:  # type: ignore[attr-defined]
        session.add(EngineHeartbeat(id=ROW_ID, **{"since": at, **values}))
        session.flush()


def read(session: Session) -> EngineHeartbeat | None:
    """The heartbeat row (None: no engine has ever run on this database)."""
    return session.scalars(select(EngineHeartbeat).where(EngineHeartbeat.id == ROW_ID)).one_or_none()
