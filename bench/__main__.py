"""The benchmark suite: ``python -m bench [--sizes 10000,100000,1000000] [--engines sqlite,postgresql] [--quick]``.

``--only consoles`` runs only the eight-consoles part (PostgreSQL, the largest size, on a clone) and puts its
section and goal row into the existing results file.

Prints the figures as it goes and writes them, with the machine description and the date, to bench/RESULTS.md.
Figures, not timed tests: nothing fails when a goal is missed; the goal table says met/missed and by how much.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import time
from pathlib import Path

from bench import consoles as consoles_bench
from bench import engine as engine_bench
from bench import gen
from bench import poll as poll_bench
from bench import replay as replay_bench
from bench.common import ROOT, VAR, db_url, label, machine

RESULTS = Path(__file__).with_name("RESULTS.md")
GOALS = {
    "engine_floor": 2.0,  # × the floor, at most
    "engine_package": 1000.0,  # × faster than the package's per-call functions, at least
    "poll_p95_ms": 200.0,  # PostgreSQL, 1M
    "cold_start_s": 10.0,
    "gui_stall_ms": 50.0,
    "bytes_per_case": 300.0,
    "alarm_push_p95_s": 1.0,  # commit → dialog with NOTIFY/LISTEN, PostgreSQL 1M
}


def parse(argv=None):
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    ap.add_argument("--sizes", default="10000,100000,1000000", help="open cases, comma-separated")
    ap.add_argument("--engines", default="sqlite,postgresql")
    ap.add_argument("--quick", action="store_true", help="fewer repetitions, 10 s GUI stall")
    ap.add_argument("--no-gui", action="store_true", help="skip cold start / GUI stall / alarm latency")
    ap.add_argument("--no-memory", action="store_true")
    ap.add_argument("--regenerate", action="store_true", help="rebuild the databases even if markers match")
    ap.add_argument("--results", default=str(RESULTS), help="where to write the Markdown results")
    ap.add_argument("--sample", type=int, default=2000, help="cases for the package per-call baseline")
    ap.add_argument("--prefix", default="bench_console", help="database name prefix")
    ap.add_argument("--no-consoles", action="store_true", help="skip the eight-consoles part (PostgreSQL)")
    ap.add_argument("--consoles", type=int, default=8, help="console processes for the consoles part")
    ap.add_argument(
        "--consoles-together", action="store_true", help="then all consoles polling at the same instant (push)"
    )
    ap.add_argument("--consoles-baseline", action="store_true", help="then one console alone, for comparison")
    ap.add_argument("--consoles-seconds", type=float, default=60.0, help="polling time of the consoles part")
    ap.add_argument(
        "--consoles-clone",
        default=None,
        help="name of the clone the consoles part works on (default PREFIX_N_consoles)",
    )
    ap.add_argument(
        "--only",
        choices=("consoles", "replay"),
        help="run only this benchmark and splice its section and goal row into --results (consoles: "
        "bench/consoles.py; replay: bench/replay.py on the 1,000,000-case PostgreSQL database)",
    )
    ap.add_argument(
        "--render-only",
        action="store_true",
        help="rewrite the results file from the last run's var/bench/results_PREFIX.json",
    )
    ap.add_argument(
        "--engine-service",
        action="store_true",
        help="only the supervision engine's figures (bench/engine_service.py: day change at 1M, fail-over)",
    )
    return ap.parse_args(argv)


def _memory(url: str) -> dict:
    p = subprocess.run(
        [sys.executable, "-m", "bench.memory", url], cwd=ROOT, capture_output=True, text=True, timeout=3600
    )
    if p.returncode:
        raise RuntimeError(f"memory probe failed: {p.stderr[-500:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    a = parse(argv)
    if a.engine_service:
        from bench import engine_service

        return engine_service.main([f"--n={max(int(x) for x in a.sizes.split(',') if x)}"])
    if a.only == "replay":
        return replay_bench.main(["--results", a.results, "--db", db_url("postgresql", replay_bench.N, a.prefix)])
    if a.render_only and a.only != "consoles":
        R = json.loads((VAR / f"results_{a.prefix}.json").read_text(encoding="utf-8"))
        Path(a.results).write_text(render(R), encoding="utf-8")
        print(summary_table(R))
        return 0
    sizes = [int(x) for x in a.sizes.split(",") if x]
    engines = [x for x in a.engines.split(",") if x]
    if a.only == "consoles":
        return only_consoles(a, max(sizes))
    runs = 3 if a.quick else 7
    rounds = 5 if a.quick else 20
    t_start = time.time()
    mach = machine()
    print("machine: " + ", ".join(f"{k}={v}" for k, v in mach.items()), flush=True)
    today = poll_bench.today()
    R: dict = {
        "machine": mach,
        "sizes": sizes,
        "engines": engines,
        "quick": a.quick,
        "gen": {},
        "engine": {},
        "poll": {},
        "memory": {},
        "gui": {},
    }
    for kind in engines:
        for n in sizes:
            key = f"{kind}:{n}"
            print(f"== {kind}, {n:,} open cases", flush=True)
            url = db_url(kind, n, a.prefix)
            R["gen"][key] = gen.ensure(url, n, today=today, force=a.regenerate)
            prof = str(VAR / f"poll_{kind}_{label(n)}.prof") if n == max(sizes) else None
            pres, backend = poll_bench.run(url, n, rounds=rounds, profile_to=prof)
            R["poll"][key] = pres
            R["engine"][key] = engine_bench.run(backend, today, runs=runs, sample=min(a.sample, n))
            backend.engine.dispose()
            del backend
            gc.collect()
        if not a.no_memory:
            empty = db_url(kind, None, a.prefix)
            gen.ensure(empty, None, today=today, force=a.regenerate)
            base = _memory(empty)
            R["memory"][f"{kind}:empty"] = base
            for n in sizes:
                m = _memory(db_url(kind, n, a.prefix))
                m["bytes_per_case"] = (m["rss"] - base["rss"]) / max(1, m["open_cases"])
                R["memory"][f"{kind}:{n}"] = m
                print(
                    f"  memory {kind} n={n:,}: RSS {m['rss'] / 2**20:.0f} MiB (empty {base['rss'] / 2**20:.0f} MiB)"
                    f" -> {m['bytes_per_case']:.0f} B/open case",
                    flush=True,
                )
    if "postgresql" in engines and not a.no_consoles:
        print(f"== {a.consoles} consoles, postgresql, {max(sizes):,} open cases", flush=True)
        R["consoles"] = _consoles(a, max(sizes), today)
    if not a.no_gui:
        from bench import gui_cold_start
        from bench.gui_common import app_available

        kind = "postgresql" if "postgresql" in engines else engines[0]
        n = max(sizes)
        url = db_url(kind, n, a.prefix)
        reason = app_available()
        if reason:
            print(f"  GUI benchmarks: {reason}", flush=True)
            R["gui"] = {"skipped": reason}
        else:
            R["gui"]["engine"], R["gui"]["n"] = kind, n
            for name, fn in (
                ("cold_start", lambda: gui_cold_start.run(url, runs=1 if a.quick else 3)),
                (
                    "stall",
                    lambda: _in_child(
                        "gui_stall", ["--db", url, "--n", str(n), "--seconds", "10" if a.quick else "60"]
                    ),
                ),
                (
                    "stall_no_alarm_tick",
                    lambda: _in_child(
                        "gui_stall",
                        ["--db", url, "--n", str(n), "--seconds", "10" if a.quick else "30", "--no-alarm-tick"],
                    ),
                ),
                ("alarm", lambda: _scratch_alarm(url, 2 if a.quick else 5)),
                # push (NOTIFY/LISTEN) on PostgreSQL; the 3 s poll stays as the safety net
                *(
                    [("alarm_push", lambda: _scratch_alarm(url, 5 if a.quick else 20, push=True))]
                    if url.startswith("postgresql")
                    else []
                ),
            ):
                try:
                    R["gui"][name] = fn()
                except Exception as exc:
                    print(f"  {name}: error {type(exc).__name__}: {exc}", flush=True)
                    R["gui"][name] = {"error": f"{type(exc).__name__}: {exc}"}
    if "postgresql" in engines and replay_bench.N in sizes:
        print("== replay (回放), postgresql, 1,000,000 open cases", flush=True)
        R["replay"] = replay_bench.run(db_url("postgresql", replay_bench.N, a.prefix), today, 1 if a.quick else 3)
    R["elapsed_s"] = time.time() - t_start
    text = render(R)
    Path(a.results).write_text(text, encoding="utf-8")
    if R.get("replay"):  # its own section and goal row (bench/replay.py writes them, also alone: --only replay)
        replay_bench.write_results(R["replay"], mach, Path(a.results))
    (VAR / f"results_{a.prefix}.json").write_text(json.dumps(R, default=str, indent=1), encoding="utf-8")
    print()
    print(summary_table(R))
    print(f"\nwritten {a.results} ({R['elapsed_s'] / 60:.1f} min)")
    return 0


def _consoles(a, n: int, today) -> dict:
    """The consoles part on a clone of the PostgreSQL database of ``n`` cases (the writer changes rows)."""
    url = db_url("postgresql", n, a.prefix)
    if gen.read_marker(url) != gen.marker_value(n, today):  # reused as it is: others may be reading it
        gen.ensure(url, n, today=today, force=a.regenerate)
    copy, drop = consoles_bench.clone(url, a.consoles_clone or f"{url.rsplit('/', 1)[1]}_consoles")
    try:
        c = consoles_bench.run(copy, n, consoles=a.consoles, seconds=a.consoles_seconds)
        if a.consoles_together:
            print(f"  the same {a.consoles} consoles polling at the same instant:", flush=True)
            c["together"] = consoles_bench.run(copy, n, consoles=a.consoles, seconds=a.consoles_seconds, together=True)
        if a.consoles_baseline:
            print("  the same with one console alone:", flush=True)
            c["baseline"] = consoles_bench.run(copy, n, consoles=1, seconds=a.consoles_seconds)
        return c
    finally:
        drop()


def only_consoles(a, n: int) -> int:
    if a.render_only:  # splice the last run's figures again (var/bench/consoles_PREFIX.json)
        c = json.loads((VAR / f"consoles_{a.prefix}.json").read_text(encoding="utf-8"))
        path = Path(a.results)
        path.write_text(consoles_bench.splice(path.read_text(encoding="utf-8"), c, c["machine"]["date"]), "utf-8")
        print("| " + " | ".join(consoles_bench.goal_row(c)) + " |")
        return 0
    mach = machine()
    print("machine: " + ", ".join(f"{k}={v}" for k, v in mach.items()), flush=True)
    print(f"== {a.consoles} consoles, postgresql, {n:,} open cases", flush=True)
    c = _consoles(a, n, poll_bench.today())
    c["machine"] = mach
    VAR.mkdir(parents=True, exist_ok=True)
    (VAR / f"consoles_{a.prefix}.json").write_text(json.dumps(c, default=str, indent=1), encoding="utf-8")
    path = Path(a.results)
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    path.write_text(consoles_bench.splice(old, c, mach["date"]), encoding="utf-8")
    print("\n| " + " | ".join(consoles_bench.goal_row(c)) + " |")
    print(f"\nwritten {a.results}")
    return 0


def _in_child(module: str, args: list[str]) -> dict:
    """GUI benches in a fresh process (own QApplication, own memory)."""
    p = subprocess.run(
        [sys.executable, "-m", f"bench.{module}", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=3600,
        env=_offscreen_env(),
    )
    lines = [x for x in p.stdout.strip().splitlines() if x.startswith("{")]
    for x in p.stdout.strip().splitlines():
        if not x.startswith("{"):
            print(x, flush=True)
    if p.returncode or not lines:
        raise RuntimeError(f"{module} rc={p.returncode}: {p.stderr[-800:]}")
    return json.loads(lines[-1])


def _offscreen_env():
    import os

    return dict(os.environ, QT_QPA_PLATFORM="offscreen")


def _scratch_alarm(url: str, rounds: int, push: bool = False) -> dict:
    from bench.gui_common import scratch_copy

    copy, drop = scratch_copy(url, "alarm")
    try:
        return _in_child("gui_alarm", ["--db", copy, "--rounds", str(rounds), *(["--push"] if push else [])])
    finally:
        drop()


# ---- reporting ----------------------------------------------------------------------------------------


def _verdict(value: float, goal: float, lower_is_better: bool = True) -> str:
    if value != value:  # NaN
        return "n/a"
    if lower_is_better:
        return "**met**" if value <= goal else f"**missed** by {value / goal:.2f}× ({value - goal:+.1f})"
    return "**met**" if value >= goal else f"**missed** by {goal / value:.2f}× ({value - goal:+.1f})"


def goal_rows(R: dict) -> list[tuple[str, str, str, str]]:
    rows = []
    sizes, engines = R["sizes"], R["engines"]
    big = max(sizes)
    for kind in engines:
        e = R["engine"].get(f"{kind}:{big}")
        if e:
            rows.append(
                (
                    f"Engine within 2× of the floor ({kind}, {big:,})",
                    "≤ 2.00×",
                    f"{e['ratio_floor']:.2f}×",
                    _verdict(e["ratio_floor"], GOALS["engine_floor"]),
                )
            )
            rows.append(
                (
                    f"Engine ≥ 1000× faster than package per-call ({kind}, {big:,})",
                    "≥ 1000×",
                    f"{e['speedup_package']:,.0f}×",
                    _verdict(e["speedup_package"], GOALS["engine_package"], lower_is_better=False),
                )
            )
    for kind in engines:
        p = R["poll"].get(f"{kind}:{big}")
        if p:
            goal = "< 200 ms" if kind == "postgresql" else "(goal is for PostgreSQL)"
            v = p["p95_s"] * 1e3
            rows.append(
                (
                    f"Poll cycle p95, 1 % changing ({kind}, {big:,})",
                    goal,
                    f"{v:.0f} ms",
                    _verdict(v, GOALS["poll_p95_ms"]) if kind == "postgresql" else "—",
                )
            )
    for kind in engines:
        m = R["memory"].get(f"{kind}:{big}")
        if m:
            rows.append(
                (
                    f"Memory per open case above empty ({kind}, {big:,})",
                    "< 300 B",
                    f"{m['bytes_per_case']:.0f} B",
                    _verdict(m["bytes_per_case"], GOALS["bytes_per_case"]),
                )
            )
    if R.get("consoles"):
        rows.append(consoles_bench.goal_row(R["consoles"]))
    g = R.get("gui", {})
    if "skipped" in g:
        for name in ("Cold start to data", "GUI thread longest stall", "Alarm latency"):
            rows.append((name, "", "skipped", g["skipped"]))
    else:
        cs, st, al = g.get("cold_start", {}), g.get("stall", {}), g.get("alarm", {})
        where = f"({g.get('engine')}, {g.get('n', 0):,})"
        if "to_data_s" in cs:
            rows.append(
                (
                    f"Cold start to data {where}",
                    "< 10 s",
                    f"{cs['to_data_s']:.1f} s",
                    _verdict(cs["to_data_s"], GOALS["cold_start_s"]),
                )
            )
        else:
            rows.append((f"Cold start to data {where}", "< 10 s", "—", str(cs.get("error") or cs.get("skipped"))))
        if "max_gap_ms" in st:
            rows.append(
                (
                    f"GUI thread longest stall, {st['seconds']:.0f} s polling {where}",
                    "≤ 50 ms",
                    f"{st['max_gap_ms']:.0f} ms",
                    _verdict(st["max_gap_ms"], GOALS["gui_stall_ms"]),
                )
            )
        else:
            rows.append(
                (f"GUI thread longest stall {where}", "≤ 50 ms", "—", str(st.get("error") or st.get("skipped")))
            )
        if "median_s" in al:
            rows.append(
                (
                    f"Alarm latency commit → dialog, poll {al['interval_s']} s {where}",
                    "(reported)",
                    f"median {al['median_s']:.2f} s, max {al['max_s']:.2f} s",
                    "—",
                )
            )
        else:
            rows.append((f"Alarm latency {where}", "(reported)", "—", str(al.get("error") or al.get("skipped"))))
        ap = g.get("alarm_push", {})
        if "p95_s" in ap:
            rows.append(
                (
                    f"Alarm latency commit → dialog, push + poll {ap['interval_s']} s {where}",
                    "p95 ≤ 1.0 s",
                    f"median {ap['median_s']:.2f} s, p95 {ap['p95_s']:.2f} s, max {ap['max_s']:.2f} s "
                    f"({ap['rounds']} commits)",
                    _verdict(ap["p95_s"], GOALS["alarm_push_p95_s"]),
                )
            )
        elif ap:
            rows.append((f"Alarm latency with push {where}", "p95 ≤ 1.0 s", "—", str(ap.get("error"))))
    return rows


def summary_table(R: dict) -> str:
    out = ["| Goal | Target | Measured | Verdict |", "|---|---|---|---|"]
    out += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in goal_rows(R)]
    return "\n".join(out)


def render(R: dict) -> str:
    m = R["machine"]
    L = [
        "# Benchmark results",
        "",
        f"Written by `python -m bench` on {m['date']} ({'quick' if R['quick'] else 'full'} run, "
        f"{R['elapsed_s'] / 60:.1f} min). Regenerate with `make bench` or "
        f"`.venv/bin/python -m bench --sizes {','.join(map(str, R['sizes']))} --engines {','.join(R['engines'])}`.",
        "",
        "## Machine",
        "",
        f"- CPU: {m['cpu']} × {m['nproc']} (nproc), RAM {m['ram']}, {m['os']}",
        f"- Python {m['python']}, numpy {m['numpy']}, SQLAlchemy {m['sqlalchemy']}, SQLite {m['sqlite']}, "
        f"PostgreSQL {m['postgresql']}, chinesecalendar {m['chinesecalendar']}; git {m['git']}",
        "",
        "## Goals",
        "",
        summary_table(R),
        "",
        "## Data",
        "",
        "Generated by `bench/gen.py` straight into the tables in bulk (PostgreSQL `COPY`, SQLite `executemany` in "
        "one transaction) — **not through the per-record ingest**, which would take hours at 1M cases. Schema from "
        "the Alembic migrations, units/items/steps from `console.domain.catalogue`. Per case: 5–7 `case_events` "
        "(咨询, 申办, 预审, 受理, steps up to the open key-post step with its limit); ≈7 % with one clock-stopping "
        "suspension (补正 or the item's special procedure with an applied limit; ≈35 % still running); ≈2 % with "
        "a 10-day extension; ≈3 % accepted beyond the promised limit; the time alarms of the reds already raised, "
        f"all but the newest {gen.OPEN_ALARMS} acknowledged. A database is reused while its `meta` marker "
        "(version, size, day) matches.",
        "",
        "| Engine | Open cases | case_events | suspensions | alarms | lights n/b/y/r | generation |",
        "|---|---|---|---|---|---|---|",
    ]
    for key, g in R["gen"].items():
        kind, n = key.split(":")
        if g.get("reused"):
            L.append(f"| {kind} | {int(n):,} | | | | | reused |")
        else:
            li = g.get("lights", {})
            L.append(
                f"| {kind} | {int(n):,} | ≥{5 * int(n):,} | {g.get('suspension_rows', 0):,} | "
                f"{g.get('alarms', 0):,} ({g.get('open_alarms', 0)} open) | "
                f"{li.get('normal', 0):,}/{li.get('blue', 0):,}/{li.get('yellow', 0):,}/{li.get('red', 0):,} | "
                f"{g.get('total_s', 0):.0f} s |"
            )
    L += [
        "",
        "## 1. Engine: due dates + remaining + light of every open case",
        "",
        "*Console* = `Backend._evaluate_all` (the full pass a poll runs once per day, calendar change or start — "
        "between, a poll re-evaluates only the changed rows: promised and statutory clocks with "
        "suspensions, lights, provisional flags, plus the key-post step clock); *cases only* = `evaluate_open`. "
        "*Floor* = `bench/floor.py`: a bare numpy pass over the same pre-loaded arrays with `cum`/`nth`, handling "
        "the one suspension per case the data has, computing the same outputs (checked equal, every row). "
        "*Package per-call* = `chinese_calendar.is_workday` day by day per case (same semantics, checked equal on "
        "the sample), run on a random sample and **extrapolated linearly** to all cases. Median of "
        f"{runs_of(R)} runs each.",
        "",
        "| Engine | Open cases | Console | Floor | × floor | Cases only | Floor (cases) | × | Package per-call "
        "(extrapolated) | Console faster by | Agree |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for key, e in R["engine"].items():
        kind, n = key.split(":")
        L.append(
            f"| {kind} | {int(n):,} | {e['console_s'] * 1e3:.1f} ms | {e['floor_s'] * 1e3:.1f} ms | "
            f"{e['ratio_floor']:.2f}× | {e['console_cases_s'] * 1e3:.1f} ms | {e['floor_cases_s'] * 1e3:.1f} ms | "
            f"{e['ratio_floor_cases']:.2f}× | {_dur(e['package_s'])} ({e['package_sample']:,} in "
            f"{e['package_sample_s']:.1f} s) | {e['speedup_package']:,.0f}× | "
            f"{'yes' if all(e['agree_floor'].values()) and e['agree_package'] else 'NO'} |"
        )
    L += [
        "",
        "## 2. Poll cycle (fetch changes + re-evaluate + alarms + Snapshot) and initial load",
        "",
        "`Backend.poll` in this process; between polls a separate connection changes 1 % of the open cases "
        "(new `change_seq` from the counter, `handler`, `updated_at`) and commits. Phase times are medians.",
        "",
        "| Engine | Open cases | Initial load (first poll) | Poll median | Poll p95 | Poll max | Changed/poll | "
        "Writer commit | Phases (median ms) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for key, p in R["poll"].items():
        kind, n = key.split(":")
        ph = " ".join(f"{k} {v * 1e3:.0f}" for k, v in sorted(p["phases_median"].items(), key=lambda kv: -kv[1]))
        L.append(
            f"| {kind} | {int(n):,} | {p['initial_s']:.2f} s | {p['median_s'] * 1e3:.0f} ms | "
            f"{p['p95_s'] * 1e3:.0f} ms | {p['max_s'] * 1e3:.0f} ms | {p['changed_per_round']:,} | "
            f"{p['write_median_s'] * 1e3:.0f} ms | {ph} |"
        )
    L += ["", "Initial load phases (s): "]
    for key, p in R["poll"].items():
        L.append(
            f"- {key}: "
            + ", ".join(f"{k} {v:.2f}" for k, v in sorted(p["initial_phases"].items(), key=lambda kv: -kv[1]))
        )
    if R["memory"]:
        L += [
            "",
            "## 3. Memory",
            "",
            "Resident set (VmRSS) of a fresh process holding the `Backend` after its first and a second poll; "
            "baseline = the same on an empty database (catalogue only).",
            "",
            "| Engine | Open cases | RSS | Above empty | Bytes per open case |",
            "|---|---|---|---|---|",
        ]
        for key, m in R["memory"].items():
            kind, n = key.split(":")
            if n == "empty":
                L.append(f"| {kind} | empty | {m['rss'] / 2**20:.0f} MiB | | |")
            else:
                base = R["memory"][f"{kind}:empty"]["rss"]
                L.append(
                    f"| {kind} | {int(n):,} | {m['rss'] / 2**20:.0f} MiB | {(m['rss'] - base) / 2**20:.0f} MiB | "
                    f"{m['bytes_per_case']:.0f} B |"
                )
    g = R.get("gui", {})
    L += ["", "## 4. GUI: cold start, GUI-thread stall, alarm latency", ""]
    if "skipped" in g:
        L.append(
            g["skipped"] + " — the scripts `bench/gui_cold_start.py`, `bench/gui_stall.py`, "
            "`bench/gui_alarm.py` run once it is."
        )
    else:
        L.append("```")
        L.append(json.dumps(dict(g.items()), default=str, indent=1))
        L.append("```")
    if R.get("consoles"):
        L += ["", *consoles_bench.section(R["consoles"])]
    L += analysis(R)
    profs = [(k, p["profile"]) for k, p in R["poll"].items() if p.get("profile")]
    if profs:
        L += ["", "## Profile of one poll at the largest size (cProfile, by own time)", ""]
        for key, text in profs:
            L += [f"{key}:", "", "```", _trim_profile(text), "```", ""]
    L.append("")
    return "\n".join(L)


def analysis(R: dict) -> list[str]:
    """What limits each goal at the largest size (the profile evidence is in the sections above/below)."""
    big = max(R["sizes"])
    kind = "postgresql" if f"postgresql:{big}" in R["poll"] else R["engines"][0]
    p, e = R["poll"].get(f"{kind}:{big}"), R["engine"].get(f"{kind}:{big}")
    m = R["memory"].get(f"{kind}:{big}")
    g = R.get("gui", {})
    L = [
        "",
        f"## Design and what limits each goal ({kind}, {big:,} open cases)",
        "",
        "Since the first run (engine 2.08–2.47× floor, poll p95 688 ms, 810 B/case, cold start 15.6 s, GUI stall "
        "182 ms) the design changed: (1) *column-wise fetch* — one lean SELECT of integers per table with the day "
        "indices computed by the database, read on PostgreSQL by `COPY … TO STDOUT (FORMAT BINARY)` parsed with one "
        "numpy dtype (changed cases and their suspensions in one statement over a MATERIALIZED CTE), on SQLite "
        "by the DB-API cursor in 64k-row chunks: no per-row Python objects; the open key-post step comes from a "
        "partial covering index (migration 0003); (2) *incremental evaluation* — the whole open set is evaluated "
        "once per day, calendar change or start, a poll re-evaluates only rows whose engine inputs changed "
        "(`OpenSet.apply` compares the columns and skips the rest), the per-unit tallies of the Snapshot are "
        "kept up to date row by row, and time alarms are checked against per-row 'raised' bits; "
        "(3) *memory* — int32/int16 columns, "
        "a sorted id array + `searchsorted` instead of the "
        "case_id→row dict, step codes as small ints, `malloc_trim` after the load; (4) *per-hour counts* read "
        "once a day (index on `cases.accepted_at`) and then kept from the changed rows; (5) *engine* — suspensions "
        "sorted once for the three clocks, scalar `at`, one start lookup shared by promised and statutory, "
        "one provisional test, sparse suspension updates.",
        "",
    ]

    def verdict(ok: bool) -> str:
        return "met" if ok else "**missed**"

    if e:
        L.append(
            f"- Engine {e['ratio_floor']:.2f}× the floor ({e['console_s'] * 1e3:.0f} vs "
            f"{e['floor_s'] * 1e3:.0f} ms) — {verdict(e['ratio_floor'] <= GOALS['engine_floor'])}. What remains "
            "over the floor is what the floor leaves out: the provisional-year flag, the statutory remaining "
            "days, the int32→int64 widening of the stored columns and the general (any number of suspensions "
            "per case) round loop. A poll pays this only once a day; between, only the changed rows."
        )
    if p:
        ph = p["phases_median"]
        top = ", ".join(f"{k} {v * 1e3:.0f} ms" for k, v in sorted(ph.items(), key=lambda kv: -kv[1])[:5])
        L.append(
            f"- Poll p95 {p['p95_s'] * 1e3:.0f} ms — {verdict(p['p95_s'] * 1e3 < GOALS['poll_p95_ms'])} "
            f"(median phases: {top}). The fetch is now database time: 10,000 freshly updated rows found "
            "through `ix_cases_change_seq` (random heap pages, hint bits set by the first reader) plus one "
            "index probe each for the open step and the suspensions; the Python side is a few ms."
        )
    if m:
        L.append(
            f"- Memory {m['bytes_per_case']:.0f} B per open case — "
            f"{verdict(m['bytes_per_case'] < GOALS['bytes_per_case'])}. Held per row: 10 int32 columns, step "
            "code, alive and alarm bits, sorted id index (≈53 B), the cached evaluation (≈24 B); the rest is "
            "allocator slack from the load and the full evaluation's int64 temporaries."
        )
    cs, st = g.get("cold_start", {}), g.get("stall", {})
    if cs.get("to_data_s") is not None:
        L.append(
            f"- Cold start {cs['to_data_s']:.1f} s to data — {verdict(cs['to_data_s'] < GOALS['cold_start_s'])}"
            + (
                f" (in-process first poll {p['initial_s']:.1f} s, of which fetch "
                f"{p['initial_phases'].get('fetch', 0):.1f} s: the database producing 1M joined rows; the "
                "rest is Python/Qt start-up and the first paint)."
                if p
                else "."
            )
        )
    if st.get("max_gap_ms") is not None:
        nt = g.get("stall_no_alarm_tick", {})
        L.append(
            f"- GUI thread stall {st['max_gap_ms']:.0f} ms (p99 {st['p99_gap_ms']:.0f} ms, "
            f"{st['gaps_over_50ms']} gaps over 50 ms in {st['polls']} polls, of which "
            f"{st.get('gaps_over_50ms_during_poll', '?')} overlap a poll; initial load "
            f"{st['max_gap_load_ms']:.0f} ms) — {verdict(st['max_gap_ms'] <= GOALS['gui_stall_ms'])}. "
            "The poll thread holds the GIL only for short stretches now (no per-row Python; a Python probe "
            "thread next to `Backend.poll` at 1M sees gaps of at most ≈17 ms for its 10 ms sleep)."
        )
        if nt.get("max_gap_ms") is not None:
            L.append(
                f"  Diagnosis run, the alarm tables' 1 Hz waiting-time repaint switched off (`AlarmTableModel.tick`"
                f" → viewport update, alarm queue and alarm dialog; `gui_stall.py "
                f"--no-alarm-tick`, {nt['seconds']:.0f} s): max gap {nt['max_gap_ms']:.0f} ms, p99 "
                f"{nt['p99_gap_ms']:.0f} ms, {nt['gaps_over_50ms']} gaps over 50 ms "
                f"({nt.get('gaps_over_50ms_during_poll', '?')} overlapping a poll). Gaps over 50 ms that do "
                "not overlap a poll are GUI-side work (the alarm tables' repaint, the wall's first build) or "
                "scheduling on the 2-core machine shared with PostgreSQL and the writer process; the "
                "probe's variance between runs is ±15 ms."
            )
    return L


def runs_of(R):
    e = next(iter(R["engine"].values()), None)
    return e["runs"] if e else "?"


def _dur(s: float) -> str:
    if s >= 120:
        return f"{s / 60:.1f} min"
    return f"{s:.1f} s"


def _trim_profile(text: str) -> str:
    lines = [x.rstrip() for x in text.splitlines() if x.strip()]
    keep = [x for x in lines if "ncalls" in x or x.lstrip()[:1].isdigit()]
    return "\n".join(x.replace(str(ROOT) + "/", "").replace(str(Path(sys.prefix)) + "/", "") for x in keep[:18])


if __name__ == "__main__":
    sys.exit(main())
