"""Fault drill: the notification endpoints are down for 10 minutes — nothing lost, nothing sent twice.

Six red alarms at three units, each unit with an e-mail contact and a webhook contact.  The SMTP server and the
HTTP endpoint have their ports reserved but nothing listening (connections are really refused) for the first
ten minutes of a business clock that advances 15 s per delivery pass; then both come up on the same ports.  Two
deliverers run every pass at once (two engines, or an engine and ``contacts deliver``), each on its own
connections.  Asserted: every notice arrives exactly once per address and event, each failed attempt is
recorded with its error and spaced by the back-off, and every outbox row ends ``sent``.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

from console.domain import catalogue
from console.domain.notices import retry_delay
from console.models import notices as outbox
from console.models import repository as repo
from console.models.db import make_engine, session_factory
from console.services.notices import SmtpChannel, WebhookChannel, deliver_due, enqueue_notices
from tests.support.factories import add_alarm, add_case, unit_id
from tests.support.notice_servers import LOOPBACK, SmtpServer, WebhookServer, free_port

START = dt.datetime(2025, 10, 13, 9, 0)
STEP = dt.timedelta(seconds=15)
DOWN = dt.timedelta(minutes=10)


def test_endpoints_down_ten_minutes(db_url, cal):
    engines = [make_engine(db_url) for _ in range(2)]
    factories = [session_factory(e) for e in engines]
    Session = factories[0]
    smtp, hook = SmtpServer(free_port()), WebhookServer(free_port())
    chans = {
        "email": SmtpChannel("127.0.0.1", smtp.port, timeout_s=5),
        "webhook": WebhookChannel(timeout_s=5, allowed=LOOPBACK),
    }
    try:
        with Session.begin() as s:
            repo.sync_catalogue(s, catalogue.units(), catalogue.items())
            for i, code in enumerate(("D01", "D01", "D02", "D02", "D03", "D03")):
                case = add_case(s, f"DN-{i}", code, dt.datetime(2025, 9, 22, 9), cal=cal)
                add_alarm(s, case, raised_at=START - dt.timedelta(hours=9))
            for code in ("D01", "D02", "D03"):
                uid = unit_id(s, code)
                outbox.add_contact(
                    s, uid, "email", f"duty@{code.lower()}.example", "值班", None, "admin", START.replace(day=1)
                )
                outbox.add_contact(
                    s, uid, "webhook", f"{hook.url}/{code}", "短信网关", None, "admin", START.replace(day=1)
                )
        with Session.begin() as s:
            enqueue_notices(s, START)
        with Session() as s:
            expected = {(n.event_key, n.address) for n in outbox.all_notices(s) if n.event_key.startswith("alarm:")}
        assert len(expected) == 12

        now, up_at, errors = START, None, Counter()
        while now <= START + dt.timedelta(minutes=20):
            if up_at is None and now - START >= DOWN:  # the endpoints come back on the same ports
                smtp.start()
                hook.start()
                up_at = now
            reports: list = [None, None]

            def run(i: int, at=now, reports=reports) -> None:
                reports[i] = deliver_due(factories[i], at, chans)

            threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(60)
            for r in reports:
                assert r is not None
                errors.update(e.split(":")[0] for e in r.errors)
                if up_at is None:
                    assert r.sent == 0
            with Session.begin() as s:  # the engine keeps enqueueing every pass: the same events add nothing
                assert enqueue_notices(s, now) == 0
            now += STEP

        mails = Counter((f"alarm:{_alarm_id(body)}", to) for to, _, body in smtp.received())
        posts = Counter((p["event_key"], hook.url + path) for path, p in hook.received())
        got = mails + posts
        print(
            f"down {DOWN}, refused attempts by error: {dict(errors)}; delivered {sum(got.values())} of {len(expected)}"
        )
        assert set(got) == expected  # nothing lost
        assert max(got.values()) == 1  # nothing sent twice to the same address for the same event
        with Session() as s:
            rows = outbox.all_notices(s)
        assert {r.status for r in rows} == {"sent"}
        tries = {r.attempts for r in rows}
        assert min(tries) >= 5 and all(r.sent_at >= up_at for r in rows)  # refused ≥ 4 times, then once sent
        # the back-off: the first attempts were at 0, 30, 90, 210, 450 s (then 930 s, after the return)
        assert sum((retry_delay(k) for k in range(1, 5)), dt.timedelta()) == dt.timedelta(seconds=450)
        assert errors and set(errors) <= {"ConnectionRefusedError", "URLError"}
    finally:
        smtp.stop()
        hook.stop()
        for e in engines:
            e.dispose()


def _alarm_id(body: str) -> str:
    """The alarm a mail is about, by the case number in its body (DN-i is alarm i + 1 here)."""
    i = int(body.split("DN-")[1].split("（")[0])
    return str(i + 1)
