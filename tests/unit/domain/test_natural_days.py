"""自然日 limits in the timer: a period of calendar days ends that many days after acceptance (the start day not
counted) and, ending on a rest day or holiday, on the next working day (民法典 201, 203)."""

import datetime as dt
import json

from console.cli import main
from console.domain.timelimits import natural_days_as_working

D = dt.date


def test_calendar_days_end_on_a_date_moved_off_rest_days(cal):
    # accepted Fri 2025-09-26; 10 calendar days end Mon 10-06, inside the National Day holiday → Thu 10-09
    wd = natural_days_as_working(cal, D(2025, 9, 26), 10)
    assert cal.add(D(2025, 9, 26), wd) == D(2025, 10, 9)
    assert natural_days_as_working(cal, D(2025, 11, 3), 7) == 5  # Mon → Mon: five working days
    assert natural_days_as_working(cal, D(2025, 11, 3), 0) == 0


def test_timer_says_the_unit(capsys):
    args = ["timer", "--accepted", "2025-09-26T10:00", "--promised", "10", "--statutory", "30", "--at", "2025-10-09"]
    assert main([*args, "--limit-unit", "自然日"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["promised_due"], out["limit_unit"]) == ("2025-10-09", "自然日")
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["promised_due"] == "2025-10-16"  # 10 working days (2 make-up days)
    # a wait stops a calendar-day limit for every day it runs: 09-27 … 10-03 stopped, then 10-04 … 10-13 counted
    assert main([*args, "--limit-unit", "自然日", "--suspend", "2025-09-27:2025-10-03"]) == 0
    assert json.loads(capsys.readouterr().out)["promised_due"] == "2025-10-13"
