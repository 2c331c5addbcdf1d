"""督办 and 申诉 over real rows on SQLite and PostgreSQL, with the real calendar.

Dates worked out by hand from the State Council General Office notice on the 2025 holidays (published
2024-11-12): 国庆节、中秋节 10-1 to 10-8 off, Sunday 9-28 and Saturday 10-11 worked (调休); Saturday 9-27 and
Sunday 10-12 are ordinary weekend days.  Deadlines do not count their first day (民法典 第201条).
"""

import datetime as dt
import json

import pytest
from sqlalchemy import select

from console.domain import catalogue
from console.domain.escalation import Ladder
from console.ingest.apply import ingest_lines
from console.models import repository as repo
from console.models.escalation_schema import Escalation
from console.models.schema import Alarm, AuditLog, Unit
from console.supervision import appeals as ap
from console.supervision import escalation as esc
from console.supervision import rectification as rx
from console.supervision.auth import Actor
from console.supervision.errors import PermissionDenied, SupervisionError
from console.supervision.reports import build_report
from tests.integration.supervision.test_supervision_workflows import add_alarm, add_case, audit_trail, unit_id

SUPERVISOR = Actor("li.jianchao", "supervisor", "desk-1", "李监察")
OPERATOR = Actor("wang.zhiban", "operator", "wall-1", "王值班")
ADMIN = Actor("zhao.guanli", "administrator", "desk-2", "赵管理")
D = dt.date
T = dt.datetime


@pytest.fixture
def world(Session, cal):
    """The catalogue, one overdue case of D01 (accepted 2025-09-15, promised 5 → due 09-22) with its red alarm."""
    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items())
        case_id = add_case(s, "E1", "D01", T(2025, 9, 15, 9), cal=cal)
        alarm_id = add_alarm(s, case_id, raised_at=T(2025, 9, 23, 9))
        esc.set_ladder(s, ADMIN, Ladder(days=(3, 3, 2)))
    return Session, case_id, alarm_id


def _pass(Session, cal, day):
    with Session.begin() as s:
        return esc.run_escalation_pass(s, cal, day, "wall-1")


def _state(Session, eid):
    with Session() as s:
        e = s.get(Escalation, eid)
        return e.level, e.due_date, e.status


def test_unanswered_escalation_climbs_across_a_weekend_and_the_national_day_holiday(world, cal):
    Session, case_id, alarm_id = world
    with Session.begin() as s:
        e = esc.open_escalation(
            s,
            SUPERVISOR,
            cal,
            source_kind="alarm",
            source_id=alarm_id,
            finding="超过承诺时限未办结",
            requirement="三个工作日内说明原因并办结",
            at=T(2025, 9, 25, 10),
        )
        eid, notice = e.id, e.notice_no
    # Thu 9-25 + 3 WD: Fri 9-26, (Sat 9-27 off), Sun 9-28 调休 worked, Mon 9-29
    assert _state(Session, eid) == ("reminder", D(2025, 9, 29), "open")
    assert notice == "督〔2025〕0001号"
    assert _pass(Session, cal, D(2025, 9, 29)) == []  # the due day is still in time
    with Session() as s:
        assert esc.cards_by_unit(s) == {}  # 预警提醒 is no card
    created = _pass(Session, cal, D(2025, 9, 30))
    # from the missed 9-29, 3 WD: Tue 9-30, (10-1..10-8 holiday), Thu 10-9, Fri 10-10
    assert _state(Session, eid) == ("yellow", D(2025, 10, 10), "open")
    assert len(created) == 1
    with Session() as s:
        a = s.get(Alarm, created[0])
        assert (a.rule, a.level, a.case_id) == ("escalation_overdue", "red", case_id)
        assert "预警提醒" in a.message and "黄牌督办" in a.message and "2025-09-29" in a.message
        assert esc.cards_by_unit(s) == {unit_id(s, "D01"): "yellow"}
    assert _pass(Session, cal, D(2025, 10, 6)) == []  # inside the holiday: nothing moves
    assert _pass(Session, cal, D(2025, 10, 10)) == []
    assert len(_pass(Session, cal, D(2025, 10, 11))) == 1  # Saturday 10-11 is a working day: the pass climbs
    # from 10-10, 2 WD: Sat 10-11 调休 worked, (Sun 10-12 off), Mon 10-13
    assert _state(Session, eid) == ("red", D(2025, 10, 13), "open")
    assert _pass(Session, cal, D(2025, 10, 12)) == [] and _pass(Session, cal, D(2025, 10, 13)) == []
    assert len(_pass(Session, cal, D(2025, 10, 14))) == 1
    assert _state(Session, eid) == ("red", D(2025, 10, 13), "overdue")
    assert _pass(Session, cal, D(2025, 10, 20)) == []  # lapsed once; never again
    with Session() as s:
        assert esc.cards_by_unit(s) == {unit_id(s, "D01"): "red"}
        row = esc.escalation_rows(s, cal, D(2025, 10, 14), ids=[eid])[0]
        assert [(h.kind, h.level, h.due_date, h.actor) for h in row.history] == [
            ("opened", "reminder", D(2025, 9, 29), "li.jianchao"),
            ("escalated", "yellow", D(2025, 10, 10), "wall-1"),
            ("escalated", "red", D(2025, 10, 13), "wall-1"),
            ("lapsed", "red", None, "wall-1"),
        ]
        assert (row.light, row.status_name) == ("red", "逾期")
        assert s.get(Escalation, eid).overdue_alarm_id is not None
        assert [a[0] for a in audit_trail(s, f"escalation:{eid}")] == [
            "escalation.open",
            "escalation.escalated",
            "escalation.escalated",
            "escalation.lapsed",
        ]


