"""督办 and 申诉 through the real windows (pytest-qt) on real rows: a supervisor opens a 红牌督办 from the 督办 tab,
the wall's tile shows the red card, a paper appeal is registered and upheld in the 申诉 tab, the alarm is
cancelled, the 督办 about it goes and so does the card.  Set $FOLLOWUP_SHOTS to a folder to keep the pictures.
"""

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from console.domain.corrections import ACCEPTED
from console.models.escalation_schema import Appeal, CaseTimeCorrection, Escalation
from console.models.schema import Alarm, Case, Unit
from console.widgets import style
from console.widgets.escalation_dialogs import AppealDialog, DecideAppealDialog, EscalationDialog
from tests.gui.views.test_supervision_gui import (  # noqa: F401  (fixtures)
    WAIT,
    console,
    last_dialog,
    log_in,
    poll,
    show_tab,
    submit,
    world,
)

pytestmark = pytest.mark.qt_log_ignore("does not support raise", extend=True)
SHOTS = os.environ.get("FOLLOWUP_SHOTS")


def _shot(widget, name: str, size: tuple[int, int] | None = None) -> None:
    """Grab ``widget``; with ``size`` (README pictures only) its screen window, showing it, at that size."""
    if SHOTS and size:
        win = widget.window()
        tabs = getattr(win, "tabs", None)
        if tabs is not None and tabs.indexOf(widget) >= 0:
            tabs.setCurrentWidget(widget)
        win.resize(*size)
        QApplication.processEvents()
        widget = win
    img = widget.grab()
    assert not img.isNull()
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        img.save(str(Path(SHOTS) / name))


def _card_poll(qtbot, room):
    room.controller.backend._next_rect_check = 0.0  # the 督办 pass runs once a minute: do not wait for it
    return poll(qtbot, room)


def test_red_card_on_the_wall_then_an_upheld_appeal_takes_it_away(qtbot, console, world):  # noqa: F811
    room = console
    Session, case_id, alarm_id = world
    with Session() as s:
        d01 = s.execute(select(Unit.id).where(Unit.code == "D01")).scalar_one()
    log_in(qtbot, room, "li.jianchao")
    poll(qtbot, room)
    view = room.screens.views["supervision"]

    # 立案督办 at 红牌督办 from the 督办 tab
    tab = view.escalations
    show_tab(qtbot, room, tab)
    assert tab.open_button.isEnabled() and not tab.ladder_button.isEnabled()  # the ladder is the administrator's
    qtbot.mouseClick(tab.open_button, qtbot_left())
    d = last_dialog(qtbot, room, EscalationDialog)
    d.source_id.setValue(alarm_id)
    d.level.setCurrentIndex(2)
    assert d.days.value() == 2  # the ladder's default days for 红牌督办
    d.finding.setPlainText("办件超过承诺时限未办结，经预警提醒仍未答复")
    d.requirement.setPlainText("两个工作日内办结并书面说明原因，对承办人提出处理意见")
    with qtbot.waitSignal(tab.sig_loaded, timeout=WAIT):
        submit(qtbot, room, d)
    with Session() as s:
        e = s.scalars(select(Escalation)).one()
        assert (e.level, e.status, e.opened_by, e.case_id) == ("red", "open", "li.jianchao", case_id)
    assert tab.table.item(0, 1).text() == "红牌督办"
    assert tab.table.item(0, 1).background().color().name() == style.CARD["red"]
    tab.select(tab.rows[0].escalation_id)
    _shot(view, "escalations-tab.png", (1500, 620))

    snap = _card_poll(qtbot, room)
    assert snap.unit(d01).card == "red"
    wall = room.screens.views["departments"]
    cell = wall.grid.cell(d01)
    qtbot.waitUntil(lambda: cell.unit is not None and cell.unit.card == "red", timeout=WAIT)
    assert "红牌督办" in cell.accessibleDescription()
    _shot(wall, "wall-red-card.png")

    # a paper appeal registered at the desk, upheld
    atab = view.appeals
    show_tab(qtbot, room, atab)
    qtbot.mouseClick(atab.register_button, qtbot_left())
    d = last_dialog(qtbot, room, AppealDialog)
    d.alarm_id.setValue(alarm_id)
    d.appellant.setText("规划局办公室 陈主任")
    d.reason.setPlainText("受理时间录入错误：实际受理日为 9-24，未超过承诺时限")
    d.evidence.setPlainText("受理回执扫描件 HZ-0924\n窗口登记簿第 12 页")
    with qtbot.waitSignal(atab.sig_loaded, timeout=WAIT):
        submit(qtbot, room, d)
    atab.select(atab.rows[0].appeal_id)
    assert atab.current().status == "filed" and atab.decide_button.isEnabled()
    assert atab.table.item(0, 0).text().startswith("● 剩")  # the review deadline has its own light
    qtbot.mouseClick(atab.decide_button, qtbot_left())
    d = last_dialog(qtbot, room, DecideAppealDialog)
    assert not d.fix.isEnabled()  # a rejected appeal corrects nothing
    d.upheld.setChecked(True)
    d.text.setPlainText("经核对受理回执，超时系录入错误，申诉成立")
    d.fix.setCurrentIndex(d.fix.findData(ACCEPTED))
    assert d.fix_start.isEnabled() and not d.fix_end.isEnabled()
    d.fix_start.setDateTime(QDateTime(QDate(2025, 9, 24), QTime(9, 0)))
    _shot(d, "appeal-review.png")
    with qtbot.waitSignal(atab.sig_loaded, timeout=WAIT):
        submit(qtbot, room, d)
    with Session() as s:
        assert s.scalars(select(Appeal.status)).one() == "upheld"
        # accepted really Wed 9-24, promised 5: 9-25, 9-26, 9-28 (调休), 9-29, 9-30 (was 9-28 from Mon 9-22)
        assert s.get(Case, case_id).promised_due == dt.date(2025, 9, 30)
        fix = s.scalars(select(CaseTimeCorrection)).one()
        assert (fix.kind, fix.at, fix.made_by) == ("accepted_at", dt.datetime(2025, 9, 24, 9), "li.jianchao")
        assert s.get(Alarm, alarm_id).status == "cancelled"
        assert s.scalars(select(Escalation.status)).one() == "cancelled"
    atab.select(atab.rows[0].appeal_id)
    assert "更正办件时间：受理时间更正为 2025-09-24 09:00" in atab.detail.text()
    _shot(view, "appeals-tab.png", (1500, 620))
    assert _card_poll(qtbot, room).unit(d01).card == ""


