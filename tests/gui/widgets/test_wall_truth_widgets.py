"""A tile red for a non-time alarm says why, the wall's headline counts what its tiles show, and a case with an
open alarm is never labelled 正常."""

from __future__ import annotations

import datetime as dt

from console.domain.rollup import UnitState
from console.domain.snapshot import CaseRow, Snapshot, Totals, UnitStatus
from console.domain.timelimits import Light
from console.widgets import style
from console.widgets.case_table import CaseTableModel, case_state
from console.widgets.headline import Headline
from console.widgets.lightgrid import LightGrid

T0 = dt.datetime(2025, 10, 10, 10, 0)


def _row(**kw) -> CaseRow:
    base = dict(
        case_id=1,
        case_no="F1",
        item_name="食品经营许可",
        stage="办结",
        handler="张伟",
        accepted_at=T0,
        promised_due=dt.date(2025, 10, 13),
        statutory_due=dt.date(2025, 11, 7),
        remaining=3,
        light=int(Light.NORMAL),
        statutory_breach=False,
        provisional=False,
        suspended=False,
        handled=False,
    )
    return CaseRow(**{**base, **kw})


def test_a_case_with_an_open_alarm_is_never_normal(qtbot):
    assert case_state(_row()) == ("正常", "normal")
    text, light = case_state(_row(alarm_level="red", alarm_labels=("收费不规范",)))
    assert "正常" not in text and "收费不规范" in text and light == "red"
    text, light = case_state(_row(light=int(Light.BLUE), alarm_level="yellow", alarm_labels=("差评",)))
    assert text.startswith("黄") and light == "yellow"
    model = CaseTableModel()
    model.set_rows([_row(alarm_level="red", alarm_labels=("收费不规范",), completed=True)])
    cells = [model.index(0, c).data() for c in range(model.columnCount())]
    assert "正常" not in cells and "红：收费不规范" in cells and "已办结" in cells[CaseTableModel.COL_FLAGS]


def test_a_tile_red_for_a_non_time_alarm_says_so_and_the_headline_agrees(qtbot):
    fee = UnitStatus(1, "D06", "财政局", "department", UnitState.RED, normal=3, alarms_red=1)
    calm = UnitStatus(2, "D07", "人社局", "department", UnitState.NORMAL, normal=2)
    g = LightGrid()
    style.install(g)
    qtbot.addWidget(g)
    g.set_units([fee, calm])
    cell = g.cells[0]
    assert cell.property("state") == "red" and cell.marker.text() == "告警 1"
    assert "未确认告警 1 条" in cell.toolTip()
    assert not g.cells[1].marker.isVisibleTo(g.cells[1])
    h = Headline("市级部门")
    qtbot.addWidget(h)
    h.set_snapshot(Snapshot(as_of=T0, units=(fee, calm), totals=Totals(alarms_waiting=7)), units=[fee, calm])
    assert h.tiles["alarms"].value.text() == "1"  # this wall's alarms, not the city's 7


def test_alarm_status_says_cleared_and_which_occurrence(qtbot):
    from console.domain.snapshot import AlarmView
    from console.widgets.alarm_table import status_text

    a = AlarmView(
        alarm_id=1,
        case_id=1,
        case_no="R1",
        unit_id=1,
        unit_name="财政局",
        item_name="x",
        handler=None,
        rule="promised_overdue",
        rule_label="超过承诺时限",
        level="red",
        subject="",
        message="m",
        raised_at=T0,
        status="open",
        occurrence=2,
        cleared_at=dt.datetime(2025, 10, 10, 11, 5),
    )
    assert status_text(a) == "未确认 · 已恢复 10-10 11:05 · 第 2 次"


def test_a_silent_feed_has_its_own_look_and_alarms_the_desk(qtbot, tmp_path):
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QColor

    from console.views.alarms import AlarmQueueView

    last = dt.datetime(2025, 11, 14, 16, 0)
    silent = UnitStatus(1, "D07", "人社局", "department", UnitState.FEED_SILENT, normal=2, last_record_at=last)
    g = LightGrid()
    style.install(g)
    qtbot.addWidget(g)
    g.resize(600, 300)
    g.set_units([silent])
    g.show()
    qtbot.waitExposed(g)
    cell = g.cells[0]
    assert cell.property("state") == "feed_silent" and cell.marker.text() == "数据中断"
    img = cell.grab().toImage()
    assert img.pixelColor(img.width() // 2, 5) == QColor(style.STATE_BG["feed_silent"])  # not green
    assert "数据中断" in cell.toolTip() and "最后报送 11-14 16:00" in cell.toolTip()

    from console.shell.controller import ConsoleController
    from tests.gui.widgets.test_alarm_models import FakeBackend

    controller = ConsoleController(FakeBackend(), "测试台")
    view = AlarmQueueView(controller, QSettings(str(tmp_path / "console.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(view)
    view.on_snapshot(Snapshot(as_of=T0, units=(silent,), feeds_silent=(("人社局", last),)))
    assert view.feeds.isVisibleTo(view) and "人社局（最后报送 11-14 16:00）" in view.feeds.text()
    view.on_snapshot(Snapshot(as_of=T0, units=()))
    assert not view.feeds.isVisibleTo(view)
    controller.stop()


def test_the_wall_header_counts_what_goes_red_next(qtbot):
    a = UnitStatus(1, "D06", "财政局", "department", UnitState.YELLOW, yellow=2, due_today=2, due_next=1)
    b = UnitStatus(2, "D07", "人社局", "department", UnitState.NORMAL, normal=3, due_next=3)
    h = Headline("市级部门")
    qtbot.addWidget(h)
    h.set_snapshot(Snapshot(as_of=T0, units=(a, b), totals=Totals(due_today=9, due_next=9)), units=[a, b])
    assert h.tiles["due"].value.text() == "2"
    assert "下一工作日到期 4 件" in h.tiles["due"].toolTip()


def test_acknowledgements_carry_the_logged_in_account(qtbot):
    from console.domain.roles import Actor
    from console.shell.controller import ConsoleController
    from console.shell.session import ConsoleSession
    from tests.gui.widgets.test_alarm_models import FakeBackend

    backend = FakeBackend()
    controller = ConsoleController(backend, "desk-1")
    session = ConsoleSession(controller, None, idle_lock_minutes=10)
    actor = Actor("wangf2", "supervisor", "desk-1", "王芳")
    session.set_actor(actor)
    with qtbot.waitSignal(controller.sig_alarms_acknowledged, timeout=5000):
        controller.acknowledge([1], "王芳")
    assert backend.ack_actors == [actor]  # the account and its role, not only the name typed in the dialog
    session.set_actor(None)
    controller.stop()
