"""The date, amount and vocabulary parsers behind the prompts, the flags and the importer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hirewire.entry.parse import (
    MAX_AMOUNT,
    MAX_DATE,
    MIN_DATE,
    ParseError,
    Vocabulary,
    parse_amount,
    parse_date,
    parse_datetime,
)
from hirewire.entry.store import SOURCE_SYNONYMS

ENGLISH_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                  "Dec"]  # fmt: skip
FRENCH_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                 "septembre", "octobre", "novembre", "décembre"]  # fmt: skip
SPELLINGS = [
    lambda day: day.isoformat(),
    lambda day: f"{day:%d/%m/%Y}",
    lambda day: f"{day.day}/{day.month}/{day:%Y}",
    lambda day: f"{day:%d.%m.%Y}",
    lambda day: f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}",
    lambda day: f"{ENGLISH_MONTHS[day.month - 1]} {day.day}, {day.year}",
    lambda day: f"{day.day} {FRENCH_MONTHS[day.month - 1]} {day.year}",
    lambda day: f"{day.isoformat()}T09:30:00",
]
fuzz = settings(max_examples=100, deadline=None)


@fuzz
@given(st.dates(min_value=MIN_DATE, max_value=MAX_DATE), st.sampled_from(SPELLINGS))
def test_every_common_spelling_of_a_date_reads_back(day, spell):
    """ISO, day-first numeric, English and French month names all give the same date."""
    assert parse_date(spell(day)) == day


@fuzz
@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2069, 12, 31)))
def test_two_digit_years_and_month_first(day):
    """2/11/26 is 2 November 2026; --month-first reads 11/2/26 the US way."""
    assert parse_date(f"{day.day}/{day.month}/{day:%y}") == day
    assert parse_date(f"{day.month}/{day.day}/{day:%y}", month_first=True) == day


@fuzz
@given(st.text(max_size=60))
def test_any_text_is_a_date_in_range_or_one_clear_error(text):
    """Arbitrary input never crashes the date parser: a date within the schema's bounds, or
    a ParseError that says what works."""
    try:
        value = parse_date(text)
    except ParseError as exc:
        assert "YYYY-MM-DD" in str(exc) or "outside" in str(exc) or "order" in str(exc)
    else:
        assert MIN_DATE <= value <= MAX_DATE


def test_impossible_and_ambiguous_dates_are_explained():
    """31 February, a month 13 and US order without --month-first each get their reason."""
    with pytest.raises(ParseError, match="not a real date"):
        parse_date("31/02/2026")
    with pytest.raises(ParseError, match="month/day order"):
        parse_date("11/25/2026")
    with pytest.raises(ParseError, match=r"outside 1990-01-01\.\.2100-12-31"):
        parse_date("1/1/1890")
    assert parse_datetime("05/11/2026 9h30").strftime("%Y-%m-%d %H:%M") == "2026-11-05 09:30"


AMOUNT_SPELLINGS = [
    lambda value: f"{value}",
    lambda value: f"{value:,}",
    lambda value: f"{value:,}".replace(",", " ") + " €",
    lambda value: f"{value:,}".replace(",", "\u202f") + " EUR",
    lambda value: "$" + f"{value:,.2f}",
    lambda value: f"{value:,.2f}".replace(",", " ").replace(".", ","),
    lambda value: f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", "."),
]


@fuzz
@given(
    st.decimals(min_value=0, max_value=Decimal("99999999.99"), places=2),
    st.sampled_from(AMOUNT_SPELLINGS),
)
def test_every_common_spelling_of_an_amount_reads_back(value, spell):
    """Thousands separators (comma, space, narrow space, point) and decimal commas give the
    same number."""
    text = spell(value)
    assert parse_amount(text).low == value, text


@fuzz
@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=500))
def test_k_ranges(low, spread):
    """'45-55k' and '45k - 55k' are 45,000 to 55,000."""
    for text in (f"{low}-{low + spread}k", f"{low}k - {low + spread}k"):
        amount = parse_amount(text)
        assert (amount.low, amount.high) == (low * 1000, (low + spread) * 1000)


@fuzz
@given(st.text(max_size=40))
def test_any_text_is_an_amount_in_range_or_one_clear_error(text):
    """Arbitrary input never crashes the amount parser."""
    try:
        amount = parse_amount(text)
    except ParseError as exc:
        assert "amount" in str(exc) or "range" in str(exc)
    else:
        assert 0 <= amount.low <= amount.high <= MAX_AMOUNT


def test_vocabulary_spellings_in_english_and_french():
    """Codes, labels and common spellings map to the code; anything else lists the codes."""
    sources = Vocabulary(
        "source",
        {"linkedin": "LinkedIn", "france_travail": "France Travail", "referral": "Referral"},
        SOURCE_SYNONYMS,
    )
    for text, code in [("LinkedIn", "linkedin"), ("linked in", "linkedin"),
                       ("Pôle Emploi", "france_travail"), ("FRANCE-TRAVAIL", "france_travail"),
                       ("Cooptation", "referral")]:  # fmt: skip
        assert sources.resolve(text) == code
    with pytest.raises(ParseError, match="unknown source 'MySpace'; use one of: linkedin"):
        sources.resolve("MySpace")
