"""The engine's heartbeat on PostgreSQL (migration 0015): the engine's role writes it in its pass, a console's
role reads it and cannot forge it — not even with an administrator logged in (a forged beat hides a stopped
engine behind a calm screen)."""

import pytest
from sqlalchemy import text

from console.services.engine import EngineService
from console.services.poller import Backend
from tests.security.conftest import login_as
from tests.security.test_pg_console_role import refused

pytestmark = pytest.mark.postgres


def test_the_engine_role_beats_and_a_console_reads_but_cannot_forge(room):
    svc = EngineService(room.engine_engine(), "engine-sec", notices_every_s=None)
    try:
        fields = svc.tick()  # takes the lease and runs its first pass under the engine's role
    finally:
        svc.stop()
    assert fields is not None and fields["ok"], fields
    with room.owner.connect() as c:
        holder, since, last = c.execute(text("SELECT holder, since, last_pass FROM engine_heartbeat")).one()
    assert holder == "engine-sec" and since <= last

    snap = Backend(room.console_engine(), "wall-sec", reader=True).poll()
    assert snap.ok and snap.engine is not None and snap.engine.ok and snap.engine.holder == "engine-sec"

    eng, _Session, _actor = login_as(room, "admin")
    assert "permission denied" in refused(eng, "UPDATE engine_heartbeat SET last_pass = now() + interval '1 day'")
    with room.owner.connect() as c:
        assert c.execute(text("SELECT last_pass FROM engine_heartbeat")).scalar() == last
