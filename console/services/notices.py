"""Notices to the units (预警提醒): find the events, fill the outbox, deliver it (headless, no Qt).

Two plain functions for the engine's ``after_pass`` hooks (``after_pass_hooks``):

- ``enqueue_notices(session, now)`` — inside the pass's transaction: new red/yellow alarms (raised within
  ``LOOKBACK`` and after the contact was added), open cases entering their yellow window, rectification and
  complaint deadlines within ``notices_deadline_days`` working days (meta; default 2), silent feeds; one outbox
  row per active contact of the unit, idempotent by (event, channel, address).
- ``deliver_due(Session, now, channels)`` — every pending row whose time has come, outside its contact's quiet
  hours (held until they end, no attempt counted): claimed in one transaction, sent, marked sent in the next;
  a failure is recorded with its error and retried with exponential back-off (console.domain.notices).

Channels: ``SmtpChannel`` (smtplib; ``notices_smtp_host``/``_port``/``_from`` in meta) and ``WebhookChannel``
(http.client POST of JSON; 2xx is delivered, a redirect is a failure), the usual bridge to an SMS gateway or
政务微信.  A webhook goes only to public addresses, checked at each send, unless its network is allowed.
"""

from __future__ import annotations

import datetime as dt
import http.client
import ipaddress
import json
import logging
import smtplib
import socket
import ssl
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Protocol
from urllib.parse import urlsplit

from console.domain import notices as words
from console.domain.calendar import WorkCalendar
from console.domain.errors import UserError
from console.domain.feeds import is_silent
from console.domain.text import shown
from console.domain.timelimits import countdown
from console.models import feeds
from console.models import notices as outbox
from console.models import repository as repo
from console.models.db import session_factory
from console.supervision.complaints import complaint_clocks

log = logging.getLogger(__name__)

LOOKBACK = dt.timedelta(days=3)  # alarms older than this are history, not news (an engine's catch-up is within)
DEADLINE_DAYS_KEY = "notices_deadline_days"
DEFAULT_DEADLINE_DAYS = 2
CLAIM = dt.timedelta(minutes=5)  # a send not marked within this (the sender died) is tried again
SMTP_HOST_KEY, SMTP_PORT_KEY, SMTP_FROM_KEY = "notices_smtp_host", "notices_smtp_port", "notices_smtp_from"
WEBHOOK_ALLOW_KEY = "notices_webhook_allow"  # networks allowed despite being internal (``contacts allow-network``)


@dataclass(frozen=True)
class Event:
    key: str
    unit_id: int
    subject: str
    body: str
    at: dt.datetime  # when it happened: a contact added later does not hear of it


def _remaining(cal: WorkCalendar, today: dt.date, due: dt.date) -> int:
    """Working days left, today included (console.domain.timelimits: 1 on the due day)."""
    return int(cal.cum[cal.index(due) + 1] - cal.cum[cal.index(today)])


