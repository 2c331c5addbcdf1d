"""Command line of the wall: ``status`` (what the walls show, as JSON) and ``rules`` (each rule's level).

``status`` polls through the console's own ``Backend`` (read-only: what the poll would raise is in the
picture, nothing is written), so its states are the tiles' states, not a second implementation.
Exit status: 0 done; 1 refused (bad input, no right); 2 could not run (database unreachable) — one line in
words on stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from console.domain import clock, rules
from console.domain.errors import UserError
from console.domain.rollup import UNIT_STATE_NAMES
from console.domain.snapshot import Snapshot
from console.domain.text import json_shown, shown
from console.models.db import DB_ERRORS, short_error


def add_wall_parsers(subparsers) -> None:
    db_opt = dict(default=argparse.SUPPRESS, help="database URL (default $CONSOLE_DB or var/console.db)")
    st = subparsers.add_parser("status", help="what the walls show at a moment, per unit (JSON)")
    st.add_argument("--unit", help="only this unit (its code, e.g. D06)")
    st.add_argument("--at", type=_parse_dt, help="count the lights at this date/time (default now)")
    st.add_argument("--format", choices=("json",), default="json")
    st.add_argument("--db", **db_opt)
    st.set_defaults(func=run_status)

    f = subparsers.add_parser("feeds", help="each unit's feed: last record per sending system; the heartbeat")
    fsub = f.add_subparsers(dest="feeds_action", required=True)
    fl = fsub.add_parser("list", help="unit, sending system, last record")
    fl.add_argument("--db", **db_opt)
    fh = fsub.add_parser("heartbeat", help="working hours of silence before a feed is 数据中断 (default 8)")
    fh.add_argument("hours", type=float)
    fh.add_argument("--db", **db_opt)
    _admin_opts(fh)
    f.set_defaults(func=run_feeds)

    r = subparsers.add_parser("rules", help="monitoring rules and their level (red or yellow)")
    rsub = r.add_subparsers(dest="rules_action", required=True)
    ls = rsub.add_parser("list", help="each rule, its level and its name")
    ls.add_argument("--db", **db_opt)
    se = rsub.add_parser("set", help="change a rule's level (administrator; audited)")
    se.add_argument("rule")
    se.add_argument("level", help="red or yellow")
    se.add_argument("--db", **db_opt)
    _admin_opts(se)
    rd = rsub.add_parser("rectify-days", help="working days to rectify a bad rating (差评; default 15)")
    rd.add_argument("days", type=int)
    rd.add_argument("--db", **db_opt)
    _admin_opts(rd)
    r.set_defaults(func=run_rules)


def _admin_opts(p: argparse.ArgumentParser) -> None:
    """The wall's thresholds and rule levels are an administrator's (``edit_thresholds``): the command logs in
    as one, as ``calendar override`` does (console.supervision.cli.administrator_login)."""
    p.add_argument("--as", dest="admin", metavar="ADMIN", help="log in as this administrator (required)")
    p.add_argument("--password-stdin", action="store_true", help="read the password from the first stdin line")


def _admin_actor(Session, args):
    from console.supervision.cli import administrator_login

    return administrator_login(Session, args)


def _logout(Session, actor) -> None:
    if actor is not None:
        from console.supervision import auth

        auth.logout(Session, actor)


def _parse_dt(text: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date/time (YYYY-MM-DD[THH:MM]): {text!r}") from exc


def _open(args):
    from console.models.db import make_engine, session_factory, upgrade

    engine = make_engine(getattr(args, "db", None))
    upgrade(engine)
    return engine, session_factory(engine)


def _fail(command: str, text: str, code: int = 1) -> int:
    print(f"{command}: {shown(text)}", file=sys.stderr)  # it may quote what was typed or stored
    return code


def status_json(snap: Snapshot, at: dt.datetime, unit_code: str | None = None) -> dict:
    """The walls' picture as plain data: per unit its state, counts per light and unhandled alarms."""
    alarms_by_unit: dict[int, list[dict]] = {}
    for a in snap.alarms:
        alarms_by_unit.setdefault(a.unit_id, []).append(
            {"rule": a.rule, "level": a.level, "case_no": a.case_no, "raised_at": a.raised_at.isoformat()}
        )
    units = [
        {
            "code": u.code,
            "name": u.name,
            "kind": u.kind,
            "state": UNIT_STATE_NAMES[u.state],
            "counts": {
                "normal": u.normal,
                "blue": u.blue,
                "yellow": u.yellow,
                "red": u.red,
                "red_handled": u.red_handled,
            },
            "open_cases": u.open_cases,
            "due_today": u.due_today,
            "due_next": u.due_next,
            "last_record_at": u.last_record_at.isoformat(timespec="minutes") if u.last_record_at else None,
            "alarms": alarms_by_unit.get(u.unit_id, []),
        }
        for u in snap.units
        if unit_code is None or u.code == unit_code
    ]
    t = snap.totals
    e = snap.engine
    return {
        "at": at.isoformat(timespec="minutes"),
        "ok": snap.ok,
        # the supervision engine: its lease holder, its last pass (wall clock) and whether that is recent enough
        "engine": {
            "holder": e.holder if e else None,
            "last_pass": e.last_pass.isoformat(timespec="seconds") if e and e.last_pass else None,
            "ok": bool(e and e.ok),
        },
        "units": units,
        "totals": {
            "open_cases": t.open_cases,
            "due_today": t.due_today,
            "due_next": t.due_next,
            "normal": t.normal,
            "blue": t.blue,
            "yellow": t.yellow,
            "red": t.red,
            "red_handled": t.red_handled,
            "statutory_breaches": t.statutory_breaches,
            "alarms_waiting": t.alarms_waiting,
            "complaints_open": t.complaints_open,
            "units_by_state": {
                name: sum(1 for u in snap.units if UNIT_STATE_NAMES[u.state] == name)
                for name in UNIT_STATE_NAMES.values()
            },
        },
    }


