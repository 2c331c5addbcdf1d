"""Eight consoles reading one PostgreSQL database while a writer changes 1 % of the open cases every 3 s.

Each console is its own process with its own ``Backend(..., reader=True)`` — a console beside the supervision
engine (console.services.engine): it evaluates the lights for its screens and writes nothing (no alarms, no
clearing, no lights history). A cold start (the first poll), then a poll every ``interval``
seconds for ``seconds``. The writer is ``bench/changer.py`` in a process of its own. Measured: each console's
refresh (poll) times, and the database's CPU time per second of wall time — utime+stime from ``/proc/<pid>/stat``
of the postmaster (with its reaped children, cutime+cstime) and of its live children, and separately of the
backends connected to the benchmark database, told apart by ``application_name``.

The run works on a clone (``CREATE DATABASE … TEMPLATE``) because the writer changes rows.

Run alone: ``python -m bench.consoles URL N [--consoles 8] [--seconds 60] [--interval 3]`` (URL already a clone
or a database you may change), or through ``python -m bench --only consoles``, which makes the clone.
"""

from __future__ import annotations

import argparse
import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from bench.common import PG_ADMIN_URL, ROOT, median, p95

CONSOLE_APP = "bench-console"
WRITER_APP = "bench-writer"
_TICK = os.sysconf("SC_CLK_TCK")


# ---- CPU time of the database server (/proc) ------------------------------------------------------------