def test_a_pass_after_a_long_gap_gives_the_same_dates(world, cal):
    Session, _case_id, alarm_id = world
    with Session.begin() as s:
        eid = esc.open_escalation(
            s,
            SUPERVISOR,
            cal,
            source_kind="alarm",
            source_id=alarm_id,
            finding="超时",
            requirement="办结",
            at=T(2025, 9, 25, 10),
        ).id
    assert len(_pass(Session, cal, D(2025, 10, 14))) == 3  # consoles off from 9-29 to 10-14: three climbs at once
    assert _state(Session, eid) == ("red", D(2025, 10, 13), "overdue")


def test_answered_and_verified_escalation_closes_and_the_card_goes(world, cal):
    Session, _case_id, alarm_id = world
    with Session.begin() as s:
        eid = esc.open_escalation(
            s,
            SUPERVISOR,
            cal,
            source_kind="alarm",
            source_id=alarm_id,
            level="yellow",
            finding="超时",
            requirement="办结",
            at=T(2025, 9, 25, 10),
        ).id
        with pytest.raises(SupervisionError, match="已有未结的督办"):
            esc.open_escalation(
                s, SUPERVISOR, cal, source_kind="alarm", source_id=alarm_id, finding="x", requirement="y"
            )
        with pytest.raises(PermissionDenied):
            esc.answer_escalation(s, OPERATOR, eid, "已办结")
        with pytest.raises(PermissionDenied):
            esc.set_ladder(s, SUPERVISOR, Ladder())
    with Session.begin() as s:
        esc.answer_escalation(s, SUPERVISOR, eid, "已于 9-29 办结，承办人作书面检讨", at=T(2025, 9, 29, 15))
    assert _pass(Session, cal, D(2025, 10, 20)) == []  # answered: waits for the supervisor, never climbs
    with Session.begin() as s:
        esc.verify_escalation(s, SUPERVISOR, eid, "核实属实", at=T(2025, 10, 9, 9))
    with Session() as s:
        assert _state(Session, eid)[2] == "closed" and esc.cards_by_unit(s) == {}
        assert audit_trail(s, f"escalation:{eid}") == [
            ("escalation.open", "li.jianchao", "supervisor", "desk-1"),
            ("escalation.answer", "li.jianchao", "supervisor", "desk-1"),
            ("escalation.verify", "li.jianchao", "supervisor", "desk-1"),
        ]


