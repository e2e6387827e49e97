"""Dates and times as a secretary types them (GUI walk): "30/9/25" and "18/3/2025 8h30" are what people write;
the refusal of a day that does not exist shows the form the fields show (nn/tt/nnnn), in Vietnamese."""

from __future__ import annotations

import datetime as dt

import pytest

from ssdesk.i18n import set_language
from ssdesk.services.validation import Checker, as_date, as_datetime


@pytest.mark.parametrize(("typed", "day"), [
    ("30/9/2025", dt.date(2025, 9, 30)), ("30/09/25", dt.date(2025, 9, 30)), ("30-9-2025", dt.date(2025, 9, 30)),
    ("30.9.2025", dt.date(2025, 9, 30)), ("2025-09-30", dt.date(2025, 9, 30)), (" 1/1/2026 ", dt.date(2026, 1, 1)),
    ("1/1/97", dt.date(1997, 1, 1)), ("1/1/68", dt.date(2068, 1, 1)),
])
def test_days_as_typed(typed: str, day: dt.date) -> None:
    check = Checker()
    assert as_date(check, "deadline", typed) == day and not check.errors


@pytest.mark.parametrize(("typed", "moment"), [
    ("18/3/2025 8h30", dt.datetime(2025, 3, 18, 8, 30)), ("18/3/2025 8:30", dt.datetime(2025, 3, 18, 8, 30)),
    ("18/03/25 14h", dt.datetime(2025, 3, 18, 14, 0)), ("18/3/2025 8 giờ 30 phút", dt.datetime(2025, 3, 18, 8, 30)),
    ("18/3/2025", dt.datetime(2025, 3, 18)), ("2025-03-18 08:30", dt.datetime(2025, 3, 18, 8, 30)),
])
def test_times_as_typed(typed: str, moment: dt.datetime) -> None:
    check = Checker()
    assert as_datetime(check, "starts_at", typed) == moment and not check.errors


@pytest.mark.parametrize("typed", ["31/13/2025", "29/02/2025", "30/9", "mai", "2025-02-30"])
def test_a_day_that_does_not_exist_is_named_in_the_fields_form(typed: str) -> None:
    set_language("vi")
    try:
        check = Checker()
        assert as_date(check, "deadline", typed) is None
        [error] = check.errors
        assert error.field == "deadline" and f"“{typed}”" in error.message and "nn/tt/nnnn" in error.message
    finally:
        set_language("en")


@pytest.mark.parametrize("typed", ["18/3/2025 25:00", "18/3/2025 8h70", "2024-02-27 8h"])
def test_a_bad_time_is_refused(typed: str) -> None:
    check = Checker()
    assert as_datetime(check, "starts_at", typed) is None and check.errors[0].field == "starts_at"
