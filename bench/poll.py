"""Poll-cycle benchmark: a console's Backend.poll (fetch changes + re-evaluate + alarms + Snapshot) while
another connection changes 1 % of the open cases between polls, as an ingest would."""

from __future__ import annotations

import collections
import cProfile
import datetime as dt
import functools
import io
import pstats
import time

import numpy as np
from sqlalchemy import text

from bench.common import median, p95
from console.models import repository as repo
from console.models.db import make_engine, session_factory

_PHASES = collections.defaultdict(float)


def _timed(name, fn):
    @functools.wraps(fn)
    def wrapper(*a, **kw):
        t0 = time.perf_counter()
        try:
            return fn(*a, **kw)
        finally:
            _PHASES[name] += time.perf_counter() - t0

    wrapper.__bench_wrapped__ = fn
    return wrapper


def instrument() -> None:
    """Time the phases of Backend._poll (this process only; idempotent)."""
    import console.models.openset as openset
    import console.services.poller as poller

    if getattr(poller.fetch_columns, "__bench_wrapped__", None):
        return
    poller.fetch_columns = _timed("fetch", poller.fetch_columns)
    openset.OpenSet.apply = _timed("apply", openset.OpenSet.apply)
    for name in (
        "_refresh_calendar",
        "_evaluate",
        "_raise_time_alarms",
        "_open_alarms",
        "_per_hour",
        "_satisfaction",
        "_snapshot",
        "_load_known_alarms",
        "_check_rectifications",
    ):
        setattr(poller.Backend, name, _timed(name.lstrip("_"), getattr(poller.Backend, name)))


def phases_reset() -> None:
    _PHASES.clear()


def phases() -> dict[str, float]:
    return dict(_PHASES)


class Changer:
    """Changes ``fraction`` of the open cases per round in its own connection (handler + updated_at, new
    change_seq taken from the counter like every writer)."""

    def __init__(self, url: str, n: int, fraction: float = 0.01, seed: int = 11):
        self.engine = make_engine(url)
        self.Session = session_factory(self.engine)
        self.n = n
        self.k = max(1, int(n * fraction))
        self.rng = np.random.default_rng(seed)
        self.pg = self.engine.dialect.name == "postgresql"
        self.names = ["李明", "王芳", "张伟", "刘洋", "陈静", "杨磊", "赵敏", "黄勇"]

    def round(self) -> float:
        ids = self.rng.choice(self.n, size=self.k, replace=False) + 1
        handler = self.names[int(self.rng.integers(len(self.names)))]
        t0 = time.perf_counter()
        with self.Session.begin() as s:
            seq = repo.next_change_seq(s)
            if self.pg:
                s.execute(
                    text("UPDATE cases SET change_seq = :seq, handler = :h, updated_at = :at WHERE id = ANY(:ids)"),
                    {"seq": seq, "h": handler, "at": repo.now(), "ids": ids.tolist()},
                )
            else:
                s.execute(
                    text("UPDATE cases SET change_seq = :seq, handler = :h, updated_at = :at WHERE id = :id"),
                    [{"seq": seq, "h": handler, "at": repo.now(), "id": i} for i in ids.tolist()],
                )
        return time.perf_counter() - t0

    def close(self) -> None:
        self.engine.dispose()


def run(url: str, n: int, rounds: int = 20, fraction: float = 0.01, echo=print, profile_to: str | None = None):
    """Returns (result dict, backend after the polls)."""
    from console.services.poller import Backend

    instrument()
    engine = make_engine(url)
    backend = Backend(engine, "bench-wall")
    phases_reset()
    t0 = time.perf_counter()
    snap = backend.poll()
    initial_s = time.perf_counter() - t0
    initial_phases = phases()
    if not snap.ok:
        raise RuntimeError(f"first poll failed: {snap.error}")
    echo(
        f"  initial load n={snap.totals.open_cases:,}: {initial_s:.2f} s "
        + " ".join(f"{k}={v:.2f}" for k, v in sorted(initial_phases.items(), key=lambda kv: -kv[1])[:5])
    )
    changer = Changer(url, n, fraction)
    times, writes, per_phase = [], [], collections.defaultdict(list)
    backend.poll()  # warm: the first incremental poll
    for _ in range(rounds):
        writes.append(changer.round())
        phases_reset()
        t0 = time.perf_counter()
        snap = backend.poll()
        times.append(time.perf_counter() - t0)
        if not snap.ok:
            raise RuntimeError(f"poll failed: {snap.error}")
        for k, v in phases().items():
            per_phase[k].append(v)
    prof_text = None
    if profile_to is not None:
        changer.round()
        pr = cProfile.Profile()
        pr.enable()
        backend.poll()
        pr.disable()
        pr.dump_stats(profile_to)
        buf = io.StringIO()
        pstats.Stats(pr, stream=buf).sort_stats("tottime").print_stats(15)
        prof_text = buf.getvalue()
    changer.close()
    res = {
        "n": snap.totals.open_cases,
        "rounds": rounds,
        "changed_per_round": changer.k,
        "initial_s": initial_s,
        "initial_phases": initial_phases,
        "median_s": median(times),
        "p95_s": p95(times),
        "max_s": max(times),
        "times": times,
        "write_median_s": median(writes),
        "phases_median": {k: median(v) for k, v in per_phase.items()},
        "alarms_waiting": snap.totals.alarms_waiting,
        "red": snap.totals.red,
        "profile": prof_text,
    }
    echo(
        f"  poll n={res['n']:,} ({changer.k:,} changed/poll, {rounds} polls): median {res['median_s'] * 1e3:.0f} ms, "
        f"p95 {res['p95_s'] * 1e3:.0f} ms; phases (median ms) "
        + " ".join(f"{k}={v * 1e3:.0f}" for k, v in sorted(res["phases_median"].items(), key=lambda kv: -kv[1]))
    )
    return res, backend


def today() -> dt.date:
    return repo.now().date()
