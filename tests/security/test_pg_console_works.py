"""Least privilege must leave the console working: as the consoles' role, the background work runs before
anyone logs in, and each person's work runs after their log-in, audited in their name by the database."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from console.domain.calendar import WorkCalendar
from console.models import repository as repo
from console.models.db import session_factory, short_error
from console.models.recompute import recompute_open_due_dates
from console.services.engine import EngineService
from console.services.poller import Backend
from console.services.supervision_client import SupervisionClient
from console.supervision import auth
from console.supervision.rectification import raise_overdue_rectifications
from tests.security.conftest import PASSWORDS
from tests.support.factories import Clock

pytestmark = pytest.mark.postgres


def test_background_work_runs_as_the_engine_before_anyone_logs_in(room):
    eng = room.engine_engine()
    Session = session_factory(eng)
    cal = WorkCalendar.build()
    with Session.begin() as s:
        assert recompute_open_due_dates(s, cal, dt.date(2025, 10, 20)) == 1  # due dates are derived data
        repo.raise_alarms(s, [repo.AlarmSpec(room.case_id, "statutory_overdue", "red", "已超过法定时限")], "engine-1")
        assert raise_overdue_rectifications(s, dt.date(2025, 10, 20), "engine-1") == []


def test_a_console_raises_no_alarm_the_engine_does_and_the_console_reads_it(room):
    """The consoles' role has no INSERT on alarms nor on the lights' history: a reader console works without
    them; the engine's pass, as the engine's role (guards and all), raises, clears and samples."""
    with pytest.raises(DBAPIError, match="permission denied"), session_factory(room.console_engine()).begin() as s:
        repo.raise_alarms(s, [repo.AlarmSpec(room.case_id, "statutory_overdue", "red", "已超过法定时限")], "wall-1")
    clock = Clock(dt.datetime(2025, 10, 28, 9, 0))  # SEC-1 (accepted 09-22, statutory 20: due 10-24) past it
    console = Backend(room.console_engine(), "wall-1", clock=clock, reader=True)
    assert console.poll().ok
    fields = EngineService(room.engine_engine(), "engine-1", clock=clock).run_pass()
    assert fields["ok"] and fields["raised"] == 1, fields
    snap = console.poll()
    assert {a.rule for a in snap.alarms} == {"promised_overdue", "statutory_overdue"}
    with room.owner.connect() as c:
        assert c.execute(text("SELECT count(*) FROM light_samples")).scalar() == 1
        row = c.execute(text("SELECT raised_by, raised_at FROM alarms WHERE rule = 'statutory_overdue'")).one()
        assert tuple(row) == ("engine-1", dt.datetime(2025, 10, 25))


def test_a_supervisor_works_through_the_client_and_the_database_names_them(room):
    eng = room.console_engine()
    client = SupervisionClient(session_factory(eng), "desk-7")
    sup = client.login("sup1", PASSWORDS["sup1"])
    rect = client.order_rectification(sup, deadline_days=5, alarm_id=room.alarm_id)
    client.answer_rectification(sup, rect.rect_id, "已整改")
    client.record_sanction(
        sup, kind="口头警告", decided_on=dt.date(2025, 10, 1), deciding_body="监察局", person_name="张伟",
        person_role="承办人", case_ids=(room.case_id,),
    )  # fmt: skip
    cid = client.register_complaint(sup, channel="电话", complainant="市民甲", summary="超时未办", case_id=room.case_id)
    client.decide_acceptance(sup, cid, True)
    client.cancel_alarm(sup, room.alarm_id, "时限设置错误")
    with room.owner.connect() as c:
        rows = c.execute(text("SELECT DISTINCT actor, role, console FROM audit_log WHERE actor NOT LIKE 'cli:%'"))
        assert set(rows) == {("sup1", "supervisor", "desk-7")}
        assert c.execute(text("SELECT status FROM alarms WHERE id = :a"), {"a": room.alarm_id}).scalar() == "cancelled"


def test_an_operator_acknowledges_through_the_client_and_cannot_cancel(room):
    eng = room.console_engine()
    Session = session_factory(eng)
    client = SupervisionClient(Session, "wall-3")
    op = client.login("op1", PASSWORDS["op1"])
    with Session.begin() as s:
        assert repo.acknowledge(s, room.alarm_id, op.username, "wall-3").won
    forged = auth.Actor("op1", "supervisor", "wall-3")  # the Python check passes a forged role; the database not
    with pytest.raises(DBAPIError) as info:
        client.cancel_alarm(forged, room.alarm_id, "想撤销")
    assert short_error(info.value) == "改变告警状态需要 supervisor 登录身份"  # in words, no traceback


def test_an_administrator_corrects_limits_and_a_forged_one_is_refused(room):
    with room.owner.connect() as c:
        item_code = c.execute(
            text("SELECT i.code FROM items i JOIN cases c ON c.item_id = i.id WHERE c.id = :c"), {"c": room.case_id}
        ).scalar_one()
    sup_client = SupervisionClient(session_factory(room.console_engine()), "desk-8")
    sup = sup_client.login("sup1", PASSWORDS["sup1"])
    forged = auth.Actor(sup.username, "administrator", "desk-8")  # passes the Python check, not the database's
    with pytest.raises(DBAPIError) as info:
        sup_client.change_limits(forged, item_code, reason="伪造", promised_days=4)
    print(f"limits as a forged administrator -> {short_error(info.value)}")
    admin_client = SupervisionClient(session_factory(room.console_engine()), "desk-9")
    admin = admin_client.login("admin", PASSWORDS["admin"])
    change = admin_client.change_limits(admin, item_code, reason="清理承诺时限", promised_days=4)
    assert change.open_cases == 1
    with room.owner.connect() as c:
        assert c.execute(text("SELECT promised_days FROM cases WHERE id = :c"), {"c": room.case_id}).scalar() == 4


def test_quitting_ends_the_database_session(room):
    eng = room.console_engine()
    Session = session_factory(eng)
    client = SupervisionClient(Session, "wall-5")
    op = client.login("op1", PASSWORDS["op1"])
    client.record_quit(op, "window")
    with room.owner.connect() as c:
        assert c.execute(text("SELECT count(*) FROM console_sessions WHERE ended_at IS NULL")).scalar() == 0
        assert c.execute(text("SELECT actor FROM audit_log WHERE action = 'console.quit'")).scalar() == "op1"
