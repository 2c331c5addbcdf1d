"""Ingest into a real database (SQLite file and PostgreSQL): storage, idempotency, order, quarantine, alarms, CLI."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, update

from console.domain import catalogue
from console.domain.catalogue import ItemSpec, StepSpec
from console.domain.timelimits import SuspensionSpec, evaluate_one
from console.ingest import apply as apply_mod
from console.ingest.apply import ingest_lines, ingest_records, quarantine_text
from console.ingest.cli import add_ingest_parser
from console.ingest.records import parse_line
from console.models import repository as repo
from console.models.schema import (
    Alarm,
    Case,
    CaseEvent,
    Evaluation,
    ExchangeRecord,
    Fee,
    Item,
    Quarantine,
    Suspension,
)

D = dt.date
TODAY = D(2025, 10, 20)
STEPS = (
    StepSpec("SL", "受理", 1),
    StepSpec("CB", "承办", 2),
    StepSpec("SH", "审核", None),
    StepSpec("BJ", "办结", None),
)
TEST_ITEMS = [
    ItemSpec("TST-001", "测试事项", "D13", 20, 5, ("专家评审",), 0, STEPS),
    ItemSpec("TST-FEE", "收费测试事项", "D13", 20, 10, (), 120.0, STEPS),
]


@pytest.fixture
def db(Session):
    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items() + TEST_ITEMS)
    return Session


def r(rid: str, type_: str, at: str, case_no: str = "C-1", **fields) -> dict:
    return {"record_id": rid, "type": type_, "case_no": case_no, "occurred_at": at, **fields}


def story(case_no: str = "C-1", prefix: str = "R") -> list[dict]:
    """A complete case with a supplement wait and a capped expert review, around 2025 National Day."""
    p = lambda n: f"{prefix}{n}"  # noqa: E731
    return [
        r(p(1), "apply", "2025-09-25T09:00", case_no, item_code="TST-001", applicant_id="510104199001011234"),
        r(
            p(2),
            "受理",
            "2025-09-26T10:00",
            case_no,
            item_code="TST-001",
            unit_code="D13",
            handler="张三",
            window="A12",
            region_code="510104",
        ),
        r(p(3), "step", "2025-09-28T09:00", case_no, step_code="CB", started_at="2025-09-28T09:00", handler="李四"),
        r(p(4), "supplement_notice", "2025-09-29T09:00", case_no, missing_materials="营业执照副本"),
        r(p(5), "supplement_received", "2025-10-09T15:00", case_no),
        r(
            p(6),
            "step",
            "2025-10-10T17:00",
            case_no,
            step_code="CB",
            started_at="2025-09-28T09:00",
            ended_at="2025-10-10T17:00",
            result="同意",
        ),
        r(p(7), "special_start", "2025-10-11T09:00", case_no, procedure_id="P1", kind="专家评审", applied_days=1),
        r(p(8), "special_end", "2025-10-14T09:00", case_no, procedure_id="P1"),
        r(p(9), "fee", "2025-10-15T09:00", case_no, receivable=0, paid=0),
        r(p(10), "complete", "2025-10-15T16:00", case_no, result="准予", certificate_no="Z-1"),
        r(p(11), "evaluate", "2025-10-16T09:00", case_no, level="满意"),
    ]


def lines(records: list[dict]) -> list[str]:
    return [json.dumps(x, ensure_ascii=False) for x in records]


def ingest(Session, cal, text_lines, source="test.jsonl"):
    return ingest_lines(Session, text_lines, source, cal=cal, today=TODAY)


def counts(Session) -> dict:
    with Session() as s:
        out = {
            m.__tablename__: s.execute(select(func.count()).select_from(m)).scalar_one()
            for m in (Case, CaseEvent, Suspension, Fee, Evaluation, Alarm, ExchangeRecord, Quarantine)
        }
        out["change_seq"] = repo.current_change_seq(s)
        out["case_seqs"] = sorted(s.scalars(select(Case.change_seq)))
        return out


def case_state(Session, case_no: str) -> dict:
    """Everything the fold wrote for a case, without ids and write stamps."""
    with Session() as s:
        c = s.scalars(select(Case).where(Case.case_no == case_no)).one()
        skip = {"id", "case_no", "change_seq", "updated_at"}
        row = {col.key: getattr(c, col.key) for col in Case.__table__.columns if col.key not in skip}

        def children(model):
            cols = [col.key for col in model.__table__.columns if col.key not in ("id", "case_id")]
            return sorted(
                tuple(str(getattr(x, k)) for k in cols) for x in s.scalars(select(model).where(model.case_id == c.id))
            )

        return {"case": row, **{m.__tablename__: children(m) for m in (CaseEvent, Suspension, Fee, Evaluation)}}


# ---- a case lands --------------------------------------------------------------------------------


def test_story_lands_with_engine_due_dates(db, cal):
    rep = ingest(db, cal, lines(story()))
    assert (rep.accepted, rep.duplicates, rep.rejected, rep.cases_touched, rep.alarms_raised) == (11, 0, [], 1, 0)
    with db() as s:
        c = s.scalars(select(Case).where(Case.case_no == "C-1")).one()
        assert (c.stage, c.result, c.certificate_no) == ("评价", "准予", "Z-1")
        assert c.item.code == "TST-001" and c.unit.code == "D13" and c.region_code == "510104"
        assert c.applicant_id_masked == "5101**********1234"
        assert c.received_at == dt.datetime(2025, 9, 25, 9) and c.completed_at == dt.datetime(2025, 10, 15, 16)
        # counted: 09-28=1, [09-29..10-09 waiting], 10-10=2, [10-11 review, its 1 applied day], 10-13=3,
        # 10-14=4, 10-15=5
        assert c.promised_due == D(2025, 10, 15)
        assert c.statutory_due == D(2025, 11, 5)  # ... 10-31=17, 11-03=18, 11-04=19, 11-05=20
        engine = evaluate_one(
            cal,
            D(2025, 9, 26),
            5,
            20,
            D(2025, 10, 15),
            [SuspensionSpec(D(2025, 9, 29), D(2025, 10, 9)), SuspensionSpec(D(2025, 10, 11), D(2025, 10, 14), 1)],
        )
        assert (engine.promised_due, engine.statutory_due) == (c.promised_due, c.statutory_due)
        assert c.change_seq == repo.current_change_seq(s) and c.updated_at is not None
        events = s.scalars(select(CaseEvent).where(CaseEvent.case_id == c.id)).all()
        assert [(e.step_code, e.step_name, e.result, e.limit_days, e.due) for e in events] == [
            ("CB", "承办", "同意", 2, D(2025, 10, 13))
        ]  # 10-10=1, [10-11 review], 10-13=2
        susp = s.scalars(select(Suspension).where(Suspension.case_id == c.id).order_by(Suspension.started_at)).all()
        assert [(x.kind, x.stops_clock, x.applied_days) for x in susp] == [("补正", True, None), ("专家评审", True, 1)]
        assert s.execute(select(func.count()).select_from(Alarm)).scalar_one() == 0
        body = s.get(ExchangeRecord, "R1").body
        assert body["applicant_id"] == "5101**********1234" and s.get(ExchangeRecord, "R2").type == "accept"


def test_reingest_of_the_same_file_changes_nothing(db, cal):
    text = lines(story()) + ["not json", json.dumps(r("B1", "fee", "2025-10-15T09:00", receivable=True, paid=1))]
    first = ingest(db, cal, text)
    assert first.accepted == 11 and len(first.rejected) == 2
    before = counts(db)
    again = ingest(db, cal, text)
    assert (again.accepted, again.duplicates, again.cases_touched, again.alarms_raised) == (0, 11, 0, 0)
    assert [x[1] for x in again.rejected] == [12, 13]  # still reported, not stored twice
    assert counts(db) == before


def test_same_record_id_different_content_is_a_conflict(db, cal):
    ingest(db, cal, lines(story()))
    changed = story()[9] | {"result": "不予"}
    rep = ingest(db, cal, lines([changed]))
    assert rep.accepted == 0 and rep.rejected == [
        ("test.jsonl", 1, "conflict: record_id 'R10' was already received with different content")
    ]
    within = ingest(
        db,
        cal,
        lines(
            [
                r("X1", "evaluate", "2025-10-16T09:00", level=5),
                r("X1", "evaluate", "2025-10-16T09:00", level=5),
                r("X1", "evaluate", "2025-10-16T09:00", level=1),
            ]
        ),
    )
    assert (within.accepted, within.duplicates, [x[1] for x in within.rejected]) == (1, 1, [3])


def test_shuffled_arrival_gives_the_same_case(db, cal):
    ingest(db, cal, lines(story("C-ORDER", "O")))
    shuffled = story("C-SHUF", "S")
    random.Random(2009).shuffle(shuffled)
    for one in shuffled:  # one record per delivery: every intermediate state is folded and written
        ingest(db, cal, lines([one]))
    assert case_state(db, "C-SHUF") == case_state(db, "C-ORDER")


def test_records_wait_for_their_accept(db, cal):
    s1 = story()
    waiting = ingest(db, cal, lines([s1[2], s1[3]]))  # neither the application nor the acceptance yet
    assert waiting.accepted == 2 and waiting.cases_touched == 0 and counts(db)["cases"] == 0
    early = ingest(db, cal, lines([s1[0]]))  # the application: shown from its receipt, stage 申办
    assert early.cases_touched == 1
    with db() as s:
        assert s.scalars(select(Case.stage)).one() == "申办"
    late = ingest(db, cal, lines([s1[1]]))
    assert late.cases_touched == 1
    with db() as s:
        c = s.scalars(select(Case)).one()
        assert c.suspended and c.stage == "承办"  # the supplement wait is still running on TODAY
        assert len(s.scalars(select(CaseEvent)).all()) == 1


def test_limits_as_accepted_survive_an_item_edit(db, cal):
    ingest(db, cal, lines(story()[:2]))
    with db.begin() as s:
        s.execute(update(Item).where(Item.code == "TST-001").values(promised_days=1))
    ingest(db, cal, lines(story()[2:3]))
    with db() as s:
        assert s.scalars(select(Case.promised_days)).one() == 5


# ---- rejections ----------------------------------------------------------------------------------


def test_each_malformed_record_rejected_with_its_reason_while_good_ones_land(db, cal):
    good = lines(story())
    bad = [
        "{oops",
        "[]",
        json.dumps(r("B1", "accept", "2025-09-26T10:00", "C-2", item_code="NOPE-1", unit_code="D13")),
        json.dumps(r("B2", "accept", "2025-09-26T10:00", "C-2", item_code="TST-001", unit_code="X99")),
        json.dumps(
            r("B3", "accept", "2025-09-26T10:00", "C-2", item_code="TST-001", unit_code="D13", promised_days=30)
        ),
        json.dumps(r("B4", "step", "2025-13-01T10:00", step_code="CB", started_at="2025-09-28T09:00")),
        json.dumps(r("B5", "evaluate", "2025-10-16T09:00", level=True)),
        json.dumps(
            r(
                "B6",
                "apply",
                "2025-09-25T09:00",
                "C-3",
                item_code="TST-001",
                applicant_id="510104199001011234",
                applicant_name="x" * 300,
            )
        ),
        '{"record_id": "B7", "type": "fee", "case_no": "C-1", "occurred_at": "2025-10-15T09:00", '
        '"receivable": NaN, "paid": 1}',
    ]
    mixed = [
        good[0],
        bad[0],
        good[1],
        bad[1],
        bad[2],
        bad[3],
        bad[4],
        good[2],
        bad[5],
        bad[6],
        bad[7],
        bad[8],
        *good[3:],
    ]
    rep = ingest(db, cal, mixed, source="mixed.jsonl")
    assert rep.accepted == len(good)
    got = {line: reason for _, line, reason in rep.rejected}
    assert sorted(got) == [2, 4, 5, 6, 7, 9, 10, 11, 12]
    assert got[2].startswith("not valid JSON")
    assert got[4] == "a record must be a JSON object, got array"
    assert got[5] == "field item_code: unknown item 'NOPE-1'"
    assert got[6] == "field unit_code: unknown unit 'X99'"
    assert got[7] == "field promised_days: promised 30 exceeds statutory 20 working days"
    assert got[9] == "field occurred_at: '2025-13-01T10:00' is not a valid datetime"
    assert got[10].startswith("field level: True is not 1–5")
    assert got[11] == "field applicant_name: is 300 characters long, at most 200 allowed"
    assert got[12] == "NaN is not a number JSON allows"
    with db() as s:
        q = {x.line_no: x for x in s.scalars(select(Quarantine))}
        assert sorted(q) == sorted(got) and all(x.source == "mixed.jsonl" for x in q.values())
        assert q[5].reason == got[5] and '"NOPE-1"' in q[5].raw
        assert "510104199001011234" not in q[11].raw and "5101**********1234" in q[11].raw
        assert s.execute(select(func.count()).select_from(Case)).scalar_one() == 1
        assert set(s.scalars(select(ExchangeRecord.record_id))) == {x["record_id"] for x in story()}


def test_quarantine_text_is_storable_and_short():
    assert quarantine_text("a\x00b\udcff") == "a\\x00b\\udcff"
    long = quarantine_text("x" * 10_000)
    assert len(long) < 4100 and long.endswith("[10000 characters in all]")
    assert quarantine_text({"applicant_id": "51010419900101123X"}) == '{"applicant_id": "5101**********123X"}'
    assert quarantine_text('{"id":"110101199003077777"}') == '{"id":"1101**********7777"}'


def test_unexpected_failure_quarantines_only_that_record(db, cal, monkeypatch):
    real = apply_mod.fold_case

    def flaky(item, records, cal_, today, corrections=()):
        if records and records[0].case_no == "BOOM":
            raise RuntimeError("engine exploded")
        return real(item, records, cal_, today, corrections)

    monkeypatch.setattr(apply_mod, "fold_case", flaky)
    boom = [x | {"case_no": "BOOM", "record_id": "B" + x["record_id"]} for x in story()[:2]]
    rep = ingest(db, cal, lines(story()[:3] + boom))
    assert rep.accepted == 3  # the whole first case; BOOM's apply is folded too (申办), so it fails as well
    assert rep.rejected == [
        ("test.jsonl", 4, "failed to apply: RuntimeError: engine exploded"),
        ("test.jsonl", 5, "failed to apply: RuntimeError: engine exploded"),
    ]
    with db() as s:
        assert list(s.scalars(select(Case.case_no))) == ["C-1"]
        assert s.get(ExchangeRecord, "BR2") is None and s.get(ExchangeRecord, "BR1") is None
        assert set(s.scalars(select(Quarantine.reason))) == {"failed to apply: RuntimeError: engine exploded"}


def test_ingest_records_takes_dicts_and_survives_non_dicts(db, cal):
    recs = story() + [None, ["x"], {"type": "accept"}, {"x": object()}]
    rep = ingest_records(db, recs, "simulator", cal=cal, today=TODAY)
    assert rep.accepted == 11 and [x[1] for x in rep.rejected] == [12, 13, 14, 15]
    assert rep.rejected[2][2] == "field record_id: is missing"
    with db() as s:
        assert s.scalars(select(Case.stage)).one() == "评价"


def test_many_batches(db, cal, monkeypatch):
    monkeypatch.setattr(apply_mod, "BATCH", 4)
    text = []
    for n in range(10):
        text += lines(story(f"C-{n}", f"N{n}-"))
    rep = ingest(db, cal, text)
    assert (rep.accepted, rep.cases_touched) == (110, 10)
    after = counts(db)
    assert after["cases"] == 10 and after["change_seq"] == 28  # one watermark per batch of 4 (110 / 4)
    assert after["case_events"] == 10 and after["suspensions"] == 20


# ---- alarms --------------------------------------------------------------------------------------


def test_data_rule_alarms_written_once(db, cal):
    case = [
        r("A1", "accept", "2025-09-26T10:00", "C-9", item_code="TST-FEE", unit_code="D13"),
        r("A2", "fee", "2025-09-29T10:00", "C-9", receivable=120, paid=100),
        r(
            "A3",
            "step",
            "2025-10-10T10:00",
            "C-9",
            step_code="CB",
            started_at="2025-09-28T09:00",
            ended_at="2025-10-10T10:00",
        ),
        r("A4", "complete", "2025-10-20T10:00", "C-9", result="不予"),
    ]
    rep = ingest(db, cal, lines(case))
    assert rep.alarms_raised == 4
    with db() as s:
        got = sorted((a.rule, a.subject, a.level, a.raised_by) for a in s.scalars(select(Alarm)))
    assert got == [
        ("fee_irregular", "", "red", "ingest"),
        ("promised_overdue", "", "red", "ingest"),
        ("refusal_no_reason", "", "red", "ingest"),
        ("step_overdue", "CB", "red", "ingest"),
    ]
    more = ingest(db, cal, lines([r("A5", "evaluate", "2025-10-21T10:00", "C-9", level=3)]))  # 1-2: 差评, an alarm
    assert more.alarms_raised == 0 and counts(db)["alarms"] == 4


def test_data_rule_alarms_stamped_at_the_records_time(db, cal):
    """A violation happened when its record says, not when the feed delivered it (a weekend's backlog on Monday)."""
    case = [
        r("B1", "accept", "2025-09-26T10:00", "C-8", item_code="TST-FEE", unit_code="D13"),
        r("B2", "fee", "2025-09-29T10:00", "C-8", receivable=120, paid=100),
        r(
            "B3",
            "step",
            "2025-10-10T10:00",
            "C-8",
            step_code="CB",
            started_at="2025-09-28T09:00",
            ended_at="2025-10-10T10:00",
        ),
        r(
            "B4",
            "special_start",
            "2025-10-15T09:30",
            "C-8",
            procedure_id="P9",
            kind="专家评审",
            started_at="2025-10-13T09:00",
            applied_days=1,
        ),
        r("B5", "complete", "2025-10-20T10:00", "C-8", result="不予"),
        r("B6", "evaluate", "2025-10-20T11:15", "C-8", level=1),
    ]
    ingest(db, cal, lines(case))
    with db() as s:
        c = s.scalars(select(Case).where(Case.case_no == "C-8")).one()
        got = {a.rule: a.raised_at for a in s.scalars(select(Alarm).where(Alarm.case_id == c.id))}
    T = dt.datetime
    assert got["fee_irregular"] == T(2025, 9, 29, 10, 0)
    assert got["special_backdated"] == T(2025, 10, 15, 9, 30)
    assert got["refusal_no_reason"] == T(2025, 10, 20, 10, 0)
    assert got["bad_rating"] == T(2025, 10, 20, 11, 15)
    # time limits missed: red from 00:00 after the limit's last day, as the engine stamps them
    assert got["promised_overdue"] == T.combine(c.promised_due + dt.timedelta(days=1), dt.time())
    assert got["step_overdue"].time() == dt.time() and got["step_overdue"] <= T(2025, 10, 10, 10, 0)


def test_clean_case_raises_nothing(db, cal):
    assert ingest(db, cal, lines(story())).alarms_raised == 0


# ---- hostile input (property) --------------------------------------------------------------------

# Cf (invisible format, bidi controls) and Zl/Zp (line separators) are refused by the contract (records.text)
SAFE_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cf", "Zl", "Zp")), max_size=64)
HOSTILE = st.sampled_from(
    [
        "'; DROP TABLE cases; --",
        "<b>markup</b>",
        '" OR 1=1 --',
        "<script>alert(1)</script>",
        "${jndi:ldap://x}",
        "%s%s%n",
        "\\",
        "NULL",
        # "张三\u202e" was here: a bidi control is now refused (tests/security/test_hostile_data.py)
    ]
)
NOT_A_STRING = st.one_of(
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
NOT_DAYS = st.one_of(
    st.text(max_size=5),
    st.floats(allow_nan=True),
    st.booleans(),
    st.integers(max_value=-1),
    st.integers(min_value=1000),
    st.lists(st.integers(), max_size=2),
)


@st.composite
def hostile_file(draw):
    tag = uuid.uuid4().hex[:8]
    good, bad = [], []
    for i in range(draw(st.integers(1, 5))):
        handler = draw(st.one_of(SAFE_TEXT, HOSTILE))
        good.append(
            json.dumps(
                r(
                    f"{tag}-g{i}",
                    "accept",
                    "2025-09-26T10:00",
                    f"{tag}-c{i}",
                    item_code="TST-001",
                    unit_code="D13",
                    handler=handler,
                    reason=draw(st.one_of(HOSTILE, SAFE_TEXT)),
                ),
                ensure_ascii=draw(st.booleans()),
            )
        )
    template = r(f"{tag}-b", "accept", "2025-09-26T10:00", f"{tag}-cb", item_code="TST-001", unit_code="D13")
    for i in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["truncated", "wrong_type", "bad_days", "junk", "huge", "sql"]))
        obj = dict(template, record_id=f"{tag}-b{i}")
        if kind == "truncated":
            text = json.dumps(obj, ensure_ascii=False)
            bad.append(text[: draw(st.integers(1, len(text) - 1))])
        elif kind == "wrong_type":
            field = draw(st.sampled_from(["occurred_at", "case_no", "item_code", "unit_code", "type"]))
            bad.append(json.dumps(obj | {field: draw(NOT_A_STRING)}))
        elif kind == "bad_days":
            bad.append(json.dumps(obj | {"promised_days": draw(NOT_DAYS)}))
        elif kind == "junk":
            bad.append("x" + draw(st.text(max_size=200)).replace("\n", " ").replace("\r", " "))
        elif kind == "huge":
            bad.append(json.dumps(obj | {"handler": "长" * draw(st.integers(65, 100_000))}, ensure_ascii=False))
        else:
            bad.append(draw(HOSTILE) + json.dumps(obj))
    order = draw(st.permutations([(True, x) for x in good] + [(False, x) for x in bad]))
    return tag, good, order


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=hostile_file())
def test_hostile_lines_never_crash_and_good_records_land(db, cal, data):
    tag, good, order = data
    for ok, text in order:  # the generator's idea of good and bad agrees with the validator's
        try:
            parse_line(text)
            assert ok, text
        except Exception as exc:
            assert not ok, (text, exc)
    rep = ingest(db, cal, [text for _, text in order], source=tag)
    assert rep.accepted == len(good)
    assert len(rep.rejected) == len(order) - len(good)
    with db() as s:
        stored = set(s.scalars(select(ExchangeRecord.record_id).where(ExchangeRecord.record_id.like(f"{tag}-%"))))
        assert stored == {json.loads(g)["record_id"] for g in good}
        assert s.execute(
            select(func.count()).select_from(Case).where(Case.case_no.like(f"{tag}-%"))
        ).scalar_one() == len(good)
        assert s.execute(
            select(func.count()).select_from(Quarantine).where(Quarantine.source == tag)
        ).scalar_one() == len(rep.rejected)
        for g in good:
            handler = json.loads(g)["handler"].strip() or None
            assert s.scalars(select(Case.handler).where(Case.case_no == json.loads(g)["case_no"])).one() == handler


