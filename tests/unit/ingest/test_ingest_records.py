"""Validation of single exchange records: typed output, normalisation, digest, and a reason for every rejection."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from console.ingest.records import (
    Accept,
    Evaluate,
    Fee,
    RecordError,
    SpecialEnd,
    SpecialStart,
    mask_identity,
    parse_line,
    parse_record,
)

BASE = {
    "record_id": "GZ-1",
    "type": "accept",
    "case_no": "510100-2025-000001",
    "occurred_at": "2025-09-26T10:00",
    "item_code": "D13-001",
    "unit_code": "D13",
}


def line(**changes) -> str:
    obj = {**BASE, **changes}
    return json.dumps({k: v for k, v in obj.items() if v is not ...}, ensure_ascii=False)


def reason(text: str, line_no: int | None = 7) -> str:
    with pytest.raises(RecordError) as exc:
        parse_line(text, line_no)
    return str(exc.value)


def test_valid_accept_is_typed_and_normalised():
    r = parse_line(line(handler=" 张三 ", applicant_id="510104199001011234", promised_days=5, statutory_days=20))
    assert isinstance(r, Accept)
    assert r.occurred_at == dt.datetime(2025, 9, 26, 10, 0)
    assert (r.handler, r.decision, r.limit_unit, r.promised_days) == ("张三", "受理", "工作日", 5)
    assert r.applicant_id == "5101**********1234"
    with pytest.raises(AttributeError):
        r.handler = "x"  # frozen


def test_identity_number_never_kept_whole():
    assert mask_identity("510104199001011234") == "5101**********1234"
    assert mask_identity(mask_identity("510104199001011234")) == "5101**********1234"
    assert mask_identity("12345678") == "********"
    r = parse_line(line(applicant_id="510104199001011234"))
    assert "199001011" not in json.dumps(r.body(), ensure_ascii=False)


def test_chinese_type_names_offsets_key_order_and_extra_fields_give_the_same_digest():
    a = parse_line(line())
    b = parse_line(
        json.dumps(
            {
                "unit_code": "D13",
                "item_code": "D13-001",
                "type": "受理",
                "decision": "受理",
                "occurred_at": "2025-09-26T02:00:00Z",
                "case_no": "510100-2025-000001",
                "record_id": "GZ-1",
                "vendor_extra": {"x": 1},
            },
            ensure_ascii=False,
        )
    )
    assert a == b and a.digest == b.digest and len(a.digest) == 64
    assert parse_line(line(handler="李四")).digest != a.digest


def test_offset_converted_to_shanghai_local_time():
    assert parse_line(line(occurred_at="2025-09-26T10:00:00+08:00")).occurred_at == dt.datetime(2025, 9, 26, 10)
    assert parse_line(line(occurred_at="2025-09-26T11:30+09:00")).occurred_at == dt.datetime(2025, 9, 26, 10, 30)
    assert parse_line(line(occurred_at="2025-09-25T20:00-06:00")).occurred_at == dt.datetime(2025, 9, 26, 10)


def test_body_parses_back_to_the_same_record():
    for text in (
        line(applicant_id="510104199001011234", reason="x"),
        json.dumps(
            {
                "record_id": "S",
                "type": "特别程序开始",
                "case_no": "C",
                "occurred_at": "2025-10-09T09:30",
                "procedure_id": "P1",
                "kind": "专家评审",
                "applied_days": 3,
            },
            ensure_ascii=False,
        ),
    ):
        r = parse_line(text)
        assert parse_record(r.body()) == r and parse_record(r.body()).digest == r.digest


def test_defaults_from_occurred_at():
    s = parse_record(
        {
            "record_id": "S",
            "type": "special_start",
            "case_no": "C",
            "occurred_at": "2025-10-09T09:30",
            "procedure_id": "P1",
            "kind": "专家评审",
            "applied_days": 3,
        }
    )
    e = parse_record(
        {
            "record_id": "E",
            "type": "special_end",
            "case_no": "C",
            "occurred_at": "2025-10-13T09:30",
            "procedure_id": "P1",
        }
    )
    assert isinstance(s, SpecialStart) and s.started_at == dt.datetime(2025, 10, 9, 9, 30)
    assert isinstance(e, SpecialEnd) and e.ended_at == dt.datetime(2025, 10, 13, 9, 30)


def test_levels_and_amounts():
    ev = dict(record_id="V", type="evaluate", case_no="C", occurred_at="2025-10-09T09:30")
    assert parse_record({**ev, "level": "基本满意"}) == parse_record({**ev, "level": 3})
    assert isinstance(parse_record({**ev, "level": 5}), Evaluate)
    fee = parse_record(
        dict(record_id="F", type="fee", case_no="C", occurred_at="2025-10-09T09:30", receivable=12, paid=11.999)
    )
    assert isinstance(fee, Fee) and (fee.receivable, fee.paid) == (12.0, 12.0)


def test_example_reason_reads_like_the_doc():
    assert (
        reason(line(occurred_at="2025-13-01T10:00"))
        == "line 7: field occurred_at: '2025-13-01T10:00' is not a valid datetime"
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        ('{"record_id": "GZ-1", "type": ', "not valid JSON"),
        ("[1, 2, 3]", "must be a JSON object, got array"),
        ('"accept"', "must be a JSON object, got string"),
        ("null", "must be a JSON object, got null"),
        ("", "empty line"),
        (line(record_id=...), "field record_id: is missing"),
        (line(item_code=...), "field item_code: is missing"),
        (line(case_no="   "), "field case_no: must not be empty"),
        (line(type=...), "field type: is missing"),
        (line(type="approve"), "field type: 'approve' is not a known record type"),
        (line(type=3), "field type: must be a string, got integer"),
        (line(case_no=510100), "field case_no: must be a string, got integer"),
        (line(handler=["张三"]), "field handler: must be a string, got array"),
        (line(promised_days=True), "field promised_days: must be an integer, got boolean True"),
        (line(promised_days="5"), "field promised_days: must be an integer, got string"),
        (line(promised_days=5.0), "field promised_days: must be an integer, got number"),
        (line(promised_days=-1), "field promised_days: -1 is out of range 0..999"),
        (line(promised_days=10**6), "field promised_days: 1000000 is out of range"),
        (line(promised_days=25, statutory_days=20), "field promised_days: 25 exceeds statutory_days 20"),
        (line(limit_unit="月"), "field limit_unit: '月' is not a limit unit: 工作日 (working days) or 自然日"),
        (line(decision="同意"), "field decision: '同意' is not one of 受理 / 不予受理"),
        (line(channel="电话"), "field channel: '电话' is not one of 窗口 / 网上 / 自助 / 邮寄"),
        (line(record_id="x" * 129), "field record_id: is 129 characters long, at most 128 allowed"),
        (line(window="W" * 33), "field window: is 33 characters long, at most 32 allowed"),
        (line(reason="长" * 4001), "field reason: is 4001 characters long, at most 4000 allowed"),
        (line(handler="张\x00三"), "field handler: contains control characters"),
        (line(handler="a\nb"), "field handler: contains control characters"),
        (line(occurred_at="2025-02-29T10:00"), "field occurred_at: '2025-02-29T10:00' is not a valid datetime"),
        (line(occurred_at="2025-09-26T24:00"), "is not a valid datetime"),
        (line(occurred_at="2025-09-26"), "is not a valid datetime (expected YYYY-MM-DDTHH:MM[:SS])"),
        (line(occurred_at="26/09/2025 10:00"), "is not a valid datetime"),
        (line(occurred_at=1758852000), "field occurred_at: must be a datetime string, got integer"),
        (line(occurred_at="2003-12-31T23:59"), "field occurred_at: '2003-12-31T23:59' is outside 2004–2045"),
        (line(occurred_at="2046-01-01T00:00"), "is outside 2004–2045"),
        (line(occurred_at="2045-12-31T20:00-08:00"), "is outside 2004–2045"),  # 2046-01-01 12:00 in Shanghai
        ('{"record_id": "a", "record_id": "b"}', "field 'record_id' appears twice"),
        (line(occurred_at="2025-09-26T10:00")[:-1] + ', "x": NaN}', "NaN is not a number JSON allows"),
        (line(occurred_at="2025-09-26T10:00")[:-1] + ', "x": -Infinity}', "-Infinity is not a number JSON allows"),
        ('{"n": ' + "9" * 5000 + "}", "not valid JSON"),
        ("[" * 200_000, "characters long, at most 65536 allowed"),
        ("[" * 60_000, "not valid JSON: nested too deeply"),
        (line()[:-1] + ', "handler": "\\ud800"}', "field handler: is not valid UTF-8 text (lone surrogate)"),
        (line(handler="\udcff"), "line is not valid UTF-8"),  # what a surrogateescape'd bad byte looks like
    ],
)
def test_malformed_records_rejected_with_reason(text, expected):
    got = reason(text)
    assert got.startswith("line 7: ")
    assert expected in got


@pytest.mark.parametrize(
    "fields, expected",
    [
        (dict(type="fee", receivable=1e999, paid=1), "field receivable: inf is not a finite number"),
        (dict(type="fee", receivable=float("nan"), paid=1), "field receivable: nan is not a finite number"),
        (dict(type="fee", receivable=-1, paid=1), "field receivable: -1 is out of range"),
        (dict(type="fee", receivable=1, paid=False), "field paid: must be a number, got boolean False"),
        (dict(type="fee", receivable=1), "field paid: is missing"),
        (dict(type="evaluate", level=True), "field level: True is not 1–5"),
        (dict(type="evaluate", level=6), "field level: 6 is not 1–5"),
        (dict(type="evaluate", level="很好"), "field level: '很好' is not 1–5"),
        (dict(type="special_start", procedure_id="P", kind="喝茶", applied_days=3), "field kind: '喝茶' is not one of"),
        (dict(type="special_start", procedure_id="P", kind="听证"), "field applied_days: is missing"),
        (dict(type="step", step_code="CB"), "field started_at: is missing"),
        (
            dict(type="step", step_code="CB", started_at="2025-10-09T10:00", ended_at="2025-10-09T09:00"),
            "field ended_at: 2025-10-09T09:00:00 is before started_at 2025-10-09T10:00:00",
        ),
        (
            dict(type="step", step_code="CB", started_at="2025-10-09T10:00", result="OK"),
            "field result: 'OK' is not one",
        ),
        (dict(type="complete", result="通过"), "field result: '通过' is not one of 准予 / 不予 / 退回 / 作废"),
    ],
)
def test_malformed_dicts_rejected_with_reason(fields, expected):
    with pytest.raises(RecordError) as exc:
        parse_record({"record_id": "X", "case_no": "C", "occurred_at": "2025-10-09T09:30", **fields}, 3)
    assert str(exc.value).startswith("line 3: ") and expected in str(exc.value)


def test_non_mapping_input_to_parse_record():
    for bad in (None, 5, "text", ["a"], b"{}"):
        with pytest.raises(RecordError, match="must be a JSON object"):
            parse_record(bad)


def test_markup_and_sql_are_kept_as_literal_text():
    r = parse_line(line(handler="<b>张三</b>'; DROP TABLE cases;--"))
    assert r.handler == "<b>张三</b>'; DROP TABLE cases;--"


def test_bom_and_crlf_tolerated():
    assert parse_line("\ufeff" + line() + "\r\n") == parse_line(line())
