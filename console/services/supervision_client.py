"""What the supervision windows ask of the database (Qt-free): plain rows in, workflow calls out.

Every method opens its own session from the factory, calls ``console.supervision`` (which checks the role and
writes the audit log), or ``console.models.supervision`` for a plain read, and returns frozen dataclasses
(``console.domain.supervision_rows``) or plain values, never ORM objects, so the GUI thread can hold the
answer after the session is gone.  Methods run on the controller's worker pool
(``ConsoleController.run_request``); none of them may be called on the GUI thread.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from pathlib import Path

from console.domain import clock as centre_clock
from console.domain.calendar import WorkCalendar
from console.domain.supervision_asof import complaints_at, rectification_at
from console.domain.supervision_rows import (
    CaseSupervision,
    ComplaintRow,
    ConditionRow,
    ExportResult,
    Finding,
    ItemLimits,
    LimitChange,
    OperatorView,
    PeriodReport,
    RectRow,
    SanctionView,
    UnitRef,
)
from console.domain.vocabulary import FOUR_CONDITIONS
from console.models import repository as repo
from console.models.supervision import SessionFactory, journal, limits, targets
from console.models.supervision import complaints as complaints_db
from console.models.supervision import operators as operators_db
from console.models.supervision import rectifications as rectifications_db
from console.services.escalation_requests import EscalationRequests
from console.supervision import auth
from console.supervision import complaints as cp
from console.supervision import limits_audit as la
from console.supervision import rectification as rx
from console.supervision import sanctions as sx
from console.supervision.auth import Actor
from console.supervision.errors import NotFound
from console.supervision.report_export import write
from console.supervision.reports import build_report

#: the demo's operator set: (username, role, password, display name).  Only ever created on the demo database.
DEMO_OPERATORS = (
    ("admin", "administrator", "admin-demo-2025", "演示管理员"),
    ("supervisor", "supervisor", "super-demo-2025", "演示监察员"),
    ("operator", "operator", "oper-demo-2025", "演示值班员"),
)


class SupervisionClient(EscalationRequests):
    """``SupervisionClient(Session, console_name, now=clock.now)``: the windows' database work (worker threads)."""

    CALENDAR_TTL_S = 60.0

    def __init__(self, Session: SessionFactory, console_name: str, now: Callable[[], dt.datetime] = centre_clock.now):
        self.Session = Session
        self.console_name = console_name
        self.now = now
        self._cal: WorkCalendar | None = None
        self._cal_at = 0.0
        self._lock = threading.Lock()

    # ---- basics ---------------------------------------------------------------------------------------
    def calendar(self, s) -> WorkCalendar:
        with self._lock:
            if self._cal is None or time.monotonic() - self._cal_at > self.CALENDAR_TTL_S:
                self._cal, self._cal_at = repo.load_calendar(s), time.monotonic()
            return self._cal

    def today(self) -> dt.date:
        """The day the windows count from: the replayed moment's in a replay (回放; its 督办, 整改 and 投诉
        countdowns as they stood then), else today.  Writes are refused while replaying (``_work``)."""
        return (self.replay_at or self.now()).date()

    def units(self) -> list[UnitRef]:
        with self.Session() as s:
            return targets.units(s)

    # ---- log-in -----------------------------------------------------------------------------------------
    def login(self, username: str, password: str) -> Actor:
        return auth.login(self.Session, username, password, self.console_name, at=self.now())

    def logout(self, actor: Actor | None, action: str = "auth.logout") -> None:
        """End the log-in (``auth.logout``, ``auth.idle_lock``, ``auth.quit``), audited with the real actor."""
        auth.logout(self.Session, actor, action)

    def record_event(self, actor: Actor, action: str, detail: dict | None = None) -> None:
        """An action of the person at this console that changes no row (mute, export): audited in their name
        (on PostgreSQL the database stamps the name, role and console of the session)."""
        with self.Session.begin() as s:
            journal.record(s, actor, action, f"console:{self.console_name}", None, detail)

    def record_quit(self, actor: Actor | None, how: str) -> None:
        """Journal that this console was closed, by whom and how (auth.record_console_quit); on PostgreSQL
        the log-in session ends with it (nothing is left that a copied token could use)."""
        auth.record_console_quit(self.Session, actor, self.console_name, how)
        if actor is not None:
            auth.logout(self.Session, None, "auth.quit")  # SQLite: nothing more to record (actor None)

    def auth_policy(self) -> auth.AuthPolicy:
        with self.Session() as s:
            return auth.AuthPolicy.load(s)

    def operator_count(self) -> int:
        with self.Session() as s:
            return operators_db.count(s)

    def ensure_demo_operators(self) -> list[tuple[str, str, str, str]]:
        """Create the demo operator set when the database has no operators yet; returns the demo accounts
        (also when they existed already: the demo database is the demo's)."""
        with self.Session.begin() as s:
            if operators_db.count(s) == 0:
                setup = Actor("demo-setup", auth.ADMINISTRATOR, self.console_name)
                for username, role, password, name in DEMO_OPERATORS:
                    auth.add_operator(s, setup, username, role, password, name)
        return list(DEMO_OPERATORS)

    # ---- operators (administrator) ----------------------------------------------------------------------
    def operators(self) -> list[OperatorView]:
        with self.Session() as s:
            return auth.list_operators(s)

    def add_operator(self, actor: Actor, username: str, role: str, password: str, display_name: str | None):
        with self.Session.begin() as s:
            return auth.add_operator(s, actor, username, role, password, display_name)

    def unlock(self, actor: Actor, username: str) -> None:
        with self.Session.begin() as s:
            auth.unlock(s, actor, username)

    def set_role(self, actor: Actor, username: str, role: str) -> None:
        with self.Session.begin() as s:
            auth.set_role(s, actor, username, role)

    def set_active(self, actor: Actor, username: str, active: bool) -> None:
        with self.Session.begin() as s:
            auth.set_active(s, actor, username, active)

    def set_password(self, actor: Actor, username: str, password: str) -> None:
        with self.Session.begin() as s:
            auth.set_password(s, actor, username, password)

    # ---- rectification and 撤销 ---------------------------------------------------------------------------
    def order_rectification(
        self,
        actor: Actor,
        *,
        deadline_days: int,
        alarm_id: int | None = None,
        case_id: int | None = None,
        unit_id: int | None = None,
        responsible_person: str | None = None,
        instructions: str | None = None,
    ) -> RectRow:
        with self._work() as s:
            r = rx.order_rectification(
                s,
                actor,
                self.calendar(s),
                deadline_days=deadline_days,
                alarm_id=alarm_id,
                case_id=case_id,
                unit_id=unit_id,
                responsible_person=(responsible_person or "").strip() or None,
                instructions=(instructions or "").strip() or None,
                at=self.now(),
            )
            rid = r.id
        return self._rect_rows(rect_ids=[rid])[0]

    def answer_rectification(self, actor: Actor, rect_id: int, text: str) -> None:
        with self._work() as s:
            rx.answer_rectification(s, actor, rect_id, text, at=self.now())

    def verify_rectification(self, actor: Actor, rect_id: int, text: str, passed: bool) -> None:
        with self._work() as s:
            rx.verify_rectification(s, actor, rect_id, text, passed, at=self.now(), today=self.today())

    def cancel_rectification(self, actor: Actor, rect_id: int, reason: str) -> None:
        with self._work() as s:
            rx.cancel_rectification(s, actor, rect_id, reason)

    def cancel_alarm(self, actor: Actor, alarm_id: int, reason: str) -> None:
        with self._work() as s:
            rx.cancel_alarm(s, actor, alarm_id, reason, at=self.now())

    def rectifications(self, include_closed: bool = True) -> list[RectRow]:
        return self._rect_rows(include_closed=include_closed)

    def _rect_rows(
        self, rect_ids: list[int] | None = None, case_id: int | None = None, include_closed: bool = True
    ) -> list[RectRow]:
        """The rows as they stand, or in a replay those ordered by the moment as they stood then."""
        at = self.replay_at
        with self.Session() as s:
            cal = self.calendar(s)
            statuses = None if include_closed or at is not None else rx.OPEN_STATUSES
            rows = rectifications_db.with_case_and_unit(s, rect_ids, case_id, statuses, as_of=at)
            then = {}
            if at is None:
                clocks = {c.rectification_id: c for c in rx.rectification_clocks(s, cal, self.today())}
            else:
                then = {
                    r.id: rectification_at(at, r.status, r.due_date, r.answered_at, r.verified_at) for r, _, _ in rows
                }
                if not include_closed:
                    rows = [x for x in rows if then[x[0].id].status in rx.OPEN_STATUSES]
                # counting only what was waiting then; a row whose status then is unknown has no countdown
                waiting = [r for r, _, _ in rows if then[r.id].status in ("ordered", "overdue") and not then[r.id].note]
                clocks = {c.rectification_id: c for c in rx.clocks_of(cal, waiting, self.today())}
            out = []
            for r, case_no, unit_name in rows:
                c = clocks.get(r.id)
                t = then.get(r.id)
                answered = t is None or t.answered
                verified = t is None or t.verified
                out.append(
                    RectRow(
                        r.id,
                        r.alarm_id,
                        r.case_id,
                        case_no,
                        r.unit_id,
                        unit_name,
                        r.responsible_person,
                        r.instructions,
                        r.ordered_by,
                        r.ordered_at,
                        r.deadline_days,
                        r.due_date,
                        r.status if t is None else t.status,
                        c.remaining if c else None,
                        c.light if c else "",
                        r.answer_text if answered else None,
                        r.answered_by if answered else None,
                        r.verified_by if verified else None,
                        r.verification_text if verified else None,
                        c.days_over if c else 0,
                        c.provisional if c else False,
                        t.note if t else "",
                    )
                )
            return out

    # ---- sanctions ----------------------------------------------------------------------------------------
    def record_sanction(
        self,
        actor: Actor,
        *,
        kind: str,
        decided_on: dt.date,
        deciding_body: str,
        text: str | None = None,
        person_name: str | None = None,
        person_role: str | None = None,
        unit_id: int | None = None,
        case_ids: tuple[int, ...] = (),
        alarm_ids: tuple[int, ...] = (),
    ) -> int:
        with self._work() as s:
            return sx.record_sanction(
                s,
                actor,
                kind=kind,
                decided_on=decided_on,
                deciding_body=deciding_body,
                text=text,
                person_name=person_name,
                person_role=person_role,
                unit_id=unit_id,
                case_ids=tuple(case_ids),
                alarm_ids=tuple(alarm_ids),
            ).id

    def unit_record(self, unit_id: int) -> list[SanctionView]:
        with self.Session() as s:
            return sx.unit_record(s, unit_id)

    def person_record(self, person_name: str, unit_id: int | None = None) -> list[SanctionView]:
        with self.Session() as s:
            return sx.person_record(s, person_name, unit_id)

    def case_supervision(self, case_id: int) -> CaseSupervision:
        with self.Session() as s:
            row = targets.case_heading(s, case_id)
            if row is None:
                raise NotFound(f"没有办件 #{case_id}")
            alarms = targets.live_alarms(s, case_id)
            linked = tuple(sx.case_record(s, case_id))
            handler = (row.handler or "").strip()
            person = tuple(sx.person_record(s, handler, row.unit_id)) if handler else ()
        return CaseSupervision(
            case_id,
            row.case_no,
            row.unit_id,
            row.unit_name,
            row.handler,
            alarms,
            linked,
            person,
            tuple(self._rect_rows(case_id=case_id)),
        )

    # ---- complaints ------------------------------------------------------------------------------------------
    def complaints(self) -> list[ComplaintRow]:
        """The complaints as they stand, or in a replay those registered by the moment as they stood then
        (status, deadlines running, conditions met and notes written by then)."""
        at = self.replay_at
        with self.Session() as s:
            cal = self.calendar(s)
            rows = complaints_db.with_unit_and_case(s, as_of=at)
            then = {}
            if at is None:
                clocks = {c.complaint_id: c for c in cp.complaint_clocks(s, cal, self.today())}
            else:
                then, running = complaints_at(at, [c for c, _, _ in rows])
                clocks = {k.complaint_id: k for k in cp.clocks_of(cal, running, self.today())}
            conds = complaints_db.conditions_by_complaint(s, as_of=at)
            notes = complaints_db.notes_by_complaint(s, as_of=at)
            out = []
            for c, unit_name, case_no in rows:
                t = then.get(c.id)
                have = conds.get(c.id, {})
                conditions = tuple(
                    ConditionRow(code, text, have[code].met_by, have[code].met_at, have[code].evidence)
                    if code in have
                    else ConditionRow(code, text)
                    for code, text in FOUR_CONDITIONS
                )
                k = clocks.get(c.id)
                out.append(
                    ComplaintRow(
                        c.id,
                        c.channel,
                        c.complainant,
                        c.complainant_contact,
                        c.against_unit_id,
                        unit_name,
                        c.against_person,
                        c.case_id,
                        case_no,
                        c.summary,
                        c.registered_at,
                        c.status if t is None else t.status,
                        c.acceptance_due,
                        c.reply_due,
                        c.reply_limit_days,
                        c.extension_reason,
                        c.rejection_reason if t is None or t.decided else None,
                        c.reply_text if t is None or t.replied else None,
                        c.satisfaction if t is None or t.called_back else None,
                        k.stage if k else "",
                        k.remaining if k else None,
                        k.light if k else "",
                        conditions,
                        tuple(notes.get(c.id, ())),
                        k.days_over if k else 0,
                        k.provisional if k else False,
                        t.note if t else "",
                    )
                )
            return out

    def register_complaint(self, actor: Actor, **kw) -> int:
        with self._work() as s:
            return cp.register_complaint(s, actor, self.calendar(s), registered_at=self.now(), **kw).id

    def decide_acceptance(self, actor: Actor, complaint_id: int, accept: bool, reason: str | None = None) -> None:
        with self._work() as s:
            cp.decide_acceptance(s, actor, self.calendar(s), complaint_id, accept, reason, at=self.now())

    def extend_reply(self, actor: Actor, complaint_id: int, reason: str) -> None:
        with self._work() as s:
            cp.extend_reply(s, actor, self.calendar(s), complaint_id, reason)

    def add_note(self, actor: Actor, complaint_id: int, text: str) -> None:
        with self._work() as s:
            cp.add_note(s, actor, complaint_id, text)

    def record_condition(
        self, actor: Actor, complaint_id: int, condition: str, evidence: str, met_by: str | None = None
    ) -> None:
        with self._work() as s:
            cp.record_condition(s, actor, complaint_id, condition, evidence, met_by=met_by, met_at=self.now())

    def record_reply(self, actor: Actor, complaint_id: int, text: str) -> None:
        with self._work() as s:
            cp.record_reply(s, actor, complaint_id, text, at=self.now())

    def record_callback(self, actor: Actor, complaint_id: int, satisfaction: str) -> None:
        with self._work() as s:
            cp.record_callback(s, actor, complaint_id, satisfaction, at=self.now())

    def close_complaint(self, actor: Actor, complaint_id: int) -> None:
        with self._work() as s:
            cp.close_complaint(s, actor, complaint_id, at=self.now())

    # ---- time-limit audit --------------------------------------------------------------------------------------
    def audit_findings(self) -> list[Finding]:
        with self.Session() as s:
            return la.audit_limits(s)

    def item_limits(self, item_code: str) -> ItemLimits:
        with self.Session() as s:
            row = limits.item_with_unit(s, item_code)
            if row is None:
                raise NotFound(f"没有事项 {item_code}")
            item, unit_name = row
            n = len(limits.open_case_ids(s, item.id))
            return ItemLimits(item.code, item.name, unit_name, item.promised_days, item.statutory_days, n)

    def change_limits(
        self,
        actor: Actor,
        item_code: str,
        *,
        reason: str,
        promised_days: int | None = None,
        statutory_days: int | None = None,
    ) -> LimitChange:
        with self._work() as s:
            return la.change_item_limits(
                s,
                actor,
                self.calendar(s),
                item_code,
                reason=reason,
                promised_days=promised_days,
                statutory_days=statutory_days,
                today=self.today(),
            )

    # ---- reports ---------------------------------------------------------------------------------------------------
    def build_report(
        self, actor: Actor | None, period_from: dt.date, period_to: dt.date, unit_code: str | None = None
    ) -> PeriodReport:
        if actor is not None:
            actor.require("report")
        with self.Session() as s:
            return build_report(s, self.calendar(s), period_from, period_to, unit_code, generated_at=self.now())

    def export_report(
        self, report: PeriodReport, fmt: str, path: str | Path, actor: Actor | None = None
    ) -> ExportResult:
        t0 = time.monotonic()
        out = write(report, fmt, path, force=True)  # the save dialog asked before replacing a file
        if actor is not None:  # data leaving the system: who took which period where
            detail = {"format": fmt, "path": str(out), "from": report.period_from, "to": report.period_to}
            self.record_event(actor, "report.export", detail)
        return ExportResult(out, fmt, time.monotonic() - t0)


__all__ = [
    "DEMO_OPERATORS",
    "CaseSupervision",
    "ComplaintRow",
    "ConditionRow",
    "ExportResult",
    "ItemLimits",
    "PeriodReport",
    "RectRow",
    "SupervisionClient",
    "UnitRef",
]
