"""A capped special procedure that begins during a 补正 wait: its applied days run from its own start,
concurrently with the wait (the days both stop count once), not from the end of the wait."""

import datetime as dt

from console.domain.timelimits import SuspensionSpec, evaluate_one

D = dt.date


def test_a_capped_procedure_begun_inside_a_wait_counts_its_cap_from_its_own_start(cal):
    wait = SuspensionSpec(D(2025, 11, 4), D(2025, 11, 7))  # 补正: Tue..Fri, 4 working days
    review = SuspensionSpec(D(2025, 11, 5), D(2025, 11, 20), cap=3)  # 专家评审 applied for 3: Wed, Thu, Fri
    res = evaluate_one(cal, D(2025, 11, 3), 5, 20, D(2025, 11, 21), [wait, review])
    # stopped: 11-04..11-07 once; 5 working days after Monday 11-03 then run 11-10..11-14
    assert res.promised_due == D(2025, 11, 14)  # was 11-19: the cap counted 11-10..11-12 after the wait
    alone = evaluate_one(cal, D(2025, 11, 3), 5, 20, D(2025, 11, 21), [wait])
    assert alone.promised_due == res.promised_due  # its three days lay inside the wait: they count once


def test_a_capped_procedure_outlasting_the_wait_stops_only_its_own_days(cal):
    wait = SuspensionSpec(D(2025, 11, 4), D(2025, 11, 5))  # Tue, Wed
    review = SuspensionSpec(D(2025, 11, 5), None, cap=3)  # Wed, Thu, Fri applied; still running
    res = evaluate_one(cal, D(2025, 11, 3), 5, 20, D(2025, 11, 21), [wait, review])
    assert res.promised_due == D(2025, 11, 14)  # stopped Tue..Fri (4 days), as above
    swapped = evaluate_one(cal, D(2025, 11, 3), 5, 20, D(2025, 11, 21), [review, wait])
    assert swapped == res  # the order the suspensions are given in does not matter
