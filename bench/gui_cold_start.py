"""Cold start: from launching ``main.py --db URL --snapshot DIR`` until the wall's PNGs exist (and exit).

The snapshot mode waits a deliberate 2.5 s after the first good snapshot (charts/layout settle) before it
renders; "to data" subtracts that, so it is launch → first good snapshot on the wall.
Run: ``python -m bench.gui_cold_start --db URL [--runs 3]``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, median
from bench.gui_common import app_available

SETTLE_S = 2.5  # console.shell.app: QTimer.singleShot(2500, render) after the first good snapshot
TIMEOUT_S = 300


def run(url: str, runs: int = 3, echo=print) -> dict:
    reason = app_available()
    if reason:
        echo(f"  cold start: {reason}")
        return {"skipped": reason}
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    totals, to_png, errors = [], [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="bench-cold-") as out:
            t0 = time.time()
            p = subprocess.run(
                [sys.executable, str(ROOT / "main.py"), "--db", url, "--snapshot", out, "--console-name", "bench-cold"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_S,
            )
            total = time.time() - t0
            pngs = sorted(Path(out).glob("*.png"))
            if p.returncode != 0 or not pngs:
                errors.append(f"rc={p.returncode} pngs={len(pngs)}: {(p.stderr or '')[-300:]}")
                continue
            first = min(x.stat().st_mtime for x in pngs)
            totals.append(total)
            to_png.append(first - t0)
    if not totals:
        echo(f"  cold start: failed: {errors[:1]}")
        return {"error": errors[:3]}
    res = {
        "runs": len(totals),
        "exit_s": median(totals),
        "png_s": median(to_png),
        "to_data_s": median(to_png) - SETTLE_S,
        "all_png_s": to_png,
        "errors": errors,
    }
    echo(
        f"  cold start: first PNG {res['png_s']:.1f} s after launch (to data ≈ {res['to_data_s']:.1f} s without "
        f"the {SETTLE_S} s settle delay), exit {res['exit_s']:.1f} s; median of {len(totals)}"
    )
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--db", required=True)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args(argv)
    print(json.dumps(run(a.db, a.runs), default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
