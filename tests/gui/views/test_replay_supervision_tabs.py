"""The 监督工作 tabs in a replay (回放) list what existed at the moment, as it stood then, in the real widgets.

Steps on Mon 9-29 and Tue 9-30 2025, the moment Thu 10-09 12:00 (after the National Day holidays), later steps
at 10-09 14:00/15:00; the console's clock is Fri 10-10 09:00 (live)."""

from __future__ import annotations

import datetime as dt

from console.domain.supervision_asof import LIMIT_NOW, STATUS_NOW
from console.shell.app import link_replay
from console.supervision import appeals as ap
from console.supervision import complaints as cp
from console.supervision import escalation as esc
from console.supervision import rectification as rx
from console.supervision.auth import Actor
from tests.gui.views.test_supervision_gui import (  # noqa: F401  (fixtures)
    WAIT,
    console,
    log_in,
    poll,
    show_tab,
    world,
)
from tests.support.factories import unit_id

T = dt.datetime
SUPERVISOR = Actor("li.jianchao", "supervisor", "desk-1", "李监察")
BEFORE, AFTER, LATER = T(2025, 9, 29, 10), T(2025, 10, 9, 14), T(2025, 10, 9, 15)
MOMENT = T(2025, 10, 9, 12)


def _column(tab, col: int) -> list[str]:
    return [tab.table.item(r, col).text() for r in range(tab.table.rowCount())]


def _history(Session, cal, case_id, alarm_id) -> None:
    with Session.begin() as s:
        unit = unit_id(s, "D01")
        r1 = rx.order_rectification(s, SUPERVISOR, cal, deadline_days=5, case_id=case_id, at=BEFORE).id
        rx.answer_rectification(s, SUPERVISOR, r1, "已整改", at=LATER)
        r2 = rx.order_rectification(s, SUPERVISOR, cal, deadline_days=5, case_id=case_id, at=BEFORE).id
        rx.cancel_rectification(s, SUPERVISOR, r2, "误报")  # when is not stored: 状态为现时
        rx.order_rectification(s, SUPERVISOR, cal, deadline_days=5, case_id=case_id, at=AFTER)

        def complaint(at):
            return cp.register_complaint(
                s, SUPERVISOR, cal, channel="窗口", complainant="赵女士", summary="推诿", against_unit_id=unit,
                registered_at=at,
            ).id  # fmt: skip

        c1 = complaint(BEFORE)
        cp.decide_acceptance(s, SUPERVISOR, cal, c1, True, at=T(2025, 9, 30, 10))
        cp.record_reply(s, SUPERVISOR, c1, "已答复", at=LATER)
        c2 = complaint(BEFORE)
        cp.decide_acceptance(s, SUPERVISOR, cal, c2, True, at=T(2025, 9, 30, 10))
        cp.extend_reply(s, SUPERVISOR, cal, c2, "情况复杂")  # when is not stored: 期限为现时
        complaint(AFTER)

        def escalation(kind, source, at):
            return esc.open_escalation(
                s, SUPERVISOR, cal, source_kind=kind, source_id=source, level="reminder", finding="超期",
                requirement="办结", deadline_days=3, at=at,
            ).id  # fmt: skip

        e1 = escalation("alarm", alarm_id, BEFORE)
        esc.answer_escalation(s, SUPERVISOR, e1, "已办结", at=LATER)
        escalation("rectification", r1, AFTER)
        p1 = ap.register_paper_appeal(
            s, SUPERVISOR, cal, alarm_id=alarm_id, appellant="D01", reason="数据有误", filed_at=BEFORE
        ).id
        ap.decide_appeal(s, SUPERVISOR, p1, False, "理由不成立", at=LATER)


def test_the_tabs_list_the_replayed_moments_rows_and_statuses(qtbot, console, world, cal):  # noqa: F811
    room = console
    Session, case_id, alarm_id = world
    _history(Session, cal, case_id, alarm_id)
    link_replay(room.controller, room.actions.client, None)  # as the console wires it
    log_in(qtbot, room, "li.jianchao")
    poll(qtbot, room)
    view = room.screens.views["supervision"]
    rects, complaints, escalations, appeals = view.rectifications, view.complaints, view.escalations, view.appeals

    show_tab(qtbot, room, rects)  # live
    assert _column(rects, 8) == ["整改中", "已撤销", "已答复待验证"]
    show_tab(qtbot, room, complaints)
    assert _column(complaints, 7) == ["待受理", "已受理", "已答复"]
    show_tab(qtbot, room, escalations)
    assert _column(escalations, 8) == ["待答复", "待核实"]
    show_tab(qtbot, room, appeals)
    assert _column(appeals, 7) == ["申诉驳回"]

    with qtbot.waitSignal(
        room.controller.sig_snapshot, timeout=WAIT, check_params_cb=lambda snap: snap.replay_at == MOMENT
    ):
        room.controller.set_replay(MOMENT)
    show_tab(qtbot, room, rects)
    assert _column(rects, 1) == [f"#{i}" for i in (2, 1)]  # #3 was ordered after the moment
    assert _column(rects, 8) == [f"已撤销（{STATUS_NOW}）", "整改中"]
    assert _column(rects, 9) == ["", ""]  # #1's answer came later
    assert rects.table.item(1, 0).text().startswith("●")  # its countdown runs at the moment
    show_tab(qtbot, room, complaints)
    assert _column(complaints, 7) == ["已受理", "已受理"]
    assert complaints.table.item(0, 8).text().endswith(f"（{LIMIT_NOW}）")
    assert not complaints.table.item(1, 8).text().endswith("）")
    show_tab(qtbot, room, escalations)
    assert _column(escalations, 8) == ["待答复"]
    show_tab(qtbot, room, appeals)
    assert _column(appeals, 7) == ["待审查"]

    with qtbot.waitSignal(
        room.controller.sig_snapshot, timeout=WAIT, check_params_cb=lambda snap: snap.replay_at is None
    ):
        room.controller.set_replay(None)
    show_tab(qtbot, room, rects)  # back to live: today's rows and statuses again
    assert _column(rects, 8) == ["整改中", "已撤销", "已答复待验证"]
