"""The traffic-light grid, headline and stale banner, driven with real Snapshots (offscreen)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from console.domain import clock
from console.domain.rollup import UnitState
from console.domain.snapshot import Snapshot, Totals, UnitStatus
from console.widgets import style
from console.widgets.banner import BannerStack
from console.widgets.lightgrid import LightGrid
from console.widgets.sample import demo_snapshot, unit_status

T0 = dt.datetime(2026, 11, 27, 10, 0, 0)
ALL_STATES = [
    UnitState.NORMAL,
    UnitState.BLUE,
    UnitState.YELLOW,
    UnitState.RED,
    UnitState.RED_HANDLED,
    UnitState.NO_DATA,
]


def _units(states=ALL_STATES):
    rng = random.Random(1)
    return [unit_status(i + 1, f"单位{i + 1}", "department", s, rng) for i, s in enumerate(states)]


@pytest.fixture
def grid(qtbot):
    g = LightGrid()
    style.install(g)
    qtbot.addWidget(g)
    g.resize(900, 400)
    g.show()
    qtbot.waitExposed(g)
    return g


def _bg(cell) -> QColor:
    """The colour actually painted just inside the top edge of the cell (past the border, above the text)."""
    img = cell.grab().toImage()
    return img.pixelColor(img.width() // 2, 5)


def _is_green(c: QColor) -> bool:
    return c.green() > c.red() + 30 and c.green() > c.blue() + 30


def test_cell_state_property_and_colour(grid, qtbot):
    units = _units()
    grid.set_units(units)
    grid._on_flash(False)
    for u, cell in zip(units, grid.cells, strict=True):
        name = {
            UnitState.NORMAL: "normal",
            UnitState.BLUE: "blue",
            UnitState.YELLOW: "yellow",
            UnitState.RED: "red",
            UnitState.RED_HANDLED: "red_handled",
            UnitState.NO_DATA: "no_data",
        }[u.state]
        assert cell.property("state") == name
        bg = _bg(cell)
        if name == "no_data":  # hatched: the base grey or the hatch line
            assert abs(bg.red() - bg.green()) < 20 and abs(bg.green() - bg.blue()) < 25
        else:
            assert bg == QColor(style.STATE_BG[name]), (name, bg.name())
    assert _is_green(_bg(grid.cells[0]))
    handled = grid.cells[ALL_STATES.index(UnitState.RED_HANDLED)]
    assert not _is_green(_bg(handled))
    assert handled.marker.isVisibleTo(handled) and handled.marker.text() == "已确认"
    assert grid.cells[-1].marker.text() == "无数据"


def test_flash_only_unacknowledged_red(grid, qtbot):
    grid.set_units(_units())
    red = grid.cells[ALL_STATES.index(UnitState.RED)]
    seen = set()
    for phase in (True, False, True):
        grid.flash_clock.sig_phase.emit(phase)
        seen.add(bool(red.property("flash")))
        for cell in grid.cells:
            if cell is not red:
                assert not cell.property("flash"), cell.property("state")
    assert seen == {True, False}
    grid.flash_clock.sig_phase.emit(True)
    assert _bg(red) == QColor(style.RED_FLASH)
    # the real shared timer toggles it too (~1 Hz)
    before = bool(red.property("flash"))
    qtbot.waitUntil(lambda: bool(red.property("flash")) != before, timeout=2000)


def test_ack_stops_flashing(grid):
    units = _units([UnitState.RED])
    grid.set_units(units)
    grid.flash_clock.sig_phase.emit(True)
    assert grid.cells[0].property("flash")
    acked = UnitStatus(**{**units[0].__dict__, "state": UnitState.RED_HANDLED, "red_handled": units[0].red})
    grid.set_units([acked])
    assert grid.cells[0].property("state") == "red_handled" and not grid.cells[0].property("flash")
    grid.flash_clock.sig_phase.emit(True)
    assert not grid.cells[0].property("flash")


@pytest.mark.parametrize("how", ["failed", "too_old"])
def test_stale_grid_is_never_green(grid, how):
    units = _units([UnitState.NORMAL] * 4 + ALL_STATES)
    if how == "failed":
        grid.set_units(units, ok=False)
    else:
        grid.set_units(units)
        grid.set_stale(True)
    grid.flash_clock.sig_phase.emit(True)
    assert grid.stale and grid._overlay.isVisible()
    for cell in grid.cells:
        assert cell.property("stale") is True
        assert not cell.property("flash")
        assert not _is_green(_bg(cell)), (cell.property("state"), _bg(cell).name())
    grid.set_units(units, ok=True)
    grid.set_stale(False)
    assert not grid.stale and not grid._overlay.isVisible()
    assert _is_green(_bg(grid.cells[0]))


def test_cells_updated_in_place(grid):
    units = _units()
    grid.set_units(units)
    cells = list(grid.cells)
    grid.set_units([UnitStatus(**{**u.__dict__, "blue": 99}) for u in units])
    assert grid.cells == cells
    assert grid.cells[1].pills["blue"].text() == "蓝 99"


def test_plain_text_only(grid):
    evil = UnitStatus(1, "X", "<b>粗体</b><img src=x>", "department", UnitState.NORMAL, normal=1)
    grid.set_units([evil])
    lab = grid.cells[0].name
    assert lab.textFormat() == Qt.TextFormat.PlainText
    assert lab.text() == "<b>粗体</b><img src=x>"


def test_click_and_keyboard(grid, qtbot):
    snap = demo_snapshot(T0)
    units = [u for u in snap.units if u.kind == "department"]
    grid.set_units(units)
    assert len(grid.cells) == 46 and grid.columns == 8
    with qtbot.waitSignal(grid.sig_unit_activated) as blocker:
        qtbot.mouseClick(grid.cells[3], Qt.MouseButton.LeftButton)
    assert blocker.args == [units[3].unit_id]
    grid.activateWindow()
    qtbot.waitActive(grid)
    grid.cells[0].setFocus()
    qtbot.keyClick(grid.cells[0], Qt.Key.Key_Right)
    assert grid.cells[1].hasFocus()
    qtbot.keyClick(grid.cells[1], Qt.Key.Key_Down)
    assert grid.cells[1 + 8].hasFocus()
    qtbot.keyClick(grid.cells[9], Qt.Key.Key_End)
    assert grid.cells[45].hasFocus()
    with qtbot.waitSignal(grid.sig_unit_activated) as blocker:
        qtbot.keyClick(grid.cells[45], Qt.Key.Key_Return)
    assert blocker.args == [units[45].unit_id]


def test_banner_appears_when_old_and_goes_on_fresh(qtbot):
    now = [T0]
    stack = BannerStack(max_age_s=60, clock=lambda as_of: now[0])
    qtbot.addWidget(stack)
    stack.show()
    stack.set_snapshot(Snapshot(as_of=T0))
    assert not stack.banner.isVisible()
    now[0] = T0 + dt.timedelta(seconds=61)  # no poll arrives: the 1 s timer notices on its own
    qtbot.waitUntil(lambda: stack.banner.isVisible(), timeout=3000)
    assert stack.banner.property("kind") == "stale"
    assert stack.banner.label.text() == "数据已过期，显示的是 10:00:00 的数据"
    stack.set_snapshot(Snapshot(as_of=now[0]))
    assert not stack.banner.isVisible()
    stack.set_snapshot(Snapshot(as_of=now[0]).failed("connection refused"))
    assert stack.banner.isVisible() and stack.banner.property("kind") == "down"
    assert stack.banner.label.text() == "数据库连接中断，显示的是 10:01:01 的数据"
    assert stack.banner.detail.text() == "connection refused"


def test_calendar_note_in_amber(qtbot):
    stack = BannerStack()
    qtbot.addWidget(stack)
    stack.show()
    stack.set_snapshot(Snapshot(as_of=clock.now(), calendar_note="2027年节假日安排未发布"))
    assert stack.note.isVisible() and "2027年节假日安排未发布" in stack.note.label.text()
    assert not stack.banner.isVisible()
    stack.set_snapshot(Snapshot(as_of=clock.now()))
    assert not stack.note.isVisible()


def test_wall_view_follows_controller(qtbot):
    from console.shell.controller import ConsoleController
    from console.views.wall import WallView

    ctl = ConsoleController(None, "test")
    view = WallView(ctl, "district", max_age_s=3600)
    style.install(view)
    qtbot.addWidget(view)
    view.resize(1600, 900)
    view.show()
    snap = demo_snapshot(clock.now().replace(microsecond=0))
    ctl.sig_snapshot.emit(snap)
    assert len(view.grid.cells) == 20
    assert view.headline.tiles["time"].value.text() == snap.as_of.strftime("%H:%M:%S")
    assert not view.banners.banner.isVisible() and not view.grid.stale
    ctl.sig_snapshot.emit(snap.failed("boom"))
    assert view.banners.banner.isVisible() and view.grid.stale
    with qtbot.waitSignal(view.sig_unit_activated):
        qtbot.mouseClick(view.grid.cells[0], Qt.MouseButton.LeftButton)
    ctl._pool.shutdown()


def test_totals_headline(qtbot):
    from console.widgets.headline import Headline

    h = Headline("全市")
    qtbot.addWidget(h)
    h.set_snapshot(Snapshot(as_of=T0, totals=Totals(open_cases=12345, red=5, red_handled=2, alarms_waiting=0)))
    assert h.tiles["open"].value.text() == "12,345"
    assert h.tiles["red"].value.text() == "3" and h.tiles["handled"].value.text() == "2"
    assert h.tiles["alarms"].property("zero") is True


def test_a_walls_headline_says_its_provisional_count_is_the_citys(qtbot):
    """A district wall showed 在办件 782 beside 临时期限 785: the provisional count is the city's on every wall
    (the unit tiles do not carry it), so a wall's headline says so."""
    from console.widgets.headline import Headline

    h = Headline("区（市）县")
    qtbot.addWidget(h)
    snap = Snapshot(as_of=T0, totals=Totals(open_cases=2000, provisional=785))
    h.set_snapshot(snap, units=[])
    assert (h.tiles["provisional"].caption.text(), h.tiles["provisional"].value.text()) == ("全市临时期限", "785")
    h.set_snapshot(snap)  # the city's headline (statistics screen)
    assert h.tiles["provisional"].caption.text() == "临时期限"


