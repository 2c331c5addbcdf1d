"""Free text people type is refused with control characters, at the workflow layer the GUI and the CLI share
(console/domain/text.py ``typed_text``): every field family, on SQLite and PostgreSQL; nothing is stored and the
refusal names the character and where it is.  A multi-line note keeps its newlines and tabs."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from console.domain.errors import UserError
from console.domain.text import typed_text
from console.models.escalation_schema import Appeal, Escalation
from console.models.schema import AuditLog
from console.models.supervision_schema import AlarmCancellation, Complaint, Operator, Rectification, Sanction
from console.supervision import appeals as ap
from console.supervision import auth
from console.supervision import complaints as cx
from console.supervision import escalation as esc
from console.supervision import limits_audit as la
from console.supervision import rectification as rx
from console.supervision import sanctions as sx
from tests.integration.supervision.test_escalation_workflows import ADMIN, SUPERVISOR, T, world  # noqa: F401

RLO = "已处理\u202e情况属实"  # U+202E at the 4th character: shown reversed after it
BAD = {
    "rlo": ("\u202e", "双向文字控制符", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    "isolate": ("\u2067", "双向文字控制符", "U+2067 RIGHT-TO-LEFT ISOLATE"),
    "zwsp": ("\u200b", "零宽字符", "U+200B ZERO WIDTH SPACE"),
    "line_sep": ("\u2028", "行/段分隔符", "U+2028 LINE SEPARATOR"),
    "escape": ("\x1b", "控制字符", "U+001B"),
    "c1": ("\x9b", "控制字符", "U+009B"),
}


@pytest.mark.parametrize("key", sorted(BAD))
def test_the_refusal_names_the_character_and_its_place(key):
    c, family, what = BAD[key]
    with pytest.raises(UserError) as e:
        typed_text("整改答复", "整改" + c + "完毕", multiline=True)
    assert str(e.value) == f"整改答复第 3 个字符是{family}（{what}），不予保存：请删去后重试"


def test_newline_and_tab_only_in_a_multi_line_note():
    assert typed_text("备注", "第一行\n\t第二行", multiline=True) == "第一行\n\t第二行"
    with pytest.raises(UserError, match="第 4 个字符是控制字符（U\\+000A"):
        typed_text("显示名", "王值班\n伪造")
    with pytest.raises(UserError, match="U\\+000D"):
        typed_text("备注", "a\r\nb", multiline=True)  # CR: a line of its own on a terminal


def _count(Session, table):
    with Session() as s:
        return s.scalar(select(func.count()).select_from(table)), s.scalar(select(func.count()).select_from(AuditLog))


def _refused(Session, table, call, label):
    before = _count(Session, table)
    with pytest.raises(UserError) as e, Session.begin() as s:
        call(s)
    assert str(e.value).startswith(f"{label}第 ") and "U+202E" in str(e.value)
    assert _count(Session, table) == before  # nothing stored, nothing audited


def test_rectification_and_cancellation_forms(world, cal):  # noqa: F811
    Session, _case_id, alarm_id = world
    order = dict(deadline_days=5, alarm_id=alarm_id, at=T(2025, 9, 24, 9))
    _refused(
        Session,
        Rectification,
        lambda s: rx.order_rectification(s, SUPERVISOR, cal, **order, instructions=RLO),
        "整改要求",
    )
    _refused(
        Session,
        Rectification,
        lambda s: rx.order_rectification(s, SUPERVISOR, cal, **order, responsible_person="张\u202e三"),
        "责任人",
    )
    with Session.begin() as s:
        rid = rx.order_rectification(s, SUPERVISOR, cal, **order, instructions="限期整改\n\t说明原因").id
    with Session() as s:
        assert s.get(Rectification, rid).instructions == "限期整改\n\t说明原因"  # a multi-line note as typed
    _refused(Session, Rectification, lambda s: rx.answer_rectification(s, SUPERVISOR, rid, RLO), "整改答复")
    _refused(Session, Rectification, lambda s: rx.cancel_rectification(s, SUPERVISOR, rid, RLO), "撤销理由")
    _refused(Session, AlarmCancellation, lambda s: rx.cancel_alarm(s, SUPERVISOR, alarm_id, RLO), "撤销理由")


def test_escalation_and_appeal_forms(world, cal):  # noqa: F811
    Session, _case_id, alarm_id = world
    common = dict(source_kind="alarm", source_id=alarm_id, at=T(2025, 9, 25, 10))
    _refused(
        Session,
        Escalation,
        lambda s: esc.open_escalation(s, SUPERVISOR, cal, **common, finding=RLO, requirement="办结"),
        "督办事由",
    )
    _refused(
        Session,
        Escalation,
        lambda s: esc.open_escalation(s, SUPERVISOR, cal, **common, finding="超时", requirement=RLO),
        "督办要求",
    )
    paper = dict(alarm_id=alarm_id, filed_at=T(2025, 9, 26, 10))
    _refused(
        Session,
        Appeal,
        lambda s: ap.register_paper_appeal(s, SUPERVISOR, cal, **paper, appellant="陈\u202e主任", reason="设置错误"),
        "申诉人",
    )
    _refused(
        Session,
        Appeal,
        lambda s: ap.register_paper_appeal(s, SUPERVISOR, cal, **paper, appellant="陈主任", reason=RLO),
        "申诉理由",
    )
    with Session.begin() as s:
        aid = ap.register_paper_appeal(s, SUPERVISOR, cal, **paper, appellant="陈主任", reason="设置错误").id
    _refused(
        Session, Appeal, lambda s: ap.decide_appeal(s, SUPERVISOR, aid, False, RLO, at=T(2025, 9, 29, 10)), "审查意见"
    )


def test_complaint_and_sanction_forms(world, cal):  # noqa: F811
    Session, case_id, _alarm_id = world
    reg = dict(channel="电话", case_id=case_id, registered_at=T(2025, 9, 24, 9))
    _refused(
        Session,
        Complaint,
        lambda s: cx.register_complaint(s, SUPERVISOR, cal, **reg, complainant="刘\u202e某", summary="超时"),
        "投诉人",
    )
    _refused(
        Session,
        Complaint,
        lambda s: cx.register_complaint(s, SUPERVISOR, cal, **reg, complainant="刘某", summary=RLO),
        "投诉内容",
    )
    _refused(
        Session,
        Complaint,
        lambda s: cx.register_complaint(
            s, SUPERVISOR, cal, **reg, complainant="刘某", summary="超时", complainant_contact="138\u202e0000"
        ),
        "投诉人联系方式",
    )
    decision = dict(kind="口头警告", decided_on=dt.date(2025, 9, 30), person_role="承办人", case_ids=(case_id,))
    _refused(
        Session,
        Sanction,
        lambda s: sx.record_sanction(s, SUPERVISOR, **decision, deciding_body="监察室", person_name="张\u202e三"),
        "被处理人",
    )
    _refused(
        Session,
        Sanction,
        lambda s: sx.record_sanction(s, SUPERVISOR, **decision, deciding_body="监察\u202e室", person_name="张三"),
        "决定机关",
    )
    _refused(
        Session,
        Sanction,
        lambda s: sx.record_sanction(s, SUPERVISOR, **decision, deciding_body="监察室", person_name="张三", text=RLO),
        "处理决定",
    )


def test_operator_and_item_limit_forms(world, cal):  # noqa: F811
    Session = world[0]
    _refused(
        Session,
        Operator,
        lambda s: auth.add_operator(s, ADMIN, "wang", "operator", "Wang-pass-2026!", "王\u202e值班"),
        "显示名",
    )
    _refused(
        Session,
        Operator,
        lambda s: la.change_item_limits(s, ADMIN, cal, "D01-001", promised_days=10, reason=RLO),
        "修改理由",
    )


def test_a_typed_text_has_a_length_limit():
    from console.domain.text import MAX_TYPED_CHARS

    assert typed_text("督办事由", "长" * MAX_TYPED_CHARS, multiline=True) == "长" * MAX_TYPED_CHARS
    with pytest.raises(UserError) as e:
        typed_text("督办事由", "长" * 3010, multiline=True)
    assert str(e.value).startswith("督办事由过长（3010 个字符，最多 2000 个），不予保存")


def test_the_forms_refuse_a_pasted_page_and_store_nothing(world, cal):  # noqa: F811
    """A 3,010-character 督办事由 and a 3,000-character 申诉理由 were accepted (and then pushed the 监督工作
    window off the screen): refused with the field's name, nothing stored or audited."""
    Session, _case_id, alarm_id = world

    def refused(table, call, label):
        before = _count(Session, table)
        with pytest.raises(UserError, match=f"^{label}过长"), Session.begin() as s:
            call(s)
        assert _count(Session, table) == before

    common = dict(source_kind="alarm", source_id=alarm_id, at=T(2025, 9, 25, 10))
    long_text = "超时未办结，" * 502  # 3,012 characters
    refused(
        Escalation,
        lambda s: esc.open_escalation(s, SUPERVISOR, cal, **common, finding=long_text, requirement="办结"),
        "督办事由",
    )
    paper = dict(alarm_id=alarm_id, filed_at=T(2025, 9, 26, 10), appellant="陈主任")
    refused(Appeal, lambda s: ap.register_paper_appeal(s, SUPERVISOR, cal, **paper, reason="理" * 3000), "申诉理由")
    order = dict(deadline_days=5, alarm_id=alarm_id, at=T(2025, 9, 24, 9))
    long_order = dict(order, instructions="改" * 2001)
    refused(Rectification, lambda s: rx.order_rectification(s, SUPERVISOR, cal, **long_order), "整改要求")
