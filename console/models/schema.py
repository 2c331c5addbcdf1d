"""The shared supervision database: SQLAlchemy 2.0 typed models (schema made by Alembic migrations).

Times are naive local time (Asia/Shanghai, the centre's clock); due dates are calendar dates.
``cases.change_seq`` is the readers' watermark: every write to a case takes the next value of the single
``change_counter`` row inside the same transaction, so row locks make commit order equal seq order and a
reader asking "changed since N" never misses a commit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from console.domain import clock
from console.domain.vocabulary import (  # noqa: F401  (re-exported for the migrations and tests)
    CHANNELS,
    EVALUATION_LEVELS,
    EXTENSION,
    SPECIAL_KINDS,
    STAGES,
    SUPPLEMENT,
    UNIT_KINDS,
)


class Base(DeclarativeBase):
    @classmethod
    def table(cls) -> Table:
        """The class's Table (``__table__`` is typed as its base class, FromClause), for Core statements."""
        table = cls.__table__
        assert isinstance(table, Table)
        return table


class Unit(Base):
    __tablename__ = "units"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # department | district
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Item(Base):
    """An approval item (事项) with its limits and thresholds: data an administrator edits, not code."""

    __tablename__ = "items"
    __table_args__ = (CheckConstraint("limit_unit IN ('工作日', '自然日')", name="ck_items_limit_unit"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    statutory_days: Mapped[int] = mapped_column(Integer)  # 法定时限, working days
    promised_days: Mapped[int] = mapped_column(Integer)  # 承诺时限, working days; 0 = 即办件
    stop_clock_kinds: Mapped[list[str]] = mapped_column(JSON, default=list)  # special kinds that stop the clock
    blue_days: Mapped[int] = mapped_column(Integer, default=3)
    yellow_days: Mapped[int] = mapped_column(Integer, default=1)
    fee_free: Mapped[bool] = mapped_column(Boolean, default=True)
    # the unit of the two limits: 工作日, or 自然日 where the law gives calendar days (the fold converts them,
    # console.domain.timelimits.calendar_limit_as_working)
    limit_unit: Mapped[str] = mapped_column(String(8), default="工作日", server_default="工作日")
    unit: Mapped[Unit] = relationship()
    steps: Mapped[list[ItemStep]] = relationship(order_by="ItemStep.seq", cascade="all, delete-orphan")


class ItemStep(Base):
    """A step (环节) of an item; ``limit_days`` set where it is a key post (重点岗位) with its own limit."""

    __tablename__ = "item_steps"
    __table_args__ = (
        UniqueConstraint("item_id", "code"),
        CheckConstraint("limit_unit IN ('工作日', '自然日')", name="ck_item_steps_limit_unit"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(64))
    limit_days: Mapped[int | None] = mapped_column(Integer)
    limit_unit: Mapped[str] = mapped_column(String(8), default="工作日", server_default="工作日")  # of limit_days


class Case(Base):
    """A case (办件), folded from its exchange records; due dates computed by the engine."""

    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_open_unit_due", "unit_id", "completed_at", "promised_due"),
        Index("ix_cases_change_seq", "change_seq"),
        Index("ix_cases_open_due", "completed_at", "promised_due"),
        Index("ix_cases_accepted_at", "accepted_at"),  # per-hour counts of today's accepted cases
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_no: Mapped[str] = mapped_column(String(64), unique=True)  # 申办流水号
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    region_code: Mapped[str | None] = mapped_column(String(12))
    channel: Mapped[str | None] = mapped_column(String(16))
    applicant_name: Mapped[str | None] = mapped_column(String(200))
    applicant_id_masked: Mapped[str | None] = mapped_column(String(32))  # e.g. 5101**********1234
    stage: Mapped[str] = mapped_column(String(8))
    received_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # 申办 (application received)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    completed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    result: Mapped[str | None] = mapped_column(String(16))  # 准予/不予/退回/作废/不予受理
    result_reason: Mapped[str | None] = mapped_column(Text)
    certificate_no: Mapped[str | None] = mapped_column(String(64))
    current_step: Mapped[str | None] = mapped_column(String(64))
    handler: Mapped[str | None] = mapped_column(String(64))
    window: Mapped[str | None] = mapped_column(String(32))
    promised_days: Mapped[int] = mapped_column(Integer)  # as accepted (items can change later)
    statutory_days: Mapped[int] = mapped_column(Integer)
    # a limit accepted in 自然日 (calendar days) as given; the two above then hold the working days the engine
    # runs to end on the same day (console.domain.timelimits.calendar_limit_as_working); NULL: 工作日
    promised_natural_days: Mapped[int | None] = mapped_column(Integer)
    statutory_natural_days: Mapped[int | None] = mapped_column(Integer)
    extension_days: Mapped[int] = mapped_column(Integer, default=0)
    promised_due: Mapped[dt.date | None] = mapped_column(Date)
    statutory_due: Mapped[dt.date | None] = mapped_column(Date)
    due_provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)  # a clock-stopping wait is running
    change_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
    item: Mapped[Item] = relationship()
    unit: Mapped[Unit] = relationship()


class CaseEvent(Base):
    """A step (审批环节) of a case."""

    __tablename__ = "case_events"
    __table_args__ = (
        Index("ix_case_events_case", "case_id"),
        # the open key-post step of a case (the poll's step lookup), covering: index-only on PostgreSQL
        Index(
            "ix_case_events_open_step",
            "case_id",
            "started_at",
            "limit_days",
            "step_code",
            "natural_days",
            postgresql_where=text("ended_at IS NULL AND limit_days IS NOT NULL"),
            sqlite_where=text("ended_at IS NULL AND limit_days IS NOT NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    step_code: Mapped[str] = mapped_column(String(32))
    step_name: Mapped[str] = mapped_column(String(64))
    handler: Mapped[str | None] = mapped_column(String(64))
    window: Mapped[str | None] = mapped_column(String(32))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    opinion: Mapped[str | None] = mapped_column(Text)
    result: Mapped[str | None] = mapped_column(String(16))  # 同意/不同意/退回/补齐补正/挂起
    limit_days: Mapped[int | None] = mapped_column(Integer)  # working days (the engine's)
    natural_days: Mapped[int | None] = mapped_column(Integer)  # the limit as given in 自然日, else NULL
    due: Mapped[dt.date | None] = mapped_column(Date)


class Suspension(Base):
    """A clock-stopping wait: special procedure (特别程序), supplement wait (补正) or extension (延长审批)."""

    __tablename__ = "suspensions"
    __table_args__ = (Index("ix_suspensions_case", "case_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    applied_days: Mapped[int | None] = mapped_column(Integer)  # the applied limit (CAP), working days
    approver: Mapped[str | None] = mapped_column(String(64))
    basis: Mapped[str | None] = mapped_column(Text)
    missing_materials: Mapped[str | None] = mapped_column(Text)  # 补正: what the applicant must bring
    reported_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # when the record reached us
    stops_clock: Mapped[bool] = mapped_column(Boolean, default=True)


class Fee(Base):
    __tablename__ = "fees"
    __table_args__ = (Index("ix_fees_case", "case_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    receivable: Mapped[float] = mapped_column(Numeric(14, 2))
    paid: Mapped[float] = mapped_column(Numeric(14, 2))
    relief_reason: Mapped[str | None] = mapped_column(Text)
    paid_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class Evaluation(Base):
    """好差评: 1 非常不满意 … 5 非常满意."""

    __tablename__ = "evaluations"
    __table_args__ = (Index("ix_evaluations_case", "case_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    level: Mapped[int] = mapped_column(SmallInteger)
    channel: Mapped[str | None] = mapped_column(String(16))
    evaluated_at: Mapped[dt.datetime] = mapped_column(DateTime)
    comment: Mapped[str | None] = mapped_column(Text)


class Alarm(Base):
    """One occurrence of a rule on a case (or a complaint) and subject (a step code, a procedure id, or ''),
    however many consoles raise it: ISA-18.2's two axes are ``cleared_at`` (NULL while the condition is active) and
    ``status`` (open = unacknowledged, acknowledged, or cancelled).  A condition that comes back after clearing is
    occurrence n + 1."""

    __tablename__ = "alarms"
    __table_args__ = (
        UniqueConstraint("case_id", "rule", "subject", "occurrence", name="uq_alarm_occurrence"),
        UniqueConstraint("complaint_id", "rule", "subject", "occurrence", name="uq_alarm_complaint_occurrence"),
        CheckConstraint("case_id IS NOT NULL OR complaint_id IS NOT NULL", name="ck_alarms_owner"),
        Index("ix_alarms_open", "status", "raised_at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # a case's alarm, or a complaint's (效能投诉 past its acceptance or reply deadline: no case of its own)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    complaint_id: Mapped[int | None] = mapped_column(
        ForeignKey("complaints.id", ondelete="CASCADE", name="fk_alarms_complaint")
    )
    rule: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(128), default="", server_default="")
    occurrence: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    level: Mapped[str] = mapped_column(String(8))  # red | yellow
    raised_at: Mapped[dt.datetime] = mapped_column(DateTime)
    raised_by: Mapped[str] = mapped_column(String(64))  # console or ingest that saw it first
    message: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | acknowledged | cancelled
    cleared_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # its condition ended (still needs an ack)
    # the wall clock when the row was written (migration 0018): raised_at is when it *happened* (a limit ending on
    # day D is red from 00:00 of D+1), this is when the centre *knew* — a replay shows an alarm from this moment
    # (console.models.asof).  The writers set it with repository.now (raise_alarms, raise_alarm_groups, complaints)
    recorded_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=clock.now)


class RuleLevel(Base):
    """The level (red or yellow) of each monitoring rule, editable by an administrator (``python main.py rules``);
    an alarm takes its rule's level when it is raised, and a unit's colour follows its alarms' levels."""

    __tablename__ = "rule_levels"
    __table_args__ = (CheckConstraint("level IN ('red', 'yellow')", name="ck_rule_levels_level"),)
    rule: Mapped[str] = mapped_column(String(32), primary_key=True)
    level: Mapped[str] = mapped_column(String(8))
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    updated_by: Mapped[str | None] = mapped_column(String(64))


class FeedHeartbeat(Base):
    """When the last record of a unit arrived from a sending system (the delivery's source): a silent feed is
    not an all-clear (console.domain.feeds)."""

    __tablename__ = "feed_heartbeats"
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), primary_key=True)
    sender: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_record_at: Mapped[dt.datetime] = mapped_column(DateTime)


class AlarmAck(Base):
    """An acknowledgement ("seen", not "fixed"); the unique alarm_id makes the first console win."""

    __tablename__ = "alarm_acks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alarm_id: Mapped[int] = mapped_column(ForeignKey("alarms.id", ondelete="CASCADE"), unique=True)
    operator: Mapped[str] = mapped_column(String(64))  # display name, for display
    console: Mapped[str] = mapped_column(String(64))
    acked_at: Mapped[dt.datetime] = mapped_column(DateTime)
    username: Mapped[str | None] = mapped_column(String(64))  # the account that acknowledged (unique)
    role: Mapped[str | None] = mapped_column(String(16))  # its role at that moment
    note: Mapped[str | None] = mapped_column(Text)


class AuditLog(Base):
    """Append-only record of every human action (update/delete refused by triggers)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(64))
    role: Mapped[str | None] = mapped_column(String(16))
    console: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str | None] = mapped_column(String(200))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # the hash chain (console.domain.audit_chain; on PostgreSQL the database fills both, migration 0004)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    row_hash: Mapped[str | None] = mapped_column(String(64))


class ExchangeRecord(Base):
    """Every accepted exchange record, kept so that a case can be re-folded whatever the arrival order."""

    __tablename__ = "exchange_records"
    __table_args__ = (Index("ix_exchange_records_case", "case_no"),)
    record_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    case_no: Mapped[str] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(32))
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)
    digest: Mapped[str] = mapped_column(String(64))
    body: Mapped[dict[str, Any]] = mapped_column(JSON)


class Quarantine(Base):
    """A rejected exchange record with its reason; nothing else of its batch is lost."""

    __tablename__ = "quarantine"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)
    source: Mapped[str] = mapped_column(String(500))
    line_no: Mapped[int | None] = mapped_column(Integer)
    raw: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)


class CalendarOverride(Base):
    """A centre's local change to the published calendar (extra closure or working day)."""

    __tablename__ = "calendar_overrides"
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    is_workday: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(Text)
    updated_by: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class CalendarYear(Base):
    """A year with no published package data that an administrator confirmed (no longer provisional)."""

    __tablename__ = "calendar_years"
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    confirmed_by: Mapped[str] = mapped_column(String(64))
    confirmed_at: Mapped[dt.datetime] = mapped_column(DateTime)
    note: Mapped[str | None] = mapped_column(Text)


class ChangeCounter(Base):
    __tablename__ = "change_counter"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0, server_default=text("0"))


class Meta(Base):
    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class EngineHeartbeat(Base):
    """The supervision engine's pass moment (migration 0015): one row, written by the lease holder in each pass's
    transaction; the consoles read it to tell a calm room from one whose engine is not running.  Its own table,
    not ``meta``: on PostgreSQL only the engine's role is granted to write it (console.models.dbroles)."""

    __tablename__ = "engine_heartbeat"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1
    holder: Mapped[str] = mapped_column(String(128))
    since: Mapped[dt.datetime] = mapped_column(DateTime)  # when this holder took the lease
    last_pass: Mapped[dt.datetime] = mapped_column(DateTime)  # wall-clock moment of its last committed pass
    interval_s: Mapped[float] = mapped_column(Float)  # its pass interval: a reader judges "late" in these