def _stat(pid: int) -> tuple[int, int, int] | None:
    """(ppid, utime+stime, cutime+cstime) in clock ticks, or None when the process is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    f = raw[raw.rindex(")") + 2 :].split()  # the command name may hold spaces and parentheses
    # proc(5): field 4 ppid, 14 utime, 15 stime, 16 cutime, 17 cstime; f[0] is field 3
    return int(f[1]), int(f[11]) + int(f[12]), int(f[13]) + int(f[14])


def _children(ppid: int) -> list[int]:
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            st = _stat(int(d))
            if st is not None and st[0] == ppid:
                out.append(int(d))
    return out


def server_cpu_s(postmaster: int) -> float:
    """CPU seconds the whole server has used: the postmaster, its reaped children (a backend that exited is
    counted in the postmaster's cutime once reaped) and its live children."""
    st = _stat(postmaster)
    if st is None:
        raise RuntimeError(f"postmaster {postmaster} not readable in /proc")
    ticks = st[1] + st[2]
    for pid in _children(postmaster):
        c = _stat(pid)
        if c is not None:
            ticks += c[1]
    return ticks / _TICK


def backends_cpu_s(pids: dict[int, str]) -> dict[int, float]:
    """CPU seconds so far of each backend pid (missing when it has exited)."""
    out = {}
    for pid in pids:
        st = _stat(pid)
        if st is not None:
            out[pid] = st[1] / _TICK
    return out


def postmaster_pid(conn) -> int:
    """The postmaster is the parent of every backend, this connection's included (the server is local)."""
    me = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
    st = _stat(me)
    if st is None:
        raise RuntimeError("the PostgreSQL server's processes are not visible in /proc (not on this machine?)")
    return st[0]


def db_backends(conn, dbname: str) -> dict[int, str]:
    """pid → application_name of the client backends connected to ``dbname`` (this connection excluded)."""
    rows = conn.execute(
        text(
            "SELECT pid, coalesce(application_name, '') FROM pg_stat_activity "
            "WHERE datname = :d AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        ),
        {"d": dbname},
    ).all()
    return {int(p): a for p, a in rows}


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far (/proc/stat: all but idle and iowait)."""
    f = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    total = sum(f[:8])  # user nice system idle iowait irq softirq steal (guest is inside user)
    return (total - f[3] - f[4]) / _TICK, total / _TICK


def schedstat(pid: int | str = "self") -> tuple[float, float]:
    """(seconds on a CPU, seconds waiting on a run queue for one) of a process's main thread (0, 0 if gone)."""
    try:
        f = Path(f"/proc/{pid}/schedstat").read_text().split()
    except OSError:
        return 0.0, 0.0
    return int(f[0]) / 1e9, int(f[1]) / 1e9


def loadavg() -> tuple[float, float, float]:
    a, b, c = Path("/proc/loadavg").read_text().split()[:3]
    return float(a), float(b), float(c)


class CpuProbe:
    """Samples at start and end: the server's CPU, the benchmark database's backends by application, the
    machine's busy time and load."""

    def __init__(self, url: str):
        self.dbname = url.rsplit("/", 1)[1].split("?")[0]
        self.engine = create_engine(url, isolation_level="AUTOCOMMIT")
        self.conn = self.engine.connect()
        self.postmaster = postmaster_pid(self.conn)

    def sample(self) -> dict:
        pids = db_backends(self.conn, self.dbname)
        busy, total = machine_busy()
        return {
            "t": time.monotonic(),
            "server": server_cpu_s(self.postmaster),
            "apps": pids,
            "backends": backends_cpu_s(pids),
            "busy": busy,
            "total": total,
            "load": loadavg(),
        }

    @staticmethod
    def delta(a: dict, b: dict) -> dict:
        wall = b["t"] - a["t"]
        by_app: dict[str, float] = {}
        lost = 0
        for pid, app in b["apps"].items():
            if pid not in b["backends"]:
                continue
            t0 = a["backends"].get(pid, 0.0)  # a backend that started in between: all its time is in the window
            by_app[app] = by_app.get(app, 0.0) + b["backends"][pid] - t0
        lost = sum(1 for pid in a["apps"] if pid not in b["backends"])
        busy = b["busy"] - a["busy"]
        return {
            "wall_s": wall,
            "server_cpu_per_s": (b["server"] - a["server"]) / wall,
            "consoles_cpu_per_s": sum(v for k, v in by_app.items() if k.startswith(CONSOLE_APP)) / wall,
            "writer_cpu_per_s": sum(v for k, v in by_app.items() if k.startswith(WRITER_APP)) / wall,
            "backends_seen": len(b["apps"]),
            "backends_lost": lost,
            "machine_busy_cores": busy / (b["total"] - a["total"]) * (os.cpu_count() or 1),
            "load_start": a["load"],
            "load_end": b["load"],
        }

    def close(self) -> None:
        self.conn.close()
        self.engine.dispose()


# ---- one console (a child process) ---------------------------------------------------------------------


def worker(url: str, name: str, seconds: float, interval: float, phase: float) -> int:
    """Cold start, print it, wait for the common start time on stdin, poll on a fixed schedule, print the
    times, wait for stdin to close (so the backends stay connected until the parent's last CPU sample)."""
    from bench import poll as poll_bench
    from console.models.db import make_engine
    from console.services.poller import Backend

    poll_bench.instrument()  # the fetch phase of each poll (the database's part) is timed too
    backend = Backend(make_engine(_with_app(url, name)), name, reader=True)
    t0 = time.perf_counter()
    snap = backend.poll()
    cold = time.perf_counter() - t0
    # the changes made during a slow cold start are caught up once before the console counts as ready
    t0 = time.perf_counter()
    snap = backend.poll()
    catchup = time.perf_counter() - t0
    print(
        json.dumps({"ready": name, "cold_s": cold, "catchup_s": catchup, "ok": snap.ok, "n": snap.totals.open_cases}),
        flush=True,
    )
    # who serves this console in the database: its backend's CPU and run-queue wait are read around each poll
    observer = create_engine(_with_app(url, f"bench-observer-{name}"), isolation_level="AUTOCOMMIT").connect()

    def backend_pids() -> list[int]:
        q = text("SELECT pid FROM pg_stat_activity WHERE application_name = :a")
        return list(observer.execute(q, {"a": name}).scalars())

    def served(pids: list[int]) -> tuple[float, float, float, float]:
        st = [schedstat(p) for p in pids]
        me = schedstat()
        return me[0], me[1], sum(x[0] for x in st), sum(x[1] for x in st)

    while True:  # until the common start: keep polling as a running console does (not measured)
        if select.select([sys.stdin], [], [], interval)[0]:
            start = float(sys.stdin.readline())
            break
        backend.poll()
    c0 = os.times()
    fetch: list[float] = []
    sched: list[list[float]] = []
    times, failed, skipped = [], 0, 0
    k = 0
    while True:
        due = start + phase + k * interval
        if due >= start + seconds:
            break
        now = time.monotonic()
        if now > due + interval:  # a poll overran a whole slot: skip it, as a timer would
            skipped += 1
            k += 1
            continue
        if due > now:
            time.sleep(due - now)
        poll_bench.phases_reset()
        pids = backend_pids()  # before: the observer's own query and its wake-up stay out of the figures
        s0 = served(pids)
        t0 = time.perf_counter()
        snap = backend.poll()
        times.append(time.perf_counter() - t0)
        s1 = served(pids)
        sched.append([b - a for a, b in zip(s0, s1, strict=True)])  # own cpu, own wait, backend cpu, wait
        fetch.append(poll_bench.phases().get("fetch", 0.0))
        failed += not snap.ok
        k += 1
    cpu = os.times()
    print(
        json.dumps(
            {
                "name": name,
                "cold_s": cold,
                "catchup_s": catchup,
                "times": times,
                "fetch": fetch,
                "sched": sched,
                "window_cpu_s": cpu.user + cpu.system - c0.user - c0.system,
                "failed": failed,
                "skipped": skipped,
                "cpu_s": cpu.user + cpu.system,
                "n": snap.totals.open_cases,
            }
        ),
        flush=True,
    )
    sys.stdin.read()
    observer.close()
    backend.engine.dispose()
    return 0


def _with_app(url: str, app: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}application_name={app}"


# ---- the run -------------------------------------------------------------------------------------------


def run(
    url: str,
    n: int,
    consoles: int = 8,
    seconds: float = 60.0,
    interval: float = 3.0,
    fraction: float = 0.01,
    together: bool = False,
    echo=print,
) -> dict:
    """``url`` must be a PostgreSQL database this run may change (a clone). ``together``: every console polls at
    the same instant (as when a pushed notification wakes them all) instead of timers spread over the interval."""
    env = dict(os.environ)
    load_before = loadavg()  # the machine's load from other work, before this run adds its processes
    writer = subprocess.Popen(
        [sys.executable, "-m", "bench.changer", _with_app(url, WRITER_APP), str(n), str(interval), str(fraction)],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    kids: list[subprocess.Popen] = []
    probe = CpuProbe(url)
    try:
        t_launch = time.monotonic()
        for i in range(consoles):
            kids.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "bench.consoles",
                        "--worker",
                        url,
                        "--name",
                        f"{CONSOLE_APP}-{i + 1}",
                        "--seconds",
                        str(seconds),
                        "--interval",
                        str(interval),
                        # the consoles were not switched on at the same instant: their timers are spread
                        "--phase",
                        "0" if together else str(interval * i / consoles),
                    ],
                    cwd=ROOT,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    text=True,
                    env=env,
                )
            )
        ready = [_json_line(k) for k in kids]
        all_ready_s = time.monotonic() - t_launch
        if not all(r.get("ok") for r in ready):
            raise RuntimeError(f"a console's first poll failed: {ready}")
        echo(
            f"  {consoles} consoles cold-started at once: first poll {min(r['cold_s'] for r in ready):.1f}–"
            f"{max(r['cold_s'] for r in ready):.1f} s (all ready after {all_ready_s:.1f} s)",
        )
        if writer.poll() is not None:
            raise RuntimeError(f"writer died: {writer.stderr.read()[-800:] if writer.stderr else ''}")
        a = probe.sample()
        start = time.monotonic() + 0.2
        for k in kids:
            assert k.stdin is not None
            k.stdin.write(f"{start!r}\n")
            k.stdin.flush()
        per = [_json_line(k) for k in kids]
        b = probe.sample()
    finally:
        for k in kids:
            if k.stdin and not k.stdin.closed:
                k.stdin.close()
        for k in kids:
            try:
                k.wait(timeout=60)
            except subprocess.TimeoutExpired:
                k.kill()
        writer.send_signal(signal.SIGINT)  # bench/changer.py stops on KeyboardInterrupt
        try:
            writer.wait(timeout=30)
        except subprocess.TimeoutExpired:
            writer.kill()
        probe.close()
    cpu = CpuProbe.delta(a, b)
    rows = []
    for p in per:
        t = p["times"]
        rows.append(
            {
                "name": p["name"],
                "cold_s": p["cold_s"],
                "catchup_s": p["catchup_s"],
                "polls": len(t),
                "fetch_p50_s": median(p["fetch"]),
                "p50_s": median(t),
                "p95_s": p95(t),
                "max_s": max(t) if t else float("nan"),
                "failed": p["failed"],
                "skipped": p["skipped"],
                "cpu_s": p["cpu_s"],
            }
        )
    pooled = [x for p in per for x in p["times"]]
    fetch = [x for p in per for x in p["fetch"]]
    sched = [x for p in per for x in p["sched"]]
    waits = [w[1] + w[3] for w in sched]
    res = {
        "n": per[0]["n"] if per else n,
        "consoles": consoles,
        "together": together,
        "seconds": seconds,
        "interval_s": interval,
        "changed_per_round": max(1, int(n * fraction)),
        "all_ready_s": all_ready_s,
        "per_console": rows,
        "p50_s": median(pooled),
        "p95_s": p95(pooled),
        "max_s": max(pooled) if pooled else float("nan"),
        "worst_console_p95_s": max(r["p95_s"] for r in rows),
        "polls": len(pooled),
        "failed": sum(r["failed"] for r in rows),
        "skipped": sum(r["skipped"] for r in rows),
        "fetch_p50_s": median(fetch),
        "fetch_p95_s": p95(fetch),
        # per poll: the console's and its backend's CPU and run-queue wait (/proc/<pid>/schedstat)
        "own_cpu_p50_s": median([w[0] for w in sched]),
        "backend_cpu_p50_s": median([w[2] for w in sched]),
        "wait_p50_s": median(waits),
        "wait_p95_s": p95(waits),
        "work_p50_s": median([w[0] + w[2] for w in sched]),  # CPU a poll needs: the console's + its backend's
        "work_p95_s": p95([w[0] + w[2] for w in sched]),
        "cpu": cpu,
        "consoles_proc_cpu_per_s": sum(p["window_cpu_s"] for p in per) / cpu["wall_s"],
        "load_before": load_before,
        "nproc": os.cpu_count(),
    }
    for r in rows:
        echo(
            f"  {r['name']}: cold {r['cold_s']:.1f} s, catch-up {r['catchup_s']:.1f} s, {r['polls']} polls "
            f"p50 {r['p50_s'] * 1e3:.0f} ms p95 {r['p95_s'] * 1e3:.0f} ms max {r['max_s'] * 1e3:.0f} ms "
            f"(fetch p50 {r['fetch_p50_s'] * 1e3:.0f} ms)"
            + (f", {r['failed']} failed" if r["failed"] else "")
            + (f", {r['skipped']} skipped" if r["skipped"] else "")
        )
    echo(
        f"  consoles n={res['n']:,} ({consoles} × {res['polls'] // max(1, consoles)} polls, "
        f"{res['changed_per_round']:,} changed/{interval:g} s): p50 {res['p50_s'] * 1e3:.0f} ms, "
        f"p95 {res['p95_s'] * 1e3:.0f} ms, worst console p95 {res['worst_console_p95_s'] * 1e3:.0f} ms, "
        f"max {res['max_s'] * 1e3:.0f} ms; fetch phase p50 {res['fetch_p50_s'] * 1e3:.0f} ms "
        f"p95 {res['fetch_p95_s'] * 1e3:.0f} ms"
    )
    echo(
        f"  per poll: console CPU p50 {res['own_cpu_p50_s'] * 1e3:.0f} ms, its backend's CPU p50 "
        f"{res['backend_cpu_p50_s'] * 1e3:.0f} ms, waiting for a core p50 {res['wait_p50_s'] * 1e3:.0f} ms "
        f"p95 {res['wait_p95_s'] * 1e3:.0f} ms; CPU both together p50 {res['work_p50_s'] * 1e3:.0f} ms "
        f"p95 {res['work_p95_s'] * 1e3:.0f} ms"
    )
    echo(
        f"  database CPU {cpu['server_cpu_per_s']:.2f} CPU-seconds per second (whole server; consoles' backends "
        f"{cpu['consoles_cpu_per_s']:.2f}, writer's {cpu['writer_cpu_per_s']:.2f}); machine busy "
        f"{cpu['machine_busy_cores']:.2f} of {os.cpu_count()} cores (the consoles' processes "
        f"{res['consoles_proc_cpu_per_s']:.2f}), load {load_before[0]:.2f} before the run, "
        f"{cpu['load_start'][0]:.2f} → {cpu['load_end'][0]:.2f} while polling"
    )
    return res


