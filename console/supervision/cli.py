"""Supervision subcommands (no Qt): ``user add|list|unlock``, ``audit-limits``, ``report``, ``grant-console-role``.

Registered by ``console.cli`` through ``add_supervision_parsers(subparsers)``.  Each upgrades the schema first.
Exit status: 0 done; 1 ``audit-limits`` found something; 2 refused (bad input, database unreachable).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys

from console.models import repository as repo
from console.models.db import DB_ERRORS, make_engine, session_factory, upgrade
from console.models.dbroles import grant_console_role
from console.supervision.errors import SupervisionError

# The workflows (console.supervision.auth, .limits_audit, .reports, .report_export) are imported by the
# command that runs them: loading console.supervision.auth costs about half a second (argon2), which every
# other command — and ``main.py --help`` — would pay if they were imported here.

# what a command reports in words and exits 1 for: a refusal, the database, or a malformed value
_DB_OR_VALUE: tuple[type[Exception], ...] = (*DB_ERRORS, ValueError)
_REFUSED: tuple[type[Exception], ...] = (SupervisionError, *_DB_OR_VALUE)
_REFUSED_OR_IO: tuple[type[Exception], ...] = (*_REFUSED, OSError)


def add_supervision_parsers(subparsers) -> None:
    db_opt = dict(default=argparse.SUPPRESS, help="database URL (default $CONSOLE_DB or var/console.db)")

    u = subparsers.add_parser("user", help="console operators (first administrator, list, unlock)")
    usub = u.add_subparsers(dest="user_action", required=True)
    add = usub.add_parser("add", help="add an operator (the shell user is trusted as administrator)")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=("operator", "supervisor", "administrator"))
    add.add_argument("--display-name")
    add.add_argument("--password-stdin", action="store_true", help="read the password from the first stdin line")
    add.add_argument("--db", **db_opt)
    lst = usub.add_parser("list", help="list operators (never their passwords)")
    lst.add_argument("--db", **db_opt)
    unl = usub.add_parser("unlock", help="clear an account's failed log-ins and lock")
    unl.add_argument("username")
    unl.add_argument("--db", **db_opt)
    u.set_defaults(func=run_user)

    a = subparsers.add_parser("audit-limits", help="list items with wrong or suspicious time limits (exit 1 if any)")
    a.add_argument("--since", type=dt.date.fromisoformat, help="only cases completed since this day")
    a.add_argument("--db", **db_opt)
    a.set_defaults(func=run_audit_limits)

    r = subparsers.add_parser("report", help="period report (JSON, XLSX or PDF)")
    r.add_argument("--from", dest="period_from", type=dt.date.fromisoformat, required=True)
    r.add_argument("--to", dest="period_to", type=dt.date.fromisoformat, required=True)
    r.add_argument("--unit", help="unit code (default: the whole city)")
    r.add_argument("--format", choices=("json", "xlsx", "pdf"), required=True)
    r.add_argument("--out", required=True, help="output file")
    r.add_argument("--db", **db_opt)
    r.set_defaults(func=run_report)

    g = subparsers.add_parser(
        "grant-console-role", help="PostgreSQL: give the consoles' role its rights (audit log append-only)"
    )
    g.add_argument("role")
    g.add_argument("--create", action="store_true", help="create the LOGIN role if missing (no password)")
    g.add_argument("--db", **db_opt)
    g.set_defaults(func=run_grant_console_role)


def _open(args):

    engine = make_engine(getattr(args, "db", None))
    upgrade(engine)
    return engine, session_factory(engine)


def _fail(command: str, exc: Exception) -> int:
    text = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
    print(f"{command}: {text}", file=sys.stderr)
    return 2


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise SupervisionError("no terminal to ask for the password: use --password-stdin")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise SupervisionError("the two passwords differ")
    return first


def run_user(args) -> int:
    from console.supervision import auth

    try:
        password = _read_password(args.password_stdin) if args.user_action == "add" else None
        engine, Session = _open(args)
        with Session.begin() as s:
            actor = auth.command_line_actor()
            if args.user_action == "add":
                assert password is not None  # read above for "add"
                view = auth.add_operator(s, actor, args.username, args.role, password, args.display_name)
                print(f"operator {view.username} added ({view.role})")
            elif args.user_action == "unlock":
                auth.unlock(s, actor, args.username)
                print(f"operator {args.username} unlocked")
            else:
                for o in auth.list_operators(s):
                    state = "active" if o.active else "inactive"
                    if o.locked_until:
                        state += f", locked until {o.locked_until:%Y-%m-%d %H:%M}"
                    print(f"{o.username}\t{o.role}\t{o.display_name}\t{state}")
        engine.dispose()
    except _REFUSED as exc:
        return _fail("user", exc)
    return 0


def run_audit_limits(args) -> int:
    from console.supervision.limits_audit import audit_limits

    try:
        engine, Session = _open(args)
        with Session() as s:
            findings = audit_limits(s, since=args.since)
        engine.dispose()
    except _REFUSED as exc:
        return _fail("audit-limits", exc)
    for f in findings:
        print(f.line())
    items = len({f.item_code for f in findings})
    print(f"{len(findings)} findings in {items} items" if findings else "no findings")
    return 1 if findings else 0


def run_report(args) -> int:
    from console.supervision.report_export import write
    from console.supervision.reports import build_report

    try:
        engine, Session = _open(args)
        with Session() as s:
            cal = repo.load_calendar(s)
            report = build_report(s, cal, args.period_from, args.period_to, args.unit, generated_at=repo.now())
        engine.dispose()
        path = write(report, args.format, args.out)
    except _REFUSED_OR_IO as exc:
        return _fail("report", exc)
    print(report.headline)
    print(f"written: {path}")
    return 0


def run_grant_console_role(args) -> int:

    try:
        engine, _ = _open(args)
        for stmt in grant_console_role(engine, args.role, create=args.create):
            print(stmt)
        engine.dispose()
    except _DB_OR_VALUE as exc:
        return _fail("grant-console-role", exc)
    return 0
