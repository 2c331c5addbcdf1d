"""The ``appeal`` (申诉) exchange record: validated like every other type, with its reason a person can act on."""

import datetime as dt
import json

import pytest

from console.ingest.records import AppealRecord, RecordError, parse_line, parse_record

BASE = {
    "type": "申诉",
    "record_id": "D13-APL-7",
    "case_no": "510100-2025-0001",
    "occurred_at": "2025-09-26T10:00:00+08:00",
    "rule": "promised_overdue",
    "appellant": "规划局办公室",
    "reason": "系统时限设置错误",
    "evidence": ["受理回执 HZ-0919", "  ", "窗口登记簿第 12 页"],
}


def test_an_appeal_parses_normalises_and_round_trips():
    r = parse_line(json.dumps(BASE, ensure_ascii=False))
    assert isinstance(r, AppealRecord)
    assert (r.type, r.occurred_at, r.evidence) == (
        "appeal",
        dt.datetime(2025, 9, 26, 10, 0),
        ("受理回执 HZ-0919", "窗口登记簿第 12 页"),  # blank references dropped
    )
    assert parse_record(r.body()) == r


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"reason": None}, "field reason: is missing"),
        ({"appellant": "  "}, "field appellant: must not be empty"),
        ({"evidence": "附件1"}, "field evidence: must be a list of strings"),
        ({"evidence": ["x"] * 21}, "field evidence: has 21 references, at most 20 allowed"),
        ({"evidence": [3]}, "field evidence: must be a string"),
        ({"rule": "r" * 33}, "field rule: is 33 characters long"),
    ],
)
def test_a_bad_appeal_is_refused_with_its_reason(change, message):
    rec = {k: v for k, v in {**BASE, **change}.items() if v is not None}
    with pytest.raises(RecordError) as e:
        parse_record(rec)
    assert str(e.value).startswith(message)
