"""督办 (escalation) with its history, and 申诉 (appeals) against alarms (migration 0006).

Declared on the shared ``Base`` like the other supervision tables; times are naive local time, deadlines are
calendar dates computed in working days by ``console.domain.escalation``.  Every change is also written to
``audit_log`` by ``console.supervision``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from console.models.schema import Base


class Escalation(Base):
    """One 督办: what it is about (an alarm, a rectification or a complaint), its level, deadline and notice."""

    __tablename__ = "escalations"
    __table_args__ = (
        Index("ix_escalations_status_due", "status", "due_date"),
        Index("ix_escalations_unit", "unit_id"),
        Index("ix_escalations_source", "source_kind", "source_id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    notice_no: Mapped[str] = mapped_column(String(32), unique=True)  # 督办通知书 number, e.g. 督〔2025〕0001号
    source_kind: Mapped[str] = mapped_column(String(16))  # alarm | rectification | complaint
    source_id: Mapped[int] = mapped_column(Integer)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))  # the unit under 督办
    level: Mapped[str] = mapped_column(String(16))  # reminder | yellow | red
    finding: Mapped[str] = mapped_column(Text)  # what was found (问题)
    requirement: Mapped[str] = mapped_column(Text)  # what the unit must do (督办要求)
    opened_by: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime)
    automatic: Mapped[bool] = mapped_column(Boolean, default=False)  # opened by the scheduled pass
    deadline_days: Mapped[int] = mapped_column(Integer)  # of the current level
    due_date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | answered | overdue | closed | cancelled
    answer_text: Mapped[str | None] = mapped_column(Text)
    overdue_alarm_id: Mapped[int | None] = mapped_column(ForeignKey("alarms.id", ondelete="SET NULL"))
    outcome: Mapped[str | None] = mapped_column(String(16))  # closed: resolved | cancelled: withdrawn
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    events: Mapped[list[EscalationEvent]] = relationship(
        order_by="EscalationEvent.id", cascade="all, delete-orphan", lazy="selectin"
    )


class EscalationEvent(Base):
    """The history of a 督办: opened, answered, verified, returned, escalated, lapsed, closed, cancelled."""

    __tablename__ = "escalation_events"
    __table_args__ = (Index("ix_escalation_events_escalation", "escalation_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    escalation_id: Mapped[int] = mapped_column(ForeignKey("escalations.id", ondelete="CASCADE"))
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(64))  # the person, or the console whose pass did it
    kind: Mapped[str] = mapped_column(String(16))
    level: Mapped[str] = mapped_column(String(16))  # the level after the event
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    text: Mapped[str | None] = mapped_column(Text)


class Appeal(Base):
    """申诉: a unit says an alarm is wrong; a supervisor upholds (the alarm is cancelled) or rejects it."""

    __tablename__ = "appeals"
    __table_args__ = (Index("ix_appeals_status_due", "status", "due_date"), Index("ix_appeals_alarm", "alarm_id"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alarm_id: Mapped[int] = mapped_column(ForeignKey("alarms.id", ondelete="CASCADE"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    channel: Mapped[str] = mapped_column(String(16))  # exchange | desk
    record_id: Mapped[str | None] = mapped_column(String(128), unique=True)  # the exchange record, if any
    appellant: Mapped[str] = mapped_column(String(64))  # who signed it for the unit
    reason: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)  # evidence references, one a line
    filed_at: Mapped[dt.datetime] = mapped_column(DateTime)
    registered_by: Mapped[str] = mapped_column(String(64))  # desk operator, or the ingest
    deadline_days: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="filed")  # filed | upheld | rejected
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    decision_reason: Mapped[str | None] = mapped_column(Text)


class CaseTimeCorrection(Base):
    """A correction of a case's time entered with an upheld 申诉 (migration 0013): laid over the case's exchange
    records by every re-fold (``console.domain.corrections``), so a late record cannot undo it."""

    __tablename__ = "case_corrections"
    __table_args__ = (Index("ix_case_corrections_case", "case_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    appeal_id: Mapped[int] = mapped_column(ForeignKey("appeals.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # wait | accepted_at | completed_at
    wait_kind: Mapped[str | None] = mapped_column(String(16))  # 补正 or a special procedure's kind
    at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # corrected acceptance/completion time
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # a wait's start and end
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    reason: Mapped[str] = mapped_column(Text)
    made_by: Mapped[str] = mapped_column(String(64))
    made_at: Mapped[dt.datetime] = mapped_column(DateTime)