def _json_line(p: subprocess.Popen) -> dict:
    assert p.stdout is not None
    for line in p.stdout:
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError(f"console process ended without a result (rc={p.wait()})")


# ---- the clone -----------------------------------------------------------------------------------------


def clone(url: str, name: str, tries: int = 150, echo=print) -> tuple[str, callable]:
    """A copy of ``url`` named ``name`` for this run (the writer changes rows). The template must have no other
    sessions at that moment; other people's sessions are waited for, never terminated."""
    template = url.rsplit("/", 1)[1]
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        for i in range(tries):
            try:
                c.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
                break
            except Exception as exc:  # "source database … is being accessed by other users"
                if "being accessed" not in str(exc) or i == tries - 1:
                    raise
                echo(f"  {template} busy, retrying the clone ({i + 1}/{tries})")
                time.sleep(2)

    def drop():
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url.rsplit("/", 1)[0] + "/" + name, drop


# ---- reporting -----------------------------------------------------------------------------------------

GOAL_MS = 250.0
SECTION = "## 5. Consoles reading one PostgreSQL database"


def goal_row(c: dict) -> tuple[str, str, str, str]:
    worst, pooled = c["worst_console_p95_s"] * 1e3, c["p95_s"] * 1e3
    ok = worst < GOAL_MS and not c["failed"]
    verdict = "**met**" if ok else f"**missed** by {worst / GOAL_MS:.2f}× ({worst - GOAL_MS:+.1f})"
    return (
        f"{c['consoles']} consoles' refresh p95, 1 % changing per {c['interval_s']:g} s (postgresql, {c['n']:,})",
        "< 250 ms each",
        f"{pooled:.0f} ms all polls; worst console {worst:.0f} ms; DB {c['cpu']['server_cpu_per_s']:.2f} CPU-s/s",
        verdict,
    )