def test_an_overdue_rectification_opens_a_reminder_by_itself(world, cal):
    Session, _case_id, alarm_id = world
    with Session.begin() as s:
        rid = rx.order_rectification(
            s, SUPERVISOR, cal, alarm_id=alarm_id, deadline_days=2, at=T(2025, 9, 24, 9)
        ).id  # Wed 9-24 + 2 WD: Thu 9-25, Fri 9-26
        rx.raise_overdue_rectifications(s, D(2025, 9, 27), "wall-1")
    _pass(Session, cal, D(2025, 9, 27))
    with Session() as s:
        e = s.execute(select(Escalation)).scalar_one()
        # from the missed Fri 9-26, 3 WD: (Sat 9-27 off) Sun 9-28 调休, Mon 9-29, Tue 9-30
        assert (e.source_kind, e.source_id, e.level, e.due_date, e.automatic) == (
            "rectification",
            rid,
            "reminder",
            D(2025, 9, 30),
            True,
        )
    _pass(Session, cal, D(2025, 9, 28))
    with Session() as s:
        assert s.execute(select(Escalation)).scalars().all().__len__() == 1  # opened once


def _figures(Session, cal):
    with Session() as s:
        r = build_report(s, cal, D(2025, 9, 1), D(2025, 12, 31), unit_code="D01")
        return r.alarms["by_level"]["red"], r.ranking[0]["red_alarms"], r.followup["appeals"]


def test_upheld_appeal_cancels_the_alarm_and_it_leaves_the_units_figures(world, cal):
    Session, _case_id, alarm_id = world
    with Session.begin() as s:
        eid = esc.open_escalation(
            s,
            SUPERVISOR,
            cal,
            source_kind="alarm",
            source_id=alarm_id,
            finding="超时",
            requirement="办结",
            at=T(2025, 9, 24, 9),
        ).id
        with pytest.raises(PermissionDenied):
            ap.register_paper_appeal(s, OPERATOR, cal, alarm_id=alarm_id, appellant="x", reason="y")
        aid = ap.register_paper_appeal(
            s,
            SUPERVISOR,
            cal,
            alarm_id=alarm_id,
            appellant="规划局办公室 陈主任",
            reason="受理时间录入错误：实际受理日为 9-19",
            evidence=["受理回执扫描件 HZ-0919", "窗口登记簿第 12 页"],
            filed_at=T(2025, 9, 26, 10),
        ).id
        with pytest.raises(SupervisionError, match="已有待审查的申诉"):
            ap.register_paper_appeal(s, SUPERVISOR, cal, alarm_id=alarm_id, appellant="x", reason="y")
    with Session() as s:
        row = ap.appeal_rows(s, cal, D(2025, 9, 26))[0]
        # Fri 9-26 + 10 WD: Sun 9-28, 9-29, 9-30, (holiday) 10-9, 10-10, Sat 10-11, 10-13, 10-14, 10-15, 10-16
        assert (row.due_date, row.status_name, row.channel_name, row.evidence) == (
            D(2025, 10, 16),
            "待审查",
            "窗口登记",
            ("受理回执扫描件 HZ-0919", "窗口登记簿第 12 页"),
        )
    assert _figures(Session, cal) == (1, 1, {"filed": 1, "upheld": 0, "rejected": 0})
    with Session.begin() as s:
        ap.decide_appeal(s, SUPERVISOR, aid, True, "经核对受理回执，超时系录入错误", at=T(2025, 10, 9, 10))
    assert _figures(Session, cal) == (0, 0, {"filed": 0, "upheld": 1, "rejected": 0})
    with Session() as s:
        a = s.get(Alarm, alarm_id)
        assert a.status == "cancelled"
        assert _state(Session, eid)[2] == "cancelled"  # the 督办 about a wrong alarm goes with it
        assert s.scalars(select(AuditLog.action).where(AuditLog.actor == "li.jianchao").order_by(AuditLog.id)).all()[
            -3:
        ] == [
            "alarm.cancel",
            "escalation.cancel",
            "appeal.decide",
        ]


