"""The traffic simulator: valid, deterministic records; history in every light on real databases; live loop."""

from __future__ import annotations

import collections
import datetime as dt
import random
import re
import threading
import time

import pytest
from sqlalchemy import func, select

from console.domain import catalogue
from console.domain.timelimits import Light
from console.models import repository as repo
from console.models.schema import Alarm, Case, Evaluation, ExchangeRecord, Unit
from console.services import simulator as sim

TODAY = dt.date(2025, 9, 26)  # a Friday before the National Day holiday
CUTOFF = dt.datetime(2025, 9, 26, 15, 0)
DATA_RULES = {
    "fee_irregular",
    "refusal_no_reason",
    "supplement_late",
    "special_after_completion",
    "special_backdated",
    "step_overdue",
}


def _records(cal, seed=7, days=5, per_day=120, today=TODAY, cutoff=CUTOFF):
    plans = sim.history_plans(sim.World.build(seed), cal, days, today, cutoff, per_day)
    return sim.split_records(plans, cutoff)


def _in_office(t: dt.datetime) -> bool:
    hm = t.strftime("%H:%M")
    return "09:00" <= hm < "12:00" or "13:30" <= hm < "17:30"


# ---- the records themselves --------------------------------------------------------------------


def test_history_records_follow_the_contract(cal):
    from console.ingest.records import parse_record

    done, pending = _records(cal)
    parsed = [parse_record(r) for r in done] + [parse_record(r) for _, r in pending]
    ids = [r.record_id for r in parsed]
    assert len(ids) == len(set(ids)) > 3000
    assert {r.type for r in parsed} == set(
        sim_types := (
            "apply",
            "accept",
            "step",
            "supplement_notice",
            "supplement_received",
            "special_start",
            "special_end",
            "fee",
            "complete",
            "evaluate",
        )
    ), sim_types
    assert all(r.occurred_at <= CUTOFF for r in parsed[: len(done)])
    assert all(t > CUTOFF for t, _ in pending)
    # identity numbers: fake 18-digit strings (masked by ingest, not by the sender)
    ids18 = [r["applicant_id"] for r in done if r["type"] == "apply"]
    assert all(len(x) == 18 and x.isdigit() for x in ids18)


def test_arrivals_in_office_hours_on_working_days_weighted_units(cal):
    done, _ = _records(cal)
    # regular arrivals (region + date + 5-digit daily number); backlog and red makers are older
    applies = [r for r in done if r["type"] == "apply" and re.fullmatch(r"\d{19}", r["case_no"])]
    times = [dt.datetime.fromisoformat(r["occurred_at"]) for r in applies]
    assert all(_in_office(t) and cal.is_workday(t.date()) for t in times)
    per_day = collections.Counter(t.date() for t in times)
    assert len(per_day) == 5 and min(n for d, n in per_day.items() if d != TODAY) >= 90  # ~120 a day
    assert 40 <= per_day[TODAY] < max(per_day.values())  # today only until the cut-off (15:00)
    units = collections.Counter(r["unit_code"] for r in done if r["type"] == "accept")
    busiest, quietest = units.most_common()[0][1], units.most_common()[-1][1]
    assert busiest >= 5 * quietest
    kinds = {u.code: u.kind for u in catalogue.units()}
    assert {kinds[c] for c in units} == {"department", "district"}


def test_outcomes_mix_is_realistic(cal):
    done, pending = _records(cal, days=10, per_day=300)
    recs = done + [r for _, r in pending]
    by_type = collections.defaultdict(list)
    for r in recs:
        by_type[r["type"]].append(r)
    results = collections.Counter(r["result"] for r in by_type["complete"])
    assert results["准予"] > 0.9 * sum(results.values()) and results["不予"] > 0
    assert any(r["result"] == "不予" and "reason" not in r for r in by_type["complete"])  # rare, but present
    levels = collections.Counter(r["level"] for r in by_type["evaluate"])
    assert (levels["满意"] + levels["非常满意"]) > 0.8 * sum(levels.values()) and levels["不满意"] > 0
    specials = [r for r in by_type["special_start"] if r["kind"] != "延长审批"]
    assert specials and all(r["applied_days"] > 0 for r in specials)
    assert any(r["started_at"][:10] < r["occurred_at"][:10] for r in specials)  # back-dated
    assert any(r["kind"] == "延长审批" for r in by_type["special_start"])
    fees = by_type["fee"]
    assert any(f["paid"] != f["receivable"] and "relief_reason" not in f for f in fees)
    assert sum(f["paid"] == f["receivable"] for f in fees) > len(fees) / 2
    steps = collections.Counter(r["step_code"] for r in by_type["step"])
    assert set(steps) == {"SL", "CB", "SH", "PZ", "BJ"}
    assert all(r.get("handler") for r in by_type["step"] if r["step_code"] != "BJ" or "window" in r)


