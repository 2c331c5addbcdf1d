"""Benchmark data: N open cases (+ ≥5 case_events each, suspensions, alarms) in SQLite or PostgreSQL, fast.

Rows are generated as numpy columns and written directly in bulk (PostgreSQL: COPY through psycopg;
SQLite: executemany in large batches inside one transaction) — *not* through the per-record ingest, which
would take hours at 1M cases.  The schema comes from the real Alembic migrations and the catalogue (units,
items, steps) from ``console.domain.catalogue`` via ``repository.sync_catalogue``.

Shape of the data (seeded, deterministic for a given day):
- open cases accepted 0..promised-1 working days ago (≈97 %), ≈3 % beyond the promised limit (red);
  即办件 (promised 0) mostly accepted today;
- the current key-post step (承办/审核/批准) open with its limit, started within its limit (≈99 %);
  5–7 events per case: 咨询, 申办, 预审, 受理, then the steps up to the current one;
- ≈7 % of cases with one clock-stopping suspension (补正 without cap, or one of the item's special
  procedures with an applied limit), ≈35 % of them still running; ≈2 % with a 10-day extension;
- the time alarms those reds deserve already raised (as ingest/consoles would have), all but the newest
  ``OPEN_ALARMS`` acknowledged;
- stored due dates and the calendar fingerprint current, so the console does not re-date on start.

A generated database is reused while its ``meta`` marker (version, size, day) matches.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from pathlib import Path

import numpy as np
from sqlalchemy import create_engine, select, text

from bench.common import PG_ADMIN_URL, Timer
from bench.floor import FloorInput, floor_full
from console.domain import catalogue, rules
from console.domain.calendar import FIRST, WorkCalendar
from console.models import repository as repo
from console.models.db import make_engine, session_factory, upgrade
from console.models.schema import Item, ItemStep, Unit

log = logging.getLogger("bench.gen")
VERSION = "v1"
MARKER = "bench_dataset"
OPEN_ALARMS = 100
SEED = 2009
CASE_CHUNK = 100_000

SECS_DAY = 86400


def marker_value(n: int, today: dt.date) -> str:
    return f"{VERSION}:{n}:{today.isoformat()}"


def read_marker(url: str) -> str | None:
    try:
        eng = make_engine(url)
        try:
            with eng.connect() as c:
                return c.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": MARKER}).scalar()
        finally:
            eng.dispose()
    except Exception:
        return None


def recreate(url: str) -> None:
    if url.startswith("sqlite"):
        p = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(p) + suffix).unlink(missing_ok=True)
        return
    name = url.rsplit("/", 1)[1]
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        c.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def drop_database(url: str) -> None:
    if url.startswith("sqlite"):
        recreate(url)
        return
    name = url.rsplit("/", 1)[1]
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def ensure(
    url: str,
    n: int | None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    force: bool = False,
    echo=print,
) -> dict:
    """Make sure ``url`` holds the dataset of ``n`` open cases (None/0: catalogue only); returns timings."""
    now = now or repo.now()
    today = today or now.date()
    n = n or 0
    want = marker_value(n, today)
    if not force and read_marker(url) == want:
        echo(f"  reuse {url} ({n:,} open cases, marker {want})")
        eng = make_engine(url)
        upgrade(eng)  # newer migrations since generation (adds tables; the data stays)
        eng.dispose()
        return {"reused": True}
    echo(f"  generating {n:,} open cases into {url} …")
    t0 = time.perf_counter()
    recreate(url)
    eng = make_engine(url)
    upgrade(eng)
    Session = session_factory(eng)
    cal = WorkCalendar.build()
    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items())
        repo.set_meta(s, repo.CALENDAR_FINGERPRINT, cal.fingerprint)
    info = {"reused": False}
    if n:
        data = _generate(Session, cal, n, today, now)
        w = _Writer(eng)
        with Timer() as tw:
            w.write_all(data, cal, now, echo)
        info["write_s"] = tw.s
        info.update(data["stats"])
    with Session.begin() as s:
        s.execute(text("UPDATE change_counter SET value = 1 WHERE id = 1"))
        repo.set_meta(s, MARKER, want)
    if url.startswith("postgresql"):
        with eng.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text("VACUUM ANALYZE"))
    else:
        with eng.connect() as c:
            c.execute(text("ANALYZE"))
            c.commit()
    eng.dispose()
    info["total_s"] = time.perf_counter() - t0
    echo(f"  generated in {info['total_s']:.1f} s")
    return info


# ---- generation (numpy columns) --------------------------------------------------------------------

_NAMES_FAMILY = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
_NAMES_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华建国志红玉兵琳雪梅春燕海波鑫宇浩然"


def _names(rng: np.random.Generator, k: int) -> list[str]:
    fam = rng.integers(0, len(_NAMES_FAMILY), k)
    g1 = rng.integers(0, len(_NAMES_GIVEN), k)
    g2 = rng.integers(-len(_NAMES_GIVEN), len(_NAMES_GIVEN), k)  # negative: a two-character name
    return [
        _NAMES_FAMILY[a] + _NAMES_GIVEN[b] + (_NAMES_GIVEN[c] if c >= 0 else "")
        for a, b, c in zip(fam, g1, g2, strict=True)
    ]


def _generate(Session, cal: WorkCalendar, n: int, today: dt.date, now: dt.datetime) -> dict:
    rng = np.random.default_rng(SEED + n)
    with Session() as s:
        items = s.execute(
            select(
                Item.id,
                Item.unit_id,
                Item.promised_days,
                Item.statutory_days,
                Item.stop_clock_kinds,
                Item.blue_days,
                Item.yellow_days,
            ).order_by(Item.id)
        ).all()
        units = {u.id: (u.code, u.kind) for u in s.scalars(select(Unit))}
        steps = {}
        for st in s.execute(select(ItemStep.item_id, ItemStep.code, ItemStep.name, ItemStep.limit_days)):
            steps.setdefault(st.item_id, {})[st.code] = (st.name, st.limit_days)
    cum, nth = cal.cum.astype(np.int64), cal.nth.astype(np.int64)
    t = cal.index(today)
    last_pos = int(cum[t + 1]) - 1  # position of the last working day on or before today

    it = rng.integers(0, len(items), n)
    item_id = np.array([r.id for r in items])[it]
    unit_id = np.array([r.unit_id for r in items])[it]
    P = np.array([r.promised_days for r in items])[it]
    S = np.array([r.statutory_days for r in items])[it]
    blue = np.array([r.blue_days for r in items])[it]
    yellow = np.array([r.yellow_days for r in items])[it]
    has_special = np.array([bool(r.stop_clock_kinds) for r in items])[it]
    special_kind = [r.stop_clock_kinds[0] if r.stop_clock_kinds else "挂起" for r in items]

    # working days since acceptance
    u = rng.random(n)
    late = rng.random(n) < 0.03
    k = np.where(P > 0, np.floor(u * P).astype(np.int64), 0)
    k = np.where(late, P + rng.integers(0, 6, n), k)
    k = np.where((P == 0) & ~late, 0, k)
    acc_pos = last_pos - k
    accepted = nth[acc_pos]
    ext = np.where((P > 0) & (rng.random(n) < 0.02), 10, 0)

    # the current key-post step: 承办 / 审核 / 批准 by progress
    frac = np.where(P > 0, k / np.maximum(P, 1), 0)
    cur = np.where(frac < 0.5, 0, np.where(frac < 0.8, 1, 2))  # 0 CB, 1 SH, 2 PZ
    lim_cb, lim_sh, lim_pz = np.maximum(1, P // 2), np.maximum(1, P // 4), np.maximum(1, P // 5)
    step_limit = np.where(P > 0, np.choose(cur, [lim_cb, lim_sh, lim_pz]), -1)
    over = rng.random(n) < 0.01
    j_max = np.where(over, k, np.minimum(k, step_limit))
    j = np.floor(rng.random(n) * (np.maximum(j_max, 0) + 1)).astype(np.int64)
    step_start = np.where(P > 0, nth[last_pos - j], -1)

    # one suspension on ≈7 % (starting after acceptance, at the latest today)
    sus = (rng.random(n) < 0.07) & (k >= 2)
    s_row = np.flatnonzero(sus)
    ks = k[s_row]
    s_start_pos = acc_pos[s_row] + 1 + np.floor(rng.random(len(s_row)) * (ks - 1)).astype(np.int64)
    s_start = nth[s_start_pos]
    running = rng.random(len(s_row)) < 0.35
    s_end_pos = np.minimum(s_start_pos + rng.integers(0, 10, len(s_row)), last_pos)
    s_end = np.where(running, -1, nth[s_end_pos])
    special = has_special[s_row] & (rng.random(len(s_row)) < 0.5)
    s_cap = np.where(special, rng.integers(3, 16, len(s_row)), -1)
    suspended = np.zeros(n, dtype=bool)
    suspended[s_row[running]] = True

    inp = FloorInput(accepted, P + ext, S + ext, blue, yellow, step_start, step_limit, s_row, s_start, s_end, s_cap)
    p_due, s_due, _rem, light, breach, step_red, st_due = floor_full(cum, nth, t, inp)
    prov = (cal.provisional_cum[np.maximum(p_due, accepted + 1) + 1] - cal.provisional_cum[accepted + 1] > 0) | (
        cal.provisional_cum[np.maximum(s_due, accepted + 1) + 1] - cal.provisional_cum[accepted + 1] > 0
    )

    stats = {
        "n": n,
        "suspensions": len(s_row),
        "running_suspensions": int(running.sum()),
        "extensions": int((ext > 0).sum()),
        "lights": {name: int((light == v).sum()) for v, name in enumerate(("normal", "blue", "yellow", "red"))},
    }
    return dict(
        n=n,
        rng=rng,
        units=units,
        steps=steps,
        items=items,
        it=it,
        item_id=item_id,
        unit_id=unit_id,
        P=P,
        S=S,
        ext=ext,
        accepted=accepted,
        cur=cur,
        step_limit=step_limit,
        step_start=step_start,
        s_row=s_row,
        s_start=s_start,
        s_end=s_end,
        s_cap=s_cap,
        special=special,
        special_kind=special_kind,
        suspended=suspended,
        p_due=p_due,
        s_due=s_due,
        st_due=st_due,
        breach=breach,
        step_red=step_red,
        prov=prov,
        today=t,
        stats=stats,
    )


# ---- writing ----------------------------------------------------------------------------------------


def _ts(day_idx: np.ndarray, secs: np.ndarray) -> np.ndarray:
    """'YYYY-MM-DD HH:MM:SS' strings (numpy) for day index + seconds of the day."""
    base = np.datetime64(FIRST.isoformat(), "s")
    x = base + (day_idx.astype(np.int64) * SECS_DAY + secs.astype(np.int64)).astype("timedelta64[s]")
    return np.char.replace(np.datetime_as_string(x, unit="s"), "T", " ")


def _dates(day_idx: np.ndarray) -> np.ndarray:
    return np.datetime_as_string(np.datetime64(FIRST.isoformat(), "D") + day_idx.astype("timedelta64[D]"))


class _Writer:
    """Bulk rows into either engine; each column: numpy array, list of str (None = NULL), or None (all NULL)."""

    def __init__(self, eng):
        self.eng = eng
        self.pg = eng.dialect.name == "postgresql"

    def write_all(self, d: dict, cal: WorkCalendar, now: dt.datetime, echo) -> None:
        raw = self.eng.raw_connection()
        try:
            self.conn = raw.driver_connection
            if not self.pg:
                self.conn.execute("PRAGMA synchronous=OFF")
            idx = {
                "cases": ["ix_cases_change_seq", "ix_cases_open_due", "ix_cases_open_unit_due"],
                "case_events": ["ix_case_events_case"],
            }
            defs = {
                "ix_cases_change_seq": "cases (change_seq)",
                "ix_cases_open_due": "cases (completed_at, promised_due)",
                "ix_cases_open_unit_due": "cases (unit_id, completed_at, promised_due)",
                "ix_case_events_case": "case_events (case_id)",
            }
            cur = self.conn.cursor()
            for names in idx.values():
                for name in names:
                    cur.execute(f"DROP INDEX {name}")
            for lo in range(0, d["n"], CASE_CHUNK):
                hi = min(d["n"], lo + CASE_CHUNK)
                with Timer() as tc:
                    self._cases(d, lo, hi, now)
                    self._events(d, lo, hi, now)
                echo(f"    cases {lo:,}..{hi:,}: {tc.s:.1f} s")
            self._suspensions(d)
            self._alarms(d, cal, now)
            with Timer() as ti:
                for name, what in defs.items():
                    cur.execute(f"CREATE INDEX {name} ON {what}")
            echo(f"    indexes: {ti.s:.1f} s")
            self.conn.commit()
        finally:
            raw.close()

    def _put(self, table: str, cols: dict, n: int) -> None:
        names = [f'"{c}"' for c in cols]
        if self.pg:
            data = []
            for c in cols.values():
                if c is None:
                    data.append(["\\N"] * n)
                elif isinstance(c, np.ndarray):
                    data.append(c.astype(str).tolist())
                else:
                    data.append(["\\N" if v is None else v for v in c])
            with self.conn.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as cp:
                for lo in range(0, n, 50_000):
                    cp.write(
                        "\n".join(map("\t".join, zip(*(col[lo : lo + 50_000] for col in data), strict=True))) + "\n"
                    )
        else:
            data = []
            for c in cols.values():
                if c is None:
                    data.append([None] * n)
                elif isinstance(c, np.ndarray):
                    data.append(c.tolist())
                else:
                    data.append(c)
            sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
            self.conn.executemany(sql, zip(*data, strict=True))

    def _sqlite_ts(self, x: np.ndarray):
        return x if self.pg else np.char.add(x, ".000000")

    def _cases(self, d: dict, lo: int, hi: int, now: dt.datetime) -> None:
        rng, n = d["rng"], hi - lo
        sl = slice(lo, hi)
        ids = np.arange(lo + 1, hi + 1)
        acc = d["accepted"][sl]
        now_secs = now.hour * 3600 + now.minute * 60 + now.second
        secs = rng.integers(8 * 3600 + 1800, 17 * 3600 + 1800, n)
        secs = np.where(acc == d["today"], np.minimum(secs, max(0, now_secs - 120)), secs)
        accepted_at = _ts(acc, secs)
        received_at = _ts(acc - rng.integers(0, 3, n), rng.integers(8 * 3600, 17 * 3600, n))
        received_at = np.where(received_at > accepted_at, accepted_at, received_at)
        units, unit_id = d["units"], d["unit_id"][sl]
        unit_code = [units[u][0] for u in unit_id.tolist()]
        region = [units[u][0] if units[u][1] == "district" else catalogue.CITY_REGION for u in unit_id.tolist()]
        acc_dates = np.char.replace(_dates(acc), "-", "").tolist()
        case_no = [f"{c}{a}{i:07d}" for c, a, i in zip(unit_code, acc_dates, ids.tolist(), strict=True)]
        cur = d["cur"][sl]
        P = d["P"][sl]
        step_name = np.where(P > 0, np.array(["承办", "审核", "批准"])[cur], "受理")
        handlers = _names(rng, n)
        ts = self._sqlite_ts
        cols = {
            "id": ids,
            "case_no": case_no,
            "item_id": d["item_id"][sl],
            "unit_id": unit_id,
            "region_code": region,
            "channel": np.array(["窗口", "网上", "自助", "邮寄"])[rng.choice(4, n, p=[0.55, 0.35, 0.07, 0.03])],
            "applicant_name": _names(rng, n),
            "applicant_id_masked": np.char.add("5101**********", rng.integers(1000, 10000, n).astype(str)),
            "stage": step_name,
            "received_at": ts(received_at),
            "accepted_at": ts(accepted_at),
            "current_step": step_name,
            "handler": handlers,
            "window": np.char.add("W", rng.integers(10, 60, n).astype(str)),
            "promised_days": P,
            "statutory_days": d["S"][sl],
            "extension_days": d["ext"][sl],
            "promised_due": _dates(d["p_due"][sl]),
            "statutory_due": _dates(d["s_due"][sl]),
            "due_provisional": self._bool(d["prov"][sl]),
            "suspended": self._bool(d["suspended"][sl]),
            "change_seq": np.ones(n, dtype=np.int64),
            "updated_at": ts(accepted_at),
        }
        self._put("cases", cols, n)
        d.setdefault("handlers", {})[lo] = handlers
        d.setdefault("accepted_secs", {})[lo] = secs

    def _bool(self, a: np.ndarray):
        return np.where(a, "t", "f") if self.pg else a.astype(np.int64)

    def _events(self, d: dict, lo: int, hi: int, now: dt.datetime) -> None:
        rng, n = d["rng"], hi - lo
        sl = slice(lo, hi)
        P, cur = d["P"][sl], d["cur"][sl]
        n_ev = np.where(P > 0, 5 + cur, 5)
        case_ids = np.repeat(np.arange(lo + 1, hi + 1), n_ev)
        row = np.repeat(np.arange(n), n_ev)
        first = np.cumsum(n_ev) - n_ev
        pos = np.arange(len(row)) - np.repeat(first, n_ev)
        last = pos == (n_ev[row] - 1)
        m = len(row)
        codes = np.array(["ZX", "SB", "YS", "SL", "CB", "SH", "PZ"])
        names = np.array(["咨询", "申办", "预审", "受理", "承办", "审核", "批准"])
        quick = P[row] == 0
        code = np.where(quick & (pos == 4), "BJ", codes[pos])
        name = np.where(quick & (pos == 4), "办结", names[pos])
        Pr = P[row]
        limits = np.stack(
            [
                np.full(m, -1),
                np.full(m, -1),
                np.full(m, -1),
                np.ones(m, dtype=np.int64),
                np.maximum(1, Pr // 2),
                np.maximum(1, Pr // 4),
                np.maximum(1, Pr // 5),
            ]
        )
        limit = np.where(quick & (pos >= 3), -1, limits[pos, np.arange(m)])
        acc = d["accepted"][sl][row]
        acc_secs = d["accepted_secs"][lo][row]
        st_start = d["step_start"][sl][row]
        # start day per position: 咨询 acc-1, 申办/预审/受理 acc, later steps spread to the current step's start
        n_later = np.maximum(n_ev[row] - 4, 1)
        target = np.where(quick, acc, st_start)
        later_day = acc + ((target - acc) * (pos - 3)) // n_later
        day = np.where(pos == 0, acc - 1, np.where(pos <= 3, acc, later_day))
        secs = np.where(
            pos == 0,
            10 * 3600,
            np.where(pos <= 3, np.maximum(acc_secs - (3 - pos) * 600, 0), acc_secs + 600 * (pos - 3)),
        )
        secs = np.where((pos > 3) & (day > acc), rng.integers(8 * 3600 + 1800, 17 * 3600, m), secs)
        now_secs = now.hour * 3600 + now.minute * 60
        secs = np.where(day == d["today"], np.minimum(secs, max(0, now_secs - 60)), secs)
        started = _ts(day, secs)
        nxt = np.r_[started[1:], started[:1]]
        ended = np.where(last, None, nxt).tolist()
        due = np.where(last & (limit >= 0), _dates(np.repeat(d["st_due"][sl], n_ev)), None).tolist()
        handlers = np.array(d["handlers"][lo], dtype=object)[row]
        lim_list = np.where(limit >= 0, limit, 0).tolist()
        lim_col = [v if ok else None for v, ok in zip(lim_list, (limit >= 0).tolist(), strict=True)]
        res = np.where(last, None, np.where(pos == 0, "告知", "同意")).tolist()
        ts = self._sqlite_ts
        cols = {
            "case_id": case_ids,
            "step_code": code,
            "step_name": name,
            "handler": handlers.tolist(),
            "window": None,
            "started_at": ts(started),
            "ended_at": ended if self.pg else [None if e is None else e + ".000000" for e in ended],
            "opinion": res,
            "result": res,
            "limit_days": [None if v is None else str(v) for v in lim_col] if self.pg else lim_col,
            "due": due,
        }
        self._put("case_events", cols, m)
        d["events"] = d.get("events", 0) + m

    def _suspensions(self, d: dict) -> None:
        s_row = d["s_row"]
        m = len(s_row)
        if not m:
            return
        rng = d["rng"]
        kinds = np.array([d["special_kind"][i] for i in d["it"][s_row].tolist()], dtype=object)
        kind = np.where(d["special"], kinds, "补正").tolist()
        started = _ts(d["s_start"], np.full(m, 10 * 3600))
        ended = np.where(d["s_end"] < 0, None, _ts(np.maximum(d["s_end"], 0), np.full(m, 15 * 3600))).tolist()
        cap = d["s_cap"].tolist()
        ts = self._sqlite_ts
        cols = {
            "case_id": s_row + 1,
            "kind": kind,
            "started_at": ts(started),
            "ended_at": ended if self.pg else [None if e is None else e + ".000000" for e in ended],
            "applied_days": [None if c < 0 else (str(c) if self.pg else c) for c in cap],
            "approver": _names(rng, m),
            "basis": np.where(d["special"], "行政许可法第四十五条", "补正告知").tolist(),
            "missing_materials": np.where(d["special"], None, "申请材料不齐全").tolist(),
            "reported_at": ts(started),
            "stops_clock": self._bool(np.ones(m, dtype=bool)),
        }
        self._put("suspensions", cols, m)
        d["stats"]["suspension_rows"] = m

    def _alarms(self, d: dict, cal: WorkCalendar, now: dt.datetime) -> None:
        """The time alarms the reds deserve (same keys as the poller raises), all but the newest acknowledged."""
        t = d["today"]
        specs = []
        codes = np.array(["CB", "SH", "PZ"])
        for rule_id, mask, due in (
            ("promised_overdue", d["p_due"] < t, d["p_due"]),
            ("statutory_overdue", d["breach"], d["s_due"]),
            ("step_overdue", d["step_red"], d["st_due"]),
        ):
            rows = np.flatnonzero(mask)
            for i, du in zip(rows.tolist(), due[rows].tolist(), strict=True):
                subject = str(codes[d["cur"][i]]) if rule_id == "step_overdue" else ""
                kw = {"due": cal.date(du)}
                if rule_id == "step_overdue":
                    kw["step"] = subject
                specs.append((i + 1, rule_id, subject, rules.message(rule_id, **kw), du + 1))
        m = len(specs)
        d["stats"]["alarms"] = m
        if not m:
            return
        raised_day = np.array([s[4] for s in specs])
        limit = now - dt.timedelta(minutes=5)
        raised = _ts(raised_day, np.full(m, 9 * 3600))
        cap = np.datetime_as_string(np.datetime64(limit.replace(microsecond=0), "s"), unit="s").replace("T", " ")
        raised = np.where(raised > cap, cap, raised)
        order = np.argsort(raised, kind="stable")
        status = np.full(m, "acknowledged", dtype=object)
        status[order[-OPEN_ALARMS:]] = "open"
        ts = self._sqlite_ts
        cols = {
            "id": np.arange(1, m + 1),
            "case_id": np.array([s[0] for s in specs]),
            "rule": [s[1] for s in specs],
            "subject": [s[2] for s in specs],
            "level": ["red"] * m,
            "raised_at": ts(raised),
            "recorded_at": ts(raised),  # migration 0018 (NOT NULL on PostgreSQL): known as soon as raised here
            "raised_by": ["ingest"] * m,
            "message": [s[3] for s in specs],
            "status": status.tolist(),
        }
        self._put("alarms", cols, m)
        acked = np.flatnonzero(status == "acknowledged")
        k = len(acked)
        if k:
            cols = {
                "alarm_id": acked + 1,
                "operator": ["值班员"] * k,
                "console": ["wall-1"] * k,
                "acked_at": ts(raised[acked]),
                "note": None,
            }
            self._put("alarm_acks", cols, k)
        d["stats"]["open_alarms"] = int(m - k)
        if self.pg:
            with self.conn.cursor() as cur:
                cur.execute("SELECT setval(pg_get_serial_sequence('alarms', 'id'), %s)", (m,))
                cur.execute("SELECT setval(pg_get_serial_sequence('cases', 'id'), %s)", (d["n"],))
