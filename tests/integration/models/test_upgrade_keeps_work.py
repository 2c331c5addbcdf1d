"""An upgrade never loses people's work: a database filled at an early revision keeps every row, with its values,
through every migration to head, on a real SQLite file and on PostgreSQL; a downgrade of the last three
migrations and the upgrade back keep them too.

Why: on SQLite some migrations re-create a table (Alembic batch mode: create, copy, drop, rename); dropping a
table that others reference ON DELETE CASCADE with foreign keys on deletes the referencing rows (SQLite's
DROP TABLE runs an implicit DELETE), e.g. ``alarms`` in 0005 with ``alarm_acks``/``alarm_cancellations``.

Rows are seeded with raw SQL valid at the revision they are written at: 0002 (the first revision with every
table people's work lives in: alarms, acknowledgements, cancellations, rectifications, sanctions, complaints,
the audit log) and 0010 (the last before 0012 touches ``alarms`` again: appeals, 督办, notices).  Every row
seeded is compared, on the columns it was written with, after the upgrade.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from typing import Any

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from console.models.db import alembic_config, current_revision, make_engine, session_factory, upgrade
from console.models.supervision.journal import chain_break
from tests.conftest import fresh_pg_database

T0 = dt.datetime(2025, 9, 1, 9, 30)
T1 = dt.datetime(2025, 9, 15, 14, 5)
T2 = dt.datetime(2025, 10, 9, 10, 0)
D1 = dt.date(2025, 9, 22)
D2 = dt.date(2025, 10, 17)


def _ins(c: Connection, table: str, **cols: Any) -> None:
    names = ", ".join(f'"{k}"' for k in cols)
    c.execute(text(f"INSERT INTO {table} ({names}) VALUES ({', '.join(':' + k for k in cols)})"), cols)


def _seed_at_0002(eng: Engine) -> None:
    """Two units, an item, two cases with their records; alarms acknowledged, cancelled, rectified, sanctioned;
    a complaint with its notes and 四不放过 conditions; operators, the calendar, audit rows."""
    with eng.begin() as c:
        _ins(c, "units", id=1, code="U01", name="市场监管局", kind="department", sort_order=1)
        _ins(c, "units", id=2, code="U02", name="住建局", kind="department", sort_order=2)
        _ins(
            c,
            "items",
            id=1,
            code="U01-001",
            name="食品经营许可",
            unit_id=1,
            statutory_days=20,
            promised_days=5,
            stop_clock_kinds='["专家评审"]',
            blue_days=3,
            yellow_days=1,
            fee_free=True,
        )
        _ins(c, "item_steps", id=1, item_id=1, seq=1, code="accept", name="受理", limit_days=1)
        _ins(c, "item_steps", id=2, item_id=1, seq=2, code="review", name="审查", limit_days=3)
        for cid, no, stage in ((1, "SC2025-0001", "承办"), (2, "SC2025-0002", "办结")):
            _ins(
                c,
                "cases",
                id=cid,
                case_no=no,
                item_id=1,
                unit_id=1,
                region_code="330100",
                channel="窗口",
                applicant_name="杭州某餐饮有限公司",
                applicant_id_masked="9133****01X",
                stage=stage,
                received_at=T0,
                accepted_at=T0,
                completed_at=T1 if stage == "办结" else None,
                result="准予许可" if stage == "办结" else None,
                current_step="审查",
                handler="李明",
                window="3号窗口",
                promised_days=5,
                statutory_days=20,
                extension_days=0,
                promised_due=dt.date(2025, 9, 8),
                statutory_due=dt.date(2025, 9, 29),
                due_provisional=False,
                suspended=False,
                change_seq=cid,
                updated_at=T1,
            )
        c.execute(text("UPDATE change_counter SET value = 2 WHERE id = 1"))
        _ins(
            c,
            "case_events",
            id=1,
            case_id=1,
            step_code="accept",
            step_name="受理",
            handler="李明",
            window="3号窗口",
            started_at=T0,
            ended_at=T0,
            opinion="材料齐全",
            result="通过",
            limit_days=1,
            due=dt.date(2025, 9, 2),
        )
        _ins(
            c,
            "case_events",
            id=2,
            case_id=1,
            step_code="review",
            step_name="审查",
            handler="王强",
            started_at=T0,
            limit_days=3,
            due=dt.date(2025, 9, 4),
        )
        _ins(c, "evaluations", id=1, case_id=2, level=1, channel="好差评", evaluated_at=T1, comment="办理太慢")
        _ins(c, "fees", id=1, case_id=2, receivable="120.00", paid="150.00", paid_at=T1)
        _ins(
            c,
            "suspensions",
            id=1,
            case_id=1,
            kind="专家评审",
            started_at=T0,
            ended_at=T1,
            applied_days=5,
            approver="张局长",
            basis="《行政许可法》第四十五条",
            stops_clock=True,
        )
        _ins(
            c,
            "exchange_records",
            record_id="R-0001",
            case_no="SC2025-0001",
            type="accept",
            occurred_at=T0,
            received_at=T0,
            digest="ab" * 32,
            body='{"case_no": "SC2025-0001", "type": "accept"}',
        )
        _ins(c, "quarantine", id=1, received_at=T0, source="feed-U01.jsonl", line_no=7, raw="{bad", reason="不是JSON")
        _ins(c, "calendar_overrides", day=dt.date(2025, 9, 28), is_workday=True, note="调休上班", updated_at=T0)
        _ins(c, "calendar_years", year=2025, confirmed_by="admin", confirmed_at=T0, note="国务院办公厅通知")
        _ins(
            c,
            "operators",
            id=1,
            username="wangfang",
            display_name="王芳",
            role="supervisor",
            password_hash="$2b$12$" + "x" * 53,
            failed_count=0,
            active=True,
            created_at=T0,
        )
        # alarms: 1 acknowledged (and appealed later), 2 cancelled, 3 rectified and sanctioned, 4 the
        # rectification's overdue alarm, 5 of the finished case
        alarms = (
            (1, 1, "promised_overdue", "", "red", "acknowledged", "超过承诺时限"),
            (2, 1, "step_overdue", "review", "red", "cancelled", "审查环节超时"),
            (3, 2, "fee_irregular", "", "red", "acknowledged", "收费不规范"),
            (4, 2, "rectification_overdue", "1", "red", "open", "整改逾期"),
            (5, 2, "bad_rating", "", "yellow", "open", "差评"),
        )
        for aid, cid, rule, subject, level, status, message in alarms:
            _ins(
                c,
                "alarms",
                id=aid,
                case_id=cid,
                rule=rule,
                subject=subject,
                level=level,
                raised_at=T0,
                raised_by="engine",
                message=message,
                status=status,
            )
        _ins(c, "alarm_acks", id=1, alarm_id=1, operator="王芳", console="desk-1", acked_at=T1, note="已电话督促")
        _ins(c, "alarm_acks", id=2, alarm_id=3, operator="王芳", console="desk-1", acked_at=T1)
        _ins(
            c,
            "alarm_cancellations",
            id=1,
            alarm_id=2,
            cancelled_by="王芳",
            console="desk-1",
            cancelled_at=T1,
            reason="专家评审时间不计入时限（行政许可法第四十五条）",
        )
        _ins(
            c,
            "rectifications",
            id=1,
            alarm_id=3,
            case_id=2,
            unit_id=1,
            responsible_person="李明",
            instructions="退还多收费用30元",
            ordered_by="王芳",
            ordered_at=T1,
            deadline_days=5,
            due_date=D1,
            due_provisional=False,
            status="overdue",
            overdue_alarm_id=4,
        )
        _ins(
            c,
            "sanctions",
            id=1,
            person_name="李明",
            person_role="承办人",
            unit_id=1,
            kind="诫勉谈话",
            decided_on=D1,
            deciding_body="市纪委监委",
            text="违规收费",
            recorded_by="王芳",
            recorded_at=T1,
        )
        _ins(c, "sanction_links", id=1, sanction_id=1, case_id=2, alarm_id=3)
        _ins(
            c,
            "complaints",
            id=1,
            channel="12345",
            complainant="赵女士",
            complainant_contact="138****0000",
            against_unit_id=1,
            against_person="李明",
            case_id=2,
            summary="多收费用",
            registered_by="王芳",
            registered_at=T1,
            acceptance_due=D1,
            accepted_at=T1,
            reply_limit_days=15,
            reply_due=D2,
            status="accepted",
        )
        _ins(c, "complaint_notes", id=1, complaint_id=1, written_by="王芳", written_at=T1, text="已转办")
        _ins(
            c,
            "complaint_conditions",
            id=1,
            complaint_id=1,
            condition="cause_found",
            met_by="王芳",
            met_at=T1,
            evidence="收费单据",
            recorded_by="王芳",
        )
        for i, (action, target, before, after) in enumerate(
            (
                ("alarm.ack", "alarm:1", None, '{"status": "acknowledged"}'),
                ("alarm.cancel", "alarm:2", '{"status": "open"}', '{"status": "cancelled"}'),
                ("rectification.order", "rectification:1", None, '{"deadline_days": 5}'),
            ),
            start=1,
        ):
            _ins(
                c,
                "audit_log",
                id=i,
                at=T1,
                actor="wangfang",
                role="supervisor",
                console="desk-1",
                action=action,
                target=target,
                before=before,
                after=after,
            )


def _seed_at_0010(eng: Engine) -> None:
    """What people do with the revisions after 0005: an appeal of an alarm, a 督办 with its steps, an alarm's
    second occurrence, an administrator's rule level, a unit's contact and a notice, the feed's heartbeat."""
    with eng.begin() as c:
        _ins(
            c,
            "alarms",
            id=6,
            case_id=1,
            rule="promised_overdue",
            subject="",
            occurrence=2,
            level="red",
            raised_at=T2,
            raised_by="engine",
            message="超过承诺时限（再次）",
            status="acknowledged",
        )
        c.execute(text("UPDATE alarms SET cleared_at = :t WHERE id = 1"), {"t": T2})
        _ins(
            c,
            "alarm_acks",
            id=3,
            alarm_id=6,
            operator="王芳",
            console="desk-2",
            acked_at=T2,
            username="wangfang",
            role="supervisor",
        )
        _ins(
            c,
            "appeals",
            id=1,
            alarm_id=1,
            case_id=1,
            unit_id=1,
            channel="console",
            appellant="市场监管局",
            reason="申请人补正材料期间不计时",
            filed_at=T2,
            registered_by="wangfang",
            deadline_days=5,
            due_date=D2,
            status="pending",
        )
        _ins(
            c,
            "escalations",
            id=1,
            notice_no="督〔2025〕1号",
            source_kind="rectification",
            source_id=1,
            case_id=2,
            unit_id=1,
            level="督办",
            finding="整改逾期",
            requirement="五个工作日内退还多收费用",
            opened_by="wangfang",
            opened_at=T2,
            automatic=False,
            deadline_days=5,
            due_date=D2,
            status="open",
            overdue_alarm_id=4,
        )
        _ins(c, "escalation_events", id=1, escalation_id=1, at=T2, actor="wangfang", kind="open", level="督办")
        c.execute(text("UPDATE rule_levels SET level = 'yellow', updated_by = 'admin' WHERE rule = 'bad_rating'"))
        _ins(
            c,
            "unit_contacts",
            id=1,
            unit_id=1,
            channel="email",
            address="duban@scjg.example",
            name="督办联络员",
            active=True,
            created_at=T2,
            created_by="admin",
        )
        _ins(
            c,
            "notices",
            id=1,
            event_key="escalation:1:open",
            unit_id=1,
            contact_id=1,
            channel="email",
            address="duban@scjg.example",
            subject="督办通知",
            body="督〔2025〕1号",
            status="sent",
            attempts=1,
            next_try_at=T2,
            created_at=T2,
            sent_at=T2,
        )
        _ins(c, "feed_heartbeats", unit_id=1, sender="审批系统A", last_record_at=T2)
        _ins(c, "light_samples", at=T2, normal=1, blue=0, yellow=0, red=1, red_handled=1, alarms_waiting=0)


