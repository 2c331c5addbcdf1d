"""Ingest orchestration: store exchange records, quarantine bad ones, re-fold and write the cases they touch
(the reads and writes themselves are ``console.models.ingest_store``).

Per batch (one transaction): classify records as new / duplicate / conflict, insert the new ones, take the
change watermark (its row lock serialises concurrent ingesters from here to commit, so each fold sees every
record committed before it: no lost update), re-fold every touched case from *all* its stored records and
replace its rows, raise the data alarms, and record the rejections.  If a batch fails for a reason no
validation foresaw, it is rolled back and replayed record by record; a record that still fails is
quarantined with the exception text.  Bad data never raises out of here; an unreachable database does.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from console.domain.calendar import WorkCalendar
from console.domain.vocabulary import CALENDAR_DAYS, WORKING_DAYS
from console.ingest import appeal_filing
from console.ingest.fold import CaseState, ItemConfig, StepConfig, fold_case, governing_accept
from console.ingest.records import (
    Accept,
    AppealRecord,
    Apply,
    Consult,
    Record,
    RecordError,
    mask_identity,
    parse_line,
    parse_record,
)
from console.models import feeds, push
from console.models import ingest_store as store
from console.models import repository as repo
from console.models.db import DB_UNAVAILABLE, DbSession, SessionFactory, short_error
from console.models.schema import Item
from console.models.supervision import appeals as appeal_store

log = logging.getLogger(__name__)
T = TypeVar("T")

BATCH = 500
RETRY_DELAYS = (0.2, 0.5, 1.0)  # a locked or restarted database is waited for, never blamed on the records
RAW_LIMIT = 4000  # quarantined text kept per record: enough to see what was wrong, not a dump store
REASON_LIMIT = 2000


@dataclass
class IngestReport:
    accepted: int = 0
    duplicates: int = 0
    rejected: list[tuple[str, int | None, str]] = field(default_factory=list)  # (source, line, reason)
    alarms_raised: int = 0
    touched: set[str] = field(default_factory=set)  # case numbers re-folded and written

    @property
    def cases_touched(self) -> int:
        return len(self.touched)

    def merge(self, other: IngestReport) -> None:
        self.accepted += other.accepted
        self.duplicates += other.duplicates
        self.rejected += other.rejected
        self.alarms_raised += other.alarms_raised
        self.touched |= other.touched

    def summary(self, max_lines: int = 50) -> str:
        out = [
            f"accepted {self.accepted}, duplicates {self.duplicates}, rejected {len(self.rejected)}, "
            f"cases updated {self.cases_touched}, alarms raised {self.alarms_raised}"
        ]
        for source, line_no, reason in self.rejected[:max_lines]:
            out.append(f"  {source}:{line_no if line_no is not None else '-'}: {reason}")
        if len(self.rejected) > max_lines:
            out.append(f"  … and {len(self.rejected) - max_lines} more (see the quarantine table)")
        return "\n".join(out)


@dataclass(frozen=True)
class _Entry:
    line_no: int | None
    raw: Any  # the line as received, or the sender's dict
    record: Record | None = None
    reason: str | None = None


# ---- public entry points ---------------------------------------------------------------------------


def ingest_lines(
    Session: SessionFactory,
    lines: Iterable[str],
    source: str,
    cal: WorkCalendar | None = None,
    today: dt.date | None = None,
) -> IngestReport:
    """Ingest JSON Lines text (blank lines skipped); line numbers count from 1."""
    entries = ((n, line) for n, line in enumerate(lines, 1) if not (isinstance(line, str) and not line.strip()))
    return _ingest(Session, entries, source, parse_line, cal, today)


def ingest_records(
    Session: SessionFactory,
    records: Iterable[dict[str, Any]],
    source: str,
    cal: WorkCalendar | None = None,
    today: dt.date | None = None,
) -> IngestReport:
    """Ingest records given as dicts in the exchange format (the simulator's path); "line" = position from 1."""
    return _ingest(Session, enumerate(records, 1), source, parse_record, cal, today)


# ---- driver ---------------------------------------------------------------------------------------


def _ingest(
    Session: SessionFactory,
    entries: Iterable[tuple[int, Any]],
    source: str,
    parse: Callable[[Any, int], Record],
    cal: WorkCalendar | None,
    today: dt.date | None,
) -> IngestReport:
    source = str(source)[:500]
    with Session() as s:
        cal = cal or repo.load_calendar(s)
        catalogue = _Catalogue.load(s)
    today = today or repo.now().date()
    report = IngestReport()
    for batch in _chunks(entries, BATCH):
        parsed = [_parse(parse, n, raw) for n, raw in batch]
        try:
            report.merge(_transaction(Session, parsed, source, cal, today, catalogue))
        except DB_UNAVAILABLE:
            raise  # still unreachable or locked after the retries: stop, nothing of this batch is half-done
        except Exception as exc:  # not bad data (validated above): replay one by one to isolate the culprit
            log.warning("ingest batch from %s failed (%s); retrying record by record", source, short_error(exc))
            log.debug("batch failure", exc_info=True)
            for e in parsed:
                report.merge(_write_single(Session, e, source, cal, today, catalogue))
    return report


def _transaction(
    Session: SessionFactory,
    entries: list[_Entry],
    source: str,
    cal: WorkCalendar,
    today: dt.date,
    catalogue: _Catalogue,
) -> IngestReport:
    """One batch in one transaction; retried while the database is locked or the connection drops."""
    for delay in RETRY_DELAYS:
        try:
            with Session.begin() as s:
                return _write(s, entries, source, cal, today, catalogue)
        except DB_UNAVAILABLE:
            log.warning("ingest from %s: database busy or unreachable; retrying in %.1f s", source, delay)
            time.sleep(delay)
    with Session.begin() as s:  # the last try: a database still unavailable raises to the caller
        return _write(s, entries, source, cal, today, catalogue)


def _chunks(items: Iterable[T], n: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, n)):
        yield chunk