def test_same_seed_same_records_other_seed_other_records(cal):
    a, _ = _records(cal, seed=11, days=3, per_day=60)
    b, _ = _records(cal, seed=11, days=3, per_day=60)
    c, _ = _records(cal, seed=12, days=3, per_day=60)
    assert a == b
    assert [r["record_id"] for r in a] != [r["record_id"] for r in c]


@pytest.mark.parametrize("kind", [k for k, _ in sim.RED_MAKERS])
def test_red_makers_end_now_with_a_violation(cal, kind):
    from console.ingest.records import parse_record

    now = dt.datetime(2025, 9, 26, 20, 15)  # evening: the live demo runs then too
    world = sim.World.build(5)
    plan = sim.plan_red_maker(
        world, random.Random(kind), lambda u, d: f"{u.code}-{d:%Y%m%d}-R1", now, sim.CalendarClock(cal), kind
    )
    recs = [parse_record(r) for _, r in plan.records()]
    last = max(r.occurred_at for r in recs)
    assert recs[0].type == "apply" and (last == now or (kind == "late_accept" and last < now))
    accept = next(r for r in recs if r.type == "accept")
    if kind == "refusal_no_reason":
        assert accept.decision == "不予受理" and accept.reason is None
    if kind == "late_accept":
        used = cal.count(accept.occurred_at.date(), now.date())
        assert used > accept.promised_days  # already past the promised limit on arrival
    if kind == "fee_irregular":
        fee = next(r for r in recs if r.type == "fee")
        assert fee.paid != fee.receivable and fee.relief_reason is None
    if kind == "special_backdated":
        sp = next(r for r in recs if r.type == "special_start")
        assert sp.started_at.date() < sp.occurred_at.date()


# ---- on real databases ----------------------------------------------------------------------------


def _prepare(Session):
    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items())


def _open_lights(Session, today):
    from console.models.openset import OpenSet, fetch_cases
    from console.models.recompute import evaluate_open

    with Session() as s:
        cal = repo.load_calendar(s)
        open_set = OpenSet()
        open_set.apply(fetch_cases(s, cal))
    ev = evaluate_open(cal, open_set, today)
    alive = open_set.alive
    return collections.Counter(Light(int(x)).name for x in ev.light[alive]), int(ev.statutory_breach[alive].sum())


def test_seed_history_shows_every_light_alarms_and_evaluations(Session):
    pytest.importorskip("console.ingest.apply")
    _prepare(Session)
    today = repo.now().date()
    started = time.monotonic()
    tally = sim.seed_history(Session, days=5, today=today, seed=3, cases_per_day=60)
    elapsed = time.monotonic() - started
    assert tally.rejected == 0 and tally.accepted == tally.records > 1000
    lights, breaches = _open_lights(Session, today)
    assert all(lights[n] > 0 for n in ("NORMAL", "BLUE", "YELLOW", "RED")), lights
    assert breaches >= 2  # aimed backlog: two past the statutory limit per unit kind
    with Session() as s:
        kinds = set(s.scalars(select(Unit.kind).join(Case, Case.unit_id == Unit.id).distinct()))
        assert kinds == {"department", "district"}
        assert s.scalar(select(func.count()).select_from(Evaluation)) >= 3
        rules = set(s.scalars(select(Alarm.rule).distinct()))
        assert rules & DATA_RULES, rules
        assert repo.get_meta(s, sim.META_KEY)
        masked = s.scalars(select(Case.applicant_id_masked).where(Case.applicant_id_masked.is_not(None))).first()
        assert masked and "*" in masked
    assert elapsed < 60


