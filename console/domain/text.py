"""Text that came from data, on a terminal: control characters refused at input and escaped on output (pure).

A contact's name, an address or a unit's name printed raw can carry ANSI escapes (``\\x1b[2J`` clears the
screen, ``\\x1b]0;…`` retitles it), a newline that forges a line of ``contacts list``, or a bidirectional
override (U+202E) that shows a URL reversed.  The same families as the ingest refuses in a record's fields
(console/ingest/records.py ``text``): C0/C1 controls (Cc), invisible format characters (Cf, the bidi controls
among them) and the line/paragraph separators (Zl, Zp).
"""

from __future__ import annotations

import unicodedata

from console.domain.errors import UserError

_UNSAFE = frozenset(("Cc", "Cf", "Zl", "Zp"))


def is_unsafe(c: str) -> bool:
    return unicodedata.category(c) in _UNSAFE


def _escape(c: str) -> str:
    n = ord(c)
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}" if n < 0x10000 else f"\\U{n:08x}"


def _escaped(text: str, keep: str = "") -> str:
    if not any(is_unsafe(c) for c in text):
        return text
    return "".join(_escape(c) if is_unsafe(c) and c not in keep else c for c in text)


def shown(s: object) -> str:
    """``s`` as text safe to print: each unsafe character as its escape (``\\x1b``, ``\\n``→``\\x0a``,
    ``\\u202e``), like ``repr`` but leaving Chinese and other printable text as it is."""
    return _escaped(str(s))


def visible(s: object) -> str:
    """``s`` to draw on a screen: as ``shown``, but a note's line breaks and tabs stay what they are.  The forms
    and the ingest refuse these characters; a row written around them (SQL with a supervisor's login) would
    otherwise draw reordered by a bidi override (U+202E) or hide text behind zero-width characters."""
    return _escaped("" if s is None else str(s), keep="\n\t")


def refuse_unsafe(label: str, value: str) -> str:
    """``value`` unchanged, or a UserError naming the first unsafe character and where it is."""
    found = _first_unsafe(value)
    if found:
        i, what, _c = found
        raise UserError(f"{label}含控制字符（{what}，第 {i + 1} 个字符），不予接受：{shown(value)}")
    return value


def _first_unsafe(value: str, allowed: str = "") -> tuple[int, str, str] | None:
    """(position, "U+XXXX NAME", the character) of the first unsafe character not in ``allowed``, or None."""
    for i, c in enumerate(value):
        if is_unsafe(c) and c not in allowed:
            name = unicodedata.name(c, "")
            return i, f"U+{ord(c):04X}{' ' + name if name else ''}", c
    return None


def json_shown(doc: str) -> str:
    """A JSON document (``json.dumps(..., ensure_ascii=False)``) safe to print: json escapes C0 controls itself
    but leaves C1 (``\\x9b`` is a CSI on some terminals), the bidi controls and the line separators raw; those
    become ``\\uXXXX`` escapes, the same JSON value."""

    def esc(c: str) -> str:
        n = ord(c)
        if n < 0x10000:
            return f"\\u{n:04x}"
        n -= 0x10000  # a UTF-16 surrogate pair, as JSON spells characters beyond the BMP
        return f"\\u{0xD800 + (n >> 10):04x}\\u{0xDC00 + (n & 0x3FF):04x}"

    return "".join(esc(c) if is_unsafe(c) else c for c in doc)


def masked_address(channel: str, address: str) -> str:
    """A contact's address as the audit log keeps it: enough for an auditor to tell contacts apart, not enough
    to reach the person.  ``unit_contacts`` is secret to the console role (console/models/dbroles.py
    SECRET_TABLES) while ``audit_log`` is readable, and an audit row cannot be rewritten later (the hash chain,
    console/domain/audit_chain.py).  E-mail: ``c***@domain``; webhook: ``scheme://host[:port]/…`` (a token in
    the path or query never); a phone number: its last four digits."""
    address = address.strip()
    if channel == "email":
        local, at, domain = address.rpartition("@")
        return f"{local[:1]}***@{domain}" if at and local else "***"
    if channel == "webhook":
        scheme, sep, rest = address.partition("://")
        # the authority ends at the first / ? or #; credentials before an @ are dropped with the path
        host = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0].rpartition("@")[2]
        return f"{scheme.lower()}://{host}/…" if sep and host else "***"
    digits = [c for c in address if c.isdigit()]
    return "***" + "".join(digits[-4:]) if len(digits) > 4 else "***"


# what a person types: families named in the refusal, so the operator knows what to delete
_BIDI = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A)) | {0x200E, 0x200F, 0x061C}
_ZERO_WIDTH = frozenset((0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD))


def _family(c: str) -> str:
    n = ord(c)
    if n in _BIDI:
        return "双向文字控制符"
    if n in _ZERO_WIDTH:
        return "零宽字符"
    if unicodedata.category(c) in ("Zl", "Zp"):
        return "行/段分隔符"
    if unicodedata.category(c) == "Cf":
        return "不可见格式字符"
    return "控制字符"


# A note, a reason or a finding is a paragraph or a page, not a file: a 3,010-character 督办事由 was stored and
# pushed the 监督工作 window to 32767 px wide.  Half of what the ingest allows a record's text field (4000,
# console/ingest/records.py): a typed text longer than that is pasted, and is refused with the field's name.
MAX_TYPED_CHARS = 2000


def typed_text(label: str, value: str | None, multiline: bool = False) -> str | None:
    """Free text a person typed (a note, a reason, a finding, a name), as it is, or a UserError naming the first
    character that would show other than it reads: C0/C1 controls (newline and tab only in a multi-line note),
    the bidi controls (U+202A–U+202E, U+2066–U+2069: an acknowledgement note with U+202E showed reversed on
    every other screen), zero-width characters, the line/paragraph separators; and more than ``MAX_TYPED_CHARS``
    characters.  The one rule of every workflow that stores typed text (console/supervision/…, the
    acknowledgement in console/services/poller.py)."""
    if value is None:
        return None
    if len(value) > MAX_TYPED_CHARS:
        raise UserError(
            f"{label}过长（{len(value)} 个字符，最多 {MAX_TYPED_CHARS} 个），不予保存：请精简后重试，详细材料可另附"
        )
    found = _first_unsafe(value, "\n\t" if multiline else "")
    if found:
        i, what, c = found
        raise UserError(f"{label}第 {i + 1} 个字符是{_family(c)}（{what}），不予保存：请删去后重试")
    return value
