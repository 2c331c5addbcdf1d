"""咨询 counts: consultation records (exchange type ``consult``) per unit and per day, for the statistics.

A consultation opens no case, so it is read from the stored exchange records; its unit is the record's
``unit_code`` (checked against the catalogue when it was ingested)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.models.schema import ExchangeRecord, Unit


def per_unit_and_day(session: Session, first: dt.date, last: dt.date) -> dict[tuple[str, dt.date], int]:
    """(unit code, day) -> number of consultations that took place that day, ``first`` to ``last`` inclusive."""
    start = dt.datetime.combine(first, dt.time())
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
    rows = session.execute(
        select(ExchangeRecord.occurred_at, ExchangeRecord.body).where(
            ExchangeRecord.type == "consult", ExchangeRecord.occurred_at >= start, ExchangeRecord.occurred_at < end
        )
    )
    counts: Counter[tuple[str, dt.date]] = Counter()
    for row in rows:
        at: dt.datetime = row.occurred_at
        body: dict[str, Any] = row.body
        counts[(str(body["unit_code"]), at.date())] += 1
    return dict(counts)


def per_unit(session: Session, first: dt.date, last: dt.date) -> dict[str, int]:
    """unit code -> consultations ``first`` to ``last``; every unit is named, with 0 when it had none."""
    out = dict.fromkeys(session.scalars(select(Unit.code)), 0)
    for (code, _day), n in per_unit_and_day(session, first, last).items():
        out[code] = out.get(code, 0) + n
    return out
