"""Shared helpers: database URLs per size, timing, machine description, resident memory."""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
PG_ADMIN_URL = os.environ.get("CONSOLE_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def label(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}m"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000}k"
    return str(n)


def pg_url(dbname: str) -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + dbname


def db_url(kind: str, n: int | None, prefix: str = "bench_console") -> str:
    """The benchmark database of ``kind`` (sqlite | postgresql) with ``n`` open cases (None: empty)."""
    name = f"{prefix}_{'empty' if n is None else label(n)}"
    if kind == "sqlite":
        VAR.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{VAR / (name + '.db')}"
    return pg_url(name)


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def p95(xs):
    if not xs:
        return float("nan")
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, round(0.95 * (len(s) - 1))))]


class Timer:
    def __enter__(self):
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.s = time.perf_counter() - self.t0
        self.ms = self.s * 1000


def rss_bytes() -> int:
    """Resident set size of this process (VmRSS of /proc/self/status)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def machine() -> dict:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "?"
    try:
        m = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
        ram = f"{int(m.group(1)) / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        pass
    import sqlite3

    import numpy
    import sqlalchemy

    pg = "?"
    try:
        from sqlalchemy import create_engine, text

        eng = create_engine(PG_ADMIN_URL)
        with eng.connect() as c:
            pg = c.execute(text("SHOW server_version")).scalar_one()
        eng.dispose()
    except Exception as exc:
        pg = f"unavailable ({type(exc).__name__})"
    try:
        import chinese_calendar

        cc = getattr(chinese_calendar, "__version__", "?")
    except ImportError:
        cc = "missing"
    return {
        "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram": ram,
        "os": f"{platform.system()} {platform.release()}",
        "python": sys.version.split()[0],
        "numpy": numpy.__version__,
        "sqlalchemy": sqlalchemy.__version__,
        "sqlite": sqlite3.sqlite_version,
        "postgresql": pg,
        "chinesecalendar": cc,
        "git": _git_head(),
    }


def _git_head() -> str:
    try:
        return (
            subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=5
            ).stdout.strip()
            or "?"
        )
    except (OSError, subprocess.SubprocessError):
        return "?"
