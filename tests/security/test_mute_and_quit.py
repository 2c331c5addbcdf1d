"""Rights are the same on every path (the report: an operator could mute with Ctrl+M, the mute survived
log-out and restart unaudited).  Quitting a locked console is the session's (tests/gui, tests/desktop)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from console.models.schema import AuditLog
from tests.gui.views.test_supervision_gui import WAIT, console, log_in, world  # noqa: F401  (fixtures)

pytestmark = pytest.mark.qt_log_ignore("does not support raise", extend=True)


def actions(Session, action: str) -> list[str]:
    with Session() as s:
        return list(s.scalars(select(AuditLog.actor).where(AuditLog.action == action).order_by(AuditLog.id)))


def test_mute_is_a_supervisors_audited_expiring_right(qtbot, console, world):  # noqa: F811
    room, Session = console, world[0]
    notifier, guard = room.notifier, room.mute_guard
    assert not notifier.muted  # never carried over from a previous run
    log_in(qtbot, room, "wang.zhiban")
    notifier.set_muted(True)  # the checkbox / Ctrl+M path
    assert not notifier.muted
    log_in(qtbot, room, "li.jianchao")
    guard._expiry.setInterval(200)
    notifier.set_muted(True)
    assert notifier.muted
    qtbot.waitUntil(lambda: not notifier.muted, timeout=WAIT)  # it expires
    qtbot.waitUntil(lambda: actions(Session, "alarm.mute_expired") == ["li.jianchao"], timeout=WAIT)
    assert actions(Session, "alarm.mute") == ["li.jianchao"]  # the operator's attempt left no mute
    guard._expiry.setInterval(600_000)
    notifier.set_muted(True)
    room.session.lock()  # the idle lock ends the supervisor's mute and is audited
    assert not notifier.muted
    qtbot.waitUntil(lambda: actions(Session, "auth.idle_lock") == ["li.jianchao"], timeout=WAIT)
    qtbot.waitUntil(lambda: actions(Session, "alarm.mute_ended") == ["li.jianchao"], timeout=WAIT)


def test_an_export_is_audited_with_who_made_it(Session, cal, tmp_path):
    from console.services.supervision_client import SupervisionClient
    from console.supervision import auth
    from tests.security.test_hostile_data import hostile_report

    client = SupervisionClient(Session, "desk-9")
    report = hostile_report(Session, cal, "锦江区")
    client.export_report(report, "json", tmp_path / "r.json", auth.Actor("li", "supervisor", "desk-9"))
    assert actions(Session, "report.export") == ["li"]


def test_an_operators_mute_from_the_queue_is_undone_where_it_was_asked_and_says_why(qtbot, console, world):  # noqa: F811
    """A tester's Ctrl+M in the queue as operator: the guard undid the mute, but the 静音 box stayed checked (the
    first emission of the change reached the box after the guard's undo) and the refusal went nowhere."""
    room = console
    log_in(qtbot, room, "wang.zhiban")
    queue = room.screens.views["alarms"]
    queue.mute.setChecked(True)  # the checkbox / its Ctrl+M
    assert not room.notifier.muted and not queue.mute.isChecked()
    assert "静音需要监察员登录" in queue.feedback.text()
