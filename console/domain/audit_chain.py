"""The audit log's hash chain (Qt-free, SQL-free): each row's SHA-256 covers its fields and the previous row's
hash, so an edited, removed or inserted row breaks every hash after it.

This is the form the embedded (SQLite) database stores; PostgreSQL computes the same chain in the database
(``audit_row_hash`` of migration 0004) and checks it there, so neither side depends on the other's text forms.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

SEPARATOR = "\x1f"  # ASCII unit separator: cannot be typed into a field, so fields cannot run into each other


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return str(value)


def row_hash(
    prev: str,
    row_id: int,
    at: dt.datetime | str,
    actor: str | None,
    role: str | None,
    console: str | None,
    action: str | None,
    target: str | None,
    before: Any,
    after: Any,
) -> str:
    if isinstance(at, str):
        at = dt.datetime.fromisoformat(at)
    fields = [prev or "", str(row_id), _text(at), actor, role, console, action, target, before, after]
    return hashlib.sha256(SEPARATOR.join(_text(f) for f in fields).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainRow:
    id: int
    at: dt.datetime | str
    actor: str | None
    role: str | None
    console: str | None
    action: str | None
    target: str | None
    before: Any
    after: Any
    prev_hash: str | None
    row_hash: str | None


def first_break(rows: Iterable[ChainRow]) -> tuple[int, str] | None:
    """The first row (by id) whose link or content does not match, with why; None when the chain holds."""
    prev = ""
    for r in rows:
        if (r.prev_hash or "") != prev:
            return r.id, "与前一条记录的链接不符（记录被删除、插入或改动）"
        want = row_hash(prev, r.id, r.at, r.actor, r.role, r.console, r.action, r.target, r.before, r.after)
        if r.row_hash != want:
            return r.id, "记录内容与其哈希不符（记录被改动）"
        prev = r.row_hash
    return None