def _plain(v: Any) -> Any:
    """A value comparable across reads (PostgreSQL hands JSON back parsed)."""
    return json.dumps(v, sort_keys=True, ensure_ascii=False) if isinstance(v, (dict, list)) else v


def _columns(cols: list[str]) -> str:
    return ", ".join(f'"{n}"' for n in cols)


def _snapshot(eng: Engine) -> dict[str, tuple[list[str], Counter[tuple[Any, ...]]]]:
    """Every row of every table, on the columns the table has now."""
    out: dict[str, tuple[list[str], Counter[tuple[Any, ...]]]] = {}
    with eng.connect() as c:
        insp = inspect(c)
        for table in insp.get_table_names():
            if table == "alembic_version":
                continue
            cols = [col["name"] for col in insp.get_columns(table)]
            rows = c.execute(text(f"SELECT {_columns(cols)} FROM {table}"))
            out[table] = (cols, Counter(tuple(_plain(v) for v in r) for r in rows))
    return out


def _lost(before: dict[str, tuple[list[str], Counter[tuple[Any, ...]]]], eng: Engine) -> dict[str, list[Any]]:
    """Rows of ``before`` missing now, or changed on the columns they had (a table gone: all its rows)."""
    lost: dict[str, list[Any]] = {}
    with eng.connect() as c:
        have = set(inspect(c).get_table_names())
        for table, (cols, rows) in before.items():
            if not rows:
                continue
            if table not in have:
                lost[table] = sorted(rows, key=repr)
                continue
            now = Counter(tuple(_plain(v) for v in r) for r in c.execute(text(f"SELECT {_columns(cols)} FROM {table}")))
            gone = rows - now
            if gone:
                lost[table] = sorted(gone, key=repr)
    return lost