def _parse(parse: Callable[[Any, int], Record], line_no: int, raw: Any) -> _Entry:
    try:
        return _Entry(line_no, raw, record=parse(raw, line_no))
    except RecordError as exc:
        return _Entry(line_no, raw, reason=str(exc.at_line(None)))
    except Exception as exc:  # a validator bug must not stop the file
        return _Entry(line_no, raw, reason=f"unexpected error: {type(exc).__name__}: {exc}")


def _write_single(
    Session: SessionFactory, e: _Entry, source: str, cal: WorkCalendar, today: dt.date, catalogue: _Catalogue
) -> IngestReport:
    try:
        return _transaction(Session, [e], source, cal, today, catalogue)
    except DB_UNAVAILABLE:
        raise
    except Exception as exc:
        log.warning("ingest %s:%s quarantined: %s", source, e.line_no, short_error(exc))
        log.debug("record failure", exc_info=True)
        bad = _Entry(e.line_no, e.raw, reason=f"failed to apply: {type(exc).__name__}: {short_error(exc)}")
        return _transaction(Session, [bad], source, cal, today, catalogue)


# ---- catalogue ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Catalogue:
    items: dict[str, tuple[int, ItemConfig]]
    units: dict[str, int]
    item_units: dict[str, int] = field(default_factory=dict)  # item code -> the unit that handles it

    @classmethod
    def load(cls, s: DbSession) -> _Catalogue:
        items, units = store.catalogue(s)
        return cls({it.code: (it.id, item_config(it)) for it in items}, units, {it.code: it.unit_id for it in items})

    def check(self, r: Record) -> str | None:
        """Why a record cannot be applied to the catalogue, or None."""
        if isinstance(r, Consult):
            if r.unit_code not in self.units:
                return f"field unit_code: unknown unit {r.unit_code!r}"
            if r.item_code is not None and r.item_code not in self.items:
                return f"field item_code: unknown item {r.item_code!r}"
            return None
        if not isinstance(r, (Apply, Accept)):
            return None
        if r.item_code not in self.items:
            return f"field item_code: unknown item {r.item_code!r}"
        if isinstance(r, Accept):
            if r.unit_code not in self.units:
                return f"field unit_code: unknown unit {r.unit_code!r}"
            conf = self.items[r.item_code][1]
            p = conf.promised_days if r.promised_days is None else r.promised_days
            st = conf.statutory_days if r.statutory_days is None else r.statutory_days
            # 自然日 compare with 自然日 only: each limit not given is the item's, in the item's unit
            units = {
                r.limit_unit if given is not None else (CALENDAR_DAYS if conf.natural else WORKING_DAYS)
                for given in (r.promised_days, r.statutory_days)
            }
            same_unit = len(units) == 1
            r_unit = units.pop()
            if same_unit and p > st:
                unit = "calendar days" if r_unit == CALENDAR_DAYS else "working days"
                return f"field promised_days: promised {p} exceeds statutory {st} {unit}"
        return None