def section(c: dict, date: str = "") -> list[str]:
    cpu = c["cpu"]
    L = [
        SECTION,
        "",
        f"{c['consoles']} console processes, each with its own `Backend(engine, name, reader=True)` "
        "(`bench/consoles.py`): all started at once (cold start = first poll), then each polls every "
        f"{c['interval_s']:g} s for {c['seconds']:g} s, the timers spread over the interval, while "
        f"`bench/changer.py` in its own process changes {c['changed_per_round']:,} open cases (1 %) every "
        f"{c['interval_s']:g} s. On a clone of the benchmark database (`CREATE DATABASE … TEMPLATE`)."
        + (f" Run {date}." if date else ""),
        "",
        "Cold start = the first poll, all eight at once; catch-up = the next poll, which reads what the writer "
        "changed meanwhile (not counted in the refresh figures); *fetch* = the poll's database read "
        "(`fetch_columns`), the rest of a poll is the console's own Python.",
        "",
        "| Console | Cold start | Catch-up | Polls | p50 | p95 | max | Fetch p50 | Skipped slots | Failed |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in c["per_console"]:
        L.append(
            f"| {r['name']} | {r['cold_s']:.1f} s | {r.get('catchup_s', float('nan')):.1f} s | {r['polls']} | "
            f"{r['p50_s'] * 1e3:.0f} ms | {r['p95_s'] * 1e3:.0f} ms | {r['max_s'] * 1e3:.0f} ms | "
            f"{r.get('fetch_p50_s', float('nan')) * 1e3:.0f} ms | {r['skipped']} | {r['failed']} |"
        )
    L.append(
        f"| **all** | all ready after {c['all_ready_s']:.1f} s | | {c['polls']} | {c['p50_s'] * 1e3:.0f} ms | "
        f"**{c['p95_s'] * 1e3:.0f} ms** | {c['max_s'] * 1e3:.0f} ms | {c.get('fetch_p50_s', float('nan')) * 1e3:.0f} "
        f"ms (p95 {c.get('fetch_p95_s', float('nan')) * 1e3:.0f}) | {c['skipped']} | {c['failed']} |"
    )
    if "wait_p50_s" in c:
        L += [
            "",
            "Where a poll's time goes (all polls, from `/proc/<pid>/schedstat` of the console process and of its "
            f"backend, read around each poll): the console's CPU p50 {c['own_cpu_p50_s'] * 1e3:.0f} ms, its "
            f"backend's CPU p50 {c['backend_cpu_p50_s'] * 1e3:.0f} ms, **waiting on a run queue for a core** p50 "
            f"{c['wait_p50_s'] * 1e3:.0f} ms, p95 {c['wait_p95_s'] * 1e3:.0f} ms (the console's and the backend's "
            "waits added; they partly overlap, so this is an upper bound). So a poll needs about "
            f"{(c['own_cpu_p50_s'] + c['backend_cpu_p50_s']) * 1e3:.0f} ms of CPU and spends most of its "
            f"{c['p50_s'] * 1e3:.0f} ms waiting for a core: on a machine with cores to spare the refresh would be "
            "expected to approach its CPU time, which this run does not measure. CPU time per poll itself "
            "varies between runs on the loaded machine (shared caches).",
        ]
    t = c.get("together")
    if isinstance(t, dict):
        L += [
            "",
            f"The same {t['consoles']} consoles **polling at the same instant** every {t['interval_s']:g} s (as when "
            f"one pushed notification wakes them all), right after, {t['seconds']:g} s: p50 {t['p50_s'] * 1e3:.0f} ms, "
            f"p95 {t['p95_s'] * 1e3:.0f} ms, worst console p95 {t['worst_console_p95_s'] * 1e3:.0f} ms, max "
            f"{t['max_s'] * 1e3:.0f} ms (fetch p50 {t['fetch_p50_s'] * 1e3:.0f} ms); database "
            f"{t['cpu']['server_cpu_per_s']:.2f} CPU-s/s (consoles' backends {t['cpu']['consoles_cpu_per_s']:.2f}); "
            f"per poll CPU {t['own_cpu_p50_s'] * 1e3:.0f} ms console + {t['backend_cpu_p50_s'] * 1e3:.0f} ms "
            f"backend, waiting for a core p50 {t['wait_p50_s'] * 1e3:.0f} ms; load "
            f"{t['load_before'][0]:.2f} before.",
        ]
    b = c.get("baseline")
    if b:
        L += [
            "",
            f"For comparison, **one console alone** on the same clone right after, same writer, {b['seconds']:g} s: "
            f"p50 {b['p50_s'] * 1e3:.0f} ms, p95 {b['p95_s'] * 1e3:.0f} ms, max {b['max_s'] * 1e3:.0f} ms "
            f"(fetch p50 {b['fetch_p50_s'] * 1e3:.0f} ms); database {b['cpu']['server_cpu_per_s']:.2f} CPU-s/s "
            f"(its backend {b['cpu']['consoles_cpu_per_s']:.2f}, the writer's {b['cpu']['writer_cpu_per_s']:.2f}); "
            f"machine {b['cpu']['machine_busy_cores']:.2f} cores busy, load {b['load_before'][0]:.2f} before"
            + (
                f"; per poll CPU {b['own_cpu_p50_s'] * 1e3:.0f} ms console + {b['backend_cpu_p50_s'] * 1e3:.0f} ms "
                f"backend, waiting for a core p50 {b['wait_p50_s'] * 1e3:.0f} ms."
                if "wait_p50_s" in b
                else "."
            ),
        ]
    L += [
        "",
        f"Database CPU over the {cpu['wall_s']:.0f} s of polling (utime+stime from `/proc/<pid>/stat` of the "
        "postmaster with its reaped children and of its live children, sampled at start and end):",
        "",
        f"- whole PostgreSQL server: **{cpu['server_cpu_per_s']:.2f} CPU-seconds per second** (cores busy) — "
        "this includes whatever else used the server at the time;",
        f"- of which the {c['consoles']} consoles' backends: {cpu['consoles_cpu_per_s']:.2f} CPU-s/s, the "
        f"writer's: {cpu['writer_cpu_per_s']:.2f} CPU-s/s ({cpu['backends_seen']} backends on the database, "
        f"{cpu['backends_lost']} gone before the end sample);",
        f"- the consoles' own processes: {c.get('consoles_proc_cpu_per_s', float('nan')):.2f} CPU-s/s;",
        f"- the machine: {cpu['machine_busy_cores']:.2f} of {c['nproc']} cores busy, load average "
        f"{c.get('load_before', (float('nan'),))[0]:.2f} before the run (other work), "
        f"{cpu['load_start'][0]:.2f} at the start of the polling, {cpu['load_end'][0]:.2f} at the end. "
        "The machine has "
        f"{c['nproc']} cores and was **shared with other work** during the run (other benchmarks and test "
        "runs), so the refresh times include waiting for a core.",
        "",
    ]
    if "backend_cpu_p50_s" in c:
        per_poll = c["backend_cpu_p50_s"]
        L += [
            "What limits it: every console reads the same changed rows for itself, so the database's work grows "
            f"with the number of consoles — about {per_poll * 1e3:.0f} ms of backend CPU per poll and console, "
            f"{c['consoles']} × {per_poll * 1e3:.0f} ms / {c['interval_s']:g} s ≈ "
            f"{c['consoles'] * per_poll / c['interval_s']:.2f} cores for the consoles, next to the writer's "
            f"{cpu['writer_cpu_per_s']:.2f}."
            + (
                f" On this machine that, the consoles' own {c.get('consoles_proc_cpu_per_s', float('nan')):.2f} "
                "cores and the other work leave the polls waiting for a core most of their time."
                if c.get("wait_p50_s", 0) > c["p50_s"] / 2
                else ""
            ),
            "",
        ]
    return L


def splice(md: str, c: dict, date: str = "") -> str:
    """Put the goal row and the section into an existing RESULTS.md (replacing an earlier one)."""
    lines = md.rstrip("\n").split("\n")
    row = "| " + " | ".join(goal_row(c)) + " |"
    lines = [x for x in lines if not (x.startswith("| ") and "consoles' refresh p95" in x)]
    try:
        g = lines.index("## Goals")
        i = g + 1
        while i < len(lines) and not lines[i].startswith("|"):
            i += 1
        while i < len(lines) and lines[i].startswith("|"):
            i += 1
        lines.insert(i, row)
    except ValueError:
        lines += ["", "## Goals", "", "| Goal | Target | Measured | Verdict |", "|---|---|---|---|", row]
    if SECTION in lines:  # drop the earlier section, up to the next heading
        s = lines.index(SECTION)
        e = s + 1
        while e < len(lines) and not lines[e].startswith("## "):
            e += 1
        del lines[s:e]
    new = section(c, date)
    at = next((i for i, x in enumerate(lines) if x.startswith("## Design and what limits")), len(lines))
    if at == len(lines):
        new = ["", *new]
    lines[at:at] = new
    return "\n".join(lines).rstrip("\n") + (md[len(md.rstrip("\n")) :] or "\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.consoles", description=__doc__)
    ap.add_argument("url", nargs="?")
    ap.add_argument("n", nargs="?", type=int)
    ap.add_argument("--worker", metavar="URL")
    ap.add_argument("--name", default=CONSOLE_APP)
    ap.add_argument("--consoles", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--interval", type=float, default=3.0)
    ap.add_argument("--phase", type=float, default=0.0)
    a = ap.parse_args(argv)
    if a.worker:
        return worker(a.worker, a.name, a.seconds, a.interval, a.phase)
    if not a.url or a.n is None:
        ap.error("URL and N are needed")
    print(json.dumps(run(a.url, a.n, a.consoles, a.seconds, a.interval), default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