def test_rejected_appeal_leaves_the_alarm_standing(world, cal):
    Session, _case_id, alarm_id = world
    with Session.begin() as s:
        aid = ap.register_paper_appeal(
            s,
            SUPERVISOR,
            cal,
            alarm_id=alarm_id,
            appellant="陈主任",
            reason="系统设置错误",
            filed_at=T(2025, 9, 26, 10),
        ).id
    before = _figures(Session, cal)
    with Session.begin() as s:
        ap.decide_appeal(s, SUPERVISOR, aid, False, "受理回执与系统记录一致，超时属实", at=T(2025, 10, 9, 10))
        with pytest.raises(SupervisionError, match="已申诉驳回"):
            ap.decide_appeal(s, SUPERVISOR, aid, True, "改判")
    assert before[:2] == _figures(Session, cal)[:2] == (1, 1)
    assert _figures(Session, cal)[2] == {"filed": 0, "upheld": 0, "rejected": 1}
    with Session() as s:
        assert s.get(Alarm, alarm_id).status == "open"


def test_exchange_appeal_is_filed_once_and_names_the_alarm_by_case_and_rule(world, cal):
    Session, _case_id, alarm_id = world
    rec = {
        "type": "申诉",
        "record_id": "D01-APL-1",
        "case_no": "E1",
        "occurred_at": "2025-09-26T10:00:00+08:00",
        "rule": "promised_overdue",
        "appellant": "规划局办公室",
        "reason": "系统设置错误",
        "evidence": ["受理回执 HZ-0919"],
    }
    other = {**rec, "record_id": "D01-APL-2", "case_no": "E1", "rule": "fee_irregular"}
    lines = [json.dumps(rec, ensure_ascii=False), json.dumps(other, ensure_ascii=False)]
    first = ingest_lines(Session, lines, "ingest:D01", cal, D(2025, 9, 26))
    again = ingest_lines(Session, lines[:1], "ingest:D01", cal, D(2025, 9, 26))
    assert (first.accepted, again.accepted, again.duplicates) == (1, 0, 1)
    assert [r[2] for r in first.rejected] == ["field rule: case 'E1' has no alarm 'fee_irregular' that can be appealed"]
    with Session() as s:
        (row,) = ap.appeal_rows(s, cal, D(2025, 9, 26))
        # Fri 9-26 + 10 WD (see above): 10-16
        assert (row.alarm_id, row.channel_name, row.evidence, row.due_date, row.registered_by) == (
            alarm_id,
            "系统报送",
            ("受理回执 HZ-0919",),
            D(2025, 10, 16),
            "ingest:D01",
        )


def test_the_notice_pdf_prints_the_case_and_escapes_the_data(world, cal, tmp_path):
    from pypdf import PdfReader

    from console.supervision.escalation_notice import write_notice

    Session, _case_id, alarm_id = world
    hostile = "系统设置 <b>错误</b> & <font size=40>大</font>"
    with Session.begin() as s:
        eid = esc.open_escalation(
            s,
            SUPERVISOR,
            cal,
            source_kind="alarm",
            source_id=alarm_id,
            level="yellow",
            finding=hostile,
            requirement="三日内办结",
            at=T(2025, 9, 25, 10),
        ).id
    with Session() as s:
        (row,) = esc.escalation_rows(s, cal, D(2025, 9, 25), ids=[eid])
    pdf = write_notice(row, tmp_path / "notice.pdf", D(2025, 9, 25))
    text = PdfReader(pdf).pages[0].extract_text()
    assert "黄牌督办通知书" in text and "督〔2025〕0001号" in text
    # yellow from Thu 9-25, 3 WD: Fri 9-26, (Sat 9-27 off), Sun 9-28 调休, Mon 9-29
    assert "2025年09月29日" in text and "E1" in text
    assert "<b>错误</b> & <font size=40>大</font>" in text  # printed as typed, never taken as markup


