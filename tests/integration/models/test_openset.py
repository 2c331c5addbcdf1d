"""The poll's column-wise fetch and incremental evaluation give what a full load and a full pass give.

Data: the benchmark generator at a small size; between two polls, engine inputs change (extension, closing,
a new clock-stopping suspension, an ended key-post step, a reopened case) next to rows whose only change is
the watermark (handler).  Runs on SQLite and PostgreSQL.
"""

import datetime as dt

import numpy as np
from sqlalchemy import select, update

from bench import gen
from console.models import repository as repo
from console.models.db import make_engine, session_factory
from console.models.openset import OpenSet, fetch_columns
from console.models.schema import Case, CaseEvent, Suspension
from console.services.poller import Backend, _Eval

N = 1500


def _by_case(o: OpenSet):
    live = np.flatnonzero(o.alive)
    order = live[np.argsort(o.case_id[live])]
    return {c: getattr(o, c)[order] for c in OpenSet.COLUMNS + ("step_code",)}, order


def test_incremental_poll_equals_full_load_and_pass(db_url):
    gen.ensure(db_url, N, echo=lambda *a: None)
    eng = make_engine(db_url)
    S = session_factory(eng)
    try:
        be = Backend(eng, "wall-inc")
        assert be.poll().ok
        now = repo.now()
        with S.begin() as s:
            seq = repo.next_change_seq(s)
            ids = list(s.scalars(select(Case.id).where(Case.completed_at.is_(None)).order_by(Case.id).limit(80)))
            done = list(
                s.scalars(select(Case.id).where(Case.completed_at.is_not(None), Case.accepted_at.is_not(None)).limit(3))
            )
            s.execute(update(Case).where(Case.id.in_(ids[:10])).values(extension_days=Case.extension_days + 7))
            s.execute(update(Case).where(Case.id.in_(ids[10:20])).values(completed_at=now, stage="办结"))
            for cid in ids[20:30]:
                s.add(Suspension(case_id=cid, kind="补正", started_at=now - dt.timedelta(days=3), stops_clock=True))
            s.execute(
                update(CaseEvent)
                .where(CaseEvent.case_id.in_(ids[30:40]), CaseEvent.ended_at.is_(None))
                .values(ended_at=now)
            )
            s.execute(update(Case).where(Case.id.in_(done)).values(completed_at=None))
            s.execute(update(Case).where(Case.id.in_(ids + done)).values(change_seq=seq, handler="王五"))
        snap = be.poll()
        assert snap.ok
        today = be.clock().date()
        o, inc = be._open, be._eval
        full = be._evaluate_all(today)
        live = np.flatnonzero(o.alive)
        for f in _Eval.FIELDS:
            assert np.array_equal(getattr(inc, f)[live], getattr(full, f)[live]), f
        # the same open set as a fresh console's full load
        fresh = Backend(eng, "wall-fresh")
        snap2 = fresh.poll()
        a, ra = _by_case(o)
        b, rb = _by_case(fresh._open)
        for c in a:
            assert np.array_equal(a[c], b[c]), c
        for f in ("light", "remaining", "promised_due", "statutory_due", "breach", "step_red"):
            assert np.array_equal(getattr(inc, f)[ra], getattr(fresh._eval, f)[rb]), f
        assert snap.totals == snap2.totals
        assert snap.accepted_per_hour == snap2.accepted_per_hour
        assert snap.completed_per_hour == snap2.completed_per_hour
        # rows whose only change was the watermark are not re-evaluated; re-applying the same rows changes none
        with S() as s:
            changed = fetch_columns(s, since_seq=seq - 1)
        assert o.apply(changed) == 0
    finally:
        eng.dispose()


def test_open_set_lookup_and_compaction():
    o = OpenSet()
    recs = []
    from console.models.openset import CaseRecord

    for cid in (5, 3, 9, 7):
        recs.append(CaseRecord(cid, 1, True, 100, 5, 10, 0, 3, 1, "CB", 101, 2, ((102, -1, -1),), 1))
    assert o.apply(recs) == 4
    assert o.pos == {3: 0, 5: 1, 7: 2, 9: 3}
    assert o.rows_of([9, 4, 3]).tolist() == [3, -1, 0]
    assert o.apply(recs) == 0
    o.apply([CaseRecord(11, 1, True, 100, 5, 10, 0, 3, 1, "", -1, -1, (), 2)])  # id above all: appended
    o.apply([CaseRecord(4, 1, True, 100, 5, 10, 0, 3, 1, "", -1, -1, (), 2)])  # in between: inserted
    assert o.row_of(4) == 5 and o.row_of(11) == 4
    assert o.susp[0] == ((102, -1, -1),)
    o.apply([CaseRecord(3, 1, False, 100, 5, 10, 0, 3, 1, "", -1, -1, (), 3)])  # closed
    assert o.row_of(3) is None and len(o) == 5
