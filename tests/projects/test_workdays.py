"""The 20-working-day clock of 国办发〔2017〕94号 over the State Council's 2026 holidays."""

import datetime

from projects.services.workdays import (
    LICENCE_DAYS,
    due_date,
    is_working_day,
    working_days_late,
)


def d(month, day, year=2026):
    return datetime.date(year, month, day)


def test_holidays_and_adjusted_working_weekends_are_known_for_2026():
    assert is_working_day(d(10, 1)) == (False, True)  # National Day
    assert is_working_day(d(10, 10)) == (True, True)  # a Saturday worked in exchange
    assert is_working_day(d(2, 14)) == (True, True)  # a Saturday before Spring Festival
    assert is_working_day(d(2, 16)) == (False, True)  # a Monday in the Spring Festival
    assert is_working_day(d(11, 28)) == (False, True)  # an ordinary Saturday


def test_an_item_formed_on_the_friday_before_national_day():
    # Formed Friday 18 September. Worked: Sun 20 Sep (1), 21-24 Sep (5), 28-30 Sep (8),
    # 8-9 Oct (10), Sat 10 Oct (11), 12-16 Oct (16), 19-22 Oct (20); not 25-27 Sep (Mid-Autumn)
    # nor 1-7 Oct. Weekdays alone would have given Friday 16 October.
    due = due_date(d(9, 18))
    assert due.value == d(10, 22) and not due.estimated


def test_across_the_spring_festival_with_its_working_saturdays():
    # Formed Friday 6 February: 9-13 Feb (5), Sat 14 Feb (6), 24-27 Feb (10), Sat 28 Feb (11),
    # 2-6 Mar (16), 9-12 Mar (20); 15-23 Feb are the Spring Festival.
    assert due_date(d(2, 6)).value == d(3, 12)


def test_licences_have_seven_working_days():
    # Decided Wednesday 30 September: 8-9 Oct (2), Sat 10 Oct (3), 12-15 Oct (7).
    assert due_date(d(9, 30), LICENCE_DAYS).value == d(10, 15)


def test_on_time_and_late_in_working_days():
    due = d(10, 20)
    assert working_days_late(due, d(10, 20)).value == 0
    assert working_days_late(due, d(10, 19)).value == 0
    assert working_days_late(due, d(10, 23)).value == 3
    # Due on Friday 23 Oct, published Saturday 24 Oct: late, by one working day.
    assert working_days_late(d(10, 23), d(10, 24)).value == 1
    assert working_days_late(d(10, 23), d(10, 26)).value == 1


def test_a_year_without_an_arrangement_is_counted_on_weekdays_and_said_to_be_estimated():
    due = due_date(d(12, 21))
    assert due.estimated  # runs into 2027, not yet arranged in the package
    known = due_date(d(11, 2))  # Monday: 3-6 Nov (4), three whole weeks (19), Mon 30 Nov (20)
    assert known.value == d(11, 30) and not known.estimated
    assert working_days_late(d(12, 30), d(1, 5, 2027)).estimated
