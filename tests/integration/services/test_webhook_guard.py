"""The webhook channel is no probe of the room's network: only public addresses unless an administrator allows a
network, checked again at each send and connected to the address checked; a redirect is never followed.  And
the contacts' stored text (names, addresses, units' names) never reaches the terminal raw.  Real local HTTP
servers, real databases (SQLite and PostgreSQL), the real command line."""

import io
import socket

import pytest
from sqlalchemy import select, update

from console.cli import main
from console.domain.notices import retry_delay
from console.models import notices as outbox
from console.models import repository as repo
from console.models.schema import AuditLog, Unit
from console.services.notices import (
    WebhookChannel,
    WebhookRefused,
    channels_from_meta,
    deliver_due,
    enqueue_notices,
    resolve_webhook,
)
from tests.integration.services.test_notices import MON, add_contacts, outbox_rows, town  # noqa: F401 (fixture)
from tests.support.factories import ADMIN_PASSWORD, add_administrator
from tests.support.notice_servers import LOOPBACK, WebhookServer, free_port


def test_a_redirect_is_a_failed_attempt_and_its_target_never_hit(town):  # noqa: F811
    Session, _alarm, d01, d02 = town
    inner = WebhookServer().start()  # stands for an internal service the public URL bounces to
    outer = WebhookServer(status=302, location=inner.url + "/admin").start()
    try:
        add_contacts(Session, d01, d02, hook=outer.url + "/sms")
        with Session.begin() as s:
            enqueue_notices(s, MON)
        rep = deliver_due(Session, MON, {"webhook": WebhookChannel(allowed=LOOPBACK)})
        assert (rep.sent, rep.failed) == (0, 2)
        assert outer.hits == 2 and inner.hits == 0
        for r in outbox_rows(Session, "webhook"):
            assert (r.status, r.attempts, r.next_try_at) == ("pending", 1, MON + retry_delay(1))  # retried later
            assert "HTTP 302" in r.last_error and "不予跟随" in r.last_error and inner.url in r.last_error
    finally:
        outer.stop()
        inner.stop()


def test_localhost_refused_at_send_unless_its_network_is_allowed(town):  # noqa: F811
    Session, _alarm, d01, d02 = town
    hook = WebhookServer().start()
    try:
        add_contacts(Session, d01, d02, hook=f"http://localhost:{hook.port}/sms")  # a name resolving to 127.0.0.1
        with Session.begin() as s:
            enqueue_notices(s, MON)
            chans = channels_from_meta(s)  # nothing allowed yet
        rep = deliver_due(Session, MON, chans)
        assert (rep.sent, rep.failed) == (0, 2) and hook.hits == 0
        (r, _) = outbox_rows(Session, "webhook")
        assert r.last_error.startswith("WebhookRefused: ") and "localhost" in r.last_error
        assert "本机回环地址" in r.last_error and "allow-network 127.0.0.1" in r.last_error
        with Session.begin() as s:
            repo.set_meta(s, "notices_webhook_allow", "127.0.0.1/32")
            chans = channels_from_meta(s)
        later = MON + retry_delay(1)
        assert deliver_due(Session, later, chans).sent == 2 and len(hook.received()) == 2
    finally:
        hook.stop()


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://169.254.169.254/latest/meta-data/", "链路本地地址"),
        ("http://10.20.0.5:8080/sms", "内网（私有）地址"),
        ("http://[::1]/sms", "本机回环地址"),
        ("http://0.0.0.0:9/", "未指定地址"),
        ("http://224.0.0.1/", "组播地址"),
        ("ftp://93.184.215.14/x", "只能是 http:// 或 https://"),
        ("http:///nohost", "缺少主机名"),
        ("http://93.184.215.14:99999/", "端口无效"),
    ],
)
def test_resolve_webhook_refuses(url, words):
    with pytest.raises(WebhookRefused) as exc:
        resolve_webhook(url)
    assert words in str(exc.value)


def test_resolve_webhook_accepts_a_public_address_and_an_allowed_one():
    assert resolve_webhook("https://93.184.215.14/hook?x=1") == (
        "https",
        "93.184.215.14",
        443,
        "/hook?x=1",
        "93.184.215.14",
    )
    assert resolve_webhook("http://localhost:8080", LOOPBACK)[2:] == (8080, "/", "127.0.0.1")


