"""The pure fold: case state, suspensions and due dates, data rules; dates checked by hand around 2025 National Day.

2025 calendar around the holiday: Fri 09-26 working, Sat 09-27 off, **Sun 09-28 make-up working day**,
09-29/09-30 working, **10-01..10-08 holiday**, 10-09/10-10 working, **Sat 10-11 make-up working day**, Sun 10-12 off.
A case accepted on 09-26 counts (start day not counted): 09-28=1, 09-29=2, 09-30=3, 10-09=4, 10-10=5, 10-11=6.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random

import pytest

from console.domain import rules
from console.domain.timelimits import SuspensionSpec, evaluate_one
from console.ingest.fold import ItemConfig, StepConfig, fold_case, sort_records
from console.ingest.records import parse_record

D = dt.date
ACCEPTED = "2025-09-26T10:00"
ITEM = ItemConfig(
    code="TST-001",
    statutory_days=20,
    promised_days=5,
    stop_clock_kinds=frozenset({"专家评审"}),
    fee_free=True,
    steps=(StepConfig("SL", "受理", 1), StepConfig("CB", "承办", 2), StepConfig("SH", "审核", None)),
)
_ids = itertools.count(1)


def rec(type_: str, at: str, **fields):
    return parse_record({"record_id": f"R{next(_ids)}", "type": type_, "case_no": "C1", "occurred_at": at, **fields})


def accept(at: str = ACCEPTED, **kw):
    return rec("accept", at, item_code="TST-001", unit_code="D13", handler="张三", window="A12", **kw)


_CAL = None  # the session's calendar (conftest ``cal``), set for the helpers below


@pytest.fixture(autouse=True)
def _calendar(cal):
    global _CAL
    _CAL = cal


_TODAY = D(2025, 10, 20)


def fold(records, today=_TODAY, item=ITEM):
    return fold_case(item, records, _CAL, today)


def rules_of(state):
    return sorted((a.rule, a.subject) for a in state.alarms)


# ---- state ---------------------------------------------------------------------------------------


def test_no_case_without_application_or_acceptance():
    assert fold([rec("step", "2025-09-26T11:00", step_code="CB", started_at="2025-09-26T11:00")]) is None


def test_an_application_waits_in_acceptance_from_its_receipt():
    """申办 with no decision yet: stage 申办, clock from the receipt, a 受理 step of 5 working days."""
    st = fold(
        [
            rec("apply", "2025-09-25T09:00", item_code="TST-001"),
            rec("step", "2025-09-26T11:00", step_code="CB", started_at="2025-09-26T11:00"),
        ]
    )
    assert (st.stage, st.accepted_at, st.completed_at) == ("申办", dt.datetime(2025, 9, 25, 9, 0), None)
    (step,) = st.steps
    assert (step.step_code, step.limit_days, step.ended_at) == ("SJ", 5, None) and st.alarms == ()


def test_clean_open_case():
    st = fold(
        [
            rec("apply", "2025-09-25T09:00", item_code="TST-001", channel="网上", applicant_id="510104199001011234"),
            accept(),
            rec("step", "2025-09-29T09:00", step_code="CB", started_at="2025-09-29T09:00", handler="李四"),
        ],
        today=D(2025, 9, 30),
    )
    assert st.stage == "承办" and st.current_step == "承办" and st.handler == "李四" and st.window == "A12"
    assert st.received_at == dt.datetime(2025, 9, 25, 9) and st.accepted_at == dt.datetime(2025, 9, 26, 10)
    assert st.completed_at is None and st.result is None
    assert st.channel == "网上" and st.applicant_id_masked == "5101**********1234"
    assert (st.promised_days, st.statutory_days, st.extension_days) == (5, 20, 0)
    assert st.promised_due == D(2025, 10, 10) and st.statutory_due == D(2025, 10, 30)
    assert not st.suspended and not st.due_provisional
    assert st.steps[0].limit_days == 2 and st.steps[0].due == D(2025, 10, 9)  # 09-30=1, 10-09=2
    assert st.alarms == ()


def test_completed_in_time_has_no_alarm_and_evaluation_sets_stage():
    st = fold(
        [
            accept(),
            rec("complete", "2025-10-10T17:00", result="准予", certificate_no="Z-1"),
            rec("evaluate", "2025-10-11T09:00", level="非常满意"),
        ]
    )
    assert st.stage == "评价" and st.result == "准予" and st.certificate_no == "Z-1"
    assert st.completed_at == dt.datetime(2025, 10, 10, 17)
    assert [e.level for e in st.evaluations] == [5]
    assert st.alarms == ()


def test_refused_at_counter_completes_on_the_spot():
    st = fold([accept(decision="不予受理", reason="不属于本机关职权范围")])
    assert (st.stage, st.result, st.completed_at) == ("办结", "不予受理", dt.datetime(2025, 9, 26, 10))
    assert st.result_reason == "不属于本机关职权范围" and st.alarms == ()


def test_step_records_merge_and_later_occurred_at_wins():
    start = "2025-09-29T09:00"
    first = rec("step", "2025-09-29T09:00", step_code="CB", started_at=start, handler="李四", opinion="初审")
    done = rec("step", "2025-10-09T16:00", step_code="CB", started_at=start, ended_at="2025-10-09T16:00", result="同意")
    fix = rec("step", "2025-10-10T08:00", step_code="CB", started_at=start, handler="王五")
    other = rec("step", "2025-10-09T16:00", step_code="SH", started_at="2025-10-09T16:00")
    for order in itertools.permutations([first, done, fix, other]):
        st = fold([accept(), *order])
        assert len(st.steps) == 2
        cb = st.steps[0]
        assert (cb.step_code, cb.handler, cb.opinion, cb.result) == ("CB", "王五", "初审", "同意")
        assert cb.ended_at == dt.datetime(2025, 10, 9, 16)
        assert st.current_step == "审核" and st.stage == "审核"


# ---- suspensions and due dates ---------------------------------------------------------------------


def test_supplement_wait_moves_due_date_exactly():
    st = fold(
        [
            accept(),
            rec("supplement_notice", "2025-09-29T09:00", missing_materials="营业执照副本", limit_days=5),
            rec("supplement_received", "2025-10-09T15:00"),
        ]
    )
    # 09-29, 09-30, 10-09 not counted: 09-28=1, 10-10=2, 10-11=3, 10-13=4, 10-14=5
    assert st.promised_due == D(2025, 10, 14)
    assert (
        st.promised_due
        == evaluate_one(
            _CAL, D(2025, 9, 26), 5, 20, D(2025, 10, 20), [SuspensionSpec(D(2025, 9, 29), D(2025, 10, 9))]
        ).promised_due
    )
    (s,) = st.suspensions
    assert (s.kind, s.stops_clock, s.missing_materials, s.applied_days) == ("补正", True, "营业执照副本", 5)
    assert not st.suspended


def test_running_supplement_wait_extends_to_today_and_flags_suspended():
    st = fold([accept(), rec("supplement_notice", "2025-09-29T09:00")], today=D(2025, 10, 13))
    assert st.suspended
    assert st.promised_due == D(2025, 10, 17)  # 09-28=1, then 10-14..10-17
    later = fold([accept(), rec("supplement_notice", "2025-09-29T09:00")], today=D(2025, 10, 14))
    assert later.promised_due == D(2025, 10, 20)  # one more day waited: one day later (10-18/19 weekend)


def test_capped_special_procedure_counts_again_after_its_applied_days():
    recs = [
        accept(),
        rec("special_start", "2025-09-30T09:00", procedure_id="P1", kind="专家评审", applied_days=2),
        rec("special_end", "2025-10-13T18:00", procedure_id="P1"),
    ]
    st = fold(recs)
    # only 09-30 and 10-09 (the applied 2 days) are excluded: 09-28=1, 09-29=2, 10-10=3, 10-11=4, 10-13=5
    assert st.promised_due == D(2025, 10, 13)
    assert (
        st.promised_due
        == evaluate_one(
            _CAL, D(2025, 9, 26), 5, 20, D(2025, 10, 20), [SuspensionSpec(D(2025, 9, 30), D(2025, 10, 13), 2)]
        ).promised_due
    )
    uncapped = fold(
        [
            recs[0],
            rec("special_start", "2025-09-30T09:00", procedure_id="P1", kind="专家评审", applied_days=20),
            recs[2],
        ]
    )
    assert uncapped.promised_due == D(2025, 10, 16)
    assert st.alarms == ()


def test_running_special_procedure_stops_suspending_after_its_cap():
    recs = [accept(), rec("special_start", "2025-09-30T09:00", procedure_id="P1", kind="专家评审", applied_days=2)]
    assert fold(recs, today=D(2025, 10, 9)).suspended
    assert not fold(recs, today=D(2025, 10, 10)).suspended


def test_undeclared_kind_is_recorded_but_does_not_stop_the_clock():
    st = fold(
        [
            accept(),
            rec("special_start", "2025-09-30T09:00", procedure_id="P1", kind="听证", applied_days=5),
            rec("special_end", "2025-10-13T09:00", procedure_id="P1"),
        ]
    )
    assert st.promised_due == D(2025, 10, 10)
    (s,) = st.suspensions
    assert s.kind == "听证" and not s.stops_clock and s.ended_at == dt.datetime(2025, 10, 13, 9)


def test_extension_adds_days_instead_of_stopping():
    st = fold(
        [
            accept(),
            rec(
                "special_start",
                "2025-10-09T09:00",
                procedure_id="E1",
                kind="延长审批",
                applied_days=10,
                approver="局长",
            ),
        ]
    )
    assert st.extension_days == 10
    assert (st.promised_due, st.statutory_due) == (D(2025, 10, 23), D(2025, 11, 13))
    assert not st.suspensions[0].stops_clock and not st.suspended


def test_corrected_special_start_replaces_the_earlier_one():
    st = fold(
        [
            accept(),
            rec("special_start", "2025-09-30T09:00", procedure_id="P1", kind="专家评审", applied_days=9),
            rec(
                "special_start",
                "2025-09-30T10:00",
                procedure_id="P1",
                kind="专家评审",
                applied_days=2,
                started_at="2025-09-30T09:00",
            ),
            rec("special_end", "2025-10-13T18:00", procedure_id="P1"),
        ]
    )
    assert len(st.suspensions) == 1 and st.suspensions[0].applied_days == 2
    assert st.promised_due == D(2025, 10, 13)


def test_order_of_records_does_not_matter():
    recs = [
        rec("apply", "2025-09-25T09:00", item_code="TST-001"),
        accept(),
        rec("step", "2025-09-29T09:00", step_code="CB", started_at="2025-09-29T09:00"),
        rec("supplement_notice", "2025-09-30T09:00"),
        rec("supplement_received", "2025-10-10T09:00"),
        rec("step", "2025-10-13T09:00", step_code="CB", started_at="2025-09-29T09:00", ended_at="2025-10-13T09:00"),
        rec("special_start", "2025-10-14T09:00", procedure_id="P", kind="专家评审", applied_days=1),
        rec("special_end", "2025-10-16T09:00", procedure_id="P"),
        rec("fee", "2025-10-17T09:00", receivable=0, paid=0),
        rec("complete", "2025-10-20T09:00", result="准予"),
    ]
    want = fold(recs)
    rng = random.Random(7)
    for _ in range(20):
        shuffled = recs[:]
        rng.shuffle(shuffled)
        assert fold(shuffled) == want
    assert sort_records(reversed(recs)) == recs


# ---- data rules ----------------------------------------------------------------------------------


def test_supplement_late_counts_working_days_across_the_holiday():
    apply = rec("apply", "2025-09-26T09:00", item_code="TST-001")
    on_time = fold([apply, accept(), rec("supplement_notice", "2025-10-10T09:00")])  # 5th working day
    assert rules_of(on_time) == []
    late = fold([apply, accept(), rec("supplement_notice", "2025-10-11T09:00")])  # 6th: the make-up Saturday
    assert rules_of(late) == [("supplement_late", "")]
    (a,) = late.alarms
    assert a.level == "red" and a.message.startswith("补正告知超过5个工作日") and "6 个工作日" in a.message


def test_supplement_late_measures_from_accept_without_apply():
    assert rules_of(fold([accept(), rec("supplement_notice", "2025-10-11T09:00")])) == [("supplement_late", "")]


@pytest.mark.parametrize(
    "fee, free, fires",
    [
        (dict(receivable=100, paid=100), False, False),
        (dict(receivable=100, paid=80, relief_reason="小微企业减免"), False, False),
        (dict(receivable=100, paid=80), False, True),
        (dict(receivable=100, paid=120), False, True),
        (dict(receivable=0, paid=0), True, False),
        (dict(receivable=20, paid=20), True, True),  # a fee on a free item
    ],
)
def test_fee_irregular(fee, free, fires):
    from dataclasses import replace

    st = fold([accept(), rec("fee", "2025-09-29T09:00", **fee)], item=replace(ITEM, fee_free=free))
    assert rules_of(st) == ([("fee_irregular", "")] if fires else [])
    if fires:
        assert st.alarms[0].message.startswith("收费不规范")


def test_refusal_without_reason():
    assert rules_of(fold([accept(decision="不予受理")])) == [("refusal_no_reason", "")]
    assert fold([accept(decision="不予受理")]).alarms[0].message == "不予受理未说明理由"
    assert rules_of(fold([accept(), rec("complete", "2025-10-09T09:00", result="不予")])) == [("refusal_no_reason", "")]
    assert rules_of(fold([accept(), rec("complete", "2025-10-09T09:00", result="不予", reason="材料不实")])) == []


def test_refusal_alarm_names_the_decision_its_rule_name_covers():
    """One rule for both refusals that must state reasons: 不予受理 (行政许可法 第三十二条) and 不予许可 (第三十八条);
    the text names the decision in the law's words, and the rule's name covers it (the alarm dialog shows both)."""
    for records, decision in (
        ([accept(decision="不予受理")], "不予受理"),
        ([accept(), rec("complete", "2025-10-09T09:00", result="不予")], "不予许可"),
    ):
        (a,) = fold(records).alarms
        assert a.message == f"{decision}未说明理由"
        assert decision in rules.label(a.rule), rules.label(a.rule)


def test_special_after_completion_and_backdated():
    done = rec("complete", "2025-10-09T09:00", result="准予")
    after = fold(
        [
            accept(),
            done,
            rec(
                "special_start",
                "2025-10-10T09:00",
                procedure_id="P1",
                kind="专家评审",
                applied_days=3,
                started_at="2025-10-10T09:00",
            ),
        ]
    )
    assert rules_of(after) == [("special_after_completion", "P1")]
    back = fold(
        [
            accept(),
            rec(
                "special_start",
                "2025-10-09T09:30",
                procedure_id="P2",
                kind="专家评审",
                applied_days=3,
                started_at="2025-09-29T09:00",
            ),
        ]
    )
    assert rules_of(back) == [("special_backdated", "P2")]
    assert "倒签" in back.alarms[0].message
    same_day = fold(
        [
            accept(),
            rec(
                "special_start",
                "2025-10-09T17:30",
                procedure_id="P3",
                kind="专家评审",
                applied_days=3,
                started_at="2025-10-09T08:30",
            ),
        ]
    )
    assert rules_of(same_day) == []


def test_step_overdue_only_for_ended_steps_past_their_limit():
    start = dict(step_code="CB", started_at="2025-09-29T09:00")
    in_time = fold([accept(), rec("step", "2025-10-09T18:00", **start, ended_at="2025-10-09T18:00")])
    assert rules_of(in_time) == []
    late = fold([accept(), rec("step", "2025-10-10T09:00", **start, ended_at="2025-10-10T09:00")])
    assert rules_of(late) == [("step_overdue", "CB")]
    assert late.steps[0].due == D(2025, 10, 9)
    assert late.alarms[0].message == rules.message("step_overdue", step="承办", due=D(2025, 10, 9))
    still_open = fold([accept(), rec("step", "2025-09-29T09:00", **start)], today=D(2025, 10, 20))
    assert rules_of(still_open) == []  # the poller's business while the step runs
    # a supplement wait inside the step moves the step's limit too
    waited = fold(
        [
            accept(),
            rec("supplement_notice", "2025-09-30T09:00"),
            rec("supplement_received", "2025-10-09T09:00"),
            rec("step", "2025-10-11T09:00", **start, ended_at="2025-10-11T09:00"),
        ]
    )
    assert waited.steps[0].due == D(2025, 10, 11) and rules_of(waited) == []


def test_time_rules_only_for_completed_cases():
    late = fold([accept(), rec("complete", "2025-10-11T09:00", result="准予")])
    assert rules_of(late) == [("promised_overdue", "")]
    assert late.alarms[0].message == "已超过承诺时限（承诺办结日 2025-10-10）"
    very_late = fold([accept(), rec("complete", "2025-10-31T09:00", result="准予")])
    assert rules_of(very_late) == [("promised_overdue", ""), ("statutory_overdue", "")]
    open_late = fold([accept()], today=D(2025, 11, 20))
    assert rules_of(open_late) == []


def test_instant_item_overdue_next_day():
    from dataclasses import replace

    instant = replace(ITEM, promised_days=0)
    assert fold([accept(), rec("complete", "2025-09-26T16:00", result="准予")], item=instant).alarms == ()
    st = fold([accept(), rec("complete", "2025-09-28T09:00", result="准予")], item=instant)
    assert rules_of(st) == [("promised_overdue", "")] and st.promised_due == D(2025, 9, 26)


def test_explicit_limits_on_accept_override_item():
    st = fold([accept(promised_days=3, statutory_days=10)])
    assert (st.promised_days, st.statutory_days) == (3, 10)
    assert st.promised_due == D(2025, 9, 30)