def _counts(eng: Engine) -> dict[str, int]:
    with eng.connect() as c:
        return {
            t: c.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
            for t in ("alarms", "alarm_acks", "alarm_cancellations", "rectifications", "sanction_links", "appeals")
        }


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'upgrade.db'}"
    else:
        url, drop = fresh_pg_database()
        yield url
        drop()


def test_upgrade_from_0002_keeps_every_row(empty_url):
    eng = make_engine(empty_url)
    try:
        upgrade(eng, "0002")
        _seed_at_0002(eng)
        at_0002 = _snapshot(eng)
        upgrade(eng, "0010")
        assert _lost(at_0002, eng) == {}, "lost between 0002 and 0010"
        _seed_at_0010(eng)
        at_0010 = _snapshot(eng)
        upgrade(eng)
        assert _lost(at_0010, eng) == {}, "lost between 0010 and head"
        assert _counts(eng) == {
            "alarms": 6,
            "alarm_acks": 3,
            "alarm_cancellations": 1,
            "rectifications": 1,
            "sanction_links": 1,
            "appeals": 1,
        }
        with eng.connect() as c:
            # the references still point where they pointed (SET NULL would keep the row but lose the link)
            assert c.execute(text("SELECT alarm_id, operator, note FROM alarm_acks ORDER BY id")).all() == [
                (1, "王芳", "已电话督促"),
                (3, "王芳", None),
                (6, "王芳", None),
            ]
            assert c.execute(text("SELECT alarm_id, reason FROM alarm_cancellations")).all() == [
                (2, "专家评审时间不计入时限（行政许可法第四十五条）")
            ]
            assert c.execute(text("SELECT alarm_id, overdue_alarm_id, status FROM rectifications")).all() == [
                (3, 4, "overdue")
            ]
            assert c.execute(text("SELECT sanction_id, case_id, alarm_id FROM sanction_links")).all() == [(1, 2, 3)]
            assert c.execute(text("SELECT alarm_id, status FROM appeals")).all() == [(1, "pending")]
            assert c.execute(text("SELECT overdue_alarm_id FROM escalations")).all() == [(4,)]
            assert c.execute(text("SELECT id, occurrence, complaint_id FROM alarms ORDER BY id")).all() == [
                (1, 1, None),
                (2, 1, None),
                (3, 1, None),
                (4, 1, None),
                (5, 1, None),
                (6, 2, None),
            ]
            assert c.execute(text("SELECT level FROM rule_levels WHERE rule = 'bad_rating'")).scalar_one() == "yellow"
            hashes = c.execute(text("SELECT id, prev_hash <> '' OR id = 1, row_hash FROM audit_log ORDER BY id")).all()
        assert [(i, linked) for i, linked, _ in hashes] == [(1, True), (2, True), (3, True)]
        assert all(h for _, _, h in hashes)
        with session_factory(eng)() as s:
            assert chain_break(s) is None  # 0004 chained the rows written before it; nothing since broke it
        if eng.dialect.name == "sqlite":
            with eng.connect() as c:
                assert c.execute(text("PRAGMA foreign_keys")).scalar_one() == 1  # on again after the migration
                assert c.execute(text("PRAGMA foreign_key_check")).all() == []
                assert c.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"

        # the last three migrations down and up again
        at_head = _snapshot(eng)
        command.downgrade(alembic_config(eng), "0013")
        assert current_revision(eng) == "0013"
        assert _lost(at_0010, eng) == {}, "lost by downgrading to 0013"
        upgrade(eng)
        assert _lost(at_0010, eng) == {}, "lost by downgrading to 0013 and upgrading again"
        assert _counts(eng)["alarm_acks"] == 3
        with session_factory(eng)() as s:
            assert chain_break(s) is None
        assert _lost(at_head, eng) == {}  # the rows hold no value of 0014-0016's columns but their defaults
    finally:
        eng.dispose()


