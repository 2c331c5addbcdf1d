"""Supervision work after a red light: operators, rectification, alarm cancellation, sanctions, complaints.

Declared on the shared ``Base`` so Alembic (migration 0002) and ``Base.metadata`` see them.  Times are naive
local time like the rest of the schema; deadlines are calendar dates computed in working days by the engine.
Every change to these rows is also written to ``audit_log`` by ``console.supervision``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from console.domain.vocabulary import (  # noqa: F401  (re-exported)
    COMPLAINT_CHANNELS,
    COMPLAINT_STATUSES,
    FOUR_CONDITIONS,
    PERSON_ROLES,
    RECTIFICATION_STATUSES,
    ROLES,
    SANCTION_LADDER,
    SATISFACTION_LEVELS,
)
from console.models.schema import Base


class Operator(Base):
    """A person who logs in to a console; the password is only ever stored as an argon2 hash."""

    __tablename__ = "operators"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))  # operator | supervisor | administrator
    # deferred: a console's database role may not read it (console.models.dbroles), so it is loaded only by
    # the code that checks or sets it (the embedded database, the schema owner)
    password_hash: Mapped[str] = mapped_column(String(255), deferred=True)
    failed_count: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class AlarmCancellation(Base):
    """撤销: a supervisor found the alarm false (e.g. a mis-set limit); the alarm row stays, status 'cancelled'."""

    __tablename__ = "alarm_cancellations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alarm_id: Mapped[int] = mapped_column(ForeignKey("alarms.id", ondelete="CASCADE"), unique=True)
    cancelled_by: Mapped[str] = mapped_column(String(64))
    console: Mapped[str | None] = mapped_column(String(64))
    cancelled_at: Mapped[dt.datetime] = mapped_column(DateTime)
    reason: Mapped[str] = mapped_column(Text)


class Rectification(Base):
    """限期整改 ordered from an alarm or a case; its due date counts working days like a case."""

    __tablename__ = "rectifications"
    __table_args__ = (
        Index("ix_rectifications_status_due", "status", "due_date"),
        Index("ix_rectifications_case", "case_id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alarm_id: Mapped[int | None] = mapped_column(ForeignKey("alarms.id", ondelete="SET NULL"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))  # the responsible unit
    responsible_person: Mapped[str | None] = mapped_column(String(64))
    instructions: Mapped[str | None] = mapped_column(Text)
    ordered_by: Mapped[str] = mapped_column(String(64))
    ordered_at: Mapped[dt.datetime] = mapped_column(DateTime)
    deadline_days: Mapped[int] = mapped_column(Integer)  # working days, the order day not counted
    due_date: Mapped[dt.date] = mapped_column(Date)
    due_provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="ordered")
    answer_text: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[str | None] = mapped_column(String(64))
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    verified_by: Mapped[str | None] = mapped_column(String(64))
    verified_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    verification_text: Mapped[str | None] = mapped_column(Text)
    overdue_alarm_id: Mapped[int | None] = mapped_column(ForeignKey("alarms.id", ondelete="SET NULL"))
    cancel_reason: Mapped[str | None] = mapped_column(Text)


class Sanction(Base):
    """A 责任追究 decision against a person (with their role in the case) and/or a unit as a whole.

    ``person_name`` NULL means the unit itself is sanctioned (e.g. 通报批评 of a responsible unit);
    otherwise ``unit_id`` is the person's unit.
    """

    __tablename__ = "sanctions"
    __table_args__ = (Index("ix_sanctions_decided", "decided_on"), Index("ix_sanctions_unit", "unit_id"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_name: Mapped[str | None] = mapped_column(String(64))
    person_role: Mapped[str | None] = mapped_column(String(8))  # 承办人 | 审核人 | 批准人
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    kind: Mapped[str] = mapped_column(String(16))  # one of SANCTION_LADDER
    decided_on: Mapped[dt.date] = mapped_column(Date)
    deciding_body: Mapped[str] = mapped_column(String(128))
    text: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)
    links: Mapped[list[SanctionLink]] = relationship(cascade="all, delete-orphan")


class SanctionLink(Base):
    """A case or alarm behind a sanction (one of the two per row)."""

    __tablename__ = "sanction_links"
    __table_args__ = (Index("ix_sanction_links_sanction", "sanction_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sanction_id: Mapped[int] = mapped_column(ForeignKey("sanctions.id", ondelete="CASCADE"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    alarm_id: Mapped[int | None] = mapped_column(ForeignKey("alarms.id", ondelete="SET NULL"))


class Complaint(Base):
    """效能投诉: acceptance decided within 5 working days, reply within 30 (60 when extended with a reason)."""

    __tablename__ = "complaints"
    __table_args__ = (Index("ix_complaints_registered", "registered_at"), Index("ix_complaints_status", "status"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(8))  # 窗口 | 电话 | 网络 | 信件
    complainant: Mapped[str] = mapped_column(String(64))
    complainant_contact: Mapped[str | None] = mapped_column(String(64))
    against_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    against_person: Mapped[str | None] = mapped_column(String(64))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    summary: Mapped[str] = mapped_column(Text)
    registered_by: Mapped[str] = mapped_column(String(64))
    registered_at: Mapped[dt.datetime] = mapped_column(DateTime)
    acceptance_due: Mapped[dt.date] = mapped_column(Date)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # the acceptance decision, either way
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    reply_limit_days: Mapped[int] = mapped_column(Integer, default=30)
    reply_due: Mapped[dt.date] = mapped_column(Date)
    extension_reason: Mapped[str | None] = mapped_column(Text)
    reply_text: Mapped[str | None] = mapped_column(Text)
    replied_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    satisfaction: Mapped[str | None] = mapped_column(String(8))  # 满意 | 基本满意 | 不满意 (call-back)
    called_back_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16), default="registered")
    closed_by: Mapped[str | None] = mapped_column(String(64))
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    notes: Mapped[list[ComplaintNote]] = relationship(order_by="ComplaintNote.id", cascade="all, delete-orphan")
    conditions: Mapped[list[ComplaintCondition]] = relationship(cascade="all, delete-orphan")


class ComplaintNote(Base):
    """Investigation / transfer notes, in order."""

    __tablename__ = "complaint_notes"
    __table_args__ = (Index("ix_complaint_notes_complaint", "complaint_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"))
    written_by: Mapped[str] = mapped_column(String(64))
    written_at: Mapped[dt.datetime] = mapped_column(DateTime)
    text: Mapped[str] = mapped_column(Text)


class ComplaintCondition(Base):
    """One of the four 四不放过 conditions recorded as met: who, when, on what evidence."""

    __tablename__ = "complaint_conditions"
    __table_args__ = (UniqueConstraint("complaint_id", "condition", name="uq_complaint_condition"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"))
    condition: Mapped[str] = mapped_column(String(32))  # a FOUR_CONDITIONS code
    met_by: Mapped[str] = mapped_column(String(64))
    met_at: Mapped[dt.datetime] = mapped_column(DateTime)
    evidence: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(64))


# 督办 and 申诉 live in their own module; imported here so whoever loads the supervision tables loads them too
from console.models.escalation_schema import Appeal, Escalation, EscalationEvent  # noqa: E402, F401
