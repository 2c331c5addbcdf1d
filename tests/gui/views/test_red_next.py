"""What goes red next: the open cases due today (red at the next day change unless completed) and on the next
working day, per unit and overall, counted on every snapshot and listed at the desk."""

import datetime as dt

from console.services.poller import Backend
from console.shell.controller import ConsoleController
from console.views.red_next import RedNextView
from tests.support.poller_world import add_case, clock


def test_red_next_counts_and_rows(world, engine, qtbot):
    Session, _ids, units = world
    with Session.begin() as s:  # due on the next working day: Saturday 10-11, a 2025 make-up working day
        add_case(s, "NX1", "D02", dt.datetime(2025, 9, 29, 9), promised=4)
    be = Backend(engine, "desk-1", clock=clock)
    snap = be.poll()
    assert (snap.totals.due_today, snap.totals.due_next) == (1, 1)
    d02 = snap.unit(units["D02"])
    assert (d02.due_today, d02.due_next) == (1, 1)
    rows = be.red_next()
    assert [(r.case_no, r.due_today, r.promised_due) for r in rows] == [
        ("Y1", True, dt.date(2025, 10, 10)),
        ("NX1", False, dt.date(2025, 10, 11)),
    ]
    assert [r.case_no for r in be.red_next(units["D03"])] == []  # B1: due 10-13, not next

    controller = ConsoleController(be, "desk-1")
    view = RedNextView(controller)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(controller.sig_red_next, timeout=10000):
        view.refresh()
    controller.sig_snapshot.emit(snap)
    assert view.summary.text() == "今日到期（明日转红）1 件，下一工作日到期 1 件"
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    view.unit.setCurrentIndex(view.unit.findData(units["D02"]))
    qtbot.waitUntil(lambda: view.model.rowCount() == 2 and view.unit_id == units["D02"])
    controller.stop()


def test_a_same_day_item_due_today_is_due_today_not_overdue(world, engine, qtbot):
    """A 即办件 (0 working days) accepted today is due today: its remaining column says 今日到期, never 超期."""
    Session, _ids, units = world
    with Session.begin() as s:
        add_case(s, "JB1", "D02", dt.datetime(2025, 10, 10, 9), promised=0, statutory=0)
    be = Backend(engine, "desk-1", clock=clock)
    snap = be.poll()
    (row,) = [r for r in be.red_next(units["D02"]) if r.case_no == "JB1"]
    assert (row.due_today, row.remaining, row.days_over) == (True, 0, 0)

    controller = ConsoleController(be, "desk-1")
    view = RedNextView(controller)
    qtbot.addWidget(view)
    view.show()
    controller.sig_snapshot.emit(snap)
    with qtbot.waitSignal(controller.sig_red_next, timeout=10000):
        view.refresh()
    qtbot.waitUntil(lambda: view.model.rowCount() >= 1)
    m = view.model
    texts = {m.index(r, m.COL_CASE).data(): m.index(r, m.COL_REMAINING).data() for r in range(m.rowCount())}
    assert texts["JB1"] == "今日到期"
    controller.stop()
