"""The fold lays an upheld appeal's time corrections over the records (console/domain/corrections.py); dates by
hand around 2025 National Day (see test_fold.py: accepted 09-26 counts 09-28=1, 09-29=2, 09-30=3, 10-09=4,
10-10=5, 10-11=6 (调休), 10-13=7)."""

import datetime as dt

from console.domain.corrections import ACCEPTED, COMPLETED, WAIT, CaseCorrection
from console.ingest.fold import fold_case
from tests.unit.ingest.test_deemed_acceptance import ITEM as DEEMED_ITEM
from tests.unit.ingest.test_deemed_acceptance import recs as deemed_records
from tests.unit.ingest.test_fold import ITEM, accept, rec

D = dt.date
T = dt.datetime
TODAY = D(2025, 10, 20)


def rules_of(st):
    return sorted(a.rule for a in st.alarms)


def test_a_corrected_completion_time_takes_the_overtime_away(cal):
    records = [accept(), rec("complete", "2025-10-13T09:00", result="准予")]
    before = fold_case(ITEM, records, cal, TODAY)
    assert (before.promised_due, rules_of(before)) == (D(2025, 10, 10), ["promised_overdue"])
    after = fold_case(ITEM, records, cal, TODAY, [CaseCorrection(COMPLETED, at=T(2025, 10, 10, 17))])
    assert (after.completed_at, after.promised_due, rules_of(after)) == (T(2025, 10, 10, 17), D(2025, 10, 10), [])


def test_a_completion_time_does_not_complete_an_open_case(cal):
    st = fold_case(ITEM, [accept()], cal, TODAY, [CaseCorrection(COMPLETED, at=T(2025, 10, 10, 17))])
    assert st.completed_at is None and st.stage != "办结"


def test_a_corrected_acceptance_time_replaces_the_deemed_one_and_its_alarm(cal):
    today = D(2025, 11, 12)
    before = fold_case(DEEMED_ITEM, deemed_records(), cal, today)
    assert before.promised_due == D(2025, 11, 10) and "acceptance_late" in rules_of(before)
    # accepted in fact Wed 11-05: 11-06, 11-07, 11-10, 11-11, 11-12
    after = fold_case(DEEMED_ITEM, deemed_records(), cal, today, [CaseCorrection(ACCEPTED, at=T(2025, 11, 5, 9))])
    assert (after.accepted_at, after.promised_due) == (T(2025, 11, 5, 9), D(2025, 11, 12))
    assert "acceptance_late" not in rules_of(after)


def test_an_added_special_procedure_stops_the_clock_only_if_the_item_says_so(cal):
    review = CaseCorrection(WAIT, started_at=T(2025, 9, 29, 9), ended_at=T(2025, 9, 30, 17), wait_kind="专家评审")
    st = fold_case(ITEM, [accept()], cal, TODAY, [review])
    # 09-29 and 09-30 not counted: 09-28=1, 10-09=2, 10-10=3, 10-11=4, 10-13=5
    assert st.promised_due == D(2025, 10, 13)
    (w,) = st.suspensions
    assert (w.kind, w.stops_clock, w.applied_days, w.basis) == ("专家评审", True, None, "申诉更正")
    other = CaseCorrection(WAIT, started_at=T(2025, 9, 29, 9), ended_at=T(2025, 9, 30, 17), wait_kind="听证")
    assert fold_case(ITEM, [accept()], cal, TODAY, [other]).promised_due == D(2025, 10, 10)


def test_a_wait_correction_laid_over_twice_is_the_same_and_keeps_the_recorded_end(cal):
    records = [accept(), rec("supplement_notice", "2025-10-09T09:00"), rec("supplement_received", "2025-10-10T15:00")]
    fix = CaseCorrection(WAIT, started_at=T(2025, 9, 29, 9))  # the notice was served on 09-29, keyed on 10-09
    once = fold_case(ITEM, records, cal, TODAY, [fix])
    assert [(w.started_at, w.ended_at) for w in once.suspensions] == [(T(2025, 9, 29, 9), T(2025, 10, 10, 15))]
    # 09-29 .. 10-10 not counted: 09-28=1, 10-11=2, 10-13=3, 10-14=4, 10-15=5
    assert once.promised_due == D(2025, 10, 15)
    assert fold_case(ITEM, records, cal, TODAY, [fix, fix]) == once
