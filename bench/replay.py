"""Replay benchmark: the wall at three past moments on the 1,000,000-open-case database, and the statistics
pages' reads.  ``python -m bench.replay [--db URL]`` (or ``python -m bench --only replay``) prints the figures,
puts its section and goal row into bench/RESULTS.md and leaves the rest of the file as it was.

* cold: a console started with ``--at`` (a new Backend: calendar, units, the open set as known then, engine,
  snapshot); warm: the desk's 回放 control (``set_as_of`` on a backend that has its calendar), median of runs;
* worst case: the same with the steps of every case read from their history by one scan of case_events (what a
  database needs when most cases changed since the moment; the generator stamps ``updated_at`` with the
  acceptance, so on it no case counts as changed and the normal path reads the open steps' index only);
* statistics: ``console.supervision.statistics`` page by page (the statistics screen's one read, every 2 min).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import time
from pathlib import Path

from bench.common import db_url, machine, median

RESULTS = Path(__file__).with_name("RESULTS.md")
GOAL_S = 3.0
N = 1_000_000
BEGIN, END = "<!-- replay:begin -->", "<!-- replay:end -->"


def moments(today: dt.date) -> list[dt.datetime]:
    """Yesterday 10:00, a week ago 10:00, four weeks ago 15:00."""
    return [dt.datetime.combine(today - dt.timedelta(days=d), dt.time(h)) for d, h in ((1, 10), (7, 10), (28, 15))]


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.1f} / {five:.1f}"


def run(url: str, today: dt.date, repeat: int = 3) -> dict:
    from console.models import asof
    from console.models.db import make_engine, session_factory
    from console.services.poller import Backend

    engine = make_engine(url)
    out: dict = {"url": url.rsplit("/", 1)[-1], "moments": [], "stats": {}, "load_before": _load()}
    try:
        for at in moments(today):
            t0 = time.perf_counter()
            snap = Backend(engine, "bench-replay", as_of=at).poll()
            cold = time.perf_counter() - t0
            if not snap.ok:
                raise RuntimeError(f"replay of {at} failed: {snap.error}")
            out["moments"].append(
                {
                    "at": at.isoformat(timespec="minutes"),
                    "open": snap.totals.open_cases,
                    "red": snap.totals.red,
                    "alarms": len(snap.alarms),
                    "cold_s": cold,
                }
            )
            print(f"  replay {at:%Y-%m-%d %H:%M}: cold {cold:.2f} s, {snap.totals.open_cases:,} open", flush=True)
        back = Backend(engine, "bench-replay", as_of=moments(today)[0])
        back.poll()
        for m in out["moments"]:
            at = dt.datetime.fromisoformat(m["at"])
            for key, scan_from in (("warm", asof.CHANGED_SCAN_FROM), ("worst", -1)):
                saved, asof.CHANGED_SCAN_FROM = asof.CHANGED_SCAN_FROM, scan_from
                try:
                    runs = []
                    for _ in range(repeat):
                        back.set_as_of(at)
                        t0 = time.perf_counter()
                        back.poll()
                        runs.append(time.perf_counter() - t0)
                finally:
                    asof.CHANGED_SCAN_FROM = saved
                m[f"{key}_s"], m[f"{key}_max_s"] = median(runs), max(runs)
            print(
                f"  replay {at:%Y-%m-%d %H:%M}: warm {m['warm_s']:.2f} s (max {m['warm_max_s']:.2f}), "
                f"worst {m['worst_s']:.2f} s",
                flush=True,
            )
        # the desk's control on a live console: its open set patched (asof.fetch_columns_at_from_live), side by
        # side with the same moment on the backend above (a full read as of T), alternating, same process
        live = Backend(engine, "bench-replay-live", reader=True, read_only=True)
        t0 = time.perf_counter()
        snap = live.poll()
        out["live_poll_s"] = time.perf_counter() - t0
        if not snap.ok:
            raise RuntimeError(f"live load failed: {snap.error}")
        print(f"  live console loaded: {out['live_poll_s']:.2f} s, {snap.totals.open_cases:,} open", flush=True)
        for m in out["moments"]:
            at = dt.datetime.fromisoformat(m["at"])
            full, patched, same = [], [], True
            for _ in range(repeat):
                for key, b, runs in (("full", back, full), ("patched", live, patched)):
                    b.set_as_of(at)
                    t0 = time.perf_counter()
                    got = b.poll()
                    runs.append(time.perf_counter() - t0)
                    if not got.ok:
                        raise RuntimeError(f"replay of {at} ({key}) failed: {got.error}")
                    t = got.totals
                    lights = (t.open_cases, t.normal, t.blue, t.yellow, t.red)
                    if key == "full":
                        ref = lights
                    else:
                        same = same and lights == ref
            m["ab_full_s"], m["live_s"], m["live_max_s"] = median(full), median(patched), max(patched)
            m["live_same"] = same
            base = live._live_base
            m["live_share"] = asof.live_share(base[0], at) if base is not None else 0.0
            print(
                f"  replay {at:%Y-%m-%d %H:%M}: from the live set {m['live_s']:.2f} s (max {m['live_max_s']:.2f}) "
                f"vs full read {m['ab_full_s']:.2f} s: {m['ab_full_s'] / m['live_s']:.1f}x; same wall: {same}",
                flush=True,
            )
        del live
        # reference under the same load: the live console's initial read of every open case (its cold start)
        from console.models.openset import fetch_columns

        runs = []
        for _ in range(repeat):
            with session_factory(engine)() as s:
                t0 = time.perf_counter()
                fetch_columns(s)
                runs.append(time.perf_counter() - t0)
        out["live_load_s"] = median(runs)
        print(f"  live initial read of the open cases (reference): {out['live_load_s']:.2f} s", flush=True)
        out["stats"] = statistics(session_factory(engine), dt.datetime.combine(today, dt.time(10)), repeat)
    finally:
        engine.dispose()
    out["load_after"] = _load()
    return out


def statistics(Session, now: dt.datetime, repeat: int) -> dict:
    """Each statistics page's read (median of ``repeat``), and the whole screen's read."""
    from console.supervision import statistics as st

    today, first = now.date(), now.date().replace(day=1)
    pages = {
        "today": lambda s: st.today_page(s, now),
        "month": lambda s: st.month_page(s, first, today),
        "ratings": lambda s: st.ratings(s, first, today),
        "complaints": lambda s: st.complaints_page(s, first, today),
        "days30": lambda s: st.daily(s, today),
        "all (build_pages)": lambda s: st.build_pages(s, now),
    }
    out = {}
    for name, fn in pages.items():
        runs = []
        for _ in range(repeat):
            with Session() as s:
                t0 = time.perf_counter()
                fn(s)
                runs.append(time.perf_counter() - t0)
        out[name] = median(runs)
        print(f"  statistics {name}: {out[name]:.2f} s", flush=True)
    return out


# ---- RESULTS.md ---------------------------------------------------------------------------------------------


def goal_row(r: dict) -> str:
    """The goal is the desk's 回放 control: on a live console it patches the live set (``live_s``)."""
    ms = r["moments"]
    cold = max(m["cold_s"] for m in ms)
    if not all("live_s" in m for m in ms):
        worst = max(m["warm_s"] for m in ms)
        measured = f"slowest of 3 moments {worst:.2f} s (cold `--at` start {cold:.2f} s)"
    else:
        slow = max(ms, key=lambda m: m["live_s"])
        worst = slow["live_s"]
        measured = (
            f"slowest of 3 moments median {worst:.2f} s, max {slow['live_max_s']:.2f} s (the full read as of the "
            f"moment beside it {slow['ab_full_s']:.2f} s; cold `--at` start {cold:.2f} s; load {r['load_before']})"
        )
    verdict = "**met**" if worst <= GOAL_S else f"**missed** ({worst / GOAL_S:.1f}×)"
    return (
        f"| Replay: the wall at a past moment, the desk's control on a live console (postgresql, 1,000,000) | "
        f"≤ {GOAL_S:.0f} s | {measured} | {verdict} |"
    )