def find_events(
    session, now: dt.datetime, cal: WorkCalendar | None = None, units: set[int] | None = None
) -> list[Event]:
    """This moment's events (of ``units`` only, when given: the units that have contacts)."""
    cal = cal or repo.load_calendar(session)
    today = now.date()
    names = outbox.unit_names(session)
    days_key = repo.get_meta(session, DEADLINE_DAYS_KEY)
    n_days = int(days_key) if days_key and days_key.isdigit() else DEFAULT_DEADLINE_DAYS
    events: list[Event] = []
    for a in outbox.alarms_raised_since(session, now - LOOKBACK):
        unit = names.get(a.unit_id, "")
        subject, body = words.alarm_notice(unit, a.case_no, a.item_name, a.rule, a.level, a.message, a.raised_at)
        events.append(Event(f"alarm:{a.alarm_id}", a.unit_id, subject, body, a.raised_at))
    # a case enters its yellow window (its item's yellow days, 1 = the due day itself)
    horizon = cal.add(today, max(outbox.max_yellow_days(session), 1))
    for c in outbox.open_cases_due_between(session, today, horizon, units):
        left = _remaining(cal, today, c.promised_due)
        if 0 < left <= c.yellow_days:
            subject, body = words.yellow_notice(names.get(c.unit_id, ""), c.case_no, c.item_name, c.promised_due, left)
            events.append(Event(f"yellow:{c.case_id}:{c.promised_due}", c.unit_id, subject, body, now))
    for r in outbox.rectifications_due_between(session, today, cal.add(today, n_days)):
        # the one countdown (timelimits.countdown): the order day is not counted, so on it the whole limit is
        # left — the days up to the due date counted from today said one more on a working order day
        left = int(countdown(cal, cal.index(r.due_date), cal.index(today), r.deadline_days))
        if 0 < left <= n_days:
            subject, body = words.rectification_notice(names.get(r.unit_id, ""), r.id, r.case_no, r.due_date, left)
            events.append(Event(f"rectification:{r.id}:{r.due_date}", r.unit_id, subject, body, now))
    for k in complaint_clocks(session, cal, today):
        if k.against_unit_id is not None and 0 < k.remaining <= n_days:
            unit = names.get(k.against_unit_id, "")
            subject, body = words.complaint_notice(unit, k.complaint_id, k.stage, k.due, k.remaining)
            events.append(Event(f"complaint:{k.complaint_id}:{k.stage}:{k.due}", k.against_unit_id, subject, body, now))
    hours = feeds.heartbeat_hours(session)
    for unit_id, last in feeds.last_by_unit(session).items():
        if is_silent(cal, last, now, hours):
            subject, body = words.feed_silent_notice(names.get(unit_id, ""), last, hours)
            events.append(Event(f"feed_silent:{unit_id}:{last:%Y%m%d%H%M%S}", unit_id, subject, body, now))
    return events


def enqueue_notices(session, now: dt.datetime) -> int:
    """Fill the outbox with this moment's events, one row per active contact; returns how many rows are new."""
    by_unit: dict[int, list[outbox.ContactRow]] = {}
    for c in outbox.contacts(session):
        by_unit.setdefault(c.unit_id, []).append(c)
    if not by_unit:
        return 0
    rows = [
        dict(
            event_key=e.key,
            unit_id=e.unit_id,
            contact_id=c.id,
            channel=c.channel,
            address=c.address,
            subject=e.subject[:200],
            body=e.body,
            status="pending",
            attempts=0,
            next_try_at=now,
            created_at=now,
        )
        for e in find_events(session, now, units=set(by_unit))
        for c in by_unit.get(e.unit_id, ())
        if e.at >= c.created_at
    ]
    n = outbox.enqueue(session, rows)
    if n:
        log.info("notices: %d new in the outbox", n)
    return n


# ---- channels ----------------------------------------------------------------------------------------


class Channel(Protocol):
    def send(self, notice: outbox.DueNotice) -> None:
        """Deliver or raise (the error is recorded and the notice retried)."""


@dataclass
class SmtpChannel:
    host: str
    port: int = 25
    sender: str = "dzjc@localhost"
    timeout_s: float = 10.0

    def send(self, notice: outbox.DueNotice) -> None:
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = self.sender, notice.address, notice.subject
        msg["Message-ID"] = f"<{notice.event_key.replace(':', '.')}.{notice.id}@console>"
        msg.set_content(notice.body)
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout_s) as smtp:
            smtp.send_message(msg)


class WebhookRefused(UserError):
    """A webhook's address may not be sent to (scheme, host or what it resolves to): refused at ``contacts add``,
    and at each send recorded as a failed attempt (DNS may have changed since it was added)."""


class WebhookFailed(Exception):
    """The endpoint answered other than 2xx (a redirect included: never followed)."""