def test_downgrade_to_0004_drops_only_what_the_old_schema_cannot_hold(empty_url):
    """Down to 0004 (before alarm occurrences): a later occurrence goes with what refers to it, as its foreign
    keys say (its acknowledgement; 0012: a complaint's alarm and its acknowledgement); the rest stays, and the
    upgrade back keeps it."""
    eng = make_engine(empty_url)
    try:
        upgrade(eng, "0002")
        _seed_at_0002(eng)
        at_0002 = _snapshot(eng)
        upgrade(eng, "0010")
        _seed_at_0010(eng)
        upgrade(eng)
        with eng.begin() as c:
            _ins(
                c,
                "alarms",
                id=7,
                complaint_id=1,
                rule="complaint_reply_overdue",
                subject="",
                occurrence=1,
                level="red",
                raised_at=T2,
                raised_by="engine",
                message="投诉答复逾期",
                status="open",
                recorded_at=T2,  # migration 0018: NOT NULL on PostgreSQL
            )
            _ins(c, "alarm_acks", id=4, alarm_id=7, operator="王芳", console="desk-1", acked_at=T2)
        command.downgrade(alembic_config(eng), "0004")
        assert current_revision(eng) == "0004"
        assert _lost(at_0002, eng) == {}
        with eng.connect() as c:
            assert c.execute(text("SELECT id FROM alarms ORDER BY id")).scalars().all() == [1, 2, 3, 4, 5]
            assert c.execute(text("SELECT id, alarm_id FROM alarm_acks ORDER BY id")).all() == [(1, 1), (2, 3)]
            if eng.dialect.name == "sqlite":
                assert c.execute(text("PRAGMA foreign_key_check")).all() == []
        upgrade(eng)
        assert _lost(at_0002, eng) == {}
        with session_factory(eng)() as s:
            assert chain_break(s) is None
    finally:
        eng.dispose()
