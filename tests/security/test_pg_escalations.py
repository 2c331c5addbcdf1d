"""督办 and 申诉 under the consoles' role on PostgreSQL (migration 0006's guards): a logged-in supervisor opens
and decides; before anyone logs in, plain SQL cannot touch them, but the scheduled pass still climbs the ladder
and writes its own audit rows."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from console.domain.calendar import WorkCalendar
from console.domain.errors import PermissionDenied
from console.models.db import session_factory
from console.supervision import appeals as ap
from console.supervision import escalation as esc
from tests.security.conftest import login_as
from tests.security.test_pg_console_role import refused

pytestmark = pytest.mark.postgres
T = dt.datetime
D = dt.date


def test_a_supervisor_opens_and_the_unattended_pass_climbs(room):
    cal = WorkCalendar.build()
    _eng, Session, sup = login_as(room, "sup1")
    with Session.begin() as s:
        eid = esc.open_escalation(
            s, sup, cal, source_kind="alarm", source_id=room.alarm_id, finding="超时", requirement="办结",
            at=T(2025, 9, 25, 10),
        ).id  # fmt: skip
    # nobody logged in: the supervision engine's pass (its own role) climbs it.
    # Default ladder: 预警提醒 5 WD from Thu 9-25 =
    # 9-26, 9-28 (调休), 9-29, 9-30, (holiday 10-1..10-8) 10-9; missed on 10-10, 黄牌督办 3 WD from 10-9 =
    # 10-10, 10-11 (调休), 10-13
    Engine = session_factory(room.engine_engine())
    with Engine.begin() as s:
        assert len(esc.run_escalation_pass(s, cal, D(2025, 10, 10), "engine-1")) == 1
    with session_factory(room.owner)() as s:
        row = s.execute(text("SELECT level, due_date, status FROM escalations WHERE id = :e"), {"e": eid}).one()
        assert tuple(row) == ("yellow", D(2025, 10, 13), "open")
        actions = s.scalars(text("SELECT action || '/' || actor || '/' || role FROM audit_log WHERE target = :t "
                                 "ORDER BY id"), {"t": f"escalation:{eid}"}).all()  # fmt: skip
        assert actions == ["escalation.open/sup1/supervisor", "escalation.escalated/engine-1/system"]


def test_before_log_in_plain_sql_cannot_touch_escalations_or_appeals(room):
    cal = WorkCalendar.build()
    _eng, Session, sup = login_as(room, "sup1")
    with Session.begin() as s:
        eid = esc.open_escalation(
            s, sup, cal, source_kind="alarm", source_id=room.alarm_id, finding="超时", requirement="办结"
        ).id
        aid = ap.register_paper_appeal(s, sup, cal, alarm_id=room.alarm_id, appellant="单位", reason="数据错误").id
    nobody = room.console_engine()
    refused(nobody, "UPDATE escalations SET status = 'closed' WHERE id = :e", {"e": eid})
    refused(nobody, "UPDATE escalations SET level = 'yellow' WHERE id = :e", {"e": eid})  # due date kept
    refused(nobody, "UPDATE escalations SET level = 'red', due_date = due_date + 3 WHERE id = :e", {"e": eid})
    refused(nobody, "UPDATE escalations SET level = 'yellow', due_date = '2099-01-01' WHERE id = :e", {"e": eid})
    refused(nobody, "UPDATE escalations SET finding = 'x' WHERE id = :e", {"e": eid})
    refused(nobody, "DELETE FROM escalations")
    refused(nobody, "UPDATE appeals SET status = 'upheld' WHERE id = :a", {"a": aid})
    refused(
        nobody,
        "INSERT INTO escalation_events (escalation_id, at, actor, kind, level) "
        "VALUES (:e, now(), 'x', 'closed', 'red')",
        {"e": eid},
    )
    line = refused(
        nobody,
        "INSERT INTO escalations (notice_no, source_kind, source_id, unit_id, level, finding, requirement, "
        "opened_by, opened_at, automatic, deadline_days, due_date, status) SELECT 'X1', 'alarm', 1, unit_id, "
        "'red', 'x', 'y', 'x', now(), false, 2, current_date, 'open' FROM escalations WHERE id = :e",
        {"e": eid},
    )
    assert "督办记录需要督查员登录身份" in line
    _e2, OpSession, op = login_as(room, "op1")
    with OpSession.begin() as s, pytest.raises(PermissionDenied):
        ap.decide_appeal(s, op, aid, True, "x")


def test_a_supervisor_corrects_the_case_time_under_the_console_role_and_nobody_else_can(room):
    from console.domain.corrections import WAIT, CaseCorrection

    cal = WorkCalendar.build()
    _eng, Session, sup = login_as(room, "sup1")
    with Session.begin() as s:
        aid = ap.register_paper_appeal(s, sup, cal, alarm_id=room.alarm_id, appellant="单位", reason="补正未录").id
        ap.decide_appeal(
            s, sup, aid, True, "属实", corrections=(CaseCorrection(WAIT, started_at=T(2025, 9, 23, 9),
                                                                   ended_at=T(2025, 9, 25, 17)),), cal=cal,
        )  # fmt: skip
    with session_factory(room.owner)() as s:
        made_by = s.execute(text("SELECT made_by FROM case_corrections WHERE appeal_id = :a"), {"a": aid}).scalar()
        after = s.execute(text("SELECT promised_due FROM cases WHERE id = :c"), {"c": room.case_id}).scalar()
    # accepted Mon 9-22, promised 5: the wait 9-23..9-25 not counted, 9-26, 9-28 (调休), 9-29, 9-30, 10-9
    assert (made_by, after) == ("sup1", D(2025, 10, 9))
    nobody = room.console_engine()
    refused(nobody, "UPDATE case_corrections SET started_at = started_at - interval '30 days'")
    refused(nobody, "DELETE FROM case_corrections")
    refused(
        nobody,
        "INSERT INTO case_corrections (case_id, appeal_id, kind, at, reason, made_by, made_at) "
        "VALUES (:c, :a, 'accepted_at', now(), 'x', 'x', now())",
        {"c": room.case_id, "a": aid},
    )
