"""Generated exchange files for the drills: many whole cases, some bad lines, in a stable order."""

from __future__ import annotations

import datetime as dt
import json
import random

from tests.support.drills.world import unit_codes

BAD_LINES = ("{truncated", "[]", "not json at all", '{"record_id": "x"}')


def case_records(n: int, prefix: str = "K", seed: int = 5) -> list[dict]:
    """n cases of 6 records each (apply, accept, step start, step end, complete, evaluate), 2025-09/10."""
    rnd = random.Random(seed)
    out = []
    for i, unit in enumerate(unit_codes(n)):
        no = f"{prefix}-{i:06d}"
        day = dt.datetime(2025, 9, 1, 9) + dt.timedelta(days=rnd.randrange(30), minutes=rnd.randrange(400))

        def t(d, h=0, day=day):
            return (day + dt.timedelta(days=d, hours=h)).isoformat()

        def r(k, typ, at, no=no, **f):
            return {"record_id": f"{no}-{k}", "type": typ, "case_no": no, "occurred_at": at, **f}

        out += [
            r(1, "apply", t(0), item_code=f"{unit}-001", channel="窗口", applicant_name=f"申请人{i}"),
            r(
                2,
                "accept",
                t(0, 1),
                item_code=f"{unit}-001",
                unit_code=unit,
                handler=f"承办人{i % 97}",
                window=f"A{i % 40}",
            ),
            r(3, "step", t(1), step_code="CB", started_at=t(1), handler=f"科员{i % 13}"),
            r(
                4,
                "step",
                t(2 + rnd.randrange(6)),
                step_code="CB",
                started_at=t(1),
                ended_at=t(8),
                result="同意",
                opinion="同意办理",
            ),
            r(5, "complete", t(9), result="准予", certificate_no=f"Z-{i}"),
            r(6, "evaluate", t(10), level=rnd.choice([3, 4, 5])),
        ]
    return out


def jsonl(records: list[dict], bad_every: int = 0) -> tuple[str, int]:
    """JSON Lines text; with ``bad_every`` a bad line after every that many good ones. Returns (text, n_bad)."""
    lines, n_bad = [], 0
    for k, rec in enumerate(records, 1):
        lines.append(json.dumps(rec, ensure_ascii=False))
        if bad_every and k % bad_every == 0:
            lines.append(BAD_LINES[n_bad % len(BAD_LINES)])
            n_bad += 1
    return "\n".join(lines) + "\n", n_bad
