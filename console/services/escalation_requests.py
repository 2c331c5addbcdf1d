"""What the 督办 and 申诉 tabs ask of the database (Qt-free), mixed into ``SupervisionClient``.

Same rules as the rest of the client: each method opens its own session, calls the workflow (which checks the
role and audits), and returns frozen rows (``console.domain.escalation``) or plain values; worker pool only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from console.domain.calendar import WorkCalendar
from console.domain.corrections import CaseCorrection
from console.domain.escalation import AppealRow, EscalationRow, Ladder
from console.models.supervision import SessionFactory
from console.models.supervision import operators as operators_db
from console.supervision import appeals as ap
from console.supervision import escalation as esc
from console.supervision.auth import Actor
from console.supervision.errors import NotFound
from console.supervision.escalation_notice import write_notice


class ReplayReadOnly(Exception):
    """Supervision work asked for while the console replays a past moment."""


class EscalationRequests:
    """Needs ``Session``, ``calendar(s)``, ``now()`` and ``today()`` of the client it is mixed into."""

    Session: SessionFactory
    now: Callable[[], dt.datetime]
    # the moment the console replays (回放), None when live: the screens show the past, and nothing of the past
    # can be worked on — every supervision write is refused (ConsoleController.set_replay keeps it)
    replay_at: dt.datetime | None = None

    def _work(self):
        """A transaction for supervision work by a person; refused during a replay."""
        if self.replay_at is not None:
            raise ReplayReadOnly("回放中只能查看：请先回到实时")
        return self.Session.begin()

    def calendar(self, s) -> WorkCalendar:  # pragma: no cover - the client's
        raise NotImplementedError

    def today(self) -> dt.date:  # pragma: no cover - the client's
        raise NotImplementedError

    # ---- 督办 ---------------------------------------------------------------------------------------------
    def escalations(self, open_only: bool = False) -> list[EscalationRow]:
        with self.Session() as s:
            # a replay: those opened by then, as their history says they stood then
            return esc.escalation_rows(s, self.calendar(s), self.today(), open_only=open_only, as_of=self.replay_at)

    def escalation(self, escalation_id: int) -> EscalationRow:
        with self.Session() as s:
            rows = esc.escalation_rows(s, self.calendar(s), self.today(), ids=[escalation_id], as_of=self.replay_at)
        if not rows:
            raise NotFound(f"没有督办 #{escalation_id}")
        return rows[0]

    def open_escalation(
        self,
        actor: Actor,
        *,
        source_kind: str,
        source_id: int,
        level: str,
        finding: str,
        requirement: str,
        deadline_days: int | None = None,
    ) -> EscalationRow:
        with self._work() as s:
            e = esc.open_escalation(
                s,
                actor,
                self.calendar(s),
                source_kind=source_kind,
                source_id=source_id,
                level=level,
                finding=finding,
                requirement=requirement,
                deadline_days=deadline_days,
                at=self.now(),
            )
            eid = e.id
        return self.escalation(eid)

    def answer_escalation(self, actor: Actor, escalation_id: int, text: str) -> None:
        with self._work() as s:
            esc.answer_escalation(s, actor, escalation_id, text, at=self.now())

    def verify_escalation(self, actor: Actor, escalation_id: int, text: str, passed: bool) -> None:
        with self._work() as s:
            esc.verify_escalation(s, actor, escalation_id, text, passed, at=self.now())

    def escalate_by_hand(self, actor: Actor, escalation_id: int, reason: str) -> None:
        with self._work() as s:
            esc.escalate_by_hand(s, actor, self.calendar(s), escalation_id, reason, at=self.now())

    def cancel_escalation(self, actor: Actor, escalation_id: int, reason: str) -> None:
        with self._work() as s:
            esc.cancel_escalation(s, actor, escalation_id, reason, at=self.now())

    def export_notice(self, escalation_id: int, path: str | Path) -> Path:
        # issued on the day it is printed, also in a replay (today() is then the replayed day's); the officers by
        # their names, not their log-ins
        row = self.escalation(escalation_id)
        with self.Session() as s:
            names = operators_db.display_names(s, [row.opened_by, *(h.actor for h in row.history)])
        return write_notice(row, path, self.now().date(), names=names)

    def ladder(self) -> Ladder:
        with self.Session() as s:
            return esc.ladder(s)

    def set_ladder(self, actor: Actor, ladder: Ladder) -> None:
        with self._work() as s:
            esc.set_ladder(s, actor, ladder)

    # ---- 申诉 ---------------------------------------------------------------------------------------------
    def appeals(self, pending_only: bool = False) -> list[AppealRow]:
        with self.Session() as s:
            # a replay: those filed by then, decided or waiting as they were then
            return ap.appeal_rows(s, self.calendar(s), self.today(), pending_only=pending_only, as_of=self.replay_at)

    def register_paper_appeal(
        self, actor: Actor, *, alarm_id: int, appellant: str, reason: str, evidence: Sequence[str] = ()
    ) -> int:
        with self._work() as s:
            a = ap.register_paper_appeal(
                s,
                actor,
                self.calendar(s),
                alarm_id=alarm_id,
                appellant=appellant,
                reason=reason,
                evidence=evidence,
                filed_at=self.now(),
            )
            return a.id

    def decide_appeal(
        self, actor: Actor, appeal_id: int, upheld: bool, reason: str, corrections: Sequence[CaseCorrection] = ()
    ) -> None:
        with self._work() as s:
            ap.decide_appeal(
                s, actor, appeal_id, upheld, reason, at=self.now(), corrections=tuple(corrections), cal=self.calendar(s)
            )


__all__ = ["EscalationRequests"]
