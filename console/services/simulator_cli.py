"""`python main.py simulate --db URL [--speed N] [--history-days D] [--seed S] [--once]`."""

from __future__ import annotations

import argparse
import threading
import time

from console.domain import catalogue
from console.models import repository as repo
from console.models.db import make_engine, resolve_url, session_factory, upgrade
from console.services import simulator as sim
from console.services.simulator import CASES_PER_DAY, DEFAULT_SEED


def add_simulate_parser(subparsers) -> argparse.ArgumentParser:

    p = subparsers.add_parser("simulate", help="write simulated traffic (history on an empty database, then live)")
    p.add_argument("--speed", type=float, default=1.0, help="event-rate multiplier (60 ≈ an hour per minute)")
    p.add_argument("--history-days", type=int, default=10, help="working days of history for an empty database")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument("--cases-per-day", type=int, default=CASES_PER_DAY)
    p.add_argument("--once", action="store_true", help="seed the history (if empty) and exit")
    p.set_defaults(func=run_simulate)
    return p


def run_simulate(args) -> int:

    if args.speed <= 0 or args.history_days < 0:
        print("error: --speed must be > 0 and --history-days ≥ 0")
        return 2
    engine = make_engine(getattr(args, "db", None))
    print(f"simulator: database {resolve_url(getattr(args, 'db', None)).split('@')[-1]}", flush=True)
    upgrade(engine)
    Session = session_factory(engine)
    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items())
    with Session() as s:
        seeded = repo.has_cases(s)
    if seeded:
        print("simulator: database already has cases; no history seeded", flush=True)
    elif args.history_days:
        tally = sim.seed_history(
            Session,
            days=args.history_days,
            seed=args.seed,
            cases_per_day=args.cases_per_day,
            progress=lambda m: print(f"simulator: {m}", flush=True),
        )
        print(
            f"simulator: history of {args.history_days} working days: {tally.cases} cases, "
            f"{tally.records} records ({tally.accepted} accepted, {tally.duplicates} duplicates, "
            f"{tally.rejected} rejected), {tally.alarms} alarms",
            flush=True,
        )
    if args.once:
        engine.dispose()
        return 0
    return _live(Session, args, sim)


def _live(Session, args, sim) -> int:
    stop = threading.Event()
    last = [0.0]

    def progress(stats) -> None:

        if time.monotonic() - last[0] >= 5:
            last[0] = time.monotonic()
            print(
                f"simulator: live {stats.records} records, {stats.new_cases} new cases, "
                f"{stats.red_makers} red makers, {stats.alarms} alarms, {stats.errors} errors",
                flush=True,
            )

    worker = threading.Thread(
        target=sim.run_live,
        name="simulator",
        daemon=True,
        kwargs=dict(
            Session=Session,
            speed=args.speed,
            stop_event=stop,
            seed=args.seed,
            cases_per_day=args.cases_per_day,
            progress=progress,
        ),
    )
    print(f"simulator: live traffic at speed {args.speed:g} (Ctrl-C to stop)", flush=True)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.5)
    except KeyboardInterrupt:
        print("simulator: stopping…", flush=True)
        stop.set()
        worker.join(10)
    return 0
