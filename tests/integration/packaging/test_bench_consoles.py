"""The eight-consoles benchmark's measuring parts: the database CPU reader on a real PostgreSQL server, and the
results file splice. (The run itself is `python -m bench --only consoles`; it takes minutes.)"""

import time

import pytest
from sqlalchemy import create_engine, text

from bench import consoles
from tests.conftest import fresh_pg_database


@pytest.mark.postgres
def test_cpu_reader_sees_a_busy_backend_by_its_application():
    url, drop = fresh_pg_database()
    probe = consoles.CpuProbe(url)
    eng = create_engine(consoles._with_app(url, f"{consoles.CONSOLE_APP}-t"))
    try:
        with eng.connect() as c:
            c.execute(text("SELECT 1"))  # connected before the first sample, like a console after its cold start
            a = probe.sample()
            t0 = time.perf_counter()
            while time.perf_counter() - t0 < 0.6:  # keep the backend on a core
                c.execute(text("SELECT count(*) FROM generate_series(1, 300000)")).scalar_one()
            b = probe.sample()
        d = consoles.CpuProbe.delta(a, b)
    finally:
        eng.dispose()
        probe.close()
        drop()
    used = d["consoles_cpu_per_s"] * d["wall_s"]
    assert used >= 0.2, d  # most of the 0.6 s was the backend's CPU (the machine is shared: not all of it)
    # the server's figure sums every backend's: on a quiet server it equals the console's up to rounding
    assert d["server_cpu_per_s"] >= d["consoles_cpu_per_s"] - 1e-9, d
    assert d["consoles_cpu_per_s"] > d["writer_cpu_per_s"] == 0.0, d
    assert d["backends_seen"] == 1 and d["backends_lost"] == 0, d
    assert 0 <= d["machine_busy_cores"] <= d["load_end"][0] + 2.5  # a plausible figure, not a parse error


def _result(p95_ms: float) -> dict:
    row = {
        "name": "bench-console-1",
        "cold_s": 4.0,
        "polls": 20,
        "p50_s": 0.1,
        "p95_s": p95_ms / 1e3,
        "max_s": p95_ms / 1e3,
        "failed": 0,
        "skipped": 0,
        "cpu_s": 9.0,
    }
    cpu = {
        "wall_s": 60.0,
        "server_cpu_per_s": 0.8,
        "consoles_cpu_per_s": 0.6,
        "writer_cpu_per_s": 0.1,
        "backends_seen": 9,
        "backends_lost": 0,
        "machine_busy_cores": 1.9,
        "load_start": (3.0, 0, 0),
        "load_end": (4.0, 0, 0),
    }
    return {
        "n": 1_000_000,
        "consoles": 1,
        "seconds": 60.0,
        "interval_s": 3.0,
        "changed_per_round": 10_000,
        "all_ready_s": 30.0,
        "per_console": [row],
        "p50_s": 0.1,
        "p95_s": p95_ms / 1e3,
        "max_s": p95_ms / 1e3,
        "worst_console_p95_s": p95_ms / 1e3,
        "polls": 20,
        "failed": 0,
        "skipped": 0,
        "cpu": cpu,
        "nproc": 2,
    }


def test_splice_replaces_its_row_and_section_and_keeps_the_rest():
    md = "\n".join(
        [
            "# Benchmark results",
            "",
            "## Goals",
            "",
            "| Goal | Target | Measured | Verdict |",
            "|---|---|---|---|",
            "| Cold start | < 10 s | 4.7 s | **met** |",
            "",
            "## 4. GUI",
            "",
            "text",
            "",
            "## Design and what limits each goal",
            "",
            "why",
            "",
        ]
    )
    once = consoles.splice(md, _result(300.0))
    twice = consoles.splice(once, _result(120.0))
    for out in (once, twice):
        assert out.count("consoles' refresh p95") == 1 and out.count(consoles.SECTION) == 1, out
        lines = out.splitlines()
        row = next(i for i, x in enumerate(lines) if "consoles' refresh p95" in x)
        assert lines[row - 1].startswith("| Cold start") and lines[row + 1] == ""
        assert out.index("## 4. GUI") < out.index(consoles.SECTION) < out.index("## Design and what limits")
        assert "shared with other work" in out and "0.80 CPU-seconds per second" in out

    def row(out):
        return next(x for x in out.splitlines() if "consoles' refresh p95" in x)

    assert row(once).endswith("| **missed** by 1.20× (+50.0) |"), row(once)
    assert row(twice).endswith("| **met** |") and "| 120 ms all polls" in row(twice) and "300 ms" not in twice
