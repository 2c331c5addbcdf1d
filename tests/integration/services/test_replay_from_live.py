"""Replay from the live open set (asof.fetch_columns_at_from_live) equals the full read as of the moment.

Forty-odd cases arrive through the ingest over two weeks of November 2026, each record at its own arrival time
(some late: an acceptance or a completion arriving days after it happened), with key-post steps, 补正 and
special-procedure waits, extensions and completions.  A live console loads the open set at LIVE; then more
records arrive (completions, new steps, a new case) that the live set does not hold.  For moments before and
after those changes, the set patched from the live one must equal ``fetch_columns_at`` column by column, and
the replayed wall the one a cold ``Backend(as_of=T)`` draws.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import numpy as np
import pytest

from console.domain import catalogue
from console.domain.catalogue import ItemSpec, StepSpec
from console.domain.vocabulary import EXTENSION
from console.ingest.apply import ingest_records
from console.models import asof
from console.models import repository as repo
from console.services.poller import Backend

ITEMS = (
    ItemSpec("RPF-001", "回放补丁测试事项一", "D13", 20, 6, ("专家评审",), 0, (StepSpec("CB", "承办", 2),)),
    ItemSpec("RPF-002", "回放补丁测试事项二", "D02", 20, 8, ("专家评审",), 0, (StepSpec("SH", "审核", 1),)),
)
LIVE = dt.datetime(2026, 11, 13, 18, 0)
AFTER = dt.datetime(2026, 11, 13, 19, 0)  # records arriving after the live load
DAYS = [dt.date(2026, 11, d) for d in (2, 3, 4, 5, 6, 9, 10, 11, 12)]  # working days
MOMENTS = (
    dt.datetime(2026, 11, 3, 12, 0),
    dt.datetime(2026, 11, 5, 9, 30),
    dt.datetime(2026, 11, 9, 10, 0),
    dt.datetime(2026, 11, 11, 16, 0),
    dt.datetime(2026, 11, 13, 12, 0),
    dt.datetime(2026, 11, 13, 18, 30),  # after the live load, before the later records
    dt.datetime(2026, 11, 13, 20, 0),  # after them
)


def _iso(t: dt.datetime) -> str:
    return t.isoformat(timespec="minutes")


def _case_records(k: int) -> list[tuple[dt.datetime, dict]]:
    """(arrival, record) of case ``k``: a deterministic mix of the kinds of history the wall knows."""
    rng = random.Random(k)
    item = ITEMS[k % 2]
    no = f"P{k:03d}"
    t0 = dt.datetime.combine(DAYS[k % 8], dt.time(9 + k % 7, 10 * (k % 6)))
    out: list[tuple[dt.datetime, dict]] = []

    def rec(type_: str, occurred: dt.datetime, arrival: dt.datetime | None = None, **f) -> None:
        r = {"record_id": f"{no}-{len(out)}", "type": type_, "case_no": no, "occurred_at": _iso(occurred), **f}
        out.append((arrival or occurred + dt.timedelta(minutes=5), r))

    if k % 7 == 0:  # an application waiting for its acceptance decision (accepted at receipt, 行政许可法 32)
        rec("apply", t0, item_code=item.code)
        return out
    late = dt.timedelta(days=1 + k % 2, hours=3) if k % 5 == 1 else dt.timedelta(minutes=5)
    rec("accept", t0, t0 + late, item_code=item.code, unit_code=item.unit_code, handler="张三")
    step = item.steps[0].code
    s1 = t0 + dt.timedelta(hours=1)
    rec("step", s1, t0 + late + dt.timedelta(minutes=1), step_code=step, started_at=_iso(s1))
    if k % 3:
        e1 = s1 + dt.timedelta(days=1 + rng.randint(0, 3), hours=2)
        rec("step", e1, step_code=step, started_at=_iso(s1), ended_at=_iso(e1), result="同意")
        if k % 3 == 1:  # the same step begun again (returned), still open
            s2 = e1 + dt.timedelta(hours=1)
            rec("step", s2, step_code=step, started_at=_iso(s2))
    if k % 6 == 2:
        n1 = t0 + dt.timedelta(hours=3)
        rec("supplement_notice", n1, limit_days=5)
        if k % 12 == 2:
            rec("supplement_received", n1 + dt.timedelta(days=2))
    if k % 8 == 3:
        p1 = t0 + dt.timedelta(days=2)
        rec("special_start", p1, procedure_id=f"{no}-zj", kind="专家评审", applied_days=5)
        rec("special_end", p1 + dt.timedelta(days=2), procedure_id=f"{no}-zj")
    if k % 9 == 4:
        x1 = t0 + dt.timedelta(days=3)
        rec("special_start", x1, x1 + dt.timedelta(days=1), procedure_id=f"{no}-yq", kind=EXTENSION, applied_days=10)
    if k % 4 == 0:
        c1 = t0 + dt.timedelta(days=3, hours=1)
        rec("complete", c1, c1 + (dt.timedelta(days=2) if k % 8 == 0 else dt.timedelta(minutes=5)), result="准予")
    return out


def _after_live(k: int) -> list[dict]:
    """Records arriving at AFTER (19:00 on the 13th), after the live load: completions, a new step, a new case."""
    no = f"P{k:03d}"
    if k % 10 == 3:
        return [{"record_id": f"{no}-z", "type": "complete", "case_no": no, "occurred_at": "2026-11-13T18:40",
                 "result": "准予"}]  # fmt: skip
    if k % 10 == 6:  # a step that had started on the 10th, reported late
        item = ITEMS[k % 2]
        return [{"record_id": f"{no}-y", "type": "step", "case_no": no, "occurred_at": "2026-11-10T09:00",
                 "step_code": item.steps[0].code, "started_at": "2026-11-10T09:00"}]  # fmt: skip
    return []


@pytest.fixture
def world(Session, engine, monkeypatch):
    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), [*catalogue.items(), *ITEMS])
        cal = repo.load_calendar(s)  # once: each ingest would build it again
    arrivals: dict[dt.datetime, list[dict]] = {}
    for k in range(1, 45):
        for when, r in _case_records(k):
            if when < LIVE:  # what would arrive later has not yet
                arrivals.setdefault(when, []).append(r)
    for when in sorted(arrivals):
        monkeypatch.setattr(repo, "now", lambda when=when: when)
        report = ingest_records(Session, arrivals[when], "replay-live-test", cal, today=when.date())
        assert not report.rejected, report
    monkeypatch.setattr(repo, "now", lambda: LIVE)
    live = Backend(engine, "wall-1", clock=lambda: LIVE, reader=True)
    snap = live.poll()
    assert snap.ok and snap.totals.open_cases > 20
    later = [r for k in range(1, 45) for r in _after_live(k)]
    later.append({"record_id": "N1", "type": "accept", "case_no": "N001", "occurred_at": "2026-11-13T18:50",
                  "item_code": ITEMS[0].code, "unit_code": ITEMS[0].unit_code})  # fmt: skip
    monkeypatch.setattr(repo, "now", lambda: AFTER)
    report = ingest_records(Session, later, "replay-live-test", cal, today=AFTER.date())
    assert not report.rejected, report
    return live


def _equal(a, b) -> list[str]:
    """The names of the CaseColumns fields that differ."""
    return [
        f.name
        for f in dataclasses.fields(a)
        if not np.array_equal(np.asarray(getattr(a, f.name)), np.asarray(getattr(b, f.name)))
    ]


def test_patched_from_live_equals_the_full_read(world, Session):
    live = world
    base, watermark = live._open.live_columns(), live._watermark
    assert watermark is not None and len(base[0]) > 20
    sets = []
    for at in MOMENTS:
        with Session() as s:
            full = asof.fetch_columns_at(s, at)
            patched = asof.fetch_columns_at_from_live(s, at, base, watermark, min_share=0)
        assert patched is not None
        assert _equal(full, patched) == [], at
        sets.append(frozenset(full.case_id.tolist()))
    # the moments differ from each other and from the live set (the comparison is not of empty sets): cases
    # accepted, completed, and (after the live load) completed and added
    assert len(set(sets)) == len(MOMENTS) and min(map(len, sets)) > 0, sets
    assert sets[-1] != frozenset(base[0].tolist())

    # a case untouched since long before the moment is taken from the live set, not read: a value planted in
    # the live columns shows in the result (so the comparison above is of real reuse, not of two full reads)
    at = MOMENTS[4]
    i = int(np.flatnonzero(np.isin(base[0], list(sets[4])))[0])  # the oldest case open then and now
    planted = tuple(c.copy() for c in base)
    planted[3][i] = 999  # promised days
    with Session() as s:
        full = asof.fetch_columns_at(s, at)
        got = asof.fetch_columns_at_from_live(s, at, planted, watermark, min_share=0)
        early = asof.fetch_columns_at_from_live(s, MOMENTS[0], base, watermark)
    assert got is not None
    assert int(got.promised_days[np.flatnonzero(got.case_id == base[0][i])[0]]) == 999
    assert _equal(full, got) == ["promised_days"]
    # at the first moment most of today's open cases were not yet accepted: the full read is taken instead
    assert early is None


def test_the_desk_control_on_a_live_console_draws_the_cold_replay(world, engine):
    """The 回放 control on the live console (its open set as the base) and a console started with ``--at``
    draw the same wall at each moment; back to live, the base is let go."""
    live = world
    for at in MOMENTS:
        live.set_as_of(at)
        assert live._live_base is not None
        warm = live.poll()
        cold = Backend(engine, "wall-2", as_of=at).poll()
        assert warm.ok and cold.ok
        assert warm.totals == cold.totals, at
        assert [(u.code, u.state, u.normal, u.blue, u.yellow, u.red) for u in warm.units] == [
            (u.code, u.state, u.normal, u.blue, u.yellow, u.red) for u in cold.units
        ]
        assert [a.alarm_id for a in warm.alarms] == [a.alarm_id for a in cold.alarms]
    live.set_as_of(None)
    assert live._live_base is None
    assert live.poll().replay_at is None