def test_the_send_connects_to_the_address_checked_not_a_second_lookup(town, monkeypatch):  # noqa: F811
    """DNS rebinding: the name answers 127.0.0.1 (allowed) at the check, then 127.0.0.2 (not allowed); a client
    that looked it up again at the connect would reach the server on 127.0.0.2."""
    Session, _alarm, d01, _d02 = town
    port = free_port()
    checked, other = WebhookServer(port).start(), WebhookServer(port, host="127.0.0.2").start()
    real = socket.getaddrinfo
    answers = iter(["127.0.0.1"])

    def rebinding(host, *args, **kwargs):
        if host == "sms.rebind.test":
            host = next(answers, "127.0.0.2")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    try:
        with Session.begin() as s:
            outbox.add_contact(s, d01, "webhook", f"http://sms.rebind.test:{port}/sms", "网关", None, "admin", MON)
            enqueue_notices(s, MON)
        with Session() as s:
            (n,) = [x for x in outbox.due(s, MON) if x.channel == "webhook"][:1]
        WebhookChannel(allowed=LOOPBACK).send(n)
        assert len(checked.received()) == 1 and other.hits == 0
        # and the next send looks it up afresh: now 127.0.0.2, refused
        with pytest.raises(WebhookRefused, match=r"127\.0\.0\.2"):
            WebhookChannel(allowed=LOOPBACK).send(n)
        assert other.hits == 0
    finally:
        checked.stop()
        other.stop()


@pytest.fixture
def cli(town, db_url, capsys, monkeypatch):  # noqa: F811
    login = add_administrator(town[0])

    def run(*argv, admin=False):
        monkeypatch.setattr("sys.stdin", io.StringIO(ADMIN_PASSWORD + "\n"))
        code = main(["contacts", *argv, "--db", db_url, *(login if admin else [])])
        out = capsys.readouterr()
        return code, out.out, out.err

    return town[0], run


def test_contacts_add_refuses_an_internal_webhook_until_allowed_audited(cli):
    Session, run = cli
    hook = f"http://localhost:{free_port()}/sms"
    code, _, err = run("add", "D01", "webhook", hook, "--name", "短信网关", admin=True)
    assert code == 1 and "localhost 解析为 127.0.0.1" in err and "本机回环地址" in err
    code, _, err = run("add", "D01", "webhook", "http://169.254.169.254/", "--name", "元数据", admin=True)
    assert code == 1 and "链路本地地址" in err
    assert run("allow-network", "127.0.0.1")[0] == 1  # no --as: refused
    code, _, err = run("allow-network", "8.8.8.8", admin=True)
    assert code == 1 and "无需放行" in err
    assert run("allow-network", "0.0.0.0/0", admin=True)[0] == 1
    code, out, _ = run("allow-network", "127.0.0.1", admin=True)
    assert code == 0 and "已放行 webhook 内网 127.0.0.1/32" in out
    code, out, _ = run("add", "D01", "webhook", hook, "--name", "短信网关", admin=True)
    assert code == 0 and "已添加联系人" in out
    code, out, _ = run("list")
    assert "webhook 放行的内网: 127.0.0.1/32" in out and hook in out
    code, out, _ = run("allow-network", "127.0.0.1", "--remove", admin=True)
    assert code == 0 and "放行名单：空" in out
    assert run("allow-network", "127.0.0.1", "--remove", admin=True)[0] == 1  # not there any more
    with Session() as s:
        audits = s.execute(
            select(AuditLog.action, AuditLog.after).where(AuditLog.action == "contacts.allow_network")
        ).all()
        assert repo.get_meta(s, "notices_webhook_allow") == ""
    assert len(audits) == 2 and "127.0.0.1/32" in str(audits[0][1])


def test_control_characters_refused_at_add_and_escaped_in_the_list(cli):
    Session, run = cli
    code, _, err = run("add", "D01", "email", "a@d01.example", "--name", "王\x1b[2J科长", admin=True)
    assert code == 1 and "联系人姓名含控制字符" in err and "U+001B" in err and "\x1b" not in err
    code, _, err = run("add", "D01", "email", "a@d01.example\n伪造", "--name", "王科长", admin=True)
    assert code == 1 and "地址含控制字符" in err and "\n伪造" not in err
    code, _, err = run("add", "D01", "email", "a@d01.example", "--name", "王\u202e长科", admin=True)
    assert code == 1 and "U+202E" in err
    with Session.begin() as s:  # rows stored before this check, or written by another path
        d01 = outbox.unit_id_by_code(s, "D01")
        s.execute(update(Unit).where(Unit.id == d01).values(name="某局\x1b]0;pwned\x07"))
        outbox.add_contact(s, d01, "email", "x@d01.example\r\n9\tD09", "恶意\x1b[2J\n伪造行", None, "admin", MON)
    code, out, _ = run("list")
    assert code == 0
    assert not any(c in out for c in "\x1b\x07\r")
    (line,) = [x for x in out.splitlines() if "x@d01.example" in x]  # one line, its fields where they belong
    fields = line.split("\t")
    assert fields[2] == "某局\\x1b]0;pwned\\x07" and fields[4] == "x@d01.example\\x0d\\x0a9\\x09D09"
    assert fields[5] == "恶意\\x1b[2J\\x0a伪造行"
    assert len(out.splitlines()) == 2  # the contact and the outbox's line: nothing forged