def test_tiles_built_while_hidden_show_with_their_tab(qtbot):
    """A wall on a tab that is not showing gets its first snapshot: its tiles must appear with the tab
    (one-monitor layout: every wall is a tab; ``_rebuild`` used to hide them for good)."""
    from PySide6.QtWidgets import QTabWidget

    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    front, grid = LightGrid(), LightGrid()
    tabs.addTab(front, "front")
    tabs.addTab(grid, "hidden")
    tabs.resize(900, 400)
    tabs.show()
    qtbot.waitExposed(tabs)
    assert not grid.isVisible()
    grid.set_units(_units())
    tabs.setCurrentWidget(grid)
    assert grid.isVisible()
    assert all(c.isVisible() for c in grid.cells)


def test_tile_keeps_its_font_after_acknowledgement(qtbot, qapp):
    """The console's stylesheet is the application's: re-polishing an acknowledged tile (red → blue with
    "已确认") used to drop the font the grid computed for the wall, leaving a 12 px name among 64 px ones."""
    from PySide6.QtGui import QFontInfo

    def px(label):
        return QFontInfo(label.font()).pixelSize()

    style.install(qapp)
    try:
        g = LightGrid()
        qtbot.addWidget(g)
        g.resize(1400, 700)
        g.show()
        qtbot.waitExposed(g)
        units = _units([UnitState.RED, UnitState.BLUE, UnitState.NORMAL, UnitState.YELLOW, UnitState.RED])
        g.set_units(units)
        name_px = {px(c.name) for c in g.cells}
        assert len(name_px) == 1 and min(name_px) > 30  # one size for the whole wall, the computed one
        acked = [
            dataclasses.replace(u, state=UnitState.BLUE, red_handled=1) if u.state == UnitState.RED else u
            for u in units
        ]
        g.set_units(acked)
        g._on_flash(True)
        assert {px(c.name) for c in g.cells} == name_px
        assert len({px(c.pills["red"]) for c in g.cells}) == 1
    finally:
        qapp.setStyleSheet("")


