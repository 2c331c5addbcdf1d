"""行政许可法 32: an application neither accepted nor told what is missing within 5 working days of receipt counts
as accepted from the day the materials arrived: its clock runs from the receipt, and 受理超时 is raised."""

import datetime as dt

from console.ingest.fold import ItemConfig, fold_case
from console.ingest.records import parse_record

ITEM = ItemConfig(code="TST-001", statutory_days=20, promised_days=5, stop_clock_kinds=frozenset(), fee_free=False)


def recs(*extra):
    base = [
        {"record_id": "A1", "type": "apply", "case_no": "C-1", "occurred_at": "2025-11-03T09:00",
         "item_code": "TST-001"},
        {"record_id": "A2", "type": "accept", "case_no": "C-1", "occurred_at": "2025-11-12T10:00",
         "item_code": "TST-001", "unit_code": "D13"},
    ]  # fmt: skip
    return [parse_record(r) for r in base + list(extra)]


def test_a_late_acceptance_counts_from_the_receipt_and_alarms(cal):
    st = fold_case(ITEM, recs(), cal, dt.date(2025, 11, 12))
    assert st.accepted_at == dt.datetime(2025, 11, 3, 9, 0)  # deemed accepted on receipt
    assert st.promised_due == dt.date(2025, 11, 10)  # 5 working days after 11-03, not after 11-12
    (hit,) = [a for a in st.alarms if a.rule == "acceptance_late"]
    assert hit.level == "red" and "相隔 7 个工作日" in hit.message


def test_a_timely_supplement_notice_or_acceptance_raises_nothing(cal):
    notice = {"record_id": "A3", "type": "supplement_notice", "case_no": "C-1", "occurred_at": "2025-11-05T09:00",
              "missing_materials": "营业执照"}  # fmt: skip
    st = fold_case(ITEM, recs(notice), cal, dt.date(2025, 11, 12))
    assert st.accepted_at == dt.datetime(2025, 11, 12, 10, 0)
    assert not [a for a in st.alarms if a.rule == "acceptance_late"]
