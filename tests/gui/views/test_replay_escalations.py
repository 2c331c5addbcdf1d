"""督办 in a replay (回放): the countdown counts the working days left from the moment replayed, not from today,
the tab reads again by itself when the desk goes back or returns to live, and its buttons that would write are
disabled (回放中只能查看) until live."""

import datetime as dt

from console.shell.app import link_replay
from console.supervision import escalation as esc
from console.supervision.auth import Actor
from tests.gui.views.test_supervision_gui import (  # noqa: F401  (fixtures)
    WAIT,
    console,
    log_in,
    poll,
    show_tab,
    world,
)

T = dt.datetime
SUPERVISOR = Actor("li.jianchao", "supervisor", "desk-1", "李监察")


def test_countdown_counts_from_the_replayed_moment(qtbot, console, world, cal):  # noqa: F811
    room = console
    Session, _case_id, alarm_id = world
    with Session.begin() as s:  # opened Tue 9-30 10:00, 3 working days: 10-9, 10-10 and Saturday 10-11 (调休)
        e = esc.open_escalation(
            s,
            SUPERVISOR,
            cal,
            source_kind="alarm",
            source_id=alarm_id,
            finding="超过承诺时限未办结",
            requirement="三个工作日内办结",
            deadline_days=3,
            at=T(2025, 9, 30, 10),
        )
        assert e.due_date == dt.date(2025, 10, 11)
    link_replay(room.controller, room.actions.client, None)  # as the console wires it
    log_in(qtbot, room, "li.jianchao")
    poll(qtbot, room)
    tab = room.screens.views["supervision"].escalations
    show_tab(qtbot, room, tab)

    def countdown() -> str:
        return tab.table.item(0, 0).text()

    assert countdown() == "● 剩 2 个工作日"  # live, Fri 10-10: 10-10 and 10-11
    assert tab.open_button.isEnabled()
    with qtbot.waitSignal(tab.sig_loaded, timeout=WAIT):  # the tab reads again for the moment: no reload asked
        room.controller.set_replay(T(2025, 9, 30, 12))
    # the start day is not counted (timelimits.countdown, as every countdown): 10-9, 10-10 and 10-11
    assert countdown() == "● 剩 3 个工作日"
    # nothing of the past is worked on: the 督办 buttons say so (exporting the notice is only looking)
    tab.table.selectRow(0)
    for b in (tab.open_button, tab.answer_button, tab.escalate_button, tab.cancel_button):
        assert not b.isEnabled() and "回放中只能查看" in b.toolTip(), b.text()
    assert tab.notice_button.isEnabled()
    with qtbot.waitSignal(tab.sig_loaded, timeout=WAIT):
        room.controller.set_replay(None)
    assert countdown() == "● 剩 2 个工作日"
    tab.table.selectRow(0)
    assert tab.open_button.isEnabled() and tab.answer_button.isEnabled() and tab.cancel_button.isEnabled()
