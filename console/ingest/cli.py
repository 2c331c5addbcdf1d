"""``python main.py ingest FILE… [--db URL]``: load exchange-record files and print what happened.

Exit status: 0 all records landed (or were duplicates), 1 some were rejected (see the report and the
quarantine table), 2 a file could not be read or the database could not be reached.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from console.domain import catalogue
from console.ingest.apply import ingest_lines
from console.ingest.records import bounded_lines
from console.models import repository as repo
from console.models.db import DB_ERRORS, DbEngine, SessionFactory, make_engine, session_factory, short_error, upgrade

_OPEN_ERRORS: tuple[type[Exception], ...] = (*DB_ERRORS, ValueError, ImportError)  # server, malformed URL, driver


def add_ingest_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    p = subparsers.add_parser("ingest", help="load exchange records (JSON Lines) into the database")
    p.add_argument("files", nargs="+", metavar="FILE", help="JSON Lines files of exchange records ('-' = stdin)")
    p.add_argument("--max-listed", type=int, default=200, help="rejections listed per file (default 200)")
    # SUPPRESS: without --db here the top-level ``main.py --db URL ingest …`` value is kept, not reset to None
    p.add_argument("--db", default=argparse.SUPPRESS, help="database URL (default $CONSOLE_DB or var/console.db)")
    p.set_defaults(func=run_ingest)
    return p


def run_ingest(args: argparse.Namespace) -> int:

    try:
        engine = make_engine(getattr(args, "db", None))
        Session = session_factory(engine)
        _prepare(engine, Session)
    except _OPEN_ERRORS as exc:
        print(f"ingest: cannot open database: {short_error(exc)}", file=sys.stderr)
        return 2
    status = 0
    try:
        for name in args.files:
            try:
                # surrogateescape: a line of bad UTF-8 is rejected on its own, the rest of the file still lands
                # opened here and closed by the ``with`` below, so that a file that cannot be opened and one that
                # cannot be read are told apart
                f = sys.stdin if name == "-" else open(Path(name), encoding="utf-8", errors="surrogateescape")  # noqa: SIM115
            except OSError as exc:
                print(f"ingest: cannot read {name}: {exc.strerror or exc}", file=sys.stderr)
                status = 2
                continue
            try:
                with f if f is not sys.stdin else contextlib.nullcontext(f):
                    report = ingest_lines(Session, bounded_lines(f), source=name)
            except (OSError, UnicodeError) as exc:
                print(f"ingest: cannot read {name}: {exc}", file=sys.stderr)
                status = 2
                continue
            print(f"{name}: {report.summary(getattr(args, 'max_listed', 200))}")
            if report.rejected:
                status = max(status, 1)
    except DB_ERRORS as exc:
        print(f"ingest: database error: {short_error(exc)}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    return status


def _prepare(engine: DbEngine, Session: SessionFactory) -> None:
    """Schema up to date; an empty catalogue gets the built-in one (else every record is an unknown item)."""

    upgrade(engine)
    with Session.begin() as s:
        if not repo.has_items(s):
            repo.sync_catalogue(s, catalogue.units(), catalogue.items())
            print("ingest: the catalogue was empty; loaded the built-in catalogue of units and items", file=sys.stderr)
