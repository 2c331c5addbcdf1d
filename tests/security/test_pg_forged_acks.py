"""An acknowledgement is the database's (migration 0021): a logged-in operator's plain-SQL acknowledgement naming
another person, console and time is stored with the session's name, console and the centre's time, and moves
the alarm with it; an alarm never becomes acknowledged without its row; and a row already there makes the
console's acknowledgement a lost race, not a raw UniqueViolation that stopped 全部确认 partway."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from console.domain import clock
from console.services.poller import Backend
from tests.security.conftest import login_as

pytestmark = pytest.mark.postgres

FORGED = (
    "INSERT INTO alarm_acks (alarm_id, operator, console, acked_at, note, username, role) "
    "VALUES (:a, '王芳 (fsuper)', 'wall-9', '2020-01-01', 'forged', 'fsuper', 'supervisor')"
)


def _alarm(room, status: str = "open", subject: str = "") -> int:
    """Another alarm of the room's case, as the engine (here the owner) writes it."""
    with room.owner.begin() as c:
        return c.execute(
            text(
                "INSERT INTO alarms (case_id, rule, subject, level, raised_at, recorded_at, raised_by, message, status)"
                " VALUES (:c, 'statutory_overdue', :j, 'red', :t, :t, 'wall-1', '已经超过法定时限', :s) RETURNING id"
            ),
            {"c": room.case_id, "t": clock.now(), "s": status, "j": subject},
        ).scalar_one()


def _status(room, alarm_id: int) -> str:
    with room.owner.connect() as c:
        return c.execute(text("SELECT status FROM alarms WHERE id = :a"), {"a": alarm_id}).scalar_one()


def test_a_forged_acknowledgement_is_stored_as_the_sessions_and_acknowledges_the_alarm(room):
    eng, _Session, _actor = login_as(room, "op1")
    with eng.begin() as c:
        c.execute(text(FORGED), {"a": room.alarm_id})
    with room.owner.connect() as c:
        row = c.execute(
            text("SELECT operator, console, acked_at, username, role, note FROM alarm_acks WHERE alarm_id = :a"),
            {"a": room.alarm_id},
        ).one()
    print(f"forged acknowledgement as op1 -> stored as {tuple(row)}")
    assert (row.operator, row.console, row.username, row.role) == ("op1 显示名", "desk-op1", "op1", "operator")
    assert abs(row.acked_at - clock.now()) < dt.timedelta(minutes=1)
    assert row.note == "forged"  # the note is the person's own words
    assert _status(room, room.alarm_id) == "acknowledged"  # the alarm left the open list with its row


def test_no_acknowledgement_of_a_cancelled_alarm_and_no_status_without_its_row(room):
    eng, _Session, _actor = login_as(room, "op1")
    cancelled = _alarm(room, "cancelled")
    with pytest.raises(DBAPIError, match="已撤销，不能确认"), eng.begin() as c:
        c.execute(text(FORGED), {"a": cancelled})
    with pytest.raises(DBAPIError, match="没有确认记录"), eng.begin() as c:
        c.execute(text("UPDATE alarms SET status = 'acknowledged' WHERE id = :a"), {"a": room.alarm_id})
    assert (_status(room, cancelled), _status(room, room.alarm_id)) == ("cancelled", "open")
    with room.owner.connect() as c:
        assert c.execute(text("SELECT count(*) FROM alarm_acks")).scalar() == 0


def test_a_stray_acknowledgement_row_is_a_lost_race_and_the_batch_goes_on(room):
    """An open alarm with an acknowledgement row already (written before 0021 could prevent it): 全部确认
    reports who acknowledged it and acknowledges the rest."""
    other = _alarm(room)
    with room.owner.begin() as c:  # the state the tester's forged row left: the row, the alarm still open
        c.execute(text("ALTER TABLE alarm_acks DISABLE TRIGGER USER"))
        c.execute(text(FORGED), {"a": room.alarm_id})
        c.execute(text("ALTER TABLE alarm_acks ENABLE TRIGGER USER"))
    assert _status(room, room.alarm_id) == "open"
    eng, _Session, actor = login_as(room, "op1")
    got = Backend(eng, "desk-op1").acknowledge([room.alarm_id, other], "op1 显示名", "desk-op1", None, actor=actor)
    print(f"全部确认 over a stray row -> {[(o.alarm_id, o.won, o.refusal) for o in got]}")
    lost, won = got
    assert (lost.alarm_id, lost.won, lost.operator, lost.console) == (room.alarm_id, False, "王芳 (fsuper)", "wall-9")
    assert lost.refusal == "已被 王芳 (fsuper) 于 2020-01-01 00:00 确认"
    assert (won.alarm_id, won.won, won.operator) == (other, True, "op1 显示名")
    assert _status(room, other) == "acknowledged"
    assert _status(room, room.alarm_id) == "open"  # nothing of the lost attempt stayed


def test_the_consoles_acknowledge_all_answers_every_alarm_and_no_error(room, qtbot):
    """The GUI's path (ConsoleController on its worker pool, as the flood dialog's 全部确认): the stray row's
    alarm comes back as acknowledged by its author, the rest acknowledged, and ``sig_error`` stays silent (it
    had shown the raw UniqueViolation and left the rest unacknowledged)."""
    from console.shell.controller import ConsoleController

    others = [_alarm(room, subject="环节一"), _alarm(room, subject="环节二")]
    with room.owner.begin() as c:
        c.execute(text("ALTER TABLE alarm_acks DISABLE TRIGGER USER"))
        c.execute(text(FORGED), {"a": room.alarm_id})
        c.execute(text("ALTER TABLE alarm_acks ENABLE TRIGGER USER"))
    eng, _Session, actor = login_as(room, "op1")
    ctl = ConsoleController(Backend(eng, "desk-op1"), "desk-op1")
    ctl.actor = actor
    errors: list[str] = []
    ctl.sig_error.connect(errors.append)
    try:
        with qtbot.waitSignal(ctl.sig_alarms_acknowledged, timeout=30000) as blocker:
            ctl.acknowledge([room.alarm_id, *others], "op1 显示名")
    finally:
        ctl.stop()
    got = {o.alarm_id: (o.won, o.operator) for o in blocker.args[0]}
    assert got == {
        room.alarm_id: (False, "王芳 (fsuper)"),
        others[0]: (True, "op1 显示名"),
        others[1]: (True, "op1 显示名"),
    }
    assert errors == []
