"""Supervision subcommands (no Qt): ``user add|list|unlock``, ``audit verify``, ``audit-limits``, ``report``,
``grant-console-role``, ``grant-engine-role``.

Registered by ``console.cli`` through ``add_supervision_parsers(subparsers)``.
Exit status (every command): 0 done; 1 findings or a refusal (bad input, no right, a broken audit chain);
2 could not run (database unreachable or unopenable, a file that cannot be written).

Administration needs an administrator's log-in (``--as NAME``; the password from the terminal, or the first
line of stdin with ``--password-stdin``): the command line is no back door.  The one exception is the very
first account of an empty database (there is nobody yet to log in as).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys

from console.domain.text import shown
from console.models import repository as repo
from console.models.db import DB_ERRORS, make_engine, session_factory, short_error, upgrade
from console.models.dbroles import grant_console_role, grant_engine_role
from console.supervision.errors import SupervisionError

# The workflows (console.supervision.auth, .limits_audit, .reports, .report_export) are imported by the
# command that runs them: loading console.supervision.auth costs about half a second (argon2), which every
# other command — and ``main.py --help`` — would pay if they were imported here.

# what a command reports in words and exits 1 for: a refusal, the database, or a malformed value
_DB_OR_VALUE: tuple[type[Exception], ...] = (*DB_ERRORS, ValueError)
_REFUSED: tuple[type[Exception], ...] = (SupervisionError, *_DB_OR_VALUE)
_REFUSED_OR_IO: tuple[type[Exception], ...] = (*_REFUSED, OSError)
_DB_OR_IO: tuple[type[Exception], ...] = (*DB_ERRORS, OSError)


def add_supervision_parsers(subparsers) -> None:
    db_opt = dict(default=argparse.SUPPRESS, help="database URL (default $CONSOLE_DB or var/console.db)")

    u = subparsers.add_parser("user", help="console operators (first administrator, list, unlock)")
    usub = u.add_subparsers(dest="user_action", required=True)
    add = usub.add_parser("add", help="add an operator (the shell user is trusted as administrator)")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=("operator", "supervisor", "administrator"))
    add.add_argument("--display-name")
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="read passwords from stdin, one a line: the administrator's (with --as) first, then the new one",
    )
    add.add_argument("--as", dest="admin", metavar="ADMIN", help="log in as this administrator first")
    add.add_argument("--db", **db_opt)
    lst = usub.add_parser("list", help="list operators (never their passwords)")
    lst.add_argument("--db", **db_opt)
    unl = usub.add_parser("unlock", help="clear an account's failed log-ins and lock")
    unl.add_argument("username")
    unl.add_argument("--as", dest="admin", metavar="ADMIN", required=True, help="log in as this administrator")
    unl.add_argument("--password-stdin", action="store_true", help="read the password from the first stdin line")
    unl.add_argument("--db", **db_opt)
    u.set_defaults(func=run_user)

    au = subparsers.add_parser("audit", help="the audit trail: verify its hash chain (exit 1 if broken)")
    ausub = au.add_subparsers(dest="audit_action", required=True)
    ver = ausub.add_parser("verify", help="check the hash chain (and, on SQLite, the guarding triggers)")
    ver.add_argument("--db", **db_opt)
    au.set_defaults(func=run_audit)

    a = subparsers.add_parser("audit-limits", help="list items with wrong or suspicious time limits (exit 1 if any)")
    a.add_argument("--since", type=dt.date.fromisoformat, help="only cases completed since this day")
    a.add_argument("--db", **db_opt)
    a.set_defaults(func=run_audit_limits)

    r = subparsers.add_parser("report", help="period report (JSON, XLSX or PDF)")
    r.add_argument("--from", dest="period_from", type=dt.date.fromisoformat, required=True)
    r.add_argument("--to", dest="period_to", type=dt.date.fromisoformat, required=True)
    r.add_argument("--unit", help="unit code (default: the whole city)")
    r.add_argument("--format", choices=("json", "xlsx", "pdf"), required=True)
    r.add_argument("--out", required=True, help="output file (written whole, then renamed into place)")
    r.add_argument("--force", action="store_true", help="replace --out if it exists")
    r.add_argument("--db", **db_opt)
    r.set_defaults(func=run_report)

    g = subparsers.add_parser(
        "grant-console-role", help="PostgreSQL: give the consoles' role its rights (audit log append-only)"
    )
    g.add_argument("role")
    g.add_argument("--create", action="store_true", help="create the LOGIN role if missing (no password)")
    g.add_argument("--db", **db_opt)
    g.set_defaults(func=run_grant_console_role)

    ge = subparsers.add_parser(
        "grant-engine-role", help="PostgreSQL: give the supervision engine's role its rights (alarms, rules' writes)"
    )
    ge.add_argument("role")
    ge.add_argument("--create", action="store_true", help="create the LOGIN role if missing (no password)")
    ge.add_argument("--db", **db_opt)
    ge.set_defaults(func=run_grant_engine_role)


def _open(args):

    engine = make_engine(getattr(args, "db", None))
    upgrade(engine)
    return engine, session_factory(engine)


def _fail(command: str, exc: Exception) -> int:
    """One line for the person at the terminal; 1 for a refusal of the input, 2 when the command could not run."""
    if isinstance(exc, (SupervisionError, ValueError)):
        first = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
        print(f"{command}: {shown(first)}", file=sys.stderr)
        return 1
    print(f"{command}: 无法运行（could not run）：{short_error(exc)}", file=sys.stderr)
    return 2


MAX_PASSWORD_LINE = 1024  # a password line longer than this is refused, not read whole


def _read_password(from_stdin: bool, prompt: str = "password: ", confirm: bool = True) -> str:
    if from_stdin:
        line = sys.stdin.readline(MAX_PASSWORD_LINE + 1)
        if len(line.rstrip("\r\n")) > MAX_PASSWORD_LINE:
            raise SupervisionError(f"密码行超过 {MAX_PASSWORD_LINE} 个字符")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise SupervisionError("no terminal to ask for the password: use --password-stdin")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("again: ") != first:
        raise SupervisionError("the two passwords differ")
    return first


def administrator_login(Session, args, allow_first: bool = False):
    """Log in as ``--as`` (must be an administrator); without ``--as`` only on a database with no
    administrator yet and only when ``allow_first`` (the first account).  Returns the ``Actor``."""
    from console.supervision import auth

    admin = getattr(args, "admin", None)
    if admin is None:
        with Session() as s:
            nobody_yet = auth.administrator_count(s) == 0
        if allow_first and nobody_yet:
            return auth.command_line_actor()
        raise SupervisionError("需要管理员登录：请加 --as 管理员用户名（administration needs --as ADMIN）")
    password = _read_password(getattr(args, "password_stdin", False), f"{admin} 的密码: ", confirm=False)
    actor = auth.login(Session, admin, password, "cli")
    if actor.role != auth.ADMINISTRATOR:
        auth.logout(Session, actor)
        raise SupervisionError(f"{admin} 不是管理员（administrator required）")
    return actor


def run_user(args) -> int:
    from console.supervision import auth

    engine = None
    try:
        engine, Session = _open(args)
        actor = None
        if args.user_action != "list":
            actor = administrator_login(Session, args, allow_first=args.user_action == "add")
        password = _read_password(args.password_stdin) if args.user_action == "add" else None
        with Session.begin() as s:
            if args.user_action == "add":
                assert password is not None and actor is not None  # both set above for "add"
                view = auth.add_operator(s, actor, args.username, args.role, password, args.display_name)
                print(f"operator {view.username} added ({view.role})")
            elif args.user_action == "unlock":
                assert actor is not None
                auth.unlock(s, actor, args.username)
                print(f"operator {args.username} unlocked")
            else:
                for o in auth.list_operators(s):
                    state = "active" if o.active else "inactive"
                    if o.locked_until:
                        state += f", locked until {o.locked_until:%Y-%m-%d %H:%M}"
                    print("\t".join(shown(f) for f in (o.username, o.role, o.display_name, state)))
        if actor is not None and args.admin:
            auth.logout(Session, actor)
    except _REFUSED_OR_IO as exc:
        return _fail("user", exc)
    finally:
        if engine is not None:
            engine.dispose()
    return 0


def run_audit(args) -> int:
    from console.supervision.audit_check import verify

    try:
        engine, Session = _open(args)
        verdict = verify(Session)
        engine.dispose()
    except _DB_OR_IO as exc:
        return _fail("audit verify", exc)
    print(verdict.message)
    return 0 if verdict.intact else 1


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
        path = write(report, args.format, args.out, force=args.force)
    except _REFUSED_OR_IO as exc:
        return _fail("report", exc)
    print(shown(report.headline))  # units' names in it are data
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


def run_grant_engine_role(args) -> int:
    try:
        engine, _ = _open(args)
        for stmt in grant_engine_role(engine, args.role, create=args.create):
            print(stmt)
        engine.dispose()
    except _DB_OR_VALUE as exc:
        return _fail("grant-engine-role", exc)
    return 0
