"""Engine benchmark: every open case's due dates + remaining + light, as the console evaluates them, against
(a) the holiday package's per-call functions (sampled, extrapolated) and (b) the bare-numpy floor."""

from __future__ import annotations

import datetime as dt
import time

import numpy as np

from bench.common import median
from bench.floor import FloorInput, day, floor_cases, floor_full, package_is_workday, per_call_case
from console.models.recompute import evaluate_open


def floor_input(open_set) -> FloorInput:
    """Pre-loaded arrays of the open set's live rows (not timed)."""
    o = open_set
    rows, st, en, cp = [], [], [], []
    for i, items in o.susp.items():
        if len(items) != 1:
            raise ValueError("the floor handles one suspension per case (benchmark data)")
        a, b, c = items[0]
        rows.append(i)
        st.append(a)
        en.append(b)
        cp.append(c)
    i64 = lambda a: np.asarray(a, dtype=np.int64)  # noqa: E731 - the floor gets int64 arrays, as before
    return FloorInput(
        accepted=i64(o.accepted),
        promised=i64(o.promised_days) + o.extension_days,
        statutory=i64(o.statutory_days) + o.extension_days,
        blue=i64(o.blue_days),
        yellow=i64(o.yellow_days),
        step_start=i64(o.step_start),
        step_limit=i64(o.step_limit),
        s_row=np.asarray(rows, dtype=np.int64),
        s_start=np.asarray(st, dtype=np.int64),
        s_end=np.asarray(en, dtype=np.int64),
        s_cap=np.asarray(cp, dtype=np.int64),
    )


def _best_of(fn, runs: int) -> tuple[float, list[float], object]:
    times, out = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return median(times), times, out


def run(backend, today: dt.date, runs: int = 7, sample: int = 2000, echo=print) -> dict:
    """``backend``: a console.services.poller.Backend after its first poll (holds the open set and calendar)."""
    cal, o = backend._cal, backend._open
    assert bool(o.alive.all()), "benchmark open set has dead rows"
    n = len(o)
    t = cal.index(today)
    cum, nth = cal.cum.astype(np.int64), cal.nth.astype(np.int64)
    inp = floor_input(o)

    # the full pass (once per day, calendar change or start); a poll re-evaluates only the changed rows
    console_full_s, full_times, ev = _best_of(lambda: backend._evaluate_all(today), runs)
    console_cases_s, _, ev_cases = _best_of(lambda: evaluate_open(cal, o, today), runs)
    floor_full_s, _, fl = _best_of(lambda: floor_full(cum, nth, t, inp), runs)
    floor_cases_s, _, flc = _best_of(lambda: floor_cases(cum, nth, t, inp), runs)

    p_due, s_due, rem, light, breach, step_red, _st_due = fl
    agree = {
        "promised_due": bool(np.array_equal(ev.promised_due, p_due)),
        "statutory_due": bool(np.array_equal(ev.statutory_due, s_due)),
        "remaining": bool(np.array_equal(ev.remaining, rem)),
        "light": bool(np.array_equal(ev.light, light)),
        "breach": bool(np.array_equal(ev.breach, breach)),
        "step_red": bool(np.array_equal(ev.step_red, step_red)),
        "cases_light": bool(np.array_equal(ev_cases.light, flc[3])),
    }

    # (a) the package's per-call functions on a sample of the same cases, extrapolated linearly
    is_workday = package_is_workday()
    rng = np.random.default_rng(7)
    idx = rng.choice(n, size=min(sample, n), replace=False)
    susp = {
        int(r): (day(a), None if b < 0 else day(b), None if c < 0 else int(c))
        for r, a, b, c in zip(inp.s_row, inp.s_start, inp.s_end, inp.s_cap, strict=True)
    }
    at = day(t)
    args = []
    for i in idx.tolist():
        has_step = inp.step_limit[i] >= 0
        args.append(
            (
                day(inp.accepted[i]),
                int(inp.promised[i]),
                int(inp.statutory[i]),
                int(inp.blue[i]),
                int(inp.yellow[i]),
                day(inp.step_start[i]) if has_step else None,
                int(inp.step_limit[i]) if has_step else None,
                at,
                susp.get(i),
            )
        )
    t0 = time.perf_counter()
    res = [per_call_case(is_workday, *a) for a in args]
    pkg_sample_s = time.perf_counter() - t0
    pkg_s = pkg_sample_s * n / len(idx)
    pkg_agree = all(
        (
            r[0] == day(ev.promised_due[i])
            and r[1] == day(ev.statutory_due[i])
            and r[2] == int(ev.remaining[i])
            and r[3] == int(ev.light[i])
        )
        for r, i in zip(res, idx.tolist(), strict=True)
    )

    out = {
        "n": n,
        "runs": runs,
        "console_s": console_full_s,
        "console_runs_s": full_times,
        "console_cases_s": console_cases_s,
        "floor_s": floor_full_s,
        "floor_cases_s": floor_cases_s,
        "ratio_floor": console_full_s / floor_full_s,
        "ratio_floor_cases": console_cases_s / floor_cases_s,
        "package_sample": len(idx),
        "package_sample_s": pkg_sample_s,
        "package_s": pkg_s,
        "speedup_package": pkg_s / console_full_s,
        "agree_floor": agree,
        "agree_package": pkg_agree,
        "suspended_rows": len(inp.s_row),
    }
    echo(
        f"  engine n={n:,}: console {console_full_s * 1e3:.1f} ms (cases only {console_cases_s * 1e3:.1f} ms), "
        f"floor {floor_full_s * 1e3:.1f} ms (cases only {floor_cases_s * 1e3:.1f} ms) -> "
        f"{out['ratio_floor']:.2f}x floor; package per-call {pkg_s:.1f} s "
        f"(sample {len(idx)} in {pkg_sample_s:.2f} s) -> {out['speedup_package']:,.0f}x faster; "
        f"agree floor={all(agree.values())} package={pkg_agree}"
    )
    return out