def test_the_report_counts_escalations_and_appeals_per_unit_in_every_format(world, cal, tmp_path):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from console.supervision.report_export import write

    Session, _case_id, alarm_id = world
    with Session.begin() as s:
        esc.open_escalation(
            s,
            SUPERVISOR,
            cal,
            source_kind="alarm",
            source_id=alarm_id,
            level="yellow",
            finding="超时",
            requirement="办结",
            at=T(2025, 9, 25, 10),
        )
        aid = ap.register_paper_appeal(
            s, SUPERVISOR, cal, alarm_id=alarm_id, appellant="陈主任", reason="设置错误", filed_at=T(2025, 9, 26, 10)
        ).id
        ap.decide_appeal(s, SUPERVISOR, aid, False, "超时属实", at=T(2025, 9, 29, 10))
    with Session() as s:
        report = build_report(s, cal, D(2025, 9, 1), D(2025, 9, 30))
        unit_name = s.execute(select(Unit.name).where(Unit.code == "D01")).scalar_one()
    f = report.followup
    assert f["escalations"]["by_level"] == {"预警提醒": 0, "黄牌督办": 1, "红牌督办": 0}
    assert f["escalations"]["by_outcome"]["在办"] == 1 and f["appeals"]["rejected"] == 1
    (row,) = f["per_unit"]
    assert (row["unit_name"], row["黄牌督办"], row["在办"], row["申诉驳回"]) == (unit_name, 1, 1, 1)
    assert ("黄牌督办", 1) in report.summary_rows() and ("申诉驳回", 1) in report.summary_rows()
    wb = load_workbook(write(report, "xlsx", tmp_path / "r.xlsx"))
    sheet = [list(r) for r in wb["督办与申诉"].iter_rows(values_only=True)]
    assert sheet[0][:4] == ["单位", "预警提醒", "黄牌督办", "红牌督办"] and sheet[1][:3] == [unit_name, 0, 1]
    text = "".join(p.extract_text() for p in PdfReader(write(report, "pdf", tmp_path / "r.pdf")).pages)
    assert "督办与申诉（按单位）" in text


def test_two_consoles_climbing_the_same_deadline_make_one_climb(world, cal):
    """The climb is a compare-and-set on (level, missed due date): the second console's claim finds nothing."""
    from console.models.supervision import escalations as rows

    Session, _case_id, alarm_id = world
    with Session.begin() as s:
        eid = esc.open_escalation(
            s,
            SUPERVISOR,
            cal,
            source_kind="alarm",
            source_id=alarm_id,
            finding="超时",
            requirement="办结",
            at=T(2025, 9, 25, 10),
        ).id
    values = {"level": "yellow", "due_date": D(2025, 10, 10), "deadline_days": 3}
    with Session.begin() as s:
        assert rows.claim_climb(s, eid, "reminder", D(2025, 9, 29), values)
    with Session.begin() as s:  # a console that read the row before the first one committed
        assert not rows.claim_climb(s, eid, "reminder", D(2025, 9, 29), values)
    assert _pass(Session, cal, D(2025, 9, 30)) == []  # and the pass itself sees the climb done
    assert _state(Session, eid) == ("yellow", D(2025, 10, 10), "open")


def test_the_notice_names_its_officer_as_a_person_and_the_engine_as_the_system(world, cal, tmp_path):
    """The desk's 督办通知书 printed 经办人：demo.jiancha, the log-in name; a notice leaves the building with the
    officer's name (操作员 display name), and a 督办 the engine opened says it was the system."""
    from pypdf import PdfReader

    from console.services.supervision_client import SupervisionClient
    from console.supervision import auth

    Session, _case_id, alarm_id = world
    with Session.begin() as s:
        auth.add_operator(s, ADMIN, "li.jianchao", "supervisor", "Jianchao-2025!x", display_name="李监察")
        eid = esc.open_escalation(
            s, SUPERVISOR, cal, source_kind="alarm", source_id=alarm_id, level="yellow", finding="超时",
            requirement="三日内办结", at=T(2025, 9, 25, 10),
        ).id  # fmt: skip
    client = SupervisionClient(Session, "desk-1", now=lambda: T(2025, 9, 26, 10))
    text = PdfReader(client.export_notice(eid, tmp_path / "notice.pdf")).pages[0].extract_text()
    assert "经办人：李监察" in text and "li.jianchao" not in text
