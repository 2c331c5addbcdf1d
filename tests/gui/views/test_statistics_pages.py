"""The statistics screen's pages on a real database: they turn, draw the period report's figures, and fit a
1366 px wide screen without overlapping labels or cut rows."""

import datetime as dt
import itertools

from console.models.db import make_engine, session_factory
from console.services.poller import Backend
from console.services.statistics_source import StatisticsSource
from console.shell.controller import ConsoleController
from console.supervision.reports import build_report
from console.views.charts_view import ChartsView
from console.widgets.stats_pages import BigTable, MonthPage
from tests.integration.supervision.test_supervision_report import build_seed_period

NOW = dt.datetime(2025, 10, 31, 16, 0)


def _view(qtbot, engine, Session, width=1366, height=650):
    controller = ConsoleController(Backend(engine, "wall-1", clock=lambda: NOW), "wall-1")
    view = ChartsView(controller, statistics=StatisticsSource(Session, clock=lambda: NOW), rotate_s=3600)
    qtbot.addWidget(view)
    view.resize(width, height)
    view.show()
    qtbot.waitUntil(lambda: view.stats is not None, timeout=20000)
    return controller, view


def test_the_pages_turn_and_draw_the_reports_ranking(qtbot, engine, Session, cal):
    build_seed_period(Session, cal)
    controller, view = _view(qtbot, engine, Session)
    try:
        assert view.stack.count() == 7 and view.stack.currentIndex() == 0  # the live charts first
        view.next_page()
        view.next_page()
        month = view.stack.currentWidget()
        assert isinstance(month, MonthPage)
        with Session() as s:
            report = build_report(s, cal, dt.date(2025, 10, 1), dt.date(2025, 10, 31))
        judged = [r for r in report.ranking if r["on_time_rate"] is not None]
        assert [u.unit_code for u in month.best.shown] == [r["unit_code"] for r in judged][: len(month.best.shown)]
        assert month.best.shown[0].unit_code == "D05"
        assert [u.unit_code for u in month.worst.shown] == [r["unit_code"] for r in reversed(judged)][
            : len(month.worst.shown)
        ]
        for _ in range(5):  # round the carousel back to the live charts
            view.next_page()
        assert view.stack.currentIndex() == 0
    finally:
        controller.stop()


def test_at_1366_px_no_label_overlaps_and_no_table_row_is_cut(qtbot, engine, Session, cal):
    build_seed_period(Session, cal)
    controller, view = _view(qtbot, engine, Session, width=1366, height=480)
    try:
        for i in range(1, view.stack.count()):
            view.show_page(i)
            view.flush()
            qtbot.wait(50)  # one event-loop turn: the plots lay out
            page = view.stack.currentWidget()
            if isinstance(page, MonthPage):
                for board in (page.best, page.worst):
                    board.show_units(board.shown, view.stats.month.city_on_time_rate)  # after the layout settled
                    rects = [t.sceneBoundingRect() for t in board.labels if t.isVisible()]
                    assert rects
                    assert all(not a.intersects(b) for a, b in itertools.pairwise(rects)), rects
                    rows = len(board.shown)
                    assert rows * board.NAME_PX * 1.4 <= board.plot.getViewBox().height() + 1
            for table in page.findChildren(BigTable):  # more units than rows: only whole rows are shown
                table.set_rows([[(f"单位{n}", None)] * table.columnCount() for n in range(66)])
                assert table.rowCount() >= 3 and table.rowCount() * table.ROW_PX <= table.viewport().height()
    finally:
        controller.stop()


def test_a_database_that_cannot_be_read_leaves_the_pages_as_they_were(qtbot, tmp_path):
    gone = make_engine(f"sqlite:///{tmp_path}/no/such/dir/console.db")  # the file cannot even be created
    controller = ConsoleController(None, "wall-1")
    view = ChartsView(controller, statistics=StatisticsSource(session_factory(gone), clock=lambda: NOW), rotate_s=3600)
    qtbot.addWidget(view)
    try:
        qtbot.waitUntil(lambda: view.stats_error is not None, timeout=20000)
        assert view.stats is None  # nothing made up
        view.next_page()
        view.next_page()  # a page without figures draws nothing and does not fail
        assert view.stack.currentIndex() == 2
    finally:
        controller.stop()
        gone.dispose()


def test_a_click_on_a_pages_name_shows_that_page(qtbot, engine, Session):
    """The page names over the statistics (○ 实时 ○ 今日 …) could not be clicked: a visitor waited for the
    rotation.  A click shows the page named and the rotation starts its count again from there."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtGui import QFontMetrics

    controller, view = _view(qtbot, engine, Session)
    try:
        names = view.page_names()
        fm = QFontMetrics(view.page_title.font())
        # the middle of the fourth name, as drawn: "● 实时  ○ 今日  ○ 本月…  ○ 好差评"
        before = "  ".join("○ " + n for n in names[:3]) + "  "
        x = fm.horizontalAdvance(before) + fm.horizontalAdvance("○ " + names[3]) // 2
        y = view.page_title.height() // 2
        qtbot.mouseClick(view.page_title, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
        assert view.stack.currentIndex() == 3
        assert view.rotation.isActive() and view.rotation.remainingTime() > view.rotation.interval() - 2000
    finally:
        controller.stop()
