"""Notices to the units (预警提醒) on both engines, through a real local SMTP server and a real HTTP webhook:
the events found, one outbox row per event and address however often enqueued, quiet hours, back-off."""

import datetime as dt

import pytest
from sqlalchemy import select

from console.domain import catalogue
from console.domain.notices import retry_delay
from console.models import notices as outbox
from console.models import repository as repo
from console.models.schema import FeedHeartbeat
from console.services.notices import SmtpChannel, WebhookChannel, deliver_due, enqueue_notices, find_events
from tests.support.factories import add_alarm, add_case, unit_id
from tests.support.notice_servers import LOOPBACK, SmtpServer, WebhookServer

MON = dt.datetime(2025, 10, 13, 10, 0)  # Monday
CONTACTS_SINCE = dt.datetime(2025, 10, 1, 0, 0)


@pytest.fixture
def town(Session, cal):
    """D01 with a red alarm raised this morning and a case due today (yellow); contacts for D01 (e-mail and
    webhook) and D02 (webhook, to see nothing of D01's)."""
    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items())
        red = add_case(s, "R1", "D01", dt.datetime(2025, 9, 22, 9), cal=cal)
        add_case(s, "Y1", "D01", dt.datetime(2025, 10, 10, 9), promised=2, cal=cal)  # Sat 10-11 works: due Mon 10-13
        add_case(s, "G1", "D01", dt.datetime(2025, 10, 9, 9), cal=cal)  # due 10-15: blue, no notice
        alarm = add_alarm(s, red, raised_at=dt.datetime(2025, 10, 13, 0, 0))
        d01, d02 = unit_id(s, "D01"), unit_id(s, "D02")
    return Session, alarm, d01, d02


def add_contacts(Session, d01, d02, mail_to="chief@d01.example", hook="http://127.0.0.1:9/hook", quiet=None):
    with Session.begin() as s:
        outbox.add_contact(s, d01, "email", mail_to, "王科长", quiet, "admin", CONTACTS_SINCE)
        outbox.add_contact(s, d01, "webhook", hook, "短信网关", quiet, "admin", CONTACTS_SINCE)
        outbox.add_contact(s, d02, "webhook", hook, "短信网关", None, "admin", CONTACTS_SINCE)


def test_events_and_idempotent_enqueue(town):
    Session, alarm, d01, d02 = town
    add_contacts(Session, d01, d02)
    with Session.begin() as s:
        keys = sorted(e.key for e in find_events(s, MON))
        first = enqueue_notices(s, MON)
    yellow = [k for k in keys if k.startswith("yellow:")]
    assert f"alarm:{alarm}" in keys and len(yellow) == 1 and yellow[0].endswith(":2025-10-13")
    assert first == 4  # two events × D01's two addresses; D02 hears nothing of D01
    with Session.begin() as s:
        assert enqueue_notices(s, MON) == 0  # the second pass: nothing new
        assert enqueue_notices(s, MON + dt.timedelta(hours=1)) == 0
    with Session() as s:
        rows = outbox.all_notices(s)
    assert len(rows) == 4 and {r.unit_id for r in rows} == {d01}
    assert {(r.event_key, r.channel) for r in rows} == {(k, ch) for k in keys for ch in ("email", "webhook")}
    red = next(r for r in rows if r.event_key == f"alarm:{alarm}" and r.channel == "email")
    assert red.subject.startswith("【电子监察预警】") and "R1" in red.subject and "红色预警" in red.subject


def test_a_contact_added_later_hears_no_old_alarm(town):
    Session, alarm, d01, _d02 = town
    with Session.begin() as s:
        outbox.add_contact(s, d01, "email", "late@d01.example", "新联系人", None, "admin", MON)
        enqueue_notices(s, MON)
        keys = {r.event_key for r in outbox.all_notices(s)}
    assert f"alarm:{alarm}" not in keys and any(k.startswith("yellow:") for k in keys)


