"""Regression tests for exchange data the earlier tests did not contain."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from console.models.schema import Alarm
from tests.integration.ingest.test_ingest_apply import case_state, db, ingest, lines, r, story  # noqa: F401


def test_two_procedures_sharing_a_long_prefix_are_two_alarms(db, cal):  # noqa: F811
    """Alarm subjects were cut to 32 characters: two back-dated procedures whose ids share a 32-character prefix
    became one alarm."""
    prefix = "SP-510104-2025-0926-EXPERTREVIEW-"  # 33 characters
    assert len(prefix) > 32
    case = [r("B1", "accept", "2025-09-26T10:00", "C-7", item_code="TST-001", unit_code="D13")]
    for n in (1, 2):
        case.append(
            r(
                f"B{n + 1}",
                "special_start",
                "2025-10-14T09:00",
                "C-7",
                procedure_id=f"{prefix}{n}",
                kind="专家评审",
                started_at="2025-10-09T09:00",  # reported five days after it began: 倒签
                applied_days=3,
            )
        )
    ingest(db, cal, lines(case))
    with db() as s:
        got = sorted(s.scalars(select(Alarm.subject).where(Alarm.rule == "special_backdated")))
    assert got == [f"{prefix}1", f"{prefix}2"]


def corrected_accept_story(case_no: str, prefix: str) -> list[dict]:
    """A story whose acceptance is corrected by a later accept that gives no limits."""
    recs = story(case_no, prefix)
    recs[1] = {**recs[1], "promised_days": 3, "statutory_days": 10}
    fix = {**recs[1], "record_id": f"{prefix}-fix", "occurred_at": "2025-09-26T11:00", "handler": "王五"}
    del fix["promised_days"], fix["statutory_days"]
    return [*recs, fix]


def test_a_corrected_accept_without_limits_is_the_same_in_one_file_or_two(db, cal):  # noqa: F811
    one = corrected_accept_story("C-ONE", "A")
    ingest(db, cal, lines(one))
    two = corrected_accept_story("C-TWO", "B")
    ingest(db, cal, lines(two[:-1]))  # the first delivery: everything up to the correction
    ingest(db, cal, lines(two[-1:]))  # the second: the correction alone
    assert case_state(db, "C-TWO") == case_state(db, "C-ONE")
    assert case_state(db, "C-ONE")["case"]["promised_days"] == 3  # the earlier accept's limits stand


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_split_into_deliveries_in_any_order_gives_the_same_case(db, cal, data):  # noqa: F811
    """Property: a case's records split into any number of deliveries, each delivery's records and the
    deliveries themselves in any order, fold to the same case as one delivery of all of them."""
    n = next(_examples)
    reference = f"C-REF{n}"
    ingest(db, cal, lines(corrected_accept_story(reference, f"R{n}-")))
    recs = corrected_accept_story(f"C-P{n}", f"P{n}-")
    order = data.draw(st.permutations(range(len(recs))), label="order")
    cuts = data.draw(st.sets(st.integers(1, len(recs) - 1), max_size=len(recs) - 1), label="cuts")
    bounds = [0, *sorted(cuts), len(recs)]
    for lo, hi in itertools.pairwise(bounds):
        ingest(db, cal, lines([recs[i] for i in order[lo:hi]]))
    assert case_state(db, f"C-P{n}") == case_state(db, reference)


_examples = itertools.count()