def test_seed_history_twice_is_idempotent(Session):
    pytest.importorskip("console.ingest.apply")
    _prepare(Session)
    first = sim.seed_history(Session, days=1, today=TODAY, seed=4, cases_per_day=30)
    again = sim.seed_history(Session, days=1, today=TODAY, seed=4, cases_per_day=30)
    assert again.accepted == 0 and again.duplicates == first.records


def _record_count(Session) -> int:
    with Session() as s:
        return s.scalar(select(func.count()).select_from(ExchangeRecord))


def _case_count(Session, like: str = "%") -> int:
    with Session() as s:
        return s.scalar(select(func.count()).select_from(Case).where(Case.case_no.like(like)))


def _run_live_until(Session, predicate, timeout=15.0, **kw):
    stop = threading.Event()
    out = {}
    worker = threading.Thread(target=lambda: out.setdefault("stats", sim.run_live(Session, stop_event=stop, **kw)))
    worker.start()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline and not predicate():
            time.sleep(0.1)
    finally:
        stop.set()
        t0 = time.monotonic()
        worker.join(5)
    assert not worker.is_alive(), "run_live did not stop"
    assert time.monotonic() - t0 < 2.5, "run_live took too long to stop"
    return out["stats"]


def test_run_live_writes_traffic_and_stops_when_asked(Session):
    pytest.importorskip("console.ingest.apply")
    _prepare(Session)
    # live case numbers carry L (new arrivals) or R (red makers: overdue on arrival, irregular fee…)
    stats = _run_live_until(
        Session,
        lambda: _case_count(Session, "%L%") >= 10 and _case_count(Session, "%R%"),
        speed=900,
        seed=5,
        red_per_minute=60,
        flush_seconds=0.2,
    )
    assert stats.errors == 0 and stats.new_cases > 10 and stats.red_makers >= 1
    with Session() as s:
        cases = s.scalar(select(func.count()).select_from(Case))
        stamps = list(s.scalars(select(ExchangeRecord.occurred_at).where(ExchangeRecord.type == "apply")))
    assert cases >= 10
    assert max(stamps) > repo.now() - dt.timedelta(minutes=1)  # real timestamps


def test_run_live_survives_database_errors(Session, monkeypatch):
    pytest.importorskip("console.ingest.apply")
    _prepare(Session)
    real, calls = sim._ingest, {"n": 0}

    def flaky(*a, **kw):
        calls["n"] += 1
        if calls["n"] <= 2:
            raise RuntimeError("simulated outage")
        return real(*a, **kw)

    monkeypatch.setattr(sim, "_ingest", flaky)
    stats = _run_live_until(Session, lambda: _record_count(Session) > 0, speed=900, seed=6, flush_seconds=0.1)
    assert stats.errors == 2 and stats.accepted > 0


def test_simulate_cli_once(db_url, capsys):
    pytest.importorskip("console.ingest.apply")
    from console.cli import main

    rc = main(["--db", db_url, "simulate", "--once", "--history-days", "1", "--cases-per-day", "20"])
    assert rc == 0
    out = capsys.readouterr().out
    assert "history of 1 working days" in out
    rc = main(["--db", db_url, "simulate", "--once"])
    assert rc == 0 and "already has cases" in capsys.readouterr().out


def test_run_live_resumes_the_seeded_history(Session):
    """Cases of the seeded history go on at their planned times; on a later day they catch up at once."""
    pytest.importorskip("console.ingest.apply")
    _prepare(Session)
    seeded = sim.seed_history(Session, days=2, today=TODAY, seed=8, cases_per_day=40)
    with Session() as s:
        cal = repo.load_calendar(s)
    plans = sim.history_plans(sim.World.build(8), cal, 2, TODAY, dt.datetime.combine(TODAY, dt.time(18)), 40)
    pending = len(sim.split_records(plans, dt.datetime.combine(TODAY, dt.time(18)))[1])
    assert pending > 100
    stats = _run_live_until(
        Session,
        lambda: _record_count(Session) >= seeded.records + pending,
        speed=1,
        seed=8,
        red_per_minute=0,
        cases_per_day=0,
    )
    assert stats.rejected == 0 and stats.duplicates == 0 and stats.accepted >= pending
    with Session() as s:
        completed = s.scalar(select(func.count()).select_from(Case).where(Case.completed_at.is_not(None)))
    assert completed > 0.5 * seeded.cases
