"""`python main.py engine --db URL [--name NAME] [--interval S] [--once]`: the supervision engine as a service.

Runs until SIGTERM/SIGINT (systemd: resources/systemd/supervision-engine.service).  Several may run against one
PostgreSQL database: one holds the lease and works, the others stand by (console.models.lease).
Exit status: 0 stopped; 2 could not run (a bad argument, or a login without the engine's rights:
console.models.lease.LeaseForbidden).  An unreachable database is waited for (the service stands by and retries).
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys

from console.models.db import make_engine, resolve_url


def add_engine_parser(subparsers) -> argparse.ArgumentParser:
    from console.services.engine import DEFAULT_INTERVAL_S

    p = subparsers.add_parser("engine", help="the supervision engine: evaluates every rule and writes the alarms")
    p.add_argument("--db", default=argparse.SUPPRESS, help="database URL (default $CONSOLE_DB or var/console.db)")
    p.add_argument("--name", help="this engine's name in the alarms and the log (default engine@HOST)")
    p.add_argument(
        "--interval",
        type=float,
        default=DEFAULT_INTERVAL_S,
        help=f"seconds between passes (default {DEFAULT_INTERVAL_S:g})",
    )
    p.add_argument(
        "--once", action="store_true", help="take the lease, run one pass and exit (1: lease held elsewhere)"
    )
    p.set_defaults(func=run_engine)
    return p


def run_engine(args) -> int:
    from console.services.engine import EngineService

    if args.interval <= 0:
        print("engine: --interval must be > 0", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stdout, force=True)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    db = getattr(args, "db", None)
    engine = make_engine(db)
    svc = EngineService(engine, args.name, interval_s=args.interval)
    logging.getLogger("console.engine").info(
        "event=start engine=%s db=%s interval_s=%g", svc.name, resolve_url(db).split("@")[-1], args.interval
    )
    if args.once:
        fields = svc.tick()
        svc.stop()
        engine.dispose()
        if svc.refused is not None:
            return 2
        return 0 if fields is not None and fields["ok"] else 1

    def _stop(signum, frame):
        svc.stop()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    try:
        svc.start(blocking=True)
    finally:
        engine.dispose()
    return 0 if svc.refused is None else 2