# ---- CLI -----------------------------------------------------------------------------------------


def _cli(argv):
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="command")
    add_ingest_parser(sub)
    args = p.parse_args(argv)
    return args.func(args)


def test_cli_exit_codes_and_report(db, db_url, tmp_path, capsys):
    good = tmp_path / "good.jsonl"
    good.write_text("\n".join(lines(story())) + "\n", encoding="utf-8")
    assert _cli(["ingest", str(good), "--db", db_url]) == 0
    out = capsys.readouterr().out
    assert "accepted 11, duplicates 0, rejected 0" in out
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_bytes(b"\n".join([lines(story())[0].encode(), b"\xff\xfe broken bytes", b"{}"]) + b"\n")
    assert _cli(["ingest", str(mixed), "--db", db_url]) == 1
    out = capsys.readouterr().out
    assert "accepted 0, duplicates 1, rejected 2" in out
    assert "mixed.jsonl:2: line is not valid UTF-8" in out and "mixed.jsonl:3: field type: is missing" in out
    assert _cli(["ingest", str(tmp_path / "missing.jsonl"), "--db", db_url]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_concurrent_ingesters_lose_no_record(db, cal):
    """Two senders deliver halves of the same cases at once: every case ends as if ingested alone."""
    import threading

    cases = [story(f"K-{n}", f"K{n}-") for n in range(6)]
    halves = ([], [])
    for recs in cases:
        for i, x in enumerate(recs):
            halves[i % 2].append(x)
    errors = []

    def run(part):
        try:
            for chunk in range(0, len(part), 3):
                ingest(db, cal, lines(part[chunk : chunk + 3]), source=f"t{id(part)}")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(h,)) for h in halves]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    ingest(db, cal, lines(story("K-REF", "KR-")))
    assert counts(db)["quarantine"] == 0
    for n in range(6):
        assert case_state(db, f"K-{n}") == case_state(db, "K-REF")