def resolve_webhook(url: str, allowed: Iterable[words.IPNetwork] = ()) -> tuple[str, str, int, str, str]:
    """(scheme, host, port, path with query, the address to connect to) of a webhook URL whose host resolves
    only to addresses ``words.webhook_refusal`` accepts — every one of them: a name with a public and a private
    address would reach the private one on some attempt."""
    u = urlsplit(url)
    if u.scheme not in ("http", "https"):
        raise WebhookRefused(f"webhook 地址只能是 http:// 或 https://：{shown(url)}")
    host = u.hostname
    if not host:
        raise WebhookRefused(f"webhook 地址缺少主机名：{shown(url)}")
    try:
        port = u.port or (443 if u.scheme == "https" else 80)
    except ValueError:
        raise WebhookRefused(f"webhook 地址的端口无效：{shown(url)}") from None
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise WebhookRefused(f"webhook 主机 {shown(host)} 无法解析：{exc}") from None
    ips = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not ips:
        raise WebhookRefused(f"webhook 主机 {shown(host)} 无法解析")
    allowed = tuple(allowed)
    for ip in ips:
        why = words.webhook_refusal(ip, allowed)
        if why:
            named = "" if ip == host else f" 解析为 {ip}"
            hint = (  # suggested only where an allowance could help (never for the metadata service)
                f"（内网短信网关须由管理员放行：python main.py contacts allow-network {ip.split('%')[0]}）"
                if words.allowable(ip)
                else ""
            )
            raise WebhookRefused(f"webhook 主机 {shown(host)}{named}，是{why}，不予发送{hint}")
    path = (u.path or "/") + (f"?{u.query}" if u.query else "")
    return u.scheme, host, port, path, ips[0]


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to the address that was checked, not to the name again: a second lookup could answer another
    address (DNS rebinding: public at the check, 127.0.0.1 at the connect).  The Host header keeps the name."""

    def __init__(self, host: str, port: int, ip: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._ip = ip

    def connect(self) -> None:
        self.sock = socket.create_connection((self._ip, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """As ``_PinnedHTTP``, with TLS verified against the host's name (the certificate, SNI)."""

    def __init__(self, host: str, port: int, ip: str, timeout: float):
        self._ctx = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self._ctx)
        self._ip = ip

    def connect(self) -> None:
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock = self._ctx.wrap_socket(sock, server_hostname=self.host)


@dataclass
class WebhookChannel:
    """POST of JSON over http.client, not urllib: urllib follows redirects (a public URL answering 302 to an
    internal one) and looks the host up again at the connect.  No proxy (``http_proxy``) is used: through a
    proxy the address checked would not be the one reached."""

    timeout_s: float = 10.0
    allowed: tuple[words.IPNetwork, ...] = ()  # networks an administrator allowed (``contacts allow-network``)

    def send(self, notice: outbox.DueNotice) -> None:
        scheme, host, port, path, ip = resolve_webhook(notice.address, self.allowed)
        data = {
            "event_key": notice.event_key,  # the receiver's de-duplication key: a notice may arrive again
            "notice_id": notice.id,
            "unit_id": notice.unit_id,
            "subject": notice.subject,
            "body": notice.body,
        }
        conn = (_PinnedHTTPS if scheme == "https" else _PinnedHTTP)(host, port, ip, self.timeout_s)
        try:
            conn.request(
                "POST",
                path,
                body=json.dumps(data, ensure_ascii=False).encode("utf-8"),
                headers={"Content-Type": "application/json; charset=utf-8"},
            )
            resp = conn.getresponse()
            resp.read()
        finally:
            conn.close()
        if 300 <= resp.status < 400:  # a failed attempt, retried: the contact's URL is what is wrong
            where = shown(resp.getheader("Location") or "")[:200]
            raise WebhookFailed(f"HTTP {resp.status} 重定向，不予跟随（Location: {where}）")
        if not 200 <= resp.status < 300:
            raise WebhookFailed(f"HTTP {resp.status} {shown(resp.reason)[:100]}")