def item_config(it: Item) -> ItemConfig:
    """An item row (console.models.schema.Item, steps loaded) as the fold needs it."""
    return ItemConfig(
        code=it.code,
        statutory_days=it.statutory_days,
        promised_days=it.promised_days,
        stop_clock_kinds=frozenset(it.stop_clock_kinds or ()),
        fee_free=bool(it.fee_free),
        blue_days=it.blue_days,
        yellow_days=it.yellow_days,
        steps=tuple(StepConfig(st.code, st.name, st.limit_days, st.limit_unit == CALENDAR_DAYS) for st in it.steps),
        natural=it.limit_unit == CALENDAR_DAYS,
    )


# ---- one transaction ------------------------------------------------------------------------------


def _write(
    s: DbSession, entries: list[_Entry], source: str, cal: WorkCalendar, today: dt.date, catalogue: _Catalogue
) -> IngestReport:
    report = IngestReport()
    bad = [e for e in entries if e.record is None]
    new: dict[str, Record] = {}
    stored = store.stored_digests(s, [e.record.record_id for e in entries if e.record is not None])
    for e in entries:
        r = e.record
        if r is None:
            continue
        digest = r.digest
        known = stored.get(r.record_id) or (new[r.record_id].digest if r.record_id in new else None)
        if known == digest:
            report.duplicates += 1
        elif known is not None:
            bad.append(
                replace(e, reason=f"conflict: record_id {r.record_id!r} was already received with different content")
            )
        elif reason := catalogue.check(r):
            bad.append(replace(e, reason=reason))
        else:
            new[r.record_id] = r

    # an appeal is no part of its case's fold: filed against the alarm after the case records are written
    appeals = [r for r in new.values() if isinstance(r, AppealRecord)]
    for r in appeals:
        del new[r.record_id]
    # a consultation (咨询) has no case to fold: stored as it is, counted by console.models.consultations
    consults = [r for r in new.values() if isinstance(r, Consult)]
    for r in consults:
        del new[r.record_id]
    if consults:
        store.add_records(s, consults, received_at=repo.now())
        report.accepted += len(consults)
    if new:
        store.add_records(s, new.values(), received_at=repo.now())
        report.accepted += len(new)
        # taken before reading the cases' records: a concurrent ingester's records are committed by then
        seq = repo.next_change_seq(s)
        cases = {r.case_no for r in new.values()}
        written, alarms = _refold(s, cases, seq, cal, today, catalogue)
        report.touched = written
        report.alarms_raised = alarms
        # the units' feeds are alive (per sending system: the delivery's source); a record still waiting for its
        # case's accept is not yet anyone's
        feeds.record(s, cases, source, repo.now())
    for r in appeals:
        if reason := appeal_filing.file(s, r, source, cal):
            bad.append(replace(next(e for e in entries if e.record is r), reason=reason))
        else:
            store.add_records(s, [r], received_at=repo.now())
            report.accepted += 1
    _quarantine(s, bad, source)
    if report.accepted:
        push.notify(s, "ingest")  # delivered at commit: the listening consoles poll at once
    report.rejected = [(source, e.line_no, e.reason or "rejected") for e in bad]  # every bad entry has a reason
    return report