def run_status(args) -> int:
    from console.services.poller import Backend

    at = args.at or clock.now()
    try:
        engine, _ = _open(args)
        try:
            # a reader, as a console's wall (Backend(reader=True)): what the engine raised, nothing written — it runs
            # with a console's role, which may not do the engine's writing pass (migration 0017)
            snap = Backend(engine, "status", clock=lambda: at, read_only=True, reader=True).poll()
        finally:
            engine.dispose()
    except DB_ERRORS as exc:
        return _fail("status", f"数据库无法读取：{short_error(exc)}", 2)
    if not snap.ok:
        return _fail("status", f"数据库无法读取：{snap.error}", 2)
    if args.unit and snap.units and all(u.code != args.unit for u in snap.units):
        return _fail("status", f"没有这个单位：{args.unit}")
    print(json_shown(json.dumps(status_json(snap, at, args.unit), ensure_ascii=False)))  # units' names: data
    return 0


def run_feeds(args) -> int:
    from console.models import feeds, wall
    from console.models.repository import audit

    try:
        engine, Session = _open(args)
        actor = None
        try:
            if args.feeds_action == "heartbeat":
                if not 0 < args.hours <= 24 * 20:
                    return _fail("feeds", "心跳须为 0 到 480 个工作小时之间")
                actor = _admin_actor(Session, args)
            with Session.begin() as s:
                if actor is not None:
                    actor.require("edit_thresholds")
                    before = feeds.heartbeat_hours(s)
                    feeds.set_heartbeat_hours(s, args.hours)
                    audit(
                        s,
                        actor.username,
                        "feeds.heartbeat",
                        "feeds",
                        {"hours": before},
                        {"hours": args.hours},
                        role=actor.role,
                        console=actor.console,
                    )
                    print(f"heartbeat: {before:g} → {args.hours:g} working hours")
                else:
                    codes = {u.id: u.code for u in wall.units(s)}
                    print(f"heartbeat: {feeds.heartbeat_hours(s):g} working hours")
                    for uid, sender, last in sorted(feeds.by_sender(s), key=lambda r: (codes.get(r[0], ""), r[1])):
                        print(f"{shown(codes.get(uid, uid))}\t{shown(sender)}\t{last:%Y-%m-%d %H:%M}")
        finally:
            _logout(Session, actor)
            engine.dispose()
    except UserError as exc:
        return _fail("feeds", str(exc))
    except DB_ERRORS as exc:
        return _fail("feeds", f"数据库无法读取：{short_error(exc)}", 2)
    return 0


def run_rules(args) -> int:
    from console.models import rule_levels

    try:
        engine, Session = _open(args)
        actor = None
        try:
            if args.rules_action == "rectify-days" and not 1 <= args.days <= 60:
                raise UserError("差评整改期限须为 1 到 60 个工作日")
            if args.rules_action in ("set", "rectify-days"):
                actor = _admin_actor(Session, args)
            with Session.begin() as s:
                if args.rules_action == "rectify-days":
                    from console.models.repository import audit, get_meta, set_meta
                    from console.services.poller import BAD_RATING_DAYS_KEY

                    assert actor is not None  # logged in above
                    actor.require("edit_thresholds")
                    before = get_meta(s, BAD_RATING_DAYS_KEY) or str(rules.BAD_RATING_RECTIFY_DAYS)
                    set_meta(s, BAD_RATING_DAYS_KEY, str(args.days))
                    audit(
                        s,
                        actor.username,
                        "rules.bad_rating_days",
                        "bad_rating",
                        {"days": before},
                        {"days": args.days},
                        role=actor.role,
                        console=actor.console,
                    )
                    print(f"差评整改期限: {before} → {args.days} 个工作日")
                elif args.rules_action == "set":
                    assert actor is not None  # logged in above
                    before, after = rule_levels.set_level(s, actor, args.rule, args.level)
                    print(f"{args.rule}: {before} → {after}（{rules.label(args.rule)}；新告警按新级别）")
                else:
                    for rule_id, level in sorted(rule_levels.effective_levels(s).items()):
                        print(f"{rule_id}\t{level}\t{rules.label(rule_id)}")
        finally:
            _logout(Session, actor)
            engine.dispose()
    except UserError as exc:
        return _fail("rules", str(exc))
    except DB_ERRORS as exc:
        return _fail("rules", f"数据库无法读取：{short_error(exc)}", 2)
    return 0