def test_delivered_through_real_smtp_and_webhook_once(town):
    Session, _alarm, d01, d02 = town
    smtp, hook = SmtpServer().start(), WebhookServer().start()
    try:
        add_contacts(Session, d01, d02, hook=hook.url + "/sms")
        with Session.begin() as s:
            enqueue_notices(s, MON)
        chans = {"email": SmtpChannel("127.0.0.1", smtp.port), "webhook": WebhookChannel(allowed=LOOPBACK)}
        rep = deliver_due(Session, MON, chans)
        assert (rep.sent, rep.failed) == (4, 0)
        assert deliver_due(Session, MON + dt.timedelta(minutes=10), chans).sent == 0  # sent is sent
        mails, posts = smtp.received(), hook.received()
        assert sorted(to for to, _, _ in mails) == ["chief@d01.example"] * 2
        assert any("【电子监察预警】" in subj and "R1" in subj for _, subj, _ in mails)
        assert any("行政审批电子监察中心" in body for _, _, body in mails)
        assert sorted(p["event_key"] for _, p in posts) == sorted(r.event_key for r in outbox_rows(Session, "webhook"))
        assert all(path == "/sms" for path, _ in posts)
        with Session() as s:
            assert {(r.status, r.attempts) for r in outbox.all_notices(s)} == {("sent", 1)}
    finally:
        smtp.stop()
        hook.stop()


def outbox_rows(Session, channel):
    with Session() as s:
        return [r for r in outbox.all_notices(s) if r.channel == channel]


def test_quiet_hours_hold_until_they_end(town):
    Session, _alarm, d01, d02 = town
    hook = WebhookServer().start()
    try:
        add_contacts(Session, d01, d02, hook=hook.url, quiet=(dt.time(22, 0), dt.time(7, 0)))
        night = dt.datetime(2025, 10, 13, 23, 30)
        with Session.begin() as s:
            enqueue_notices(s, night)
        chans = {"webhook": WebhookChannel(allowed=LOOPBACK)}
        rep = deliver_due(Session, night, chans)
        assert (rep.sent, rep.held) == (0, 4) and hook.received() == []  # e-mail and webhook alike
        with Session() as s:
            pending = outbox_rows(Session, "webhook")
            assert {(r.next_try_at, r.attempts) for r in pending} == {(dt.datetime(2025, 10, 14, 7, 0), 0)}
            assert outbox.due(s, dt.datetime(2025, 10, 14, 6, 59)) == []  # nobody wakes before 07:00
        assert deliver_due(Session, dt.datetime(2025, 10, 14, 7, 0), chans).sent == 2
        assert len(hook.received()) == 2
    finally:
        hook.stop()


def test_failure_recorded_and_retried_with_back_off(town):
    Session, _alarm, d01, d02 = town
    hook = WebhookServer(status=503).start()
    try:
        add_contacts(Session, d01, d02, hook=hook.url)
        with Session.begin() as s:
            enqueue_notices(s, MON)
        chans = {"webhook": WebhookChannel(allowed=LOOPBACK)}
        assert deliver_due(Session, MON, chans).failed == 2
        (r, _) = outbox_rows(Session, "webhook")
        assert (r.status, r.attempts, r.next_try_at) == ("pending", 1, MON + retry_delay(1))
        assert "503" in r.last_error
        assert deliver_due(Session, MON + dt.timedelta(seconds=10), chans).failed == 0  # not yet
        assert deliver_due(Session, MON + dt.timedelta(seconds=30), chans).failed == 2
        (r, _) = outbox_rows(Session, "webhook")
        assert (r.attempts, r.next_try_at) == (2, MON + dt.timedelta(seconds=30) + retry_delay(2))
    finally:
        hook.stop()