def _refold(
    s: DbSession, case_nos: set[str], seq: int, cal: WorkCalendar, today: dt.date, catalogue: _Catalogue
) -> tuple[set[str], int]:
    """Re-fold the cases from all their stored records and replace their rows; returns (written, alarms)."""
    numbers = sorted(case_nos)
    records: dict[str, list[Record]] = {n: [] for n in numbers}
    bodies, existing = store.cases_with_records(s, numbers)
    for case_no, body in bodies:
        try:
            rec = parse_record(body)  # stored bodies are normalised: they parse ...
            if not isinstance(rec, (AppealRecord, Consult)):  # an appeal is filed, a consultation counted
                records[case_no].append(rec)
        except RecordError as exc:  # ... unless the contract was tightened since: skip, do not block the case
            log.warning("stored record of case %s no longer valid, left out of the fold: %s", case_no, exc)

    # the time corrections of upheld appeals, laid over the records again on every re-fold
    corrections = appeal_store.corrections_by_case(s, [c.id for c in existing.values()])
    states: list[tuple[CaseState, int, int]] = []
    for case_no in numbers:
        acc = governing_accept(records[case_no])
        app = next((r for r in records[case_no] if isinstance(r, Apply)), None)
        if acc is not None:
            item_code = acc.item_code
        elif app is not None and app.item_code in catalogue.items:
            item_code = app.item_code
        else:
            continue  # its records wait for the application or the accept record
        item_id, conf = catalogue.items[item_code]
        old = existing.get(case_no)
        if old is not None and old.item_id == item_id:  # limits as accepted, even if the item changed since
            conf = replace(conf, promised_days=old.promised_days, statutory_days=old.statutory_days)
        fixes = corrections.get(old.id, []) if old is not None else []
        state = fold_case(conf, records[case_no], cal, today, fixes)
        if state is None:
            continue
        # an application not yet accepted (申办) belongs to the unit that handles its item
        unit_id = catalogue.units[acc.unit_code] if acc is not None else catalogue.item_units[item_code]
        states.append((state, item_id, unit_id))
    if not states:
        return set(), 0

    now = repo.now()
    ids = store.replace_cases(s, states, existing, seq, now)
    # stamped at the record's business moment (a late feed's violation happened then), never in the future
    specs = [
        repo.AlarmSpec(
            case_id=cid,
            rule=a.rule,
            level=a.level,
            message=a.message,
            subject=a.subject,
            at=min(a.at, now) if a.at is not None else None,
        )
        for cid, (st, _, _) in zip(ids, states, strict=True)
        for a in st.alarms
    ]
    created = repo.raise_alarms(s, specs, raised_by="ingest")
    return {st.case_no for st, _, _ in states}, len(created)


# ---- quarantine -----------------------------------------------------------------------------------

_ID_FIELD = re.compile(r'("applicant_id"\s*:\s*")((?:[^"\\]|\\.)*)(")')
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")


def quarantine_text(raw: Any) -> str:
    """The rejected record as storable text: valid UTF-8 without NUL, identity numbers masked, truncated."""
    if not isinstance(raw, str):
        try:
            raw = json.dumps(raw, ensure_ascii=False, default=repr)
        except Exception:  # a sender's object that does not even serialise
            raw = repr(raw)
    text = raw.rstrip("\r\n").encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")
    text = _ID_FIELD.sub(lambda m: m.group(1) + mask_identity(m.group(2)) + m.group(3), text)
    text = _ID_NUMBER.sub(lambda m: mask_identity(m.group(1)), text)
    if len(text) > RAW_LIMIT:
        text = text[:RAW_LIMIT] + f"… [{len(text)} characters in all]"
    return text


def _quarantine(s: DbSession, bad: list[_Entry], source: str) -> None:
    """Record rejections; the same rejection of the same line again (a re-sent file) is not stored twice."""
    if not bad:
        return
    store.quarantine(
        s,
        source,
        [
            dict(
                line_no=e.line_no,
                raw=quarantine_text(e.raw),
                reason=str(e.reason).replace("\x00", "\\x00")[:REASON_LIMIT],
            )
            for e in bad
        ],
    )