def test_a_wall_given_the_keyboard_puts_it_on_a_unit(qtbot):
    """Alt+1 gives a wall the focus (ScreenWindow.show_tab focuses the tab's view): the arrows and Enter did
    nothing until a Tab reached a tile.  The wall hands the focus to a unit at once, the last one it had."""
    from PySide6.QtWidgets import QApplication

    from console.views.wall import WallView

    view = WallView(None, "department")
    qtbot.addWidget(view)
    view.on_snapshot(demo_snapshot())
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitActive(view)
    view.setFocus(Qt.FocusReason.ShortcutFocusReason)
    cells = view.grid.cells
    qtbot.waitUntil(lambda: QApplication.focusWidget() is cells[0], timeout=1000)
    qtbot.keyClick(cells[0], Qt.Key.Key_Right)
    assert QApplication.focusWidget() is cells[1]
    with qtbot.waitSignal(view.sig_unit_activated, timeout=1000) as got:
        qtbot.keyClick(cells[1], Qt.Key.Key_Return)
    assert got.args == [cells[1].unit_id]
    view.clearFocus()
    view.setFocus(Qt.FocusReason.ShortcutFocusReason)  # back to the wall: the unit it was on
    qtbot.waitUntil(lambda: QApplication.focusWidget() is cells[1], timeout=1000)
