"""``contacts add`` / ``remove`` audit what an auditor needs, not the secret: ``unit_contacts`` is hidden from
the console role (console/models/dbroles.py SECRET_TABLES) but ``audit_log`` is not.  Real database, the real
command line; the audit rows read back as stored."""

import io
import json

from sqlalchemy import select

from console.cli import main
from console.domain.text import masked_address
from console.models.schema import AuditLog
from tests.integration.services.test_notices import town  # noqa: F401 (fixture)
from tests.support.factories import ADMIN_PASSWORD, add_administrator

HOOK = "https://8.8.8.8:8443/hooks/T0KEN-s3cret?key=abc#frag"


def test_masked_address_keeps_no_secret():
    assert masked_address("email", "chief@d06.example") == "c***@d06.example"
    assert masked_address("email", "x@y.cn") == "x***@y.cn"
    assert masked_address("email", "broken") == "***"
    assert masked_address("webhook", HOOK) == "https://8.8.8.8:8443/…"
    assert masked_address("webhook", "http://user:pw@hook.example?token=1") == "http://hook.example/…"
    assert masked_address("webhook", "no-scheme/token") == "***"
    assert masked_address("sms", "+86 138-0013-8000") == "***8000"
    assert masked_address("sms", "1234") == "***"


def test_contacts_audit_rows_hold_no_address_or_name(town, db_url, capsys, monkeypatch):  # noqa: F811
    Session = town[0]
    login = add_administrator(Session)

    def run(*argv):
        monkeypatch.setattr("sys.stdin", io.StringIO(ADMIN_PASSWORD + "\n"))
        code = main(["contacts", *argv, "--db", db_url, *login])
        assert code == 0, capsys.readouterr().err
        return capsys.readouterr().out

    run("add", "D01", "email", "chief@d06.example", "--name", "王科长")
    run("add", "D01", "webhook", HOOK, "--name", "短信网关")
    with Session() as s:
        rows = s.execute(
            select(AuditLog.action, AuditLog.target, AuditLog.before, AuditLog.after)
            .where(AuditLog.action.like("contacts.%"))
            .order_by(AuditLog.id)
        ).all()
    mail_id, hook_id = (int(r.target.split(":")[1]) for r in rows)
    run("remove", str(hook_id))
    with Session() as s:
        rows = s.execute(
            select(AuditLog.action, AuditLog.before, AuditLog.after)
            .where(AuditLog.action.like("contacts.%"))
            .order_by(AuditLog.id)
        ).all()
    assert [(r.action, r.before, r.after) for r in rows] == [
        (
            "contacts.add",
            None,
            {"unit": "D01", "channel": "email", "contact": mail_id, "address": "c***@d06.example", "quiet": None},
        ),
        (
            "contacts.add",
            None,
            {
                "unit": "D01",
                "channel": "webhook",
                "contact": hook_id,
                "address": "https://8.8.8.8:8443/…",
                "quiet": None,
            },
        ),
        (
            "contacts.remove",
            {"unit": "D01", "channel": "webhook", "contact": hook_id, "address": "https://8.8.8.8:8443/…"},
            {"active": False},
        ),
    ]
    text = json.dumps([list(r) for r in rows], ensure_ascii=False)
    for secret in ("chief", "王科长", "短信网关", "T0KEN", "s3cret", "key=abc", "hooks"):
        assert secret not in text
