"""Notices to the units (预警提醒): their words, quiet hours and the retry schedule (pure)."""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Iterable

from console.domain import rules
from console.domain.errors import UserError
from console.domain.text import shown

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

RETRY_FIRST_S = 30.0  # the first retry after a failed send ...
RETRY_MAX_S = 3600.0  # ... doubling up to an hour
MAX_ATTEMPTS = 12  # about eight hours of trying, then 'failed' (shown by `contacts notices`)
SENDER = "行政审批电子监察中心"
LEVEL_WORDS = {"red": "红色", "yellow": "黄色"}


def retry_delay(attempts: int) -> dt.timedelta:
    """Wait before the next try after ``attempts`` failed sends (1, 2, …)."""
    return dt.timedelta(seconds=min(RETRY_MAX_S, RETRY_FIRST_S * 2 ** max(attempts - 1, 0)))


def webhook_refusal(ip: str, allowed: Iterable[IPNetwork] = ()) -> str | None:
    """Why a webhook may not be sent to the address ``ip`` (a resolved host), or None: only public (global)
    addresses, unless an administrator allowed its network (``contacts allow-network``, e.g. the room's SMS
    bridge on 10.x).  Loopback, link-local (169.254.169.254 is a cloud's metadata service), private, multicast
    and reserved addresses would make the engine a probe of the network it runs in."""
    addr = _address(ip)
    why = _never(addr)
    if why:  # no allowance reaches these: an SMS bridge never sits on them
        return why
    if any(addr in net for net in allowed):  # across versions `in` is False
        return None
    for flag, why in (
        ("is_loopback", "本机回环地址"),
        ("is_private", "内网（私有）地址"),
        ("is_reserved", "保留地址"),
    ):
        if getattr(addr, flag):
            return why
    return None if addr.is_global else "非公网地址"


# Never allowed, whatever an administrator allows: link-local holds the cloud's metadata service
# (169.254.169.254), the unspecified address means "this host", multicast reaches every listener.
_NEVER_NETS: tuple[tuple[IPNetwork, str], ...] = (
    (ipaddress.ip_network("169.254.0.0/16"), "链路本地地址（含云主机元数据服务）"),
    (ipaddress.ip_network("fe80::/10"), "链路本地地址（含云主机元数据服务）"),
    (ipaddress.ip_network("0.0.0.0/8"), "未指定地址"),
    (ipaddress.ip_network("::/128"), "未指定地址"),
    (ipaddress.ip_network("224.0.0.0/4"), "组播地址"),
    (ipaddress.ip_network("ff00::/8"), "组播地址"),
)


def _address(ip: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """The address as it goes on the wire: ``::ffff:127.0.0.1`` is 127.0.0.1; a scope (``fe80::1%eth0``) dropped."""
    addr = ipaddress.ip_address(ip.split("%")[0])
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        return addr.ipv4_mapped
    return addr


def _never(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    return next((why for net, why in _NEVER_NETS if addr in net), None)


def allowable(ip: str) -> bool:
    """Whether an administrator's allowance could make ``ip`` a webhook's address (what a refusal suggests)."""
    addr = _address(ip)
    return _never(addr) is None and not addr.is_global


def allowable_network(text: str) -> IPNetwork:
    """A network an administrator may allow for webhooks: an address (one host) or CIDR of non-public
    addresses; a public one needs no allowance, and one wider than /8 (IPv4) or /7 (IPv6) would switch the
    check off (0.0.0.0/0)."""
    try:
        net = ipaddress.ip_network(text.strip(), strict=False)
    except ValueError as exc:
        raise UserError(f"网络地址无效（应为 IP 地址或 CIDR，如 10.1.2.3 或 10.1.2.0/24）：{shown(text)}") from exc
    if net.prefixlen < (8 if net.version == 4 else 7):
        raise UserError(f"放行范围过宽：{net}（IPv4 至少 /8，IPv6 至少 /7）")
    for never, why in _NEVER_NETS:
        if net.version == never.version and net.overlaps(never):
            raise UserError(f"{net} 含{why}（{never}），不能放行")
    if net.is_global:
        raise UserError(f"{net} 是公网地址，无需放行")
    return net


def quiet_until(at: dt.datetime, start: dt.time | None, end: dt.time | None) -> dt.datetime | None:
    """When the quiet hours [start, end) around ``at`` end (they may wrap midnight), or None outside them."""
    if start is None or end is None or start == end:
        return None
    t = at.time()
    if start < end:
        inside = start <= t < end
        end_day = at.date()
    else:  # e.g. 22:00–07:00
        inside = t >= start or t < end
        end_day = at.date() + dt.timedelta(days=1) if t >= start else at.date()
    return dt.datetime.combine(end_day, end) if inside else None


def _body(unit: str, *lines: str) -> str:
    return "\n".join((f"{unit}：", *lines, "请及时核查处理，并按规定反馈。", f"——{SENDER}"))


def alarm_notice(
    unit: str, case_no: str, item: str, rule: str, level: str, message: str, raised_at: dt.datetime
) -> tuple[str, str]:
    words = LEVEL_WORDS.get(level, level)
    subject = f"【电子监察预警】{unit}：办件 {case_no} {words}预警（{rules.label(rule)}）"
    return subject, _body(
        unit, f"贵单位办件 {case_no}（{item}）于 {raised_at:%Y-%m-%d %H:%M} 触发{words}预警：{message}。"
    )


def yellow_notice(unit: str, case_no: str, item: str, due: dt.date, remaining: int) -> tuple[str, str]:
    subject = f"【电子监察预警】{unit}：办件 {case_no} 即将超期（黄灯）"
    return subject, _body(
        unit,
        f"贵单位办件 {case_no}（{item}）承诺办结日期为 {due:%Y-%m-%d}，"
        # ``remaining`` counts today, as the wall's case list does (1 = the due day itself)
        + ("今日为最后一个办理日（剩余 1 个工作日）" if remaining == 1 else f"剩余 {remaining} 个工作日（含今日）")
        + "，逾期将亮红灯。",
    )


def rectification_notice(unit: str, rect_id: int, case_no: str, due: dt.date, remaining: int) -> tuple[str, str]:
    subject = f"【电子监察提醒】{unit}：整改通知 #{rect_id} 期限将至"
    return subject, _body(
        unit,
        f"办件 {case_no} 的整改通知 #{rect_id} 应于 {due:%Y-%m-%d} 前答复（剩余 {remaining} 个工作日），"
        "逾期将产生整改超期告警。",
    )


def complaint_notice(unit: str, complaint_id: int, stage: str, due: dt.date, remaining: int) -> tuple[str, str]:
    what = "受理" if stage == "acceptance" else "答复"
    subject = f"【电子监察提醒】{unit}：效能投诉 #{complaint_id} {what}期限将至"
    return subject, _body(
        unit, f"涉及贵单位的效能投诉 #{complaint_id} 应于 {due:%Y-%m-%d} 前{what}（剩余 {remaining} 个工作日）。"
    )


def feed_silent_notice(unit: str, last: dt.datetime, hours: float) -> tuple[str, str]:
    subject = f"【电子监察预警】{unit}：数据中断"
    return subject, _body(
        unit,
        f"贵单位审批系统最后一条数据于 {last:%Y-%m-%d %H:%M} 到达，已超过 {hours:g} 个工作小时未收到数据。"
        "请检查数据交换接口。",
    )
