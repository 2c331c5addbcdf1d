"""Drill-down views through a real ConsoleController and the in-memory FakeBackend."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from console.domain.timelimits import Light
from console.shell.controller import ConsoleController
from console.views.drilldown import CaseDetailView, CaseTimeline, DrilldownView, UnitCasesView
from tests.gui.widgets.test_alarm_models import FakeBackend, make_case_row, make_detail

TODAY = dt.date(2025, 6, 18)


@pytest.fixture
def backend():
    rows = tuple(make_case_row(i, light=i % 4, remaining=3 - i) for i in range(1, 7))
    return FakeBackend(cases={3: rows}, details={1001: make_detail(1001), 1002: make_detail(1002, provisional=True)})


@pytest.fixture
def controller(backend):
    c = ConsoleController(backend, "监察室-2")
    yield c
    c.stop()


def test_unit_cases_view_loads_and_sorts(qtbot, controller):
    v = UnitCasesView(controller)
    qtbot.addWidget(v)
    with qtbot.waitSignal(v.sig_loaded, timeout=3000):
        v.show_unit(3)
    assert v.model.rowCount() == 6
    # sorted by remaining working days, most overdue first
    rem = [v.proxy.index(r, v.model.COL_REMAINING).data(Qt.ItemDataRole.UserRole + 3) for r in range(6)]
    assert rem == sorted(rem)
    v.table.sortByColumn(v.model.COL_CASE, Qt.SortOrder.DescendingOrder)
    assert v.proxy.index(0, 0).data() == make_case_row(6).case_no
    assert "6" in v.summary.text()


def test_answers_for_another_unit_are_ignored(qtbot, controller):
    v = UnitCasesView(controller)
    qtbot.addWidget(v)
    v.unit_id = 3
    v.on_unit_cases(4, (make_case_row(99),))
    assert v.model.rowCount() == 0


def test_case_detail_renders_steps_and_suspensions(qtbot, controller):
    v = CaseDetailView(controller, today=lambda: TODAY)
    qtbot.addWidget(v)
    v.resize(1400, 1000)
    v.show()
    with qtbot.waitSignal(v.sig_loaded, timeout=3000):
        v.show_case(1001)
    d = v.detail
    assert v.steps.rowCount() == len(d.steps) == 3
    assert v.steps.item(1, 0).text() == "承办"
    assert v.steps.item(1, 5).text().endswith("超时")  # 承办 ended 06-06, due 06-04
    assert v.steps.item(2, 3).text() == "办理中"
    assert v.suspensions.rowCount() == 2 and v.suspensions.item(0, 0).text() == "专家评审"
    assert v.alarms.rowCount() == 2 and v.alarms.item(0, 4).text() == "王敏"
    assert v.alarms.item(0, 5).text() == "大屏-1"
    assert v.promised.text() == "2025-06-13"
    assert not v.provisional.isVisibleTo(v)
    # the timeline covers acceptance .. statutory due, weekends/holidays shaded, nothing guessed
    tl = v.timeline
    assert tl.days[0] == dt.date(2025, 5, 26) and tl.days[-1] == dt.date(2025, 6, 24)
    kinds = dict(zip(tl.days, tl.kinds, strict=True))
    assert kinds[dt.date(2025, 6, 2)] == "rest" and kinds[dt.date(2025, 6, 3)] == "work"
    assert kinds[dt.date(2025, 6, 7)] == "rest"
    img = QImage(tl.size(), QImage.Format.Format_ARGB32)
    tl.render(img)  # paints without error
    assert not img.isNull()


def test_provisional_due_dates_are_loud(qtbot, controller):
    v = CaseDetailView(controller, today=lambda: TODAY)
    qtbot.addWidget(v)
    with qtbot.waitSignal(v.sig_loaded, timeout=3000):
        v.show_case(1002)
    assert v.provisional.isVisibleTo(v)
    assert "临时" in v.promised.text() and "临时期限" in v.provisional.text()


def test_markup_in_detail_is_literal(qtbot, controller):
    v = CaseDetailView(controller, today=lambda: TODAY)
    qtbot.addWidget(v)
    with qtbot.waitSignal(v.sig_loaded, timeout=3000):
        v.show_case(1001)
    assert v.steps.item(1, 7).text() == "<b>现场勘查</b>符合要求"
    assert v.evaluations.item(0, 2).text() == "<b>等太久</b>"
    assert v.title.textFormat() == Qt.TextFormat.PlainText


def test_timeline_days_beyond_the_calendar_are_unknown(qtbot):
    d = make_detail(1001)
    tl = CaseTimeline(today=lambda: dt.date(2025, 7, 3))  # today after the later due date
    qtbot.addWidget(tl)
    tl.set_detail(d)
    kinds = dict(zip(tl.days, tl.kinds, strict=True))
    assert kinds[dt.date(2025, 7, 1)] == "unknown"
    assert kinds[dt.date(2025, 6, 24)] == "work"


def test_drilldown_navigation_with_breadcrumb_and_back(qtbot, controller):
    v = DrilldownView(controller, today=lambda: TODAY)
    qtbot.addWidget(v)
    v.show()
    with qtbot.waitSignal(v.units.sig_loaded, timeout=3000):
        v.show_unit(3)
    assert v.stack.currentWidget() is v.units
    with qtbot.waitSignal(v.case.sig_loaded, timeout=3000):
        v.show_case(1001)
    assert v.stack.currentWidget() is v.case
    crumbs = [v.crumbs.itemAt(i).widget() for i in range(v.crumbs.count())]
    texts = [w.text() for w in crumbs if w is not None]
    assert "510104-2025-001001" in texts
    v.case.setFocus()
    qtbot.keyClick(v.case, Qt.Key.Key_Escape)
    if v.stack.currentWidget() is not v.units:  # offscreen focus may not reach the shortcut
        v.back()
    assert v.stack.currentWidget() is v.units and v.history == [("unit", 3)]
    with qtbot.waitSignal(v.sig_back_out):
        v.back()


def test_unit_cases_enter_opens_case(qtbot, controller):
    v = DrilldownView(controller, today=lambda: TODAY)
    qtbot.addWidget(v)
    controller.backend.details[1] = make_detail(1)
    with qtbot.waitSignal(v.units.sig_loaded, timeout=3000):
        v.show_unit(3)
    case_ids = [
        v.units.model.case(v.units.proxy.mapToSource(v.units.proxy.index(r, 0)).row()).case_id
        for r in range(v.units.proxy.rowCount())
    ]
    with qtbot.waitSignal(v.case.sig_loaded, timeout=3000):
        v.units.table.doubleClicked.emit(v.units.proxy.index(case_ids.index(1), 0))
    assert v.case.detail.row.case_id == 1
    assert v.case.light.text() == "红" and v.case.detail.row.light == Light.RED
    assert v.history == [("unit", 3), ("case", 1)]


def test_a_case_opened_again_is_one_breadcrumb_and_a_new_visit_starts_clean(qtbot, controller):
    """查看办件 pressed four times used to stack the same case four times; a case opened from an alarm after
    browsing a unit made ← go back into that older, unrelated visit."""
    v = DrilldownView(controller, today=lambda: TODAY)
    qtbot.addWidget(v)
    v.show()
    with qtbot.waitSignal(v.units.sig_loaded, timeout=3000):
        v.show_unit(3, new_visit=True)
    for _ in range(4):
        with qtbot.waitSignal(v.case.sig_loaded, timeout=3000):
            v.show_case(1001, new_visit=True)
    assert v.history == [("case", 1001)]
    crumbs = [v.crumbs.itemAt(i).widget() for i in range(v.crumbs.count())]
    assert [w.text() for w in crumbs if w is not None].count("510104-2025-001001") == 1
    with qtbot.waitSignal(v.sig_back_out):  # ← leaves the visit instead of going to the unit seen before
        v.back()
    # within a visit the way back is kept: unit → case → ← → unit
    with qtbot.waitSignal(v.units.sig_loaded, timeout=3000):
        v.show_unit(3, new_visit=True)
    with qtbot.waitSignal(v.case.sig_loaded, timeout=3000):
        v.show_case(1001)
    assert v.history == [("unit", 3), ("case", 1001)]


def test_limits_accepted_in_calendar_days_say_so(qtbot, controller):
    from dataclasses import replace

    controller.backend.details[1003] = replace(make_detail(1003), natural_limits=(10, None))
    v = CaseDetailView(controller, today=lambda: TODAY)
    qtbot.addWidget(v)
    with qtbot.waitSignal(v.sig_loaded, timeout=3000):
        v.show_case(1003)
    assert v.promised.text() == "2025-06-13（10 自然日）"
    assert "自然日" not in v.statutory.text()  # its statutory limit was given in working days


def test_a_step_limit_in_calendar_days_says_so(qtbot, controller):
    from dataclasses import replace

    d = make_detail(1004)
    steps = (replace(d.steps[0], natural_days=7), *d.steps[1:])
    controller.backend.details[1004] = replace(d, steps=steps)
    v = CaseDetailView(controller, today=lambda: TODAY)
    qtbot.addWidget(v)
    with qtbot.waitSignal(v.sig_loaded, timeout=3000):
        v.show_case(1004)
    assert v.steps.item(0, 4).text() == "7 自然日"
    assert v.steps.item(2, 4).text().endswith("工作日")  # the others were given in working days
    img = QImage(v.timeline.size(), QImage.Format.Format_ARGB32)
    v.timeline.render(img)  # the lane's 限7自然日 paints


def test_a_completed_case_shows_its_completion_not_a_countdown(qtbot, controller):
    """办结 before its promised due date (the backend counts the row on its completion day: 5 days were left)."""
    from dataclasses import replace

    early = make_detail(1004, remaining=5, completed=True, stage="办结")
    controller.backend.details[1004] = replace(early, completed_at=dt.datetime(2025, 6, 6, 16, 0), result="准予")
    late = make_detail(1005, remaining=-2, completed=True, stage="办结")  # days_over 3
    controller.backend.details[1005] = replace(late, completed_at=dt.datetime(2025, 6, 18, 10, 0), result="准予")
    v = CaseDetailView(controller, today=lambda: TODAY)
    qtbot.addWidget(v)
    with qtbot.waitSignal(v.sig_loaded, timeout=3000):
        v.show_case(1004)
    assert v.remaining_label.text() == "办结（承诺）" and v.remaining.text() == "按期办结"
    with qtbot.waitSignal(v.sig_loaded, timeout=3000):
        v.show_case(1005)
    assert v.remaining.text() == "超期办结（超期 3 个工作日）"
    with qtbot.waitSignal(v.sig_loaded, timeout=3000):
        v.show_case(1001)  # an open case counts down again
    assert v.remaining_label.text() == "剩余（承诺）" and "超期" in v.remaining.text()
