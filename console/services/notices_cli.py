"""Command line of the notices (预警提醒): ``contacts list|add|remove|smtp|allow-network|deliver``.

Changing who is told (add, remove, the SMTP server, the internal networks a webhook may reach) is an
administrator's (``edit_thresholds``), logged in with ``--as`` and audited like ``rules set``.  Names and
addresses with control characters are refused at ``add``; stored ones print escaped (console.domain.text).
``deliver`` runs one enqueue-and-deliver pass now (what the engine does after each of its passes).
Exit status: 0 done; 1 refused (bad input, no right); 2 database unreachable.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re

from console.domain.errors import UserError
from console.domain.notices import allowable_network
from console.domain.text import masked_address, refuse_unsafe, shown
from console.models.db import DB_ERRORS, short_error
from console.services.wall_cli import _admin_actor, _admin_opts, _fail, _logout, _open

_QUIET = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


def add_contacts_parser(subparsers) -> None:
    db_opt = dict(default=argparse.SUPPRESS, help="database URL (default $CONSOLE_DB or var/console.db)")
    c = subparsers.add_parser("contacts", help="notices to the units (预警提醒): contacts, SMTP server, delivery")
    csub = c.add_subparsers(dest="contacts_action", required=True)
    ls = csub.add_parser("list", help="each unit's contacts, and the outbox's counts")
    ls.add_argument("--all", action="store_true", help="also the removed contacts")
    ls.add_argument("--db", **db_opt)
    ad = csub.add_parser("add", help="add a contact (administrator; audited)")
    ad.add_argument("unit", help="the unit's code, e.g. D06")
    ad.add_argument("channel", choices=("email", "webhook"))
    ad.add_argument("address", help="an e-mail address, or the webhook's http(s) URL")
    ad.add_argument("--name", required=True, help="who it is (e.g. 王科长, 短信网关)")
    ad.add_argument("--quiet", help="quiet hours HH:MM-HH:MM (may wrap midnight): notices wait until they end")
    ad.add_argument("--db", **db_opt)
    _admin_opts(ad)
    rm = csub.add_parser("remove", help="remove a contact by its id (administrator; audited)")
    rm.add_argument("contact_id", type=int)
    rm.add_argument("--db", **db_opt)
    _admin_opts(rm)
    sm = csub.add_parser("smtp", help="the SMTP server e-mail notices go through (administrator; audited)")
    sm.add_argument("host")
    sm.add_argument("--port", type=int, default=25)
    sm.add_argument("--sender", default="dzjc@localhost", help="the From address")
    sm.add_argument("--db", **db_opt)
    _admin_opts(sm)
    al = csub.add_parser(
        "allow-network",
        help="let webhooks reach an internal address or network, e.g. the SMS bridge on 10.x (administrator; audited)",
    )
    al.add_argument("network", help="an IP address or a CIDR, e.g. 10.20.0.5 or 10.20.0.0/24")
    al.add_argument("--remove", action="store_true", help="withdraw the allowance")
    al.add_argument("--db", **db_opt)
    _admin_opts(al)
    dv = csub.add_parser("deliver", help="enqueue this moment's notices and send what is due, once")
    dv.add_argument("--at", type=dt.datetime.fromisoformat, help="as at this moment (default now)")
    dv.add_argument("--db", **db_opt)
    c.set_defaults(func=run_contacts)


def parse_quiet(text: str | None) -> tuple[dt.time, dt.time] | None:
    if not text:
        return None
    m = _QUIET.match(text.strip())
    if not m:
        raise UserError("免打扰时段格式应为 HH:MM-HH:MM，例如 22:00-07:00")
    try:
        h1, m1, h2, m2 = (int(x) for x in m.groups())
        return dt.time(h1, m1), dt.time(h2, m2)
    except ValueError as exc:
        raise UserError(f"免打扰时段无效：{text}") from exc


def check_address(channel: str, address: str) -> str:
    address = refuse_unsafe("地址", address.strip())
    if channel == "email" and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", address):
        raise UserError(f"电子邮件地址无效：{shown(address)}")
    if channel == "webhook" and not re.match(r"^https?://[^\s]+$", address):
        raise UserError(f"webhook 地址须以 http:// 或 https:// 开头：{shown(address)}")
    if len(address) > 300:
        raise UserError("地址过长（最多 300 个字符）")
    return address


def run_contacts(args) -> int:
    from console.models import notices as outbox
    from console.models import repository as repo
    from console.services import notices

    action = args.contacts_action
    try:
        engine, Session = _open(args)
        actor = None
        try:
            if action == "add":
                quiet = parse_quiet(args.quiet)
                address = check_address(args.channel, args.address)
                refuse_unsafe("单位代码", args.unit)
                name = refuse_unsafe("联系人姓名", args.name.strip())[:64]
            if action == "allow-network":
                network = allowable_network(args.network)
            if action in ("add", "remove", "smtp", "allow-network"):
                actor = _admin_actor(Session, args)
                actor.require("edit_thresholds")
            if action == "deliver":
                now = args.at or repo.now()
                with Session.begin() as s:
                    new = notices.enqueue_notices(s, now)
                    chans = notices.channels_from_meta(s)
                rep = notices.deliver_due(Session, now, chans)
                print(f"新入队 {new}；发送 {rep.sent}，失败 {rep.failed}（放弃 {rep.given_up}），免打扰暂缓 {rep.held}")
                return 0
            with Session.begin() as s:
                if action == "list":
                    for c in outbox.contacts(s, active_only=not args.all):
                        quiet = f"{c.quiet_start:%H:%M}-{c.quiet_end:%H:%M}" if c.quiet_start and c.quiet_end else "-"
                        state = "" if c.active else "\t已移除"
                        fields = (c.id, c.unit_code, c.unit_name, c.channel, c.address, c.name)
                        print("\t".join(shown(f) for f in fields) + f"\t{quiet}{state}")  # stored text, escaped
                    allowed = notices.allowed_networks(s)
                    if allowed:
                        print("webhook 放行的内网: " + "，".join(str(n) for n in allowed))
                    counts = outbox.status_counts(s)
                    print(
                        "发件箱: " + "，".join(f"{k} {v}" for k, v in sorted(counts.items()))
                        if counts
                        else "发件箱: 空"
                    )
                elif action == "add":
                    assert actor is not None  # logged in above
                    uid = outbox.unit_id_by_code(s, args.unit)
                    if uid is None:
                        raise UserError(f"没有这个单位：{args.unit}")
                    if args.channel == "webhook":  # its host resolved now (and again at each send)
                        notices.resolve_webhook(address, notices.allowed_networks(s))
                    cid, new = outbox.add_contact(
                        s, uid, args.channel, address, name, quiet, actor.username, repo.now()
                    )
                    # no name, the address masked: audit_log is readable by the console role, unit_contacts
                    # is not (dbroles.SECRET_TABLES), and an audit row stays as written (hash chain)
                    after = {
                        "unit": args.unit, "channel": args.channel, "contact": cid,
                        "address": masked_address(args.channel, address), "quiet": args.quiet,
                    }  # fmt: skip
                    repo.audit(
                        s, actor.username, "contacts.add", f"contact:{cid}", None, after, role=actor.role,
                        console=actor.console,
                    )  # fmt: skip
                    print(f"{'已添加' if new else '已更新'}联系人 #{cid}：{args.unit} {args.channel} {address}")
                elif action == "remove":
                    assert actor is not None
                    gone = outbox.deactivate_contact(s, args.contact_id)
                    if gone is None:
                        raise UserError(f"没有这个联系人：#{args.contact_id}")
                    before = {
                        "unit": gone.unit_code, "channel": gone.channel, "contact": gone.id,
                        "address": masked_address(gone.channel, gone.address),
                    }  # fmt: skip
                    repo.audit(
                        s, actor.username, "contacts.remove", f"contact:{gone.id}", before, {"active": False},
                        role=actor.role, console=actor.console,
                    )  # fmt: skip
                    print(f"已移除联系人 #{gone.id}：{shown(gone.unit_code)} {gone.channel} {shown(gone.address)}")
                elif action == "allow-network":
                    assert actor is not None
                    before_nets = [str(n) for n in notices.allowed_networks(s)]
                    nets = [n for n in before_nets if n != str(network)]
                    if not args.remove:
                        nets.append(str(network))
                    elif nets == before_nets:
                        raise UserError(f"{network} 不在放行名单中")
                    repo.set_meta(s, notices.WEBHOOK_ALLOW_KEY, ",".join(nets))
                    repo.audit(
                        s, actor.username, "contacts.allow_network", "webhook_allow", {"networks": before_nets},
                        {"networks": nets}, role=actor.role, console=actor.console,
                    )  # fmt: skip
                    done = "已撤销" if args.remove else "已放行"
                    print(f"{done} webhook 内网 {network}；放行名单：{'，'.join(nets) or '空'}")
                else:  # smtp
                    assert actor is not None
                    keys = (notices.SMTP_HOST_KEY, notices.SMTP_PORT_KEY, notices.SMTP_FROM_KEY)
                    before = {k: repo.get_meta(s, k) for k in keys}
                    after = dict(zip(keys, (args.host, str(args.port), args.sender), strict=True))
                    for k, v in after.items():
                        repo.set_meta(s, k, v)
                    repo.audit(
                        s, actor.username, "contacts.smtp", "smtp", before, after, role=actor.role,
                        console=actor.console,
                    )  # fmt: skip
                    print(f"SMTP: {args.host}:{args.port}（发件人 {args.sender}）")
        finally:
            _logout(Session, actor)
            engine.dispose()
    except UserError as exc:
        return _fail("contacts", str(exc))
    except DB_ERRORS as exc:
        return _fail("contacts", f"数据库无法读取：{short_error(exc)}", 2)
    return 0
