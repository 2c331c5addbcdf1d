"""A 3,000-character text in a detail pane stays inside its pane: cut with "…" and shown whole in the tooltip,
never widening the window.  A 3,010-character 督办事由 (accepted then, no length limit) made the main window
32767 px wide and kept it so in full screen until another row was selected: a word-wrapped QLabel asks for
the width of its longest run without a break opportunity.  Each pane in a real top-level window (a tab
widget, as the screen windows hold the views), with a CJK text and with a run that has no break at all."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace as NS

import pytest
from PySide6.QtWidgets import QApplication, QTabWidget

from console.views.drilldown import CaseDetailView
from console.views.supervision.appeals import AppealsTab
from console.views.supervision.complaints import ComplaintsTab
from console.views.supervision.escalations import EscalationsTab
from console.views.supervision.rectifications import RectificationsTab
from console.widgets.common import CappedLabel
from tests.gui.views.test_drilldown import TODAY, backend, controller  # noqa: F401  (fixtures)

T = dt.datetime(2025, 9, 25, 10)
D = dt.date(2025, 9, 30)
LONG = {
    "cjk": "办件超过承诺时限未办结，经预警提醒仍未答复" * 143,  # 3,003 characters
    "unbroken": "0123456789" * 300,  # a pasted number or address: no break opportunity in 3,000 characters
}


def _window(qtbot, pane):
    win = QTabWidget()
    win.addTab(pane, "监督工作")
    qtbot.addWidget(win)
    avail = QApplication.primaryScreen().availableGeometry()
    win.resize(min(1200, avail.width()), min(800, avail.height()))
    win.show()
    qtbot.waitExposed(win)
    return win, avail


def _stays_on_screen(qtbot, win, avail, *labels):
    QApplication.processEvents()
    assert win.minimumSizeHint().width() <= avail.width()
    assert win.width() <= avail.width() and win.sizeHint().width() <= avail.width()
    for lab in labels:
        assert isinstance(lab, CappedLabel)
        assert lab.is_cut() and "…" in lab.shown_text()
        assert len(lab.toolTip()) >= 3000  # the whole text, on hovering
        assert lab.minimumSizeHint().width() < 400
    # full screen (F11) is the screen's width, not 32767
    win.showFullScreen()
    QApplication.processEvents()
    assert win.width() <= avail.width() + 1 and win.minimumSizeHint().width() <= avail.width()


def _tab(cls):
    return cls(NS(supervision=None, controller=None, client=None))


@pytest.mark.parametrize("kind", sorted(LONG))
def test_escalation_detail(qtbot, kind):
    tab = _tab(EscalationsTab)
    win, avail = _window(qtbot, tab)
    history = [NS(at=T, kind_name="立案", actor="li.jianchao", due_date=D)]
    tab.show_detail(NS(finding=LONG[kind], requirement="两个工作日内办结", answer_text=None, history=history))
    _stays_on_screen(qtbot, win, avail, tab.detail)
    assert tab.detail.text().startswith("事由：" + LONG[kind][:20])
    # the fields after the long one are still shown
    assert "要求：两个工作日内办结" in tab.detail.shown_text() and "立案（li.jianchao）" in tab.detail.shown_text()


@pytest.mark.parametrize("kind", sorted(LONG))
def test_appeal_detail(qtbot, kind):
    tab = _tab(AppealsTab)
    win, avail = _window(qtbot, tab)
    tab.show_detail(
        NS(
            appellant="陈主任",
            channel_name="纸质",
            registered_by="li.jianchao",
            reason=LONG[kind][:3000],
            evidence=["设置错误的截图"],
            decided_by=None,
            corrections=(),
        )
    )
    _stays_on_screen(qtbot, win, avail, tab.detail)
    assert "证据：设置错误的截图" in tab.detail.shown_text()


@pytest.mark.parametrize("kind", sorted(LONG))
def test_rectification_detail(qtbot, kind):
    tab = _tab(RectificationsTab)
    win, avail = _window(qtbot, tab)
    tab.show_detail(
        NS(ordered_by="li.jianchao", instructions=LONG[kind], answer_text=None, answered_by=None, verified_by=None)
    )
    _stays_on_screen(qtbot, win, avail, tab.detail)


@pytest.mark.parametrize("kind", sorted(LONG))
def test_complaint_detail(qtbot, kind):
    tab = _tab(ComplaintsTab)
    win, avail = _window(qtbot, tab)
    text = LONG[kind]
    cond = NS(code="facts_established", met=True, met_by="li.jianchao", met_at=T, evidence=text)
    tab.show_detail(
        NS(
            complaint_id=7,
            channel="电话",
            status="accepted",
            complainant="王先生",
            complainant_contact="",
            unit_name="规划局",
            against_person="",
            case_no=None,
            summary=text,
            acceptance_due=D,
            reply_due=D,
            reply_limit_days=30,
            extension_reason=None,
            rejection_reason=None,
            reply_text=text,
            satisfaction=None,
            conditions=[cond],
            notes=[("li.jianchao", T, text)],
        )
    )
    _stays_on_screen(qtbot, win, avail, tab.info, tab.cond_labels["facts_established"], tab.notes)
    assert "受理期限 2025-09-30" in tab.info.shown_text()


def test_case_detail_with_a_long_item_name(qtbot, controller, backend):  # noqa: F811
    from tests.gui.widgets.test_alarm_models import make_detail

    backend.details[1003] = make_detail(1003, item_name=LONG["unbroken"])
    v = CaseDetailView(controller, today=lambda: TODAY)
    win, avail = _window(qtbot, v)
    with qtbot.waitSignal(v.sig_loaded, timeout=3000):
        v.show_case(1003)
    _stays_on_screen(qtbot, win, avail, v.title)
