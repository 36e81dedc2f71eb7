"""The parsers behind the checks, on plain series."""

from datetime import date, datetime
from decimal import Decimal

import polars as pl

from abonent.imports.validation import (
    TWO_DECIMALS,
    normalise_phones,
    parse_dates,
    parse_datetimes,
    parse_months,
    parse_number,
    to_utc,
)


def test_dates_in_both_formats_and_nothing_else():
    values = ["01.02.2024", "2024-02-01", "1.2.2024", "2024-02-01 00:00:00", "31.02.2024", "01.02.24", "02/01/2024"]
    assert parse_dates(pl.Series(values)).to_list() == [date(2024, 2, 1)] * 4 + [None] * 3


def test_months_from_month_or_date():
    assert parse_months(pl.Series(["03.2024", "2024-3", "15.03.2024", "13.2024"])).to_list() == [
        date(2024, 3, 1),
        date(2024, 3, 1),
        date(2024, 3, 1),
        None,
    ]


def test_date_times_local_with_offsets_and_fractions():
    values = [
        "05.01.2024 10:15",
        "2024-01-05T10:15:30",
        "2024-01-05 10:15:30.999",
        "2024-01-05T10:15:00+05:00",
        "2024-01-05T10:15:00Z",
        "2024-01-05 10:15:00+0300",
        "05.01.2024 25:00",
    ]
    assert parse_datetimes(pl.Series(values), "Europe/Moscow").to_list() == [
        datetime(2024, 1, 5, 7, 15),
        datetime(2024, 1, 5, 7, 15, 30),
        datetime(2024, 1, 5, 7, 15, 30),
        datetime(2024, 1, 5, 5, 15),
        datetime(2024, 1, 5, 10, 15),
        datetime(2024, 1, 5, 7, 15),
        None,
    ]


def test_to_utc_follows_the_zone_when_its_offset_changes():
    local = pl.Series([datetime(2024, 1, 10, 12), datetime(2024, 7, 10, 12), datetime(2024, 3, 31, 2, 30)])
    # Berlin: UTC+1 in winter, UTC+2 in summer, and 02:30 on 31 March 2024 never happened.
    assert to_utc(local, "Europe/Berlin").to_list() == [datetime(2024, 1, 10, 11), datetime(2024, 7, 10, 10), None]
    # Moscow kept UTC+3 all year: one subtraction.
    assert to_utc(local[:2], "Europe/Moscow").to_list() == [datetime(2024, 1, 10, 9), datetime(2024, 7, 10, 9)]
    # …but was UTC+4 in the summer of 2010.
    assert to_utc(pl.Series([datetime(2010, 1, 10, 12), datetime(2010, 7, 10, 12)]), "Europe/Moscow").to_list() == [
        datetime(2010, 1, 10, 9),
        datetime(2010, 7, 10, 8),
    ]


def test_numbers_with_separators_commas_and_too_many_decimals():
    values, _text = parse_number(
        pl.Series(["1 234,50", "1\u00a0000", "12.345", "12.340", "-5", "1e3", "abc", None]),
        pl.Decimal(12, 2),
        TWO_DECIMALS,
    )
    assert values.to_list() == [
        Decimal("1234.50"),
        Decimal("1000.00"),
        None,
        Decimal("12.34"),
        Decimal("-5.00"),
        None,
        None,
        None,
    ]


def test_phones_normalised_deduplicated_and_checked():
    frame = pl.DataFrame({"p": ["+7 (912) 345-67-89; 8 912 345 67 89", "9123456789, 73431112233", "12-34", None]})
    phones, invalid = normalise_phones(pl.col("p"))
    result = frame.select(phones.alias("phones"), invalid.alias("invalid"))
    assert result["phones"].to_list() == ["79123456789", "79123456789,73431112233", "1234", None]
    assert result["invalid"].to_list() == [False, False, True, False]
