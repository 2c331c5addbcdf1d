"""Supervision workflows over real rows on SQLite and PostgreSQL: rectification, 撤销, sanctions, complaints."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from console.domain import catalogue
from console.models import repository as repo
from console.models.schema import Alarm, AuditLog
from console.models.supervision_schema import AlarmCancellation, Complaint, Rectification, Sanction
from console.supervision import complaints as cp
from console.supervision import rectification as rx
from console.supervision import sanctions as sx
from console.supervision.auth import Actor
from console.supervision.errors import PermissionDenied, SupervisionError
from tests.support.factories import add_alarm, add_case, unit_id

SUPERVISOR = Actor("li.jianchao", "supervisor", "desk-1", "李监察")
OPERATOR = Actor("wang.zhiban", "operator", "wall-1", "王值班")
D = dt.date
T = dt.datetime


def audit_trail(s, target):
    return [
        (a.action, a.actor, a.role, a.console)
        for a in s.scalars(select(AuditLog).where(AuditLog.target == target).order_by(AuditLog.id))
    ]


@pytest.fixture
def world(Session, cal):
    """The catalogue, one overdue case (accepted 2025-09-22, promised 5 → due 09-29) with its red alarm."""
    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items())
        case_id = add_case(s, "R1", "D01", T(2025, 9, 22, 9), cal=cal)
        alarm_id = add_alarm(s, case_id)
    return Session, case_id, alarm_id


# ---- rectification ---------------------------------------------------------------------------


def test_supervisor_orders_answers_and_verifies_a_rectification(world, cal):
    Session, case_id, alarm_id = world
    with Session.begin() as s:
        r = rx.order_rectification(
            s,
            SUPERVISOR,
            cal,
            alarm_id=alarm_id,
            deadline_days=3,
            responsible_person="张伟",
            instructions="说明超时原因并办结",
            at=T(2025, 10, 10, 9, 30),
        )
        rid = r.id
        # Friday 10-10 + 3 working days (order day not counted): Sat 11 (调休 working day), Mon 13, Tue 14
        assert (r.due_date, r.status, r.case_id, r.unit_id) == (D(2025, 10, 14), "ordered", case_id, unit_id(s, "D01"))
    with Session.begin() as s:
        with pytest.raises(SupervisionError, match="尚未答复"):
            rx.verify_rectification(s, SUPERVISOR, rid, "核实")
        with pytest.raises(SupervisionError, match="已有未结的整改通知"):
            rx.order_rectification(s, SUPERVISOR, cal, alarm_id=alarm_id, deadline_days=3)
        rx.answer_rectification(s, SUPERVISOR, rid, "已补办结，窗口人员已作书面说明", at=T(2025, 10, 14, 16))
    with Session.begin() as s:
        rx.verify_rectification(s, SUPERVISOR, rid, "经核实整改到位", at=T(2025, 10, 15, 10))
    with Session() as s:
        r = s.get(Rectification, rid)
        assert (r.status, r.verified_by, r.verified_at) == ("verified", "li.jianchao", T(2025, 10, 15, 10))
        assert r.answer_text == "已补办结，窗口人员已作书面说明"
        assert audit_trail(s, f"rectification:{rid}") == [
            ("rectification.order", "li.jianchao", "supervisor", "desk-1"),
            ("rectification.answer", "li.jianchao", "supervisor", "desk-1"),
            ("rectification.verify", "li.jianchao", "supervisor", "desk-1"),
        ]
        order = s.scalars(select(AuditLog).where(AuditLog.action == "rectification.order")).one()
        assert order.after["due_date"] == "2025-10-14" and order.after["alarm_id"] == alarm_id


def test_a_missed_rectification_deadline_raises_its_own_alarm_once(world, cal):
    Session, case_id, alarm_id = world
    with Session.begin() as s:
        late = rx.order_rectification(s, SUPERVISOR, cal, alarm_id=alarm_id, deadline_days=3, at=T(2025, 10, 10, 9)).id
        answered = rx.order_rectification(
            s, SUPERVISOR, cal, case_id=case_id, deadline_days=3, at=T(2025, 10, 10, 9)
        ).id
        rx.answer_rectification(s, SUPERVISOR, answered, "已整改", at=T(2025, 10, 13, 9))
    with Session.begin() as s:
        clocks = {c.rectification_id: c for c in rx.rectification_clocks(s, cal, D(2025, 10, 14))}
        assert (clocks[late].due_date, clocks[late].remaining, clocks[late].light) == (D(2025, 10, 14), 1, "yellow")
        assert answered not in clocks  # answered: no countdown
        assert rx.raise_overdue_rectifications(s, D(2025, 10, 14), "wall-1") == []  # due today: not late yet
    with Session.begin() as s:
        created = rx.raise_overdue_rectifications(s, D(2025, 10, 15), "wall-1")
        assert len(created) == 1
    with Session.begin() as s:  # a second console, same day: nothing new
        assert rx.raise_overdue_rectifications(s, D(2025, 10, 15), "desk-2") == []
        assert rx.rectification_clocks(s, cal, D(2025, 10, 15))[0].light == "red"
    with Session() as s:
        alarm = s.get(Alarm, created[0])
        assert (alarm.case_id, alarm.rule, alarm.level, alarm.status, alarm.subject) == (
            case_id,
            "rectification_overdue",
            "red",
            "open",
            f"rect:{late}",
        )
        assert "2025-10-14" in alarm.message and "发改委" in alarm.message
        r = s.get(Rectification, late)
        assert (r.status, r.overdue_alarm_id) == ("overdue", created[0])
        assert s.get(Rectification, answered).status == "answered"
        n = s.execute(select(func.count()).select_from(Alarm).where(Alarm.rule == "rectification_overdue")).scalar()
        assert n == 1
    with Session.begin() as s:  # a late answer is still taken, and verified
        rx.answer_rectification(s, SUPERVISOR, late, "逾期完成整改")
        rx.verify_rectification(s, SUPERVISOR, late, "核实")
        assert s.get(Rectification, late).status == "verified"


def test_supervisor_cancels_a_false_alarm_with_a_reason_and_it_stays_in_history(world):
    Session, _case_id, alarm_id = world
    with Session.begin() as s:
        with pytest.raises(PermissionDenied):
            rx.cancel_alarm(s, OPERATOR, alarm_id, "误报")
        with pytest.raises(SupervisionError, match="须说明理由"):
            rx.cancel_alarm(s, SUPERVISOR, alarm_id, "  ")
        rx.cancel_alarm(s, SUPERVISOR, alarm_id, "事项承诺时限设置错误（应为10个工作日），属误报")
    with Session.begin() as s:
        with pytest.raises(SupervisionError, match="已撤销"):
            rx.cancel_alarm(s, SUPERVISOR, alarm_id, "again")
        with pytest.raises(SupervisionError, match="已撤销"):
            rx.order_rectification(s, SUPERVISOR, None, alarm_id=alarm_id, deadline_days=3)
    with Session() as s:
        assert s.get(Alarm, alarm_id).status == "cancelled"
        c = s.scalars(select(AlarmCancellation)).one()
        assert (c.alarm_id, c.cancelled_by, c.console) == (alarm_id, "li.jianchao", "desk-1")
        log = s.scalars(select(AuditLog).where(AuditLog.action == "alarm.cancel")).one()
        assert (log.before, log.after["status"], log.role) == ({"status": "open"}, "cancelled", "supervisor")


# ---- sanctions -------------------------------------------------------------------------------


def test_an_operator_cannot_record_a_sanction(world):
    Session, case_id, _alarm_id = world
    with Session.begin() as s, pytest.raises(PermissionDenied, match="sanction"):
        sx.record_sanction(
            s,
            OPERATOR,
            kind="口头警告",
            decided_on=D(2025, 10, 20),
            deciding_body="市监察局",
            person_name="张伟",
            person_role="承办人",
            unit_id=unit_id(s, "D01"),
            case_ids=(case_id,),
        )
    with Session() as s:
        assert s.execute(select(func.count()).select_from(Sanction)).scalar() == 0
        assert (
            s.execute(select(func.count()).select_from(AuditLog).where(AuditLog.action == "sanction.record")).scalar()
            == 0
        )


def test_sanctions_against_people_and_units_form_their_records(world):
    Session, case_id, alarm_id = world
    with Session.begin() as s:
        d01 = unit_id(s, "D01")
        sx.record_sanction(
            s,
            SUPERVISOR,
            kind="书面检讨",
            decided_on=D(2025, 10, 20),
            deciding_body="市监察局",
            person_name="张伟",
            person_role="承办人",
            unit_id=d01,
            case_ids=(case_id,),
            alarm_ids=(alarm_id,),
            text="超过承诺时限未说明理由",
        )
        sx.record_sanction(
            s,
            SUPERVISOR,
            kind="口头警告",
            decided_on=D(2025, 10, 21),
            deciding_body="市监察局",
            person_name="刘芳",
            person_role="审核人",
            unit_id=d01,
            case_ids=(case_id,),
        )
        sx.record_sanction(
            s, SUPERVISOR, kind="通报批评", decided_on=D(2025, 10, 22), deciding_body="郫县人民政府", unit_id=d01
        )
        with pytest.raises(SupervisionError, match="对单位只能给予"):
            sx.record_sanction(s, SUPERVISOR, kind="记过", decided_on=D(2025, 10, 22), deciding_body="x", unit_id=d01)
        with pytest.raises(SupervisionError, match="处分种类"):
            sx.record_sanction(
                s,
                SUPERVISOR,
                kind="罚款",
                decided_on=D(2025, 10, 22),
                deciding_body="x",
                person_name="张伟",
                person_role="承办人",
            )
        with pytest.raises(SupervisionError, match="岗位"):
            sx.record_sanction(
                s,
                SUPERVISOR,
                kind="警告",
                decided_on=D(2025, 10, 22),
                deciding_body="x",
                person_name="张伟",
                person_role="局长",
            )
    with Session() as s:
        mine = sx.person_record(s, "张伟")
        assert [(v.kind, v.person_role, v.unit_name, v.case_ids, v.alarm_ids) for v in mine] == [
            ("书面检讨", "承办人", "发改委", (case_id,), (alarm_id,))
        ]
        assert [v.kind for v in sx.unit_record(s, d01)] == ["书面检讨", "口头警告", "通报批评"]
        assert [v.kind for v in sx.unit_record(s, d01, include_people=False)] == ["通报批评"]
        assert [v.person_name for v in sx.case_record(s, case_id)] == ["张伟", "刘芳"]
        assert sx.severity("口头警告") < sx.severity("书面检讨") < sx.severity("撤职")


# ---- complaints ------------------------------------------------------------------------------


def test_a_complaint_refuses_to_close_until_four_conditions_are_recorded(world, cal):
    Session, case_id, _alarm_id = world
    with Session.begin() as s:
        c = cp.register_complaint(
            s,
            SUPERVISOR,
            cal,
            channel="电话",
            complainant="陈先生",
            summary="窗口人员业务不熟，多次往返未办成医疗保险缴费",
            case_id=case_id,
            against_person="张伟",
            registered_at=T(2025, 10, 10, 11),
        )
        cid = c.id
        # 5 working days after Friday 10-10: Sat 11 (调休), 13, 14, 15, 16
        assert (c.acceptance_due, c.against_unit_id, c.status) == (D(2025, 10, 16), unit_id(s, "D01"), "registered")
        with pytest.raises(SupervisionError, match="尚未受理"):
            cp.close_complaint(s, SUPERVISOR, cid)
        cp.decide_acceptance(s, SUPERVISOR, cal, cid, True, at=T(2025, 10, 13, 9))
        assert c.reply_due == cal.add(D(2025, 10, 13), 30)
        cp.extend_reply(s, SUPERVISOR, cal, cid, "涉及两个部门，情况复杂")
        assert (c.reply_limit_days, c.reply_due) == (60, cal.add(D(2025, 10, 13), 60))
        with pytest.raises(SupervisionError, match="已延期"):
            cp.extend_reply(s, SUPERVISOR, cal, cid, "again")
        cp.add_note(s, SUPERVISOR, cid, "已转社保局调查核实")
        for code, evidence in (
            ("facts_established", "调查报告：未落实一次性告知"),
            ("problem_solved", "已为投诉人办结缴费"),
            ("rectification_done", "社保局整改报告"),
        ):
            cp.record_condition(s, SUPERVISOR, cid, code, evidence, met_by="社保局")
        cp.record_reply(s, SUPERVISOR, cid, "已责成整改并答复投诉人", at=T(2025, 10, 30, 15))
        cp.record_callback(s, SUPERVISOR, cid, "满意")
    with Session.begin() as s:
        with pytest.raises(cp.FourConditionsIncomplete) as refused:
            cp.close_complaint(s, SUPERVISOR, cid)
        assert refused.value.missing == ["responsibility_pursued"]
        assert "四不放过" in str(refused.value) and "责任不追究不放过" in str(refused.value)
        assert s.get(Complaint, cid).status == "replied"
        cp.record_condition(
            s,
            SUPERVISOR,
            cid,
            "responsibility_pursued",
            "对窗口人员口头警告",
            met_by="县监察局",
            met_at=T(2025, 11, 3, 10),
        )
        cp.close_complaint(s, SUPERVISOR, cid, at=T(2025, 11, 3, 11))
    with Session() as s:
        c = s.get(Complaint, cid)
        assert (c.status, c.closed_by, c.satisfaction, len(c.notes)) == ("closed", "li.jianchao", "满意", 1)
        cond = {x.condition: (x.met_by, x.evidence) for x in c.conditions}
        assert cond["responsibility_pursued"] == ("县监察局", "对窗口人员口头警告") and len(cond) == 4
        actions = [a for a, *_ in audit_trail(s, f"complaint:{cid}")]
        assert actions == [
            "complaint.register",
            "complaint.accept",
            "complaint.extend",
            "complaint.note",
            "complaint.condition",
            "complaint.condition",
            "complaint.condition",
            "complaint.reply",
            "complaint.callback",
            "complaint.condition",
            "complaint.close",
        ]


def test_complaint_deadlines_light_up_like_cases(world, cal):
    Session, _case_id, _alarm_id = world
    with Session.begin() as s:
        d02 = unit_id(s, "D02")
        waiting = cp.register_complaint(
            s,
            SUPERVISOR,
            cal,
            channel="窗口",
            complainant="赵女士",
            summary="推诿",
            against_unit_id=d02,
            registered_at=T(2025, 10, 10, 9),
        ).id
        accepted = cp.register_complaint(
            s,
            SUPERVISOR,
            cal,
            channel="网络",
            complainant="匿名",
            summary="超时",
            against_unit_id=d02,
            registered_at=T(2025, 10, 10, 9),
        ).id
        cp.decide_acceptance(s, SUPERVISOR, cal, accepted, True, at=T(2025, 10, 10, 10))
        rejected = cp.register_complaint(
            s,
            SUPERVISOR,
            cal,
            channel="信件",
            complainant="孙先生",
            summary="非效能问题",
            against_unit_id=d02,
            registered_at=T(2025, 10, 10, 9),
        ).id
        cp.decide_acceptance(s, SUPERVISOR, cal, rejected, False, reason="不属于效能投诉受理范围")
        with pytest.raises(PermissionDenied):
            cp.register_complaint(s, OPERATOR, cal, channel="电话", complainant="x", summary="y", against_unit_id=d02)
        with pytest.raises(SupervisionError, match="渠道"):
            cp.register_complaint(s, SUPERVISOR, cal, channel="微信", complainant="x", summary="y", against_unit_id=d02)
    with Session() as s:
        on = {c.complaint_id: c for c in cp.complaint_clocks(s, cal, D(2025, 10, 15))}
        assert set(on) == {waiting, accepted}
        assert (on[waiting].stage, on[waiting].due, on[waiting].remaining, on[waiting].light) == (
            "acceptance",
            D(2025, 10, 16),
            2,
            "blue",
        )
        assert (on[accepted].stage, on[accepted].due, on[accepted].light) == (
            "reply",
            cal.add(D(2025, 10, 10), 30),
            "normal",
        )
        late = {c.complaint_id: c for c in cp.complaint_clocks(s, cal, D(2025, 10, 20))}
        assert (late[waiting].light, late[waiting].remaining) == ("red", -1)
