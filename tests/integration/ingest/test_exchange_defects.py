"""Regression tests for exchange data the earlier tests did not contain."""

from __future__ import annotations

from sqlalchemy import select

from console.models.schema import Alarm
from tests.integration.ingest.test_ingest_apply import db, ingest, lines, r  # noqa: F401  (fixture)


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
