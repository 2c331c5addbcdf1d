"""Push on PostgreSQL: a commit from another connection reaches the console's alarm dialog within a second,
long before its scheduled poll (60 s here), through NOTIFY/LISTEN (console/models/push.py)."""

import datetime as dt
import time

import pytest
from sqlalchemy import select

from console.models import repository as repo
from console.models.schema import Case
from tests.gui.shell.test_console_e2e import make_console, shared_db  # noqa: F401  (the fixture)
from tests.support.factories import Clock

pytestmark = pytest.mark.postgres


def test_commit_elsewhere_reaches_the_dialog_within_a_second(qtbot, tmp_path, shared_db):  # noqa: F811
    url, Session, _unit_id = shared_db
    clock = Clock(dt.datetime(2025, 10, 10, 9, 0))  # the case's last day: yellow, no alarm yet
    ctl, room, eng = make_console(qtbot, tmp_path, url, "wall-push", clock)
    try:
        with qtbot.waitSignal(ctl.sig_snapshot, timeout=20000):
            ctl.start(60.0)  # the safety-net poll: far beyond the second this test allows
        assert ctl.start_push(url)
        qtbot.waitUntil(ctl._listener.listening.is_set, timeout=10000)
        assert room.notifier.dialog is None

        with Session.begin() as s:  # another connection (an ingest, the engine) raises an alarm and commits
            case_id = s.scalars(select(Case.id)).one()
            repo.raise_alarms(
                s,
                [repo.AlarmSpec(case_id=case_id, rule="fee_irregular", level="red", message="收费不规范")],
                raised_by="engine",
            )
        committed = time.monotonic()
        qtbot.waitUntil(lambda: room.notifier.dialog is not None and room.notifier.dialog.isVisible(), timeout=5000)
        latency = time.monotonic() - committed
        assert latency < 1.0, f"dialog {latency:.2f} s after the commit"
        assert ctl._listener.heard >= 1
    finally:
        ctl.stop()
        eng.dispose()


def test_sqlite_console_does_not_listen(qtbot, tmp_path):
    from console.shell.controller import ConsoleController

    ctl = ConsoleController(backend=None, console_name="x")
    try:
        assert not ctl.start_push(f"sqlite:///{tmp_path / 'c.db'}")
    finally:
        ctl.stop()
