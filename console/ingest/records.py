"""Validation of exchange records (docs/exchange-format.md): one JSON line or dict -> a typed, frozen record.

Pure: no SQL, no Qt.  Anything that is not exactly what the contract allows raises ``RecordError`` with a
reason a person can act on ("line 7: field occurred_at: '2025-13-01' is not a valid datetime"); nothing else
escapes for bad data.  A valid record is normalised (English type id, Asia/Shanghai naive times, defaults
filled in, identity number masked) so that ``body()`` is what gets stored and ``digest`` identifies the
content for idempotent re-delivery whatever the sender's spelling (Chinese type name, offset, key order).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, fields
from typing import Any, NoReturn, TextIO
from zoneinfo import ZoneInfo

from console.domain.calendar import FIRST, LAST
from console.domain.vocabulary import (
    CALENDAR_DAYS,
    CHANNELS,
    EVALUATION_LEVELS,
    EXTENSION,
    SPECIAL_KINDS,
    WORKING_DAYS,
)

LOCAL_TZ = ZoneInfo("Asia/Shanghai")
MAX_LINE_CHARS = 65_536  # longest contract record is a few 4000-char texts; anything bigger is hostile
MAX_DAYS = 999  # working days; a bigger limit would run off the end of the calendar
MAX_AMOUNT = 999_999_999_999.99  # fees are Numeric(14, 2)
LONG_TEXT = 4000

TYPES = (
    "apply",
    "accept",
    "step",
    "supplement_notice",
    "supplement_received",
    "special_start",
    "special_end",
    "fee",
    "complete",
    "evaluate",
    "appeal",
    "consult",
)
TYPE_ALIASES = {
    "申办": "apply",
    "受理": "accept",
    "审批环节": "step",
    "环节": "step",
    "补正告知": "supplement_notice",
    "补正受理": "supplement_received",
    "特别程序开始": "special_start",
    "特别程序结束": "special_end",
    "收费": "fee",
    "办结": "complete",
    "评价": "evaluate",
    "好差评": "evaluate",
    "申诉": "appeal",
    "咨询": "consult",
}
DECISIONS = ("受理", "不予受理")
STEP_RESULTS = ("同意", "不同意", "退回", "补齐补正", "挂起")
RESULTS = ("准予", "不予", "退回", "作废")
PROCEDURE_KINDS = SPECIAL_KINDS + (EXTENSION,)
LEVEL_BY_NAME = {name: n for n, name in EVALUATION_LEVELS.items()}


class RecordError(ValueError):
    """A record the contract does not allow; ``str()`` is the human reason with line and field."""

    def __init__(self, reason: str, field: str | None = None, line_no: int | None = None):
        super().__init__(reason)
        self.reason, self.field, self.line_no = reason, field, line_no

    def at_line(self, line_no: int | None) -> RecordError:
        return RecordError(self.reason, self.field, line_no)

    def __str__(self) -> str:
        where = f"line {self.line_no}: " if self.line_no is not None else ""
        return where + (f"field {self.field}: " if self.field else "") + self.reason


# ---- records -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    record_id: str
    type: str
    case_no: str
    occurred_at: dt.datetime

    def body(self) -> dict[str, Any]:
        """The normalised record in exchange format (what is stored; parses back to an equal record)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if v is None:
                continue
            out[f.name] = _iso(v) if isinstance(v, dt.datetime) else v
        return out

    @property
    def digest(self) -> str:
        canonical = json.dumps(self.body(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Apply(Record):
    item_code: str
    channel: str | None = None
    applicant_name: str | None = None
    applicant_id: str | None = None  # masked


@dataclass(frozen=True)
class Accept(Record):
    item_code: str
    unit_code: str
    region_code: str | None = None
    decision: str = "受理"
    reason: str | None = None
    handler: str | None = None
    window: str | None = None
    channel: str | None = None
    applicant_name: str | None = None
    applicant_id: str | None = None  # masked
    promised_days: int | None = None
    statutory_days: int | None = None
    limit_unit: str = WORKING_DAYS


@dataclass(frozen=True)
class Step(Record):
    step_code: str
    started_at: dt.datetime
    step_name: str | None = None
    handler: str | None = None
    window: str | None = None
    ended_at: dt.datetime | None = None
    opinion: str | None = None
    result: str | None = None


@dataclass(frozen=True)
class SupplementNotice(Record):
    missing_materials: str | None = None
    limit_days: int | None = None


@dataclass(frozen=True)
class SupplementReceived(Record):
    pass


@dataclass(frozen=True)
class SpecialStart(Record):
    procedure_id: str
    kind: str
    applied_days: int
    started_at: dt.datetime  # defaults to occurred_at
    approver: str | None = None
    basis: str | None = None


@dataclass(frozen=True)
class SpecialEnd(Record):
    procedure_id: str
    ended_at: dt.datetime  # defaults to occurred_at


@dataclass(frozen=True)
class Fee(Record):
    receivable: float
    paid: float
    relief_reason: str | None = None


@dataclass(frozen=True)
class Complete(Record):
    result: str
    reason: str | None = None
    certificate_no: str | None = None


@dataclass(frozen=True)
class Evaluate(Record):
    level: int
    channel: str | None = None
    comment: str | None = None


@dataclass(frozen=True)
class AppealRecord(Record):
    """申诉 from the unit's system: the case's alarm of ``rule`` is wrong, for ``reason``, on ``evidence``.

    Not part of the case's fold: it is filed as an appeal against the alarm (console.ingest.appeal_filing)."""

    rule: str
    appellant: str
    reason: str
    evidence: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Consult(Record):
    """咨询: a question answered before (or without) any application; ``case_no`` is the consultation's own
    number.  No case, no clock: counted per unit and per day for the statistics (console.models.consultations)."""

    unit_code: str
    item_code: str | None = None
    channel: str | None = None
    topic: str | None = None


# ---- field validators: (field name, raw value) -> normalised value, or RecordError --------------

Check = Callable[[str, Any], Any]


def _show(v: Any) -> str:
    s = repr(v)
    return s if len(s) <= 60 else s[:57] + "..."


def _type_name(v: Any) -> str:
    return {
        bool: "boolean",
        int: "integer",
        float: "number",
        str: "string",
        list: "array",
        dict: "object",
        type(None): "null",
    }.get(type(v), type(v).__name__)


# Characters that make a string show other than it is: bidirectional controls reorder what follows (a case
# number drawn reversed in the queue), invisible format characters hide inside a name (李\u200b四 shows as 李四
# but counts as another person in sanctions).  Refused in every field.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _hidden(c: str, multiline: bool) -> str | None:
    """Why ``c`` may not appear in a field, or None."""
    if c in BIDI_CONTROLS:
        return "a bidirectional control character"
    cat = unicodedata.category(c)
    if cat == "Cf":
        return "an invisible format character"
    if cat in ("Zl", "Zp") and not multiline:
        return "a line or paragraph separator in a one-line field"
    return None


def text(max_len: int, multiline: bool = False) -> Check:
    """A literal string (never markup), stripped; control characters only where lines make sense; nothing
    that displays other than it reads (``_hidden``)."""
    allowed = "\n\r\t" if multiline else ""

    def check(name: str, v: Any) -> str | None:
        if not isinstance(v, str):
            raise RecordError(f"must be a string, got {_type_name(v)} {_show(v)}", name)
        try:
            v.encode("utf-8")
        except UnicodeEncodeError:
            raise RecordError("is not valid UTF-8 text (lone surrogate)", name) from None
        if any(unicodedata.category(c) == "Cc" and c not in allowed for c in v):
            raise RecordError(f"contains control characters: {_show(v)}", name)
        for i, c in enumerate(v):
            why = _hidden(c, multiline)
            if why:
                char = f"U+{ord(c):04X} {unicodedata.name(c, '')}".strip()
                raise RecordError(f"contains {why} ({char}) at position {i + 1}: {_show(v)}", name)
        v = v.strip()
        if len(v) > max_len:
            raise RecordError(f"is {len(v)} characters long, at most {max_len} allowed", name)
        return v or None

    return check


def one_of(values: tuple[str, ...]) -> Check:
    def check(name: str, v: Any) -> str:
        if not isinstance(v, str) or v.strip() not in values:
            raise RecordError(f"{_show(v)} is not one of {' / '.join(values)}", name)
        return v.strip()

    return check


def integer(lo: int = 0, hi: int = MAX_DAYS) -> Check:
    def check(name: str, v: Any) -> int:
        if isinstance(v, bool) or not isinstance(v, int):  # True is an int to Python, not to a sender
            raise RecordError(f"must be an integer, got {_type_name(v)} {_show(v)}", name)
        if not lo <= v <= hi:
            raise RecordError(f"{v} is out of range {lo}..{hi}", name)
        return int(v)

    return check


def amount(name: str, v: Any) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise RecordError(f"must be a number, got {_type_name(v)} {_show(v)}", name)
    if not math.isfinite(v):
        raise RecordError(f"{v} is not a finite number", name)
    if not 0 <= v <= MAX_AMOUNT:
        raise RecordError(f"{v} is out of range 0..{MAX_AMOUNT:.2f}", name)
    return round(float(v), 2)


_DT = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?"
    r"(Z|[+-]\d{2}:?\d{2})?"
)


def timestamp(name: str, v: Any) -> dt.datetime:
    """Local time ``YYYY-MM-DDTHH:MM[:SS]``; an offset (or Z) is converted to Asia/Shanghai wall time."""
    if not isinstance(v, str):
        raise RecordError(f"must be a datetime string, got {_type_name(v)} {_show(v)}", name)
    m = _DT.fullmatch(v.strip())
    if not m:
        raise RecordError(f"{_show(v)} is not a valid datetime (expected YYYY-MM-DDTHH:MM[:SS])", name)
    y, mo, d, h, mi, s, frac, off = m.groups()
    try:
        t = dt.datetime(int(y), int(mo), int(d), int(h), int(mi), int(s or 0), int((frac or "0").ljust(6, "0")))
        if off:
            tz = (
                dt.UTC
                if off == "Z"
                else dt.timezone(
                    (-1 if off[0] == "-" else 1) * dt.timedelta(hours=int(off[1:3]), minutes=int(off[-2:]))
                )
            )
            t = t.replace(tzinfo=tz).astimezone(LOCAL_TZ).replace(tzinfo=None)
    except (ValueError, OverflowError):
        raise RecordError(f"{_show(v)} is not a valid datetime", name) from None
    if not FIRST <= t.date() <= LAST:
        raise RecordError(f"{_show(v)} is outside {FIRST.year}–{LAST.year}", name)
    return t


def level(name: str, v: Any) -> int:
    if isinstance(v, str) and v.strip() in LEVEL_BY_NAME:
        return LEVEL_BY_NAME[v.strip()]
    if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 5:
        raise RecordError(f"{_show(v)} is not 1–5 or one of {' / '.join(LEVEL_BY_NAME)}", name)
    return int(v)


def identity(name: str, v: Any) -> str | None:
    v = text(32)(name, v)
    return mask_identity(v) if v else None


def mask_identity(v: str) -> str:
    """Keep the first 4 and last 4 characters (idempotent); a short number is hidden entirely."""
    return v[:4] + "*" * (len(v) - 8) + v[-4:] if len(v) > 8 else "*" * len(v)


def limit_unit(name: str, v: Any) -> str:
    if v in (WORKING_DAYS, CALENDAR_DAYS):
        return str(v)
    raise RecordError(f"{_show(v)} is not a limit unit: {WORKING_DAYS} (working days) or {CALENDAR_DAYS}", name)


ID = text(128)
SHORT = text(64)
LONG = text(LONG_TEXT, multiline=True)
MAX_EVIDENCE = 20


def references(name: str, v: Any) -> tuple[str, ...] | None:
    """A list of evidence references (file names, document numbers), each a short literal string."""
    if not isinstance(v, (list, tuple)):  # a tuple: a parsed record's own body
        raise RecordError(f"must be a list of strings, got {_type_name(v)} {_show(v)}", name)
    if len(v) > MAX_EVIDENCE:
        raise RecordError(f"has {len(v)} references, at most {MAX_EVIDENCE} allowed", name)
    out = tuple(x for x in (text(200)(name, x) for x in v) if x)
    return out or None


CHANNEL = one_of(CHANNELS)
DAYS = integer()

# type -> (class, {field: (check, required)}); common fields are checked first for every type
COMMON = {"record_id": (ID, True), "case_no": (text(64), True), "occurred_at": (timestamp, True)}
APPLICANT = {"channel": (CHANNEL, False), "applicant_name": (text(200), False), "applicant_id": (identity, False)}
SPECS: dict[str, tuple[type[Record], dict[str, tuple[Check, bool]]]] = {
    "apply": (Apply, {"item_code": (SHORT, True), **APPLICANT}),
    "accept": (
        Accept,
        {
            "item_code": (SHORT, True),
            "unit_code": (text(32), True),
            "region_code": (text(12), False),
            "decision": (one_of(DECISIONS), False),
            "reason": (LONG, False),
            "handler": (SHORT, False),
            "window": (text(32), False),
            **APPLICANT,
            "promised_days": (DAYS, False),
            "statutory_days": (DAYS, False),
            "limit_unit": (limit_unit, False),
        },
    ),
    "step": (
        Step,
        {
            "step_code": (text(32), True),
            "step_name": (SHORT, False),
            "handler": (SHORT, False),
            "window": (text(32), False),
            "started_at": (timestamp, True),
            "ended_at": (timestamp, False),
            "opinion": (LONG, False),
            "result": (one_of(STEP_RESULTS), False),
        },
    ),
    "supplement_notice": (SupplementNotice, {"missing_materials": (LONG, False), "limit_days": (DAYS, False)}),
    "supplement_received": (SupplementReceived, {}),
    "special_start": (
        SpecialStart,
        {
            "procedure_id": (SHORT, True),
            "kind": (one_of(PROCEDURE_KINDS), True),
            "started_at": (timestamp, False),
            "applied_days": (DAYS, True),
            "approver": (SHORT, False),
            "basis": (LONG, False),
        },
    ),
    "special_end": (SpecialEnd, {"procedure_id": (SHORT, True), "ended_at": (timestamp, False)}),
    "fee": (Fee, {"receivable": (amount, True), "paid": (amount, True), "relief_reason": (LONG, False)}),
    "complete": (
        Complete,
        {"result": (one_of(RESULTS), True), "reason": (LONG, False), "certificate_no": (SHORT, False)},
    ),
    "evaluate": (Evaluate, {"level": (level, True), "channel": (text(16), False), "comment": (LONG, False)}),
    "appeal": (
        AppealRecord,
        {
            "rule": (text(32), True),
            "appellant": (SHORT, True),
            "reason": (LONG, True),
            "evidence": (references, False),
        },
    ),
    "consult": (
        Consult,
        {
            "unit_code": (text(32), True),
            "item_code": (SHORT, False),
            "channel": (CHANNEL, False),
            "topic": (LONG, False),
        },
    ),
}


# ---- entry points -------------------------------------------------------------------------------


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:  # which one would win is parser-dependent: refuse rather than guess
            raise RecordError(f"field {k!r} appears twice")
        out[k] = v
    return out


def _bad_constant(name: str) -> NoReturn:
    raise RecordError(f"{name} is not a number JSON allows")


def bounded_lines(f: TextIO, max_chars: int = MAX_LINE_CHARS) -> Iterator[str]:
    """The lines of a text file, none read whole beyond ``max_chars`` + 1 characters: a longer line yields its
    first ``max_chars`` + 1 (``parse_line`` rejects it by its length) and the rest is skipped in chunks, so a
    100 MB line costs no more memory than a short one."""
    while True:
        line = f.readline(max_chars + 1)
        if not line:
            return
        if len(line) > max_chars and not line.endswith("\n"):
            while True:  # skip to the end of this line
                rest = f.readline(max_chars)
                if not rest or rest.endswith("\n"):
                    break
        yield line


def parse_line(line: str, line_no: int | None = None) -> Record:
    """One JSON Lines line -> a record; ``RecordError`` (with the line number) for anything invalid."""
    try:
        if not isinstance(line, str):
            raise RecordError(f"a line must be text, got {_type_name(line)}")
        line = line.lstrip("\ufeff").strip()
        if not line:
            raise RecordError("empty line")
        if len(line) > MAX_LINE_CHARS:
            raise RecordError(f"line is {len(line)} characters long, at most {MAX_LINE_CHARS} allowed")
        try:
            line.encode("utf-8")
        except UnicodeEncodeError:
            raise RecordError("line is not valid UTF-8") from None
        try:
            obj = json.loads(line, object_pairs_hook=_no_duplicate_keys, parse_constant=_bad_constant)
        except RecordError:
            raise
        except RecursionError:
            raise RecordError("not valid JSON: nested too deeply") from None
        except ValueError as exc:  # JSONDecodeError, or an integer with thousands of digits
            raise RecordError(f"not valid JSON: {exc}") from None
        return parse_record(obj)
    except RecordError as exc:
        raise exc.at_line(line_no) from None


def parse_record(obj: Any, line_no: int | None = None) -> Record:
    """A decoded JSON value (or a sender's dict) -> a record; unknown extra fields are ignored."""
    try:
        if not isinstance(obj, Mapping):
            raise RecordError(f"a record must be a JSON object, got {_type_name(obj)}")
        kind = obj.get("type")
        if kind is None:
            raise RecordError("is missing", "type")
        if not isinstance(kind, str):
            raise RecordError(f"must be a string, got {_type_name(kind)} {_show(kind)}", "type")
        kind = TYPE_ALIASES.get(kind.strip(), kind.strip())
        if kind not in SPECS:
            raise RecordError(f"{_show(obj.get('type'))} is not a known record type ({', '.join(TYPES)})", "type")
        cls, spec = SPECS[kind]
        values: dict[str, Any] = {"type": kind}
        for name, (check, required) in {**COMMON, **spec}.items():
            raw = obj.get(name)
            v = None if raw is None else check(name, raw)
            if v is None and required:
                raise RecordError("is missing" if raw is None else "must not be empty", name)
            if v is not None:
                values[name] = v
        _cross_checks(kind, values)
        return cls(**values)
    except RecordError as exc:
        raise exc.at_line(line_no) from None


def _cross_checks(kind: str, v: dict[str, Any]) -> None:
    if kind == "step" and v.get("ended_at") and v["ended_at"] < v["started_at"]:
        raise RecordError(f"{_iso(v['ended_at'])} is before started_at {_iso(v['started_at'])}", "ended_at")
    if kind == "accept":
        p, s = v.get("promised_days"), v.get("statutory_days")
        if p is not None and s is not None and p > s:
            raise RecordError(f"{p} exceeds statutory_days {s}", "promised_days")
    if kind == "special_start":
        v.setdefault("started_at", v["occurred_at"])
    if kind == "special_end":
        v.setdefault("ended_at", v["occurred_at"])


def _iso(t: dt.datetime) -> str:
    return t.isoformat(timespec="seconds" if not t.microsecond else "microseconds")
