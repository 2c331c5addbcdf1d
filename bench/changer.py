"""A separate writer process: every INTERVAL seconds change FRACTION of the open cases (like an ingest).
Run: ``python -m bench.changer URL N INTERVAL [FRACTION]``; stops when stdin closes or on SIGTERM."""

from __future__ import annotations

import sys
import time

from bench.poll import Changer


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    url, n, interval = argv[0], int(argv[1]), float(argv[2])
    fraction = float(argv[3]) if len(argv) > 3 else 0.01
    ch = Changer(url, n, fraction, seed=int(time.time()))
    try:
        while True:
            t0 = time.monotonic()
            ch.round()
            time.sleep(max(0.0, interval - (time.monotonic() - t0)))
    except KeyboardInterrupt:
        pass
    finally:
        ch.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