def test_deadlines_and_silent_feeds_are_events(town, cal):
    Session, _alarm, _d01, d02 = town
    from console.models.supervision_schema import Rectification

    with Session.begin() as s:
        case = add_case(s, "RC1", "D02", dt.datetime(2025, 10, 9, 9), cal=cal)
        s.add(
            Rectification(
                case_id=case, unit_id=d02, ordered_by="sup", ordered_at=dt.datetime(2025, 10, 9, 10),
                deadline_days=3, due_date=dt.date(2025, 10, 14), status="ordered",
            )
        )  # fmt: skip
        s.add(FeedHeartbeat(unit_id=d02, sender="d02-approval", last_record_at=dt.datetime(2025, 10, 9, 16, 0)))
        keys = {e.key: e for e in find_events(s, MON)}
        rid = s.scalars(select(Rectification.id)).one()
    rect = keys[f"rectification:{rid}:2025-10-14"]  # 2 working days left (today and tomorrow)
    assert rect.unit_id == d02 and "整改通知" in rect.subject and "剩余 2 个工作日" in rect.body
    silent = keys[f"feed_silent:{d02}:20251009160000"]
    assert "数据中断" in silent.subject


def test_contacts_command_adds_lists_removes_audited(town, db_url, capsys, monkeypatch):
    import io

    from console.cli import main
    from console.models.schema import AuditLog
    from tests.support.factories import ADMIN_PASSWORD, add_administrator

    Session = town[0]
    login = add_administrator(Session)

    def run(*argv):
        monkeypatch.setattr("sys.stdin", io.StringIO(ADMIN_PASSWORD + "\n"))
        code = main(["contacts", *argv, "--db", db_url])
        out = capsys.readouterr()
        return code, out.out, out.err

    code, out, _ = run("add", "D01", "email", "chief@d01.example", "--name", "王科长", "--quiet", "22:00-07:00", *login)
    assert code == 0 and "已添加联系人" in out
    assert run("add", "D01", "webhook", "ftp://x", "--name", "网关", *login)[0] == 1
    code, _, err = run("add", "X99", "email", "a@b.example", "--name", "某人", *login)
    assert code == 1 and "没有这个单位：X99" in err
    code, _, err = run("add", "D01", "email", "a@b.example", "--name", "某人")  # no --as: refused
    assert code == 1 and "--as" in err
    code, out, _ = run("list")
    (line,) = [x for x in out.splitlines() if "chief@d01.example" in x]
    assert "\tD01\t" in line and "22:00-07:00" in line and "王科长" in line
    cid = int(line.split("\t")[0])
    code, out, _ = run("remove", str(cid), *login)
    assert code == 0 and "已移除" in out
    assert "chief@d01.example" not in run("list")[1]
    assert run("smtp", "127.0.0.1", "--port", "2525", *login)[0] == 0
    with Session() as s:
        actions = s.scalars(select(AuditLog.action).where(AuditLog.action.like("contacts.%"))).all()
    assert actions == ["contacts.add", "contacts.remove", "contacts.smtp"]


def test_contacts_deliver_runs_one_pass(town, db_url, capsys):
    from console.cli import main

    Session, _alarm, d01, d02 = town
    smtp, hook = SmtpServer().start(), WebhookServer().start()
    try:
        add_contacts(Session, d01, d02, hook=hook.url)
        with Session.begin() as s:
            repo.set_meta(s, "notices_smtp_host", "127.0.0.1")
            repo.set_meta(s, "notices_smtp_port", str(smtp.port))
            repo.set_meta(s, "notices_webhook_allow", "127.0.0.1/32")  # the test's endpoint, allowed
        assert main(["contacts", "deliver", "--at", MON.isoformat(), "--db", db_url]) == 0
        out = capsys.readouterr().out
        assert "新入队 4；发送 4" in out and len(smtp.received()) == 2 and len(hook.received()) == 2
    finally:
        smtp.stop()
        hook.stop()


