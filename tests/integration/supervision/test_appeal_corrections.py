"""An upheld 申诉 that corrects the case's time: the correction is stored and audited, the dues re-dated at once,
the case leaves the unit's overtime and red figures, and a later re-fold of the case keeps the correction.

Dates by hand from the 2025 calendar (State Council General Office notice of 2024-11-12): Sat 9-20/Sun 9-21 and
Sat 9-27 off, Sun 9-28 worked (调休), 10-1..10-8 off, Sat 10-11 worked; a deadline does not count its first day
and a 补正 wait's days from its start to its end are not counted (行政许可法 第32条、第45条).
"""

import datetime as dt
import json

import pytest
from sqlalchemy import select

from console.domain import catalogue
from console.domain.corrections import ACCEPTED, WAIT, CaseCorrection
from console.ingest.apply import ingest_lines
from console.models import repository as repo
from console.models.escalation_schema import CaseTimeCorrection
from console.models.schema import Alarm, AuditLog, Case, Suspension
from console.supervision import appeals as ap
from console.supervision.auth import Actor
from console.supervision.errors import SupervisionError
from console.supervision.reports import build_report

SUPERVISOR = Actor("li.jianchao", "supervisor", "desk-1", "李监察")
D = dt.date
T = dt.datetime
TODAY = D(2025, 10, 9)


def _r(n: int, type_: str, at: str, **fields) -> str:
    return json.dumps(
        {"record_id": f"COR-{n}", "type": type_, "case_no": "COR-1", "occurred_at": at, **fields}, ensure_ascii=False
    )


# D01-002 建筑工程施工许可: promised 7, statutory 15 working days
RECORDS = [
    _r(1, "accept", "2025-09-15T09:00", item_code="D01-002", unit_code="D01", handler="张三", window="A1"),
    _r(2, "supplement_notice", "2025-09-24T10:00", missing_materials="施工图审查合格书"),
    _r(3, "supplement_received", "2025-09-26T09:00"),
    _r(4, "complete", "2025-09-30T16:00", result="准予", certificate_no="SG-1"),
]


@pytest.fixture
def folded(Session, cal):
    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items())
    report = ingest_lines(Session, RECORDS, "ingest:D01", cal, TODAY)
    assert report.accepted == 4 and not report.rejected
    return Session


def _case(Session):
    with Session() as s:
        c = s.scalars(select(Case).where(Case.case_no == "COR-1")).one()
        waits = [
            (w.kind, w.started_at, w.ended_at) for w in s.scalars(select(Suspension).where(Suspension.case_id == c.id))
        ]
        alarms = {a.rule: a.status for a in s.scalars(select(Alarm).where(Alarm.case_id == c.id))}
        return c.id, c.accepted_at, c.promised_due, c.statutory_due, waits, alarms


def _overtime_and_red(Session, cal):
    with Session() as s:
        # to today: the ingest raised the case's alarms today, the report counts them by when they were raised
        r = build_report(s, cal, D(2025, 9, 1), repo.now().date(), unit_code="D01")
        return r.ranking[0]["overtime"], r.alarms["by_level"]["red"]


def _appeal(Session, cal, alarm_rule="promised_overdue"):
    with Session.begin() as s:
        case_id = s.scalars(select(Case.id).where(Case.case_no == "COR-1")).one()
        alarm_id = s.scalars(select(Alarm.id).where(Alarm.case_id == case_id, Alarm.rule == alarm_rule)).one()
        return ap.register_paper_appeal(
            s,
            SUPERVISOR,
            cal,
            alarm_id=alarm_id,
            appellant="卫健委办公室 陈主任",
            reason="补正告知书 9 月 18 日已送达申请人，系统 24 日才补录",
            evidence=["补正告知书送达回证 BZ-0918"],
            filed_at=T(2025, 10, 9, 9),
        ).id


