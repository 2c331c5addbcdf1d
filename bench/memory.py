"""Resident memory of a process holding a console Backend after its first poll.

Run as ``python -m bench.memory URL``: prints one JSON line.  The harness runs it once on an empty database
(catalogue only: the baseline) and once per size, each in a fresh process, and reports
(RSS_n - RSS_empty) / n bytes per open case.
"""

from __future__ import annotations

import gc
import json
import sys
import time


def measure(url: str) -> dict:
    from bench.common import rss_bytes
    from console.models.db import make_engine
    from console.services.poller import Backend

    rss_start = rss_bytes()
    backend = Backend(make_engine(url), "bench-mem")
    t0 = time.perf_counter()
    snap = backend.poll()
    load_s = time.perf_counter() - t0
    gc.collect()
    rss_poll = rss_bytes()
    backend.poll()  # a second, incremental poll: what a running console holds
    gc.collect()
    rss_after = rss_bytes()
    return {
        "url": url,
        "ok": snap.ok,
        "open_cases": snap.totals.open_cases,
        "rss_start": rss_start,
        "rss_first_poll": rss_poll,
        "rss": rss_after,
        "load_s": load_s,
    }


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    print(json.dumps(measure(argv[0])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