def section(r: dict, mach: dict) -> str:
    rows = "\n".join(
        f"| {m['at'].replace('T', ' ')} | {m['open']:,} | {m['red']:,} | {m['cold_s']:.2f} s | "
        f"{m['warm_s']:.2f} s (max {m['warm_max_s']:.2f}) | {m['worst_s']:.2f} s |"
        for m in r["moments"]
    )
    stats = "\n".join(f"| {k} | {v:.2f} s |" for k, v in r["stats"].items())
    ab = "\n".join(
        f"| {m['at'].replace('T', ' ')} | {_share(m)} | {m['ab_full_s']:.2f} s | "
        f"{m['live_s']:.2f} s (max {m['live_max_s']:.2f}) | "
        f"{m['ab_full_s'] / m['live_s']:.1f}× | {'yes' if m['live_same'] else '**no**'} |"
        for m in r["moments"]
        if "live_s" in m
    )
    return f"""{BEGIN}
## Replay (回放) and the statistics pages at 1,000,000

`bench/replay.py` (`python -m bench --only replay`), run on {mach["date"]} against `{r["url"]}` (PostgreSQL,
1,000,000 open cases, read only), git {mach["git"]}. **The machine was loaded by other work**: load average
(1 / 5 min) {r["load_before"]} before and {r["load_after"]} after, on {mach["nproc"]} cores; the figures vary
by 2× from run to run under that load.{_copy_note(r["url"])}

*Cold* = `Backend(as_of=T).poll()` in a new backend (what `python main.py --at T` waits for: calendar, units, the
open set as known at T, the engine pass, the snapshot). *Warm* = `set_as_of(T)` + `poll()` on a backend that
has its calendar (the desk's 回放 control), median of 3. *Worst* = warm with the steps of every case read from
their history by one scan of `case_events` — what a database needs where most cases changed after T; the
generator stamps `updated_at` with the acceptance time, so on this database no case counts as changed after T
and the normal path reads only the open steps' partial index.

| Moment | Open then | Red then | Cold | Warm | Worst |
|---|---|---|---|---|---|
{rows}

*From the live set* = the desk's 回放 control on a live console (a reader that has loaded today's open set,
{r.get("live_poll_s", float("nan")):.2f} s for its first poll): `set_as_of(T)` + `poll()` patches the open set it
holds (`asof.fetch_columns_at_from_live`) instead of reading every case as of T. Side by side in the same process,
alternating with the full read as of T (*warm* above, on the other backend), median of 3 each:

| Moment | Share | Full read as of T | From the live set | Ratio | Same wall (open, lights) |
|---|---|---|---|---|---|
{ab}

Reference under the same load: the live console's initial read of the 1,000,000 open cases
(`openset.fetch_columns`, what every console start does) took {r.get("live_load_s", float("nan")):.2f} s.

How it reads: the columns of the open set as known then (`console.models.asof.fetch_columns_at`) come from
PostgreSQL as one COPY row of arrays (`array_agg`, two int4 columns packed into one int8), not one COPY message
per case: the client's CPU for the 873,693 cases fell from about 0.75 s to 0.1 s. What limits it now is the
server building and sending those arrays from the scan of `cases` (the same query only counted takes about
0.3 s); the engine pass and the snapshot take under 1 s. Moments further back hold fewer open cases and cost
less.

From the live set: a console that has loaded today's open set holds every case open now as the engine needs it;
a case untouched since T (not accepted, updated, written after the live read, completed or reported late after
T, no appeal correction) stands in it as it stood at T, but for its step and waits. One read of the ids of the
others (one scan of `cases`, with the exchange records and extensions that arrived after T), the as-of read of
those only, the open steps started by T (the live poll's partial index) and the waits as of T (one scan of
`suspensions`), merged in numpy; `tests/integration/services/test_replay_from_live.py` checks the result equals
the full read column by column at seven moments (SQLite and PostgreSQL), with cases accepted, changed and
completed after T and after the live read. What it saves is the full read's sending of every row open at T
with its arrival joins; it still scans `cases` once (no index on `updated_at`). Where less than half of the live
set had been accepted by T's day (*share* below) the full read sends fewer rows and is taken instead.

The statistics pages' reads (the period report's queries, `console/supervision/statistics.py`) at 10:00 today,
median of 3 (the screen reads them all every two minutes on the worker pool, never on the GUI thread):

| Page | Read |
|---|---|
{stats}

The 30-day page reads its four series as counts grouped by day in the database (`counts.per_day`,
`counts.open_overdue_per_day`: one scan for the 30 day-ends' overdue counts): it was 5.26 s when it moved
~1,000,000 timestamps into Python for the per-day counts and asked one query per day-end.
{END}"""