def test_an_upheld_appeal_corrects_the_wait_and_a_refold_keeps_it(folded, cal):
    Session = folded
    # as recorded: counted 9-16..9-19 (1-4), 9-22 (5), 9-23 (6), the wait 9-24..9-26 not, Sun 9-28 (7): due 9-28;
    # statutory 9-29 (8), 9-30 (9), 10-9 (10), 10-10 (11), Sat 10-11 (12), 10-13..10-15 (13-15): due 10-15
    case_id, _, pdue, sdue, waits, alarms = _case(Session)
    assert (pdue, sdue) == (D(2025, 9, 28), D(2025, 10, 15))
    assert waits == [("补正", T(2025, 9, 24, 10), T(2025, 9, 26, 9))]
    # completed 9-30, after 9-28; the notice 7 working days after acceptance, 5 allowed (行政许可法 第32条)
    assert alarms == {"promised_overdue": "open", "supplement_late": "open"}
    assert _overtime_and_red(Session, cal) == (1, 2)

    aid = _appeal(Session, cal)
    fix = CaseCorrection(WAIT, started_at=T(2025, 9, 18, 9))  # its end stays the recorded 9-26
    with Session.begin() as s:
        with pytest.raises(SupervisionError, match="驳回的申诉不更正"):
            ap.decide_appeal(s, SUPERVISOR, aid, False, "x", corrections=(fix,), cal=cal)
        ap.decide_appeal(s, SUPERVISOR, aid, True, "送达回证属实", at=T(2025, 10, 9, 10), corrections=(fix,), cal=cal)
    # corrected: counted 9-16 (1), 9-17 (2), the wait 9-18..9-26 not, 9-28 (3), 9-29 (4), 9-30 (5), 10-9 (6),
    # 10-10 (7): due 10-10; statutory 10-11 (8), 10-13..10-17 (9-13), 10-20 (14), 10-21 (15): due 10-21
    _, _, pdue, sdue, _, alarms = _case(Session)
    assert (pdue, sdue) == (D(2025, 10, 10), D(2025, 10, 21))
    # the appeal was against the overtime: the late-notice alarm is another alarm, with its own appeal
    assert alarms == {"promised_overdue": "cancelled", "supplement_late": "open"}
    assert _overtime_and_red(Session, cal) == (0, 1)  # completed 9-30, in time: out of the unit's figures
    with Session() as s:
        (row,) = s.scalars(select(CaseTimeCorrection)).all()
        assert (row.case_id, row.appeal_id, row.made_by, row.made_at, row.reason) == (
            case_id,
            aid,
            "li.jianchao",
            T(2025, 10, 9, 10),
            "送达回证属实",
        )
        actions = s.scalars(select(AuditLog.action).where(AuditLog.actor == "li.jianchao").order_by(AuditLog.id))
        assert list(actions)[-4:] == ["alarm.cancel", "appeal.correct", "case.redate", "appeal.decide"]
        (row,) = ap.appeal_rows(s, cal, TODAY)
        assert row.corrections == ("补正期间 2025-09-18 09:00 至 原记录结束时间",)

    # a late record re-folds the case from all its records: the correction is laid over them again
    late = [_r(5, "evaluate", "2025-10-09T11:00", level="满意")]
    assert ingest_lines(Session, late, "ingest:D01", cal, TODAY).cases_touched == 1
    _, _, pdue, sdue, waits, alarms = _case(Session)
    assert (pdue, sdue) == (D(2025, 10, 10), D(2025, 10, 21))
    assert waits == [("补正", T(2025, 9, 18, 9), T(2025, 9, 26, 9))]
    assert alarms == {"promised_overdue": "cancelled", "supplement_late": "open"}  # nothing raised again
    assert _overtime_and_red(Session, cal) == (0, 1)


def test_a_corrected_acceptance_time_moves_the_dues_and_survives_the_refold(folded, cal):
    Session = folded
    aid = _appeal(Session, cal)
    # the acceptance was keyed four days early: really Fri 9-19.  Counted 9-22 (1), 9-23 (2), wait 9-24..9-26,
    # 9-28 (3), 9-29 (4), 9-30 (5), 10-9 (6), 10-10 (7): due 10-10; statutory 10-11 (8), 10-13..10-17 (9-13),
    # 10-20 (14), 10-21 (15): due 10-21
    with Session.begin() as s:
        ap.decide_appeal(
            s,
            SUPERVISOR,
            aid,
            True,
            "受理回执日期为 9 月 19 日",
            at=T(2025, 10, 9, 10),
            corrections=(CaseCorrection(ACCEPTED, at=T(2025, 9, 19, 9)),),
            cal=cal,
        )
    assert _case(Session)[2:4] == (D(2025, 10, 10), D(2025, 10, 21))
    ingest_lines(Session, [_r(5, "evaluate", "2025-10-09T11:00", level="满意")], "ingest:D01", cal, TODAY)
    _, accepted, pdue, sdue, _, _ = _case(Session)
    assert (accepted, pdue, sdue) == (T(2025, 9, 19, 9), D(2025, 10, 10), D(2025, 10, 21))
    assert _overtime_and_red(Session, cal) == (0, 1)


def test_a_correction_needs_its_times(folded, cal):
    Session = folded
    aid = _appeal(Session, cal)
    with Session.begin() as s, pytest.raises(SupervisionError, match="需要开始时间"):
        ap.decide_appeal(s, SUPERVISOR, aid, True, "x", corrections=(CaseCorrection(WAIT),), cal=cal)


def test_an_open_cases_correction_is_what_the_poll_and_the_calendar_re_dating_count(Session, cal):
    """Open case: the open set the poll evaluates lays the correction over the stored rows, so re-dating the open
    cases (a calendar change) keeps the corrected dues instead of going back to the recorded wait."""
    from console.models.openset import fetch_cases
    from console.models.recompute import recompute_open_due_dates

    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items())
    # D01-002, promised 7: accepted Mon 9-15, the 补正 wait recorded 9-24..9-26: due 9-28 (see above)
    ingest_lines(Session, RECORDS[:3], "ingest:D01", cal, TODAY)
    with Session.begin() as s:
        case_id = s.scalars(select(Case.id).where(Case.case_no == "COR-1")).one()
        alarm_id = repo.raise_alarms(
            s, [repo.AlarmSpec(case_id=case_id, rule="promised_overdue", level="red", message="超过承诺时限")], "wall-1"
        )[0]
        aid = ap.register_paper_appeal(
            s,
            SUPERVISOR,
            cal,
            alarm_id=alarm_id,
            appellant="陈主任",
            reason="补正告知补录较晚",
            filed_at=T(2025, 10, 9, 9),
        ).id
        ap.decide_appeal(
            s, SUPERVISOR, aid, True, "属实", at=T(2025, 10, 9, 10),
            corrections=(CaseCorrection(WAIT, started_at=T(2025, 9, 18, 9)),), cal=cal,
        )  # fmt: skip
    assert _case(Session)[2] == D(2025, 10, 10)  # the wait 9-18..9-26: due 10-10 (see above)
    with Session.begin() as s:
        (rec,) = fetch_cases(s, case_ids=[case_id])
        assert [(cal.date(a), cal.date(b)) for a, b, _ in rec.suspensions] == [(D(2025, 9, 18), D(2025, 9, 26))]
        assert recompute_open_due_dates(s, cal, TODAY) == 0  # nothing to change: the open set agrees
    assert _case(Session)[2] == D(2025, 10, 10)
