"""The replay's packed read (every column in one array, one COPY row) returns what the row-per-message read does."""

import numpy as np
from sqlalchemy import text

from console.models.openset import fetch_ints

# a query that runs on both engines: a recursive count, with a big int8 and a negative value
ROWS = (
    "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 3000) "
    "SELECT n, n * 7 - 10000, n * 5000000000 FROM g"
)


def test_packed_equals_row_by_row(Session):
    with Session() as s:
        s.execute(text("SELECT 1"))
        rows = fetch_ints(s, ROWS, ("i4", "i4", "i8"))
        packed = fetch_ints(s, ROWS, ("i4", "i4", "i8"), packed=True)
        # an odd count of int4 columns (two travel as one int8, one alone), negatives in either half
        odd_sql = f"SELECT n * -3, n - 1500, n FROM ({ROWS}) q"
        odd, odd_packed = (fetch_ints(s, odd_sql, ("i4",) * 3, packed=p) for p in (False, True))
        none = fetch_ints(s, f"SELECT * FROM ({ROWS}) q WHERE n < 0", ("i4", "i4", "i8"), packed=True)
    assert len(rows[0]) == 3000 and rows[2][-1] == 3000 * 5_000_000_000 and rows[1].min() < 0
    # every aggregate of one pass sees the rows in the same order: the columns stay aligned
    order_a, order_b = np.argsort(rows[0]), np.argsort(packed[0])
    for a, b in zip(rows, packed, strict=True):
        assert a.dtype == b.dtype and np.array_equal(a[order_a], b[order_b])
    o_a, o_b = np.argsort(odd[2]), np.argsort(odd_packed[2])
    assert all(np.array_equal(a[o_a], b[o_b]) and b.dtype == np.int32 for a, b in zip(odd, odd_packed, strict=True))
    assert odd_packed[0].min() == -9000 and odd_packed[1].min() == -1499
    assert [len(c) for c in none] == [0, 0, 0] and [c.dtype for c in none] == [np.int32, np.int32, np.int64]