def test_engine_hooks_enqueue_and_deliver(town):
    """As the engine calls them after a pass: with its session factory, then with a committed pass's session."""
    from console.services.notices import after_pass_hooks

    Session, _alarm, d01, d02 = town
    hook = WebhookServer().start()
    try:
        add_contacts(Session, d01, d02, hook=hook.url)
        enqueue, deliver = after_pass_hooks({"webhook": WebhookChannel(allowed=LOOPBACK)})
        enqueue(Session, MON)
        deliver(Session, MON)
        assert len(hook.received()) == 2  # the alarm and the yellow case, to D01's webhook
        with Session.begin() as s:
            enqueue(s, MON + dt.timedelta(minutes=1))  # nothing new
        with Session() as s:
            deliver(s, MON + dt.timedelta(minutes=1))
        assert len(hook.received()) == 2
    finally:
        hook.stop()


def test_engine_pass_sends_the_units_notices_once(town, engine):
    """The engine service itself: its pass raises the red of a case overdue, then the notices go out once a minute
    from what the pass committed — through a real webhook, and nothing twice on the next passes."""
    from console.services.engine import EngineService

    Session, _alarm, d01, d02 = town
    hook = WebhookServer().start()
    try:
        add_contacts(Session, d01, d02, hook=hook.url)
        with Session.begin() as s:
            repo.set_meta(s, "notices_webhook_allow", "127.0.0.1/32")  # the engine reads it from meta
        clock = [MON]
        svc = EngineService(engine, "engine-n", clock=lambda: clock[0])
        svc.run_pass()
        first = [p["event_key"] for _, p in hook.received()]
        assert first and all(":" in k for k in first)
        assert any(k.startswith("alarm:") for k in first)  # the red the engine raised, or the one it found
        clock[0] = MON + dt.timedelta(minutes=2)
        svc._next_notices = 0.0  # the minute has passed
        svc.run_pass()
        assert sorted(p["event_key"] for _, p in hook.received()) == sorted(first)  # sent is sent
    finally:
        hook.stop()


FRI = dt.datetime(2025, 10, 17, 10, 0)  # a Friday; 10-18/19 an ordinary weekend, no holiday until New Year


@pytest.mark.parametrize(
    ("limit", "due", "days_key", "expected"),
    [
        # by hand: ordered Fri 10-17, the order day not counted (民法典 第201条): the 5 working days are Mon 10-20
        # … Fri 10-24; on Fri and Mon all 5 are left, Tue 4 (Tue–Fri), Fri 10-24 1.  Counting from today gave 6 on
        # the order day (Fri + Mon–Fri), over the 5-day window: no notice at all that day
        (5, dt.date(2025, 10, 24), "5", {FRI: 5, FRI + dt.timedelta(days=3): 5, FRI + dt.timedelta(days=4): 4,
                                         FRI + dt.timedelta(days=7): 1}),
        # 2 working days: Mon 10-20 and Tue 10-21; the default window of 2 hears it on the order day already
        (2, dt.date(2025, 10, 21), None, {FRI: 2, FRI + dt.timedelta(days=3): 2, FRI + dt.timedelta(days=4): 1}),
    ],
)  # fmt: skip
def test_a_rectifications_notice_counts_its_own_limit_from_the_order_day(town, cal, limit, due, days_key, expected):
    Session, _alarm, _d01, d02 = town
    from console.models.supervision_schema import Rectification

    assert cal.add(FRI.date(), limit) == due  # the due date as ordering computes it
    with Session.begin() as s:
        if days_key:
            repo.set_meta(s, "notices_deadline_days", days_key)
        case = add_case(s, "RC2", "D02", dt.datetime(2025, 10, 16, 9), cal=cal)
        r = Rectification(
            case_id=case, unit_id=d02, ordered_by="sup", ordered_at=FRI, deadline_days=limit, due_date=due,
            status="ordered",
        )  # fmt: skip
        s.add(r)
        s.flush()
        rid = r.id
    for at, left in expected.items():
        with Session() as s:
            events = {e.key: e for e in find_events(s, at, cal)}
        key = f"rectification:{rid}:{due}"
        assert key in events, (at, sorted(events))
        assert f"剩余 {left} 个工作日" in events[key].body, (at, events[key].body)
