"""The benchmark harness works end to end at a tiny size (SQLite, 2,000 cases): not a timed test.

It generates the data, runs the engine (console vs floor vs package per-call), the poll cycle and the memory
probe, prints the figures and writes a results file; the engine's due dates must equal the floor's.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.support import ROOT


def test_bench_harness_runs_at_a_tiny_size(tmp_path):
    results = tmp_path / "RESULTS.md"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    p = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--sizes",
            "2000",
            "--engines",
            "sqlite",
            "--quick",
            "--no-gui",
            "--sample",
            "50",
            "--prefix",
            "bench_smoke",
            "--results",
            str(results),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    out = p.stdout
    assert p.returncode == 0, p.stderr[-3000:]
    for figure in (
        "initial load n=2,000",
        "poll n=2,000",
        "engine n=2,000",
        "x floor",
        "faster",
        "B/open case",
        "| Goal | Target | Measured | Verdict |",
    ):
        assert figure in out, f"{figure!r} missing from:\n{out}"
    assert "agree floor=True package=True" in out, out
    data = json.loads((ROOT / "var" / "bench" / "results_bench_smoke.json").read_text())
    agree = data["engine"]["sqlite:2000"]["agree_floor"]
    assert agree["promised_due"] and agree["statutory_due"], agree
    assert all(agree.values()), agree
    text = results.read_text()
    assert "## Machine" in text and "## Goals" in text and "Engine within 2× of the floor" in text


def test_gui_benches_skip_or_import():
    from bench import gui_alarm, gui_cold_start, gui_stall  # noqa: F401 - importable without a display
    from bench.gui_common import SKIP_PREFIX, app_available

    reason = app_available()
    assert reason is None or reason.startswith(SKIP_PREFIX)
