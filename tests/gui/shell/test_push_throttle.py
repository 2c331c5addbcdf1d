"""Push under a continuous ingest: every commit notifies, the console polls at most once per ``push_min_gap_s``
(console/shell/controller.py ``on_push``), and the last commit of a burst is always read."""

import datetime as dt
import math
import threading
import time

import pytest
from sqlalchemy import select

from console.models import push
from console.models import repository as repo
from console.models.db import make_engine
from console.models.schema import Case
from console.services.poller import Backend
from console.shell.controller import ConsoleController
from tests.gui.shell.test_console_e2e import shared_db  # noqa: F401  (the fixture)
from tests.support.factories import Clock

pytestmark = pytest.mark.postgres


def test_a_burst_of_notifications_polls_at_most_once_per_gap_and_reads_the_last(qtbot, shared_db):  # noqa: F811
    url, Session, _unit_id = shared_db
    eng = make_engine(url)
    backend = Backend(eng, "wall-burst", clock=Clock(dt.datetime(2025, 10, 10, 9, 0)), reader=True)
    ctl = ConsoleController(backend, "wall-burst", push_min_gap_s=0.5)
    snaps = []
    ctl.sig_snapshot.connect(snaps.append)
    try:
        assert ctl.start_push(url)
        qtbot.waitUntil(ctl._listener.listening.is_set, timeout=10000)
        with Session() as s:
            case_id = s.scalars(select(Case.id)).one()

        def ingest_burst():  # 60 commits in about 1.5 s, as a feed catching up; the last one raises an alarm
            for i in range(60):
                with Session.begin() as s:
                    if i == 59:
                        spec = repo.AlarmSpec(case_id=case_id, rule="fee_irregular", level="red", message="收费不规范")
                        repo.raise_alarms(s, [spec], raised_by="ingest")
                    push.notify(s, f"ingest {i}")
                time.sleep(0.025)

        t0 = time.monotonic()
        writer = threading.Thread(target=ingest_burst)
        writer.start()
        writer.join()
        burst_s = time.monotonic() - t0
        qtbot.waitUntil(lambda: bool(snaps) and any(a.rule == "fee_irregular" for a in snaps[-1].alarms), timeout=5000)
        qtbot.wait(800)  # whatever was still deferred has run
        assert ctl._listener.heard >= 50
        # one when the listener starts, one at the first notification, then one per gap at most, the last at the
        # end of the gap the burst ends in (the scheduled poll is not started here): without the gap, ~56
        most = math.ceil(burst_s / 0.5) + 2
        assert len(snaps) <= most, (len(snaps), burst_s)
        assert ctl.push_polls <= most
        assert any(a.rule == "fee_irregular" for a in snaps[-1].alarms)  # the last notification was not lost
        print(
            f"THROTTLE heard={ctl._listener.heard} polls={len(snaps)} push_polls={ctl.push_polls} burst_s={burst_s:.2f}"
        )
    finally:
        ctl.stop()
        eng.dispose()