def test_an_operator_sees_but_cannot_open_or_decide(qtbot, console, world):  # noqa: F811
    room = console
    log_in(qtbot, room, "wang.zhiban")
    view = room.screens.views["supervision"]
    show_tab(qtbot, room, view.escalations)
    assert not view.escalations.open_button.isEnabled()
    assert "监察员" in view.escalations.open_button.toolTip()
    show_tab(qtbot, room, view.appeals)
    assert not view.appeals.register_button.isEnabled()


def qtbot_left():
    return Qt.MouseButton.LeftButton


def test_escalation_and_appeal_start_from_the_red_alarm_dialog(qtbot, console, world):  # noqa: F811
    room = console
    Session, _case_id, alarm_id = world
    log_in(qtbot, room, "li.jianchao")
    poll(qtbot, room)
    qtbot.waitUntil(lambda: room.notifier.dialog is not None and room.notifier.dialog.isVisible(), timeout=WAIT)
    alarm_dialog = room.notifier.dialog
    button = alarm_dialog.action_buttons["escalate"]
    assert button.isEnabled() and alarm_dialog.action_buttons["appeal"].isEnabled()
    qtbot.mouseClick(button, qtbot_left())
    d = last_dialog(qtbot, room, EscalationDialog)
    assert d.source_id.value() == alarm_id and not d.source_id.isEnabled()
    d.finding.setPlainText("超过承诺时限")
    d.requirement.setPlainText("三日内办结")
    submit(qtbot, room, d)
    with Session() as s:
        e = s.scalars(select(Escalation)).one()
        assert (e.source_kind, e.source_id, e.level) == ("alarm", alarm_id, "reminder")
    qtbot.mouseClick(alarm_dialog.action_buttons["appeal"], qtbot_left())
    d = last_dialog(qtbot, room, AppealDialog)
    assert d.alarm_id.value() == alarm_id
    d.appellant.setText("发改委")
    d.reason.setPlainText("数据错误")
    submit(qtbot, room, d)
    with Session() as s:
        assert s.scalars(select(Appeal.channel)).one() == "desk"
