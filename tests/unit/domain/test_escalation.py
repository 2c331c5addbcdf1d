"""The 督办 ladder as step tables over the real calendar (no database, no Qt).

Dates worked out by hand from the State Council General Office notice on the 2025 holidays
(published 2024-11-12): 国庆节、中秋节 10-1 to 10-8 off, with Sunday 9-28 and Saturday 10-11 worked (调休);
Saturday 9-27 and Sunday 10-12 are ordinary weekend days.  The opening day is not counted (民法典 第201条).
"""

import datetime as dt

import pytest

from console.domain.escalation import (
    Climb,
    Ladder,
    LadderError,
    OpenEscalation,
    card_of,
    decide,
    due_date,
    next_level,
)

D = dt.date
LADDER = Ladder(days=(3, 3, 2))


def test_deadlines_skip_the_weekend_and_the_national_day_holiday(cal):
    # opened Thu 9-25, 3 WD: Fri 9-26 (1), Sat 9-27 off, Sun 9-28 调休 worked (2), Mon 9-29 (3)
    assert due_date(cal, D(2025, 9, 25), 3) == D(2025, 9, 29)
    # from the missed 9-29, 3 WD: Tue 9-30 (1), 10-1..10-8 holiday, Thu 10-9 (2), Fri 10-10 (3)
    assert due_date(cal, D(2025, 9, 29), 3) == D(2025, 10, 10)
    # from 10-10, 2 WD: Sat 10-11 调休 worked (1), Sun 10-12 off, Mon 10-13 (2)
    assert due_date(cal, D(2025, 10, 10), 2) == D(2025, 10, 13)


def test_the_ladder_climbs_one_level_per_missed_deadline(cal):
    row = OpenEscalation(1, "reminder", D(2025, 9, 29), "open")
    assert decide(cal, LADDER, [row], D(2025, 9, 29)) == []  # the due day itself is still in time
    assert decide(cal, LADDER, [row], D(2025, 9, 30)) == [
        Climb(1, "reminder", "yellow", D(2025, 9, 29), D(2025, 10, 10))
    ]
    yellow = OpenEscalation(1, "yellow", D(2025, 10, 10), "open")
    assert decide(cal, LADDER, [yellow], D(2025, 10, 5)) == []  # inside the holiday: nothing moves
    assert decide(cal, LADDER, [yellow], D(2025, 10, 11)) == [
        Climb(1, "yellow", "red", D(2025, 10, 10), D(2025, 10, 13))
    ]
    red = OpenEscalation(1, "red", D(2025, 10, 13), "open")
    assert decide(cal, LADDER, [red], D(2025, 10, 13)) == []
    assert decide(cal, LADDER, [red], D(2025, 10, 14)) == [Climb(1, "red", None, D(2025, 10, 13), None)]


def test_one_late_pass_gives_the_same_dates_as_a_pass_every_day(cal):
    row = OpenEscalation(7, "reminder", D(2025, 9, 29), "open")
    assert decide(cal, LADDER, [row], D(2025, 10, 14)) == [
        Climb(7, "reminder", "yellow", D(2025, 9, 29), D(2025, 10, 10)),
        Climb(7, "yellow", "red", D(2025, 10, 10), D(2025, 10, 13)),
        Climb(7, "red", None, D(2025, 10, 13), None),
    ]


def test_answered_overdue_or_manual_ladders_do_not_climb(cal):
    late = D(2025, 12, 1)
    assert decide(cal, LADDER, [OpenEscalation(1, "reminder", D(2025, 9, 29), "answered")], late) == []
    assert decide(cal, LADDER, [OpenEscalation(1, "red", D(2025, 9, 29), "overdue")], late) == []
    manual = Ladder(days=(3, 3, 2), auto=False)
    assert decide(cal, manual, [OpenEscalation(1, "reminder", D(2025, 9, 29), "open")], late) == []


def test_cards_levels_and_settings():
    assert next_level("reminder") == "yellow" and next_level("red") is None
    assert card_of([]) == "" and card_of(["reminder"]) == ""
    assert card_of(["reminder", "yellow"]) == "yellow" and card_of(["yellow", "red"]) == "red"
    lad = Ladder(days=(4, 2, 1), auto=False, from_rectification=False, appeal_days=7)
    assert Ladder.from_json(lad.to_json()) == lad
    assert Ladder.from_json(None) == Ladder()
    with pytest.raises(LadderError, match="1–60"):
        Ladder(days=(0, 2, 1))
    with pytest.raises(LadderError, match="无法读取"):
        Ladder.from_json("{not json")
    with pytest.raises(LadderError, match="没有督办级别"):
        next_level("orange")