def allowed_networks(session) -> tuple[words.IPNetwork, ...]:
    """The networks allowed for webhooks (meta ``notices_webhook_allow``, comma-separated; a bad entry skipped:
    it was checked when it was allowed)."""
    out = []
    for part in (repo.get_meta(session, WEBHOOK_ALLOW_KEY) or "").split(","):
        try:
            out.append(ipaddress.ip_network(part.strip(), strict=False))
        except ValueError:
            continue
    return tuple(out)


def channels_from_meta(session) -> dict[str, Channel]:
    """The webhook always; e-mail when ``notices_smtp_host`` is set (``python main.py contacts smtp``)."""
    out: dict[str, Channel] = {"webhook": WebhookChannel(allowed=allowed_networks(session))}
    host = repo.get_meta(session, SMTP_HOST_KEY)
    if host:
        port = repo.get_meta(session, SMTP_PORT_KEY)
        out["email"] = SmtpChannel(
            host,
            int(port) if port and port.isdigit() else 25,
            repo.get_meta(session, SMTP_FROM_KEY) or "dzjc@localhost",
        )
    return out


# ---- delivery ----------------------------------------------------------------------------------------


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0  # attempts that failed (retried later)
    given_up: int = 0
    held: int = 0  # quiet hours
    errors: list[str] = field(default_factory=list)


def deliver_due(Session, now: dt.datetime, channels: Mapping[str, Channel], limit: int = 200) -> DeliveryReport:
    """Send what is due at ``now``; each notice claimed, sent and marked in transactions of its own."""
    report = DeliveryReport()
    with Session() as s:
        due = outbox.due(s, now, limit)
    for n in due:
        if not n.contact_active:
            with Session.begin() as s:
                outbox.give_up(s, n.id, "联系人已停用")
            report.given_up += 1
            continue
        until = words.quiet_until(now, n.quiet_start, n.quiet_end)
        if until is not None:
            with Session.begin() as s:
                outbox.hold(s, n.id, until)
            report.held += 1
            continue
        channel = channels.get(n.channel)
        if channel is None:  # e.g. no SMTP server configured yet: the notice waits, untouched
            continue
        with Session.begin() as s:
            if not outbox.claim(s, n.id, now, now + CLAIM):
                continue  # another sender has it
        try:
            channel.send(n)
        except Exception as exc:  # any failure of the channel: recorded, retried
            attempts = n.attempts + 1
            give_up = attempts >= words.MAX_ATTEMPTS
            error = f"{type(exc).__name__}: {exc}"
            with Session.begin() as s:
                outbox.mark_attempt_failed(s, n.id, error, now + words.retry_delay(attempts), give_up)
            report.failed += 1
            report.given_up += give_up
            report.errors.append(error)
            log.warning("notice %d to %s failed (attempt %d): %s", n.id, shown(n.address), attempts, shown(error))
            continue
        with Session.begin() as s:
            outbox.mark_sent(s, n.id, now)
        report.sent += 1
    return report


def _is_session(x) -> bool:
    return hasattr(x, "get_bind") and hasattr(x, "execute")


def after_pass_hooks(channels: Mapping[str, Channel] | None = None) -> list[Callable[[object, dt.datetime], None]]:
    """The engine's ``after_pass`` hooks, each called ``hook(session_or_factory, now)``: fill the outbox (in the
    session given, or a transaction of its own), then deliver on transactions of its own (``channels`` default:
    from meta, read at each pass).  Given a session, the delivery must come after that session's commit on
    SQLite (one writer at a time: its claims would wait for the pass's lock)."""

    def enqueue(target, now: dt.datetime) -> None:
        if _is_session(target):
            enqueue_notices(target, now)
        else:
            with target.begin() as s:
                enqueue_notices(s, now)

    def deliver(target, now: dt.datetime) -> None:
        Session = session_factory(target.get_bind()) if _is_session(target) else target
        with Session() as s:
            chans = channels if channels is not None else channels_from_meta(s)
        deliver_due(Session, now, chans)

    return [enqueue, deliver]
