"""Corrections of a case's time entered with an upheld 申诉 (pure: no SQL, no Qt).

An appeal upheld because the data were wrong (the 补正 notice was recorded late, the acceptance or completion
date was keyed wrong) carries a typed correction.  It is stored apart from the unit's exchange records and laid
over them wherever the case's time is computed: by the fold on every re-fold (``console.ingest.fold``) and by
the re-dating of the decision itself (``console.models.recompute.redate_case``), so both give the same dues.

Kinds: a wait (补正 or a special procedure) added or fixed; a corrected acceptance time; a corrected completion
time.  The latest correction of a kind wins (they come in the order they were made).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from console.domain.vocabulary import EXTENSION, SUPPLEMENT

WAIT = "wait"
ACCEPTED = "accepted_at"
COMPLETED = "completed_at"
KIND_NAMES = {WAIT: "补正/特别程序期间", ACCEPTED: "受理时间", COMPLETED: "办结时间"}


class CorrectionError(ValueError):
    pass


@dataclass(frozen=True)
class CaseCorrection:
    kind: str  # WAIT | ACCEPTED | COMPLETED
    at: dt.datetime | None = None  # the corrected acceptance or completion time
    started_at: dt.datetime | None = None  # a wait's start
    ended_at: dt.datetime | None = None  # a wait's end; None: the end of the wait it fixes (or still running)
    wait_kind: str = SUPPLEMENT  # 补正, or the special procedure's kind

    def check(self) -> CaseCorrection:
        if self.kind not in KIND_NAMES:
            raise CorrectionError(f"未知的更正类型：{self.kind}")
        if self.kind == WAIT:
            if self.started_at is None:
                raise CorrectionError("更正的期间需要开始时间")
            if self.ended_at is not None and self.ended_at < self.started_at:
                raise CorrectionError("更正的期间结束早于开始")
            if self.wait_kind == EXTENSION:  # an extension adds days, it is no wait (行政许可法 42)
                raise CorrectionError("延长审批期限不是中止计时的期间")
        elif self.at is None:
            raise CorrectionError(f"更正{KIND_NAMES[self.kind]}需要时间")
        return self

    def describe(self) -> str:
        if self.kind == WAIT:
            end = f"{self.ended_at:%Y-%m-%d %H:%M}" if self.ended_at else "原记录结束时间"
            return f"{self.wait_kind}期间 {self.started_at:%Y-%m-%d %H:%M} 至 {end}"
        assert self.at is not None
        return f"{KIND_NAMES[self.kind]}更正为 {self.at:%Y-%m-%d %H:%M}"


def latest_time(corrections: Sequence[CaseCorrection], kind: str) -> dt.datetime | None:
    return next((c.at for c in reversed(corrections) if c.kind == kind), None)


def _overlaps(a0: dt.datetime, a1: dt.datetime | None, b0: dt.datetime, b1: dt.datetime | None) -> bool:
    return (a1 is None or b0 <= a1) and (b1 is None or a0 <= b1)


def corrected_waits(
    waits: Sequence[tuple[str, dt.datetime, dt.datetime | None]], corrections: Sequence[CaseCorrection]
) -> list[tuple[int | None, str, dt.datetime, dt.datetime | None]]:
    """The waits after the corrections, as (index of the recorded wait it comes from or None, kind, start, end).

    A wait correction fixes the earliest recorded wait of its kind that it overlaps (its end, if not given, is
    that wait's); a correction overlapping none is a wait the records missed, added.  Recorded waits no
    correction touches stay as they are, in order."""
    out: list[tuple[int | None, str, dt.datetime, dt.datetime | None]] = [
        (i, k, s, e) for i, (k, s, e) in enumerate(waits)
    ]
    for c in corrections:
        if c.kind != WAIT or c.started_at is None:
            continue
        hit = next(
            (
                j
                for j, (i, k, s, e) in sorted(enumerate(out), key=lambda x: x[1][2])
                if i is not None and k == c.wait_kind and _overlaps(s, e, c.started_at, c.ended_at)
            ),
            None,
        )
        if hit is None:
            out.append((None, c.wait_kind, c.started_at, c.ended_at))
        else:
            i, k, _, e = out[hit]
            out[hit] = (i, k, c.started_at, c.ended_at if c.ended_at is not None else e)
    return out
