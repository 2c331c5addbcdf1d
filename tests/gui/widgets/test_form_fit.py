"""A refusal shown on an open form or alarm dialog: the window grows to hold it (never shrinks), nothing is drawn
past its edge or over another field, and a capped long text ends in "…" with the whole text as its tooltip."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QRect, QSettings
from PySide6.QtWidgets import QLayout, QPushButton, QWidget

from console.domain.supervision_rows import UnitRef
from console.widgets import style
from console.widgets.alarm_dialog import AckDialog, AlarmDialog, FloodDialog
from console.widgets.supervision_dialogs import ComplaintDialog, RectificationDialog, SanctionDialog, TextDialog
from tests.gui.widgets.test_alarm_models import make_alarm

UNITS = [UnitRef(1, "D11", "环保局", "department"), UnitRef(2, "D12", "市场监督管理局", "department")]
CONTEXT = "办件 510104-2025-000001 · 环保局 · 建设项目环境影响评价文件审批"
# the words of console/domain/text.py typed_text's refusal, long enough to wrap at the forms' 720 px
REFUSAL = (
    "整改要求第 23 个字符是双向文字控制符（U+202E RIGHT-TO-LEFT OVERRIDE），它会颠倒其后文字的显示顺序，"
    "请删除后重新输入；复制粘贴自其他系统的文字常带此类不可见字符"
)
LONG = (
    "特别程序（专家评审）在办结（2026-11-27 14:20）之后报送（2026-11-30 09:12），特别程序须在办结前报送并经审批，"
    "请核实是否存在倒签；该事项本月已有三件同类情况，均由同一承办人办理，建议一并调阅办件记录核实办理过程"
)

FORMS = {
    "下达整改": lambda: RectificationDialog(UNITS, CONTEXT, 1, "张伟"),
    "撤销告警": lambda: TextDialog("撤销告警", "撤销理由", CONTEXT, "撤销告警"),
    "记录问责": lambda: SanctionDialog(UNITS, CONTEXT, 1, "张伟", "承办人"),
    "登记效能投诉": lambda: ComplaintDialog(UNITS, 1, 1001, CONTEXT),
}


def laid_out_widgets(layout: QLayout) -> list[QWidget]:
    """The visible widgets a dialog's layouts place (nested layouts followed; a widget's own insides not)."""
    out = []
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item.widget() is not None:
            if not item.widget().isHidden():
                out.append(item.widget())
        elif item.layout() is not None:
            out.extend(laid_out_widgets(item.layout()))
    return out


def in_dialog(dialog: QWidget, w: QWidget) -> QRect:
    return QRect(w.mapTo(dialog, w.rect().topLeft()), w.size())


def assert_fits(dialog: QWidget, error: bool = True) -> None:
    widgets = laid_out_widgets(dialog.layout())
    assert (dialog.error in widgets) == error
    inside = dialog.rect()
    for w in widgets:
        assert inside.contains(in_dialog(dialog, w)), (type(w).__name__, w.objectName(), in_dialog(dialog, w), inside)
    for a, b in itertools.combinations(widgets, 2):
        ra, rb = in_dialog(dialog, a), in_dialog(dialog, b)
        assert not ra.intersects(rb), (type(a).__name__, a.objectName(), ra, type(b).__name__, b.objectName(), rb)
    e = dialog.error
    assert e.height() >= e.heightForWidth(e.width()), (e.height(), e.heightForWidth(e.width()))  # every line drawn


@pytest.mark.parametrize("name", list(FORMS))
def test_a_refusal_on_an_open_form_grows_it_and_covers_no_field(qtbot, name):
    d = FORMS[name]()
    qtbot.addWidget(d)
    style.install(d)  # the console's fonts: 18 px bold refusal lines
    d.show()
    qtbot.waitExposed(d)
    before = d.size()
    d.fail(REFUSAL)
    qtbot.waitUntil(lambda: d.error.height() >= d.error.heightForWidth(d.error.width()), timeout=2000)
    assert d.height() > before.height() and d.width() >= before.width()
    assert_fits(d)
    grown = d.size()
    d.clear_error()  # the field edited: the refusal goes, the size the operator saw stays
    d.fail("请写明整改要求")
    assert d.size() == grown
    assert_fits(d)


def alarm_dialog(qtbot, tmp_path, alarm) -> AlarmDialog:
    settings = QSettings(str(tmp_path / "a.ini"), QSettings.Format.IniFormat)
    d = AlarmDialog(alarm, settings)
    qtbot.addWidget(d)
    style.install(d)
    buttons = [QPushButton(t) for t in ("下达整改…", "撤销告警…", "记录问责…", "启动督办…", "登记申诉…")]
    for i, b in enumerate(buttons):
        b.setObjectName(f"a{i}")
    d.add_action_row("监督处置", buttons)  # as console/views/supervision/actions.py adds it
    d.bring_back(False)
    qtbot.waitExposed(d)
    return d


def test_a_refusal_in_the_alarm_dialog_keeps_its_buttons_inside(qtbot, tmp_path):
    d = alarm_dialog(qtbot, tmp_path, make_alarm(1, days_late=None, message=LONG, item_name=LONG[:60]))
    before = d.size()
    d.show_error(REFUSAL)
    qtbot.waitUntil(lambda: d.error.height() >= d.error.heightForWidth(d.error.width()), timeout=2000)
    assert d.height() >= before.height() and d.width() >= before.width()
    for b in (d.mute, d.drill_button, d.ack_button, *d.action_buttons.values()):
        assert d.rect().contains(in_dialog(d, b)), (b.text(), in_dialog(d, b), d.rect())
    assert_fits(d)
    # the offscreen screen is 800×800: a 1366×768 laptop's 728 available pixels hold it too
    assert d.height() <= 728 - 30, d.height()


def test_a_long_alarm_text_ends_in_an_ellipsis_with_the_whole_text_as_tooltip(qtbot, tmp_path):
    d = alarm_dialog(qtbot, tmp_path, make_alarm(2, days_late=None, message=LONG * 2))
    assert d._values["late"].text() == "—"  # no time limit: the finding is said once, in 告警内容
    lab = d._values["message"]
    assert lab.text() == LONG * 2  # the whole text, for whoever reads it
    assert lab.is_cut() and lab.shown_text().endswith("…")
    assert lab.shown_text().count("\n") == 1  # two lines
    assert lab.toolTip() == LONG * 2
    assert lab.height() >= lab.heightForWidth(lab.width())
    assert d._values["unit"].toolTip() == ""  # a short text: shown whole, no tooltip
    assert d._values["unit"].shown_text() == d._values["unit"].text()
    d.set_alarm(make_alarm(3))  # the next alarm, short: whole again, its tooltip gone
    assert d._values["message"].shown_text() == "已经超过承诺时限" and d._values["message"].toolTip() == ""
    assert_fits(d, error=False)


def flood_dialog(qtbot, tmp_path, n: int = 40) -> FloodDialog:
    settings = QSettings(str(tmp_path / "f.ini"), QSettings.Format.IniFormat)
    d = FloodDialog(settings, muted=True)
    qtbot.addWidget(d)
    style.install(d)
    d.add_alarms([make_alarm(i, message=LONG) for i in range(1, n + 1)])
    d.bring_back(False)
    qtbot.waitExposed(d)
    return d


@pytest.mark.parametrize("n", [2, 40])
def test_a_refusal_in_the_flood_summary_keeps_its_buttons_inside(qtbot, tmp_path, n):
    d = flood_dialog(qtbot, tmp_path, n)
    d.resize(d.minimumSizeHint())  # as small as the operator may make it: the refusal must still fit
    qtbot.wait(50)
    before = d.size()
    d.show_error(REFUSAL)
    qtbot.waitUntil(lambda: d.error.height() >= d.error.heightForWidth(d.error.width()), timeout=2000)
    assert d.height() > before.height() and d.width() >= before.width()
    for b in (d.mute, d.drill_button, d.ack_button):
        assert d.rect().contains(in_dialog(d, b)), (b.text(), in_dialog(d, b), d.rect())
    assert_fits(d)
    grown = d.size()
    d.show_error("请填写确认人姓名")  # a shorter refusal next: the size the operator saw stays
    assert d.size() == grown
    assert_fits(d)


def test_a_refusal_in_the_acknowledge_dialog_grows_it_and_covers_no_field(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "k.ini"), QSettings.Format.IniFormat)
    d = AckDialog(settings, 3)
    qtbot.addWidget(d)
    style.install(d)
    d.show()
    qtbot.waitExposed(d)
    assert_fits(d, error=False)  # no refusal yet: no empty line kept for it
    before = d.size()
    d.fields.operator.setText("王芳")
    d.fields.note.setText("已核查，情况属实，" * 2 + "\u202e" + "已督促整改")  # refused: typed_text's long words
    d.accept()
    assert d.isVisible() and d.values is None and "双向文字控制符" in d.error.text()
    qtbot.waitUntil(lambda: d.error.height() >= d.error.heightForWidth(d.error.width()), timeout=2000)
    assert d.height() > before.height() and d.width() >= before.width()
    assert d.width() <= d.screen().availableGeometry().width()  # wrapped, not one line wider than the screen
    assert_fits(d)
    grown = d.size()
    d.fields.operator.clear()
    d.accept()
    assert d.error.text() == "请填写确认人姓名" and d.size() == grown
    assert_fits(d)
