"""The webhook's address rule and the escaping of stored text (console.domain.notices, console.domain.text)."""

import ipaddress

import pytest

from console.domain.errors import UserError
from console.domain.notices import allowable, allowable_network, webhook_refusal
from console.domain.text import refuse_unsafe, shown


@pytest.mark.parametrize(
    ("ip", "why"),
    [
        ("127.0.0.1", "本机回环地址"),
        ("::1", "本机回环地址"),
        ("::ffff:127.0.0.1", "本机回环地址"),  # IPv4-mapped: the same host on the wire
        ("169.254.169.254", "链路本地地址（含云主机元数据服务）"),
        ("fe80::1", "链路本地地址（含云主机元数据服务）"),
        ("10.20.0.5", "内网（私有）地址"),
        ("192.168.1.1", "内网（私有）地址"),
        ("fc00::1", "内网（私有）地址"),
        ("224.0.0.251", "组播地址"),
        ("0.0.0.0", "未指定地址"),
        ("100.64.0.1", "非公网地址"),  # carrier-grade NAT: neither private nor global
        ("93.184.215.14", None),
        ("2606:4700::1111", None),
    ],
)
def test_webhook_refusal_names_the_reason(ip, why):
    assert webhook_refusal(ip) == why


def test_an_allowed_network_lets_its_addresses_through_and_no_other():
    bridge = (ipaddress.ip_network("10.20.0.0/24"),)
    assert webhook_refusal("10.20.0.5", bridge) is None
    assert webhook_refusal("10.20.1.5", bridge) == "内网（私有）地址"
    assert webhook_refusal("127.0.0.1", bridge) == "本机回环地址"


def test_no_allowance_reaches_the_metadata_service_nor_multicast():
    """An allowance that covers them (even a stored one written before this rule) lets none through."""
    wide = tuple(ipaddress.ip_network(n) for n in ("169.254.0.0/16", "fe80::/10", "224.0.0.0/4", "0.0.0.0/8"))
    assert webhook_refusal("169.254.169.254", wide) == "链路本地地址（含云主机元数据服务）"
    assert webhook_refusal("fe80::1", wide) == "链路本地地址（含云主机元数据服务）"
    assert webhook_refusal("224.0.0.251", wide) == "组播地址"
    assert webhook_refusal("0.0.0.0", wide) == "未指定地址"
    assert not allowable("169.254.169.254") and not allowable("224.0.0.1") and not allowable("8.8.8.8")
    assert allowable("10.1.2.3") and allowable("127.0.0.1")  # a refusal suggests an allowance only for these


def test_allowable_network():
    assert str(allowable_network("10.20.0.5")) == "10.20.0.5/32"
    assert str(allowable_network(" 10.20.0.9/24 ")) == "10.20.0.0/24"
    for bad, words in (
        ("8.8.8.8", "无需放行"),
        ("0.0.0.0/0", "过宽"),
        ("10.0.0.0/7", "过宽"),
        ("x\x1b", "\\x1b"),
        ("169.254.169.254", "不能放行"),
        ("169.254.0.0/16", "不能放行"),
        ("fe80::1", "不能放行"),
        ("224.0.0.1", "不能放行"),
        ("0.0.0.0", "不能放行"),
    ):
        with pytest.raises(UserError) as exc:
            allowable_network(bad)
        assert words in str(exc.value)


def test_shown_escapes_controls_and_leaves_chinese():
    assert shown("王科长") == "王科长"
    assert shown("a\x1b[2Jb\nc\td\u202ee\x9b") == "a\\x1b[2Jb\\x0ac\\x09d\\u202ee\\x9b"
    assert "\x1b" not in shown("\x1b]0;pwned\x07")


def test_refuse_unsafe_names_the_character_and_its_place():
    assert refuse_unsafe("姓名", "王科长") == "王科长"
    with pytest.raises(UserError) as exc:
        refuse_unsafe("联系人姓名", "王\x1b[31m科长")
    msg = str(exc.value)
    assert "联系人姓名含控制字符" in msg and "U+001B" in msg and "第 2 个字符" in msg and "\x1b" not in msg
