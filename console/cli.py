"""Command line: `python main.py [--demo | --db URL] [SUBCOMMAND …]`.

Without a subcommand the console starts.  Subcommands work without the GUI (and without Qt imported):
``db upgrade``, ``timer``, ``ingest``, ``simulate``, ``calendar``, ``engine``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from console.domain import calendar, clock
from console.domain.calendar import CalendarRangeError, WorkCalendar
from console.domain.errors import UserError
from console.domain.text import shown, typed_text
from console.domain.timelimits import SuspensionSpec, calendar_limit_as_working, evaluate_one
from console.ingest.cli import add_ingest_parser
from console.models import repository as repo
from console.models.db import (
    DB_ERRORS,
    current_revision,
    make_engine,
    resolve_url,
    session_factory,
    short_error,
    upgrade,
)
from console.models.recompute import recompute_open_due_dates
from console.services.engine_cli import add_engine_parser
from console.services.notices_cli import add_contacts_parser
from console.services.simulator_cli import add_simulate_parser
from console.services.wall_cli import add_wall_parsers
from console.supervision.cli import add_supervision_parsers


def _parse_dt(text: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date/time (YYYY-MM-DD[THH:MM]): {text!r}") from exc


def _parse_past_moment(text: str) -> dt.datetime:
    """A replay's moment: the centre's local time (an offset given is converted to it), in the past, and within
    the span the working-day calendar covers."""
    at = _parse_dt(text)
    if at.tzinfo is not None:
        at = at.astimezone(clock.CENTRE_TZ).replace(tzinfo=None)
    if at > clock.now():
        raise argparse.ArgumentTypeError(f"回放只能回到过去：{at:%Y-%m-%d %H:%M} 尚未到来")
    if not calendar.FIRST <= at.date() <= calendar.LAST:
        raise argparse.ArgumentTypeError(f"回放时刻超出日历范围（{calendar.FIRST} 至 {calendar.LAST}）：{text!r}")
    return at


def _parse_suspension(text: str):
    """START:END[:CAP]; END may be empty for a suspension still running."""

    parts = text.split(":")
    if len(parts) not in (2, 3):
        raise argparse.ArgumentTypeError(f"--suspend wants START:END[:CAP], got {text!r}")
    try:
        start = dt.date.fromisoformat(parts[0])
        end = dt.date.fromisoformat(parts[1]) if parts[1] else None
        cap = int(parts[2]) if len(parts) == 3 and parts[2] != "" else None
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"--suspend {text!r}: {exc}") from exc
    if end is not None and end < start:
        raise argparse.ArgumentTypeError(f"--suspend {text!r}: ends before it starts")
    if cap is not None and cap < 0:
        raise argparse.ArgumentTypeError(f"--suspend {text!r}: CAP must be ≥ 0")
    return SuspensionSpec(start, end, cap)


def cmd_timer(args) -> int:
    if args.promised < 0 or args.statutory < 0:
        print("error: limits must be ≥ 0 working days", file=sys.stderr)
        return 2
    if args.promised > args.statutory:
        print("error: the promised limit must not exceed the statutory limit", file=sys.stderr)
        return 2
    cal = WorkCalendar.build()
    at = args.at or clock.now()
    promised, statutory = args.promised, args.statutory
    if args.limit_unit == "自然日":
        try:  # calendar days end on a date (waits stop every day they run); the engine runs the working days to it
            acc, waits = args.accepted.date(), args.suspend or ()
            promised = calendar_limit_as_working(cal, acc, promised, waits, at.date())
            statutory = calendar_limit_as_working(cal, acc, statutory, waits, at.date())
        except CalendarRangeError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    try:
        res = evaluate_one(
            cal,
            args.accepted.date(),
            promised,
            statutory,
            at.date(),
            args.suspend or (),
            extension=args.extend,
        )
    except CalendarRangeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out = res.as_json()
    out["at"] = at.date().isoformat()
    out["limit_unit"] = args.limit_unit
    if res.provisional:
        out["note"] = (
            f"no published holiday data after {cal.published_years[1]}: "
            "dates there are counted on weekends only (provisional)"
        )
    print(json.dumps(out, ensure_ascii=False))
    return 0


def cmd_db(args) -> int:
    engine = make_engine(args.db)
    if args.action == "upgrade":
        upgrade(engine)
    print(f"{resolve_url(args.db).split('@')[-1]}: schema revision {current_revision(engine)}")
    return 0


def cmd_calendar(args) -> int:
    from console.supervision import auth
    from console.supervision.cli import administrator_login

    engine = make_engine(args.db)
    upgrade(engine)
    Session = session_factory(engine)
    actor = None
    if args.action in ("override", "confirm-year"):  # an administrator's change, audited with their name
        typed_text("说明", args.note)  # typed text: the rule of console/domain/text.py
        actor = administrator_login(Session, args)
    who = actor.username if actor is not None else ""
    with Session.begin() as s:
        if args.action == "override":
            value = {"work": True, "closed": False, "remove": None}[args.status]
            repo.set_calendar_override(s, args.day, value, who, args.note)
        elif args.action == "confirm-year":
            repo.confirm_calendar_year(s, args.year, who, args.note)
    with Session.begin() as s:
        cal = repo.load_calendar(s)
        changed = recompute_open_due_dates(s, cal)
    if actor is not None:
        auth.logout(Session, actor)
    engine.dispose()
    first, last = cal.published_years
    print(
        f"published holiday data: {first}–{last}; overrides: {len(cal.overrides)}; "
        f"confirmed years: {sorted(cal.confirmed_years) or '-'}; open cases re-dated: {changed}"
    )
    return 0


def run_command(args) -> int:
    """A subcommand, failing cleanly: 1 for a refusal of the input (its reason), 2 when it could not run (the
    database unreachable or unopenable, a file it cannot write) — in words, never a traceback."""
    could_not_run: tuple[type[Exception], ...] = (*DB_ERRORS, OSError)
    try:
        return args.func(args)
    except UserError as exc:
        print(f"{args.command}: {shown(str(exc))}", file=sys.stderr)  # it may quote what was typed or stored
        return 1
    except could_not_run as exc:
        print(f"{args.command}: 无法运行（could not run）：{short_error(exc)}", file=sys.stderr)
        return 2


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description="行政审批电子监察 控制室监察台")
    p.add_argument("--db", help="database URL (default $CONSOLE_DB, else sqlite:///var/console.db)")
    p.add_argument(
        "--demo", action="store_true", help="embedded demo database (var/demo.db) with live simulated traffic"
    )
    p.add_argument("--layout", help="screen layout TOML (resources/layouts/NAME.toml or a path)")
    p.add_argument("--snapshot", metavar="DIR", help="render every screen to DIR/<screen>.png and exit")
    p.add_argument(
        "--at",
        dest="replay_at",
        metavar="YYYY-MM-DDTHH:MM",
        type=_parse_past_moment,
        help="replay (回放): show the screens as they stood at this past moment, as known then (writes nothing)",
    )
    p.add_argument("--lang", choices=("zh", "en"), default=None, help="interface language (default zh)")
    p.add_argument("--console-name", help="this console's name in acknowledgements (default: host name)")
    p.add_argument("--poll", type=float, default=None, help="poll interval in seconds (default 3)")
    p.add_argument(
        "--in-process-engine",
        choices=("auto", "yes", "no"),
        default="auto",
        help="run the supervision engine inside the console (auto: on SQLite yes, on PostgreSQL no)",
    )
    sub = p.add_subparsers(dest="command")

    t = sub.add_parser("timer", help="evaluate one case's time limits (JSON)")
    t.add_argument("--accepted", type=_parse_dt, required=True)
    t.add_argument("--promised", type=int, required=True)
    t.add_argument("--statutory", type=int, required=True)
    t.add_argument(
        "--suspend",
        type=_parse_suspension,
        action="append",
        help="START:END[:CAP] (END empty = still running); repeatable",
    )
    t.add_argument("--extend", type=int, default=0, help="working days added by an extension (延长审批)")
    t.add_argument(
        "--limit-unit",
        choices=("工作日", "自然日"),
        default="工作日",
        help="unit of --promised/--statutory: 工作日 (default) or 自然日 (calendar days; a period ending on a "
        "rest day ends on the next working day; a --suspend wait stops every calendar day it runs)",
    )
    t.add_argument("--at", type=_parse_dt, help="evaluate on this day (default now)")
    t.set_defaults(func=cmd_timer)

    d = sub.add_parser("db", help="database schema")
    d.add_argument("action", choices=("upgrade", "current"))
    d.set_defaults(func=cmd_db)

    c = sub.add_parser("calendar", help="local calendar overrides; re-dates open cases")
    csub = c.add_subparsers(dest="action", required=True)
    o = csub.add_parser("override", help="mark a day as a working day, closed, or remove the override")
    o.add_argument("day", type=dt.date.fromisoformat)
    o.add_argument("status", choices=("work", "closed", "remove"))
    o.add_argument("--note")
    o.add_argument("--as", dest="admin", metavar="ADMIN", required=True, help="log in as this administrator")
    o.add_argument("--password-stdin", action="store_true", help="read the password from the first stdin line")
    y = csub.add_parser("confirm-year", help="confirm a year's calendar (ends its provisional flag)")
    y.add_argument("year", type=int)
    y.add_argument("--note")
    y.add_argument("--as", dest="admin", metavar="ADMIN", required=True, help="log in as this administrator")
    y.add_argument("--password-stdin", action="store_true", help="read the password from the first stdin line")
    csub.add_parser("show", help="print the calendar's state")
    c.set_defaults(func=cmd_calendar)

    add_ingest_parser(sub)
    add_simulate_parser(sub)
    add_engine_parser(sub)
    add_supervision_parsers(sub)
    add_wall_parsers(sub)
    add_contacts_parser(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command:
        return run_command(args)
    from console.shell.app import run_console

    return run_console(args)