def _share(m: dict) -> str:
    share = m.get("live_share")
    if share is None:
        return "—"
    return f"{share:.0%}" + ("" if share >= 0.5 else " (full read)")


def _copy_note(name: str) -> str:
    if name == "bench_console_1m":
        return ""
    return (
        f" `{name}` is a scratch copy of `bench_console_1m` (`CREATE DATABASE … TEMPLATE`) migrated to the code's"
        " head: the generated database is kept at the revision it was made with and is never changed."
    )


def write_results(r: dict, mach: dict, path: Path = RESULTS) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    sec = section(r, mach)
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + sec + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n" + sec + "\n"
    row = goal_row(r)
    lines = text.splitlines()
    old = [i for i, line in enumerate(lines) if line.startswith("| Replay: the wall at a past moment")]
    if old:
        lines[old[0]] = row
    else:  # after the last row of the goal table (the first table of the file)
        start = next((i for i, line in enumerate(lines) if line.startswith("| Goal |")), None)
        if start is None:
            lines += ["", "| Goal | Target | Measured | Verdict |", "|---|---|---|---|", row]
        else:
            end = start
            while end + 1 < len(lines) and lines[end + 1].startswith("|"):
                end += 1
            lines.insert(end + 1, row)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.replay", description=__doc__)
    ap.add_argument("--db", default=None, help="database URL (default: the 1,000,000-case PostgreSQL database)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--today", type=dt.date.fromisoformat, default=None, help="the day the moments count back from")
    ap.add_argument("--results", default=str(RESULTS), help="the Markdown file to put the section in ('' : none)")
    a = ap.parse_args(argv)
    url = a.db or db_url("postgresql", N)
    today = a.today or _dataset_day(url) or dt.date.today()
    mach = machine()
    r = run(url, today, a.repeat)
    print(json.dumps(r, ensure_ascii=False))
    if a.results:
        write_results(r, mach, Path(a.results))
        print(f"written {a.results}")
    return 0


def _dataset_day(url: str) -> dt.date | None:
    """The day the generated database was made for (its marker), so the moments fall inside its history."""
    from bench import gen

    m = re.match(r"[^:]+:\d+:(\d{4}-\d{2}-\d{2})$", gen.read_marker(url) or "")
    return dt.date.fromisoformat(m.group(1)) if m else None


if __name__ == "__main__":
    sys.exit(main())
