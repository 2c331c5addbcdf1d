"""The engine's role opens a bad rating's rectification (migration 0019): 0017 had left it only the overdue marking,
so its pass logged "整改记录需要督查员登录身份" once a minute and bad ratings stayed unrectified.  Only that row is
the engine's; a console without a session still inserts none; a set but invalid session is named as such."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from console.domain.calendar import WorkCalendar
from console.models.db import session_factory
from console.services.engine import EngineService
from console.supervision.rectification import rectify_bad_ratings
from tests.security.conftest import PASSWORDS
from tests.security.test_pg_console_role import refused
from tests.support.factories import Clock

pytestmark = pytest.mark.postgres

AT = dt.datetime(2025, 10, 20, 10, 0)


def _bad_rating(room) -> int:
    """A bad rating's alarm as the ingest raises it (the owner: the ingest service's role)."""
    with room.owner.begin() as c:
        return c.execute(
            text(
                "INSERT INTO alarms (case_id, rule, subject, level, raised_at, recorded_at, raised_by, message, status)"
                " VALUES (:c, 'bad_rating', '', 'yellow', :t, :t, 'ingest', '差评：非常不满意', 'open') RETURNING id"
            ),
            {"c": room.case_id, "t": AT},
        ).scalar_one()


def _rects(room) -> list[tuple]:
    with room.owner.connect() as c:
        return [
            tuple(r)
            for r in c.execute(
                text("SELECT alarm_id, status, deadline_days, due_date, ordered_by FROM rectifications ORDER BY id")
            )
        ]


def test_the_engines_pass_opens_the_bad_ratings_rectification(room, caplog):
    alarm = _bad_rating(room)
    with caplog.at_level(logging.WARNING):
        fields = EngineService(room.engine_engine(), "engine-1", clock=Clock(AT), notices_every_s=None).run_pass()
    assert fields["ok"], fields
    assert "rectifications not opened" not in caplog.text
    # 15 working days after Monday 2025-10-20 (console.domain.rules.BAD_RATING_RECTIFY_DAYS)
    assert _rects(room) == [(alarm, "ordered", 15, dt.date(2025, 11, 10), "engine-1")]
    with room.owner.connect() as c:
        rows = c.execute(text("SELECT actor, role, target FROM audit_log WHERE action = 'rectification.order'")).all()
    rid = _rects_ids(room)[0]
    assert [tuple(r) for r in rows] == [("engine-1", "system", f"rectification:{rid}")]


def _rects_ids(room) -> list[int]:
    with room.owner.connect() as c:
        return list(c.execute(text("SELECT id FROM rectifications ORDER BY id")).scalars())


def test_a_console_without_a_session_still_opens_none(room):
    alarm = _bad_rating(room)
    cal = WorkCalendar.build()
    with (
        pytest.raises(DBAPIError, match="整改记录需要督查员登录身份"),
        session_factory(room.console_engine()).begin() as s,
    ):
        rectify_bad_ratings(s, cal, AT, "desk-evil")
    line = refused(
        room.console_engine(),
        "INSERT INTO rectifications (alarm_id, case_id, unit_id, ordered_by, ordered_at, deadline_days, due_date,"
        " due_provisional, status) SELECT :a, c.id, c.unit_id, 'desk-evil', :t, 15, '2025-11-10', false, 'ordered'"
        " FROM cases c WHERE c.id = :c",
        {"a": alarm, "c": room.case_id, "t": AT},
    )
    assert "整改记录需要督查员登录身份" in line
    assert _rects(room) == []


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ("alarm", "another rule's alarm"),
        ("status", "not ordered"),
        ("answered", "already answered"),
        ("unit", "not the case's unit"),
    ],
)
def test_the_engine_inserts_only_the_rules_row(room, change, why):
    alarm = _bad_rating(room)
    values = {
        "a": room.alarm_id if change == "alarm" else alarm,  # room.alarm_id: promised_overdue
        "st": "answered" if change == "status" else "ordered",
        "ans": "已整改" if change == "answered" else None,
        "c": room.case_id,
        "t": AT,
    }
    unit = "(SELECT min(id) FROM units WHERE id <> c.unit_id)" if change == "unit" else "c.unit_id"
    line = refused(
        room.engine_engine(),
        "INSERT INTO rectifications (alarm_id, case_id, unit_id, ordered_by, ordered_at, deadline_days, due_date,"
        f" due_provisional, status, answer_text) SELECT :a, c.id, {unit}, 'engine-1', :t, 15, '2025-11-10', false,"
        " :st, :ans FROM cases c WHERE c.id = :c",
        values,
    )
    assert "整改记录需要督查员登录身份" in line, why
    assert _rects(room) == []


def _session_token(room, username: str) -> str:
    with room.console_engine().connect() as c:
        token = c.execute(
            text("SELECT token FROM console_login(:u, :p, 'psql')"), {"u": username, "p": PASSWORDS[username]}
        ).scalar_one()
        c.commit()
    return token


def test_an_ended_session_is_named_not_a_missing_log_in(room):
    """A token set (console_login + set_config) but no longer valid: the refusal says the session is invalid,
    not "未登录"; a valid administrator's session re-dates the case."""
    token = _session_token(room, "admin")
    sql = "UPDATE cases SET promised_due = '2031-01-02' WHERE id = :c"
    with room.console_engine().connect() as c:
        c.execute(text("SELECT set_config('console.session', :t, false)"), {"t": token})
        c.execute(text(sql), {"c": room.case_id})
        c.commit()
        c.execute(text("SELECT console_logout()"))
        c.commit()
        with pytest.raises(DBAPIError) as info:
            c.execute(text(sql.replace("2031", "2032")), {"c": room.case_id})
        c.rollback()
    line = str(info.value.orig).splitlines()[0]
    assert info.value.orig.sqlstate == "42501"
    assert "登录身份无效" in line and "cases" in line and "未登录" not in line, line
    with room.owner.connect() as c:
        assert c.execute(text("SELECT promised_due FROM cases WHERE id = :c"), {"c": room.case_id}).scalar() == (
            dt.date(2031, 1, 2)
        )
    # no token at all: still "未登录"
    line = refused(room.console_engine(), sql, {"c": room.case_id})
    assert "未登录的监察台不能代替监察引擎修改 cases" in line
