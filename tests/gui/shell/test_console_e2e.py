"""The whole console over a real PostgreSQL database: two consoles, a case crossing its due date, the modal
alarm, acknowledgement, the second console seeing it, and a database outage with recovery.

The real windows (ControlRoom: walls, notifier, drill-down) are driven with pytest-qt; polls run on the
controller's worker pool and reach the GUI through queued signals, as in production.
"""

import datetime as dt

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel
from sqlalchemy import select

from console.domain import catalogue
from console.ingest.apply import ingest_records
from console.models import repository as repo
from console.models.db import make_engine, session_factory
from console.models.schema import AlarmAck, AuditLog, Unit
from console.services.poller import Backend
from console.services.supervision_client import SupervisionClient
from console.shell.app import ControlRoom
from console.shell.controller import ConsoleController
from tests.conftest import fresh_pg_database
from tests.support.factories import Clock
from tests.support.tcpproxy import TcpProxy

pytestmark = pytest.mark.postgres


@pytest.fixture
def shared_db(pg_template):
    url, drop = fresh_pg_database(pg_template)
    eng = make_engine(url)
    Session = session_factory(eng)
    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items())
    # one case at 环保局 (D11), accepted Fri 2025-09-26 with a 5-day promise: due Fri 2025-10-10
    item = next(i for i in catalogue.items() if i.unit_code == "D11" and i.promised_days >= 5)
    report = ingest_records(
        Session,
        [
            {
                "record_id": "e2e-1",
                "type": "accept",
                "case_no": "510100-E2E-1",
                "occurred_at": "2025-09-26T10:00",
                "item_code": item.code,
                "unit_code": "D11",
                "handler": "<b>张伟</b>",
                "window": "A12",
                "promised_days": 5,
                "statutory_days": 20,
            }
        ],
        "e2e",
        today=dt.date(2025, 10, 10),
    )
    assert report.accepted == 1 and not report.rejected
    with Session() as s:
        unit_id = s.execute(select(Unit.id).where(Unit.code == "D11")).scalar_one()
    yield url, Session, unit_id
    eng.dispose()
    drop()


def make_console(qtbot, tmp_path, url, name, clock, engine_kw=None):
    engine = make_engine(url, **(engine_kw or {}))
    backend = Backend(engine, name, clock=clock, max_backoff_s=0.2)
    ctl = ConsoleController(backend, name)
    settings = QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat)
    settings.setValue("alarms/operator", "")
    room = ControlRoom(ctl, settings, "single", SupervisionClient(session_factory(engine), name))
    room.show()
    for w in room.screens.windows().values():
        qtbot.addWidget(w)
    return ctl, room, engine


def poll(qtbot, ctl):
    with qtbot.waitSignal(ctl.sig_snapshot, timeout=20000) as blocker:
        ctl.poll_soon()
    return blocker.args[0]


def cell_state(room, unit_id):
    return room.screens.views["departments"].grid.cell(unit_id).state_name


def test_red_alarm_ack_and_second_console(qtbot, tmp_path, shared_db):
    url, Session, unit_id = shared_db
    clock = Clock(dt.datetime(2025, 10, 10, 9, 0))
    a, room_a, eng_a = make_console(qtbot, tmp_path, url, "wall-1", clock)
    b, room_b, eng_b = make_console(qtbot, tmp_path, url, "desk-2", clock)
    try:
        snap = poll(qtbot, a)
        assert snap.ok and cell_state(room_a, unit_id) == "yellow"  # the last working day
        assert room_a.notifier.dialog is None

        clock.at = dt.datetime(2025, 10, 11, 9, 0)  # a make-up Saturday: the case is now overdue
        snap = poll(qtbot, a)
        assert cell_state(room_a, unit_id) == "red"
        dialog = room_a.notifier.dialog
        assert dialog is not None and dialog.isVisible()
        assert dialog.windowModality() == Qt.WindowModality.NonModal  # the queue stays reachable
        assert [x.case_no for x in snap.alarms] == ["510100-E2E-1"]
        # text from the data is shown literally, never as rich text
        handler = [lab for lab in dialog.findChildren(QLabel) if "<b>张伟</b>" in lab.text()]
        assert handler and all(lab.textFormat() == Qt.TextFormat.PlainText for lab in handler)

        # the operator types a name and presses 确认
        dialog.fields.operator.setText("王芳")
        dialog.fields.note.setText("已电话督办")
        with qtbot.waitSignal(a.sig_alarms_acknowledged, timeout=20000) as acked:
            qtbot.mouseClick(dialog.ack_button, Qt.MouseButton.LeftButton)
        assert acked.args[0][0].won
        with Session() as s:
            ack = s.scalars(select(AlarmAck)).one()
            assert (ack.operator, ack.console, ack.note) == ("王芳", "wall-1", "已电话督办")
            assert s.scalars(select(AuditLog.action)).all() == ["alarm.acknowledge"]
        poll(qtbot, a)
        qtbot.waitUntil(lambda: room_a.notifier.dialog is None or not room_a.notifier.dialog.isVisible(), timeout=10000)
        assert cell_state(room_a, unit_id) == "red_handled"  # calm, never green

        # the second console, on its own connection, sees the acknowledgement and never raises the dialog
        snap_b = poll(qtbot, b)
        assert snap_b.alarms == ()
        assert cell_state(room_b, unit_id) == "red_handled"
        assert room_b.notifier.dialog is None and room_b.notifier.flood is None
    finally:
        for ctl, eng in ((a, eng_a), (b, eng_b)):
            ctl.stop()
            eng.dispose()


def test_outage_shows_stale_banner_and_recovers(qtbot, tmp_path, shared_db):
    url, _Session, unit_id = shared_db
    proxy = TcpProxy()
    clock = Clock(dt.datetime(2025, 10, 9, 9, 0))
    via_proxy = url.replace("127.0.0.1:5432", f"127.0.0.1:{proxy.port}")
    ctl, room, eng = make_console(
        qtbot, tmp_path, via_proxy, "wall-1", clock, engine_kw={"connect_args": {"connect_timeout": 2}}
    )
    wall = room.screens.views["departments"]
    try:
        assert poll(qtbot, ctl).ok
        assert cell_state(room, unit_id) == "blue" and not wall.banners.banner.isVisible()

        proxy.cut()
        snap = poll(qtbot, ctl)
        assert not snap.ok
        qtbot.waitUntil(lambda: wall.banners.banner.isVisible(), timeout=5000)
        assert wall.grid.stale and cell_state(room, unit_id) == "blue"  # last data, marked stale, not green

        proxy.restore()
        qtbot.waitUntil(lambda: poll(qtbot, ctl).ok, timeout=15000)
        qtbot.waitUntil(lambda: not wall.banners.banner.isVisible(), timeout=5000)
        assert not wall.grid.stale
    finally:
        ctl.stop()
        eng.dispose()
        proxy.close()
