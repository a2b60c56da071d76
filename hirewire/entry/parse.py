"""Parsers shared by the prompts, the flag commands and the CSV importer.

Each parser takes what a person typed (or a spreadsheet cell) and returns a clean value, or
raises ParseError with one sentence that names the problem and an accepted form.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# The schema's own bounds (sql/postgres/003_core_tables.sql): anything outside is refused.
MIN_DATE = dt.date(1990, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)
# decimal(12, 2)
MAX_AMOUNT = Decimal("9999999999.99")


class ParseError(ValueError):
    """A value that cannot be understood; the message says what is wrong and what works."""


@functools.lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Lower case, accents removed, every run of non-alphanumerics turned into one space."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]+", " ", plain.casefold()).strip()


# --- dates -----------------------------------------------------------------------------------

MONTHS = {
    # English
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
    # French (accents folded away)
    "janv": 1, "janvier": 1, "fev": 2, "fevr": 2, "fevrier": 2, "mars": 3, "avr": 4,
    "avril": 4, "mai": 5, "juin": 6, "juil": 7, "juillet": 7, "aout": 8, "septembre": 9,
    "octobre": 10, "novembre": 11, "decembre": 12,
}  # fmt: skip
RELATIVE_DAYS = {"today": 0, "aujourd hui": 0, "auj": 0, "yesterday": -1, "hier": -1}
DATE_HELP = "use YYYY-MM-DD (also 02/11/2026, 2/11/26, 2 Nov 2026, 2 novembre 2026)"

_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_NUMERIC = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})")
_DAY_MONTH_YEAR = re.compile(
    r"(?:[a-z]+ )?(\d{1,2})(?: ?(?:er|st|nd|rd|th))? ([a-z]+) (\d{2}|\d{4})"
)
_MONTH_DAY_YEAR = re.compile(r"(?:[a-z]+ )?([a-z]+) (\d{1,2})(?: ?(?:st|nd|rd|th))? (\d{2}|\d{4})")


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        # Two-digit years are recent: 26 is 2026, 95 is 1995.
        year += 2000 if year < 70 else 1900
    return year


def _build(year: int, month: int, day: int, raw: str) -> dt.date:
    try:
        value = dt.date(year, month, day)
    except ValueError:
        raise ParseError(f"{raw!r} is not a real date; {DATE_HELP}") from None
    if not MIN_DATE <= value <= MAX_DATE:
        raise ParseError(f"{raw!r} is outside 1990-01-01..2100-12-31; check the year")
    return value


def parse_date(raw: str, *, month_first: bool = False, today: dt.date | None = None) -> dt.date:
    """A calendar date in any common spelling; day before month unless month_first."""
    text = raw.strip()
    if not text:
        raise ParseError(f"a date is required; {DATE_HELP}")
    if len(text) > 40:
        raise ParseError(f"{text[:20]!r}... is too long to be a date; {DATE_HELP}")
    lowered = text.casefold()
    if match := _ISO.fullmatch(lowered):
        return _build(int(match[1]), int(match[2]), int(match[3]), text)
    if match := _NUMERIC.fullmatch(lowered):
        first, second = int(match[1]), int(match[2])
        day, month = (second, first) if month_first else (first, second)
        if month > 12 and day <= 12:
            order = "day/month" if month_first else "month/day"
            raise ParseError(
                f"{text!r} has no month {month}: it looks like {order} order; write it as "
                "YYYY-MM-DD" + ("" if month_first else " or import with --month-first")
            )
        return _build(_year(match[3]), month, day, text)
    folded = fold(text)
    if folded in RELATIVE_DAYS:
        return (today or dt.date.today()) + dt.timedelta(days=RELATIVE_DAYS[folded])
    for pattern, day_group, month_group in ((_DAY_MONTH_YEAR, 1, 2), (_MONTH_DAY_YEAR, 2, 1)):
        match = pattern.fullmatch(folded)
        if match and match[month_group] in MONTHS:
            return _build(_year(match[3]), MONTHS[match[month_group]], int(match[day_group]), text)
    raise ParseError(f"{text!r} is not a date HireWire understands; {DATE_HELP}")


TIME_HELP = "use YYYY-MM-DD HH:MM (24-hour), for example 2026-11-05 14:30"


def parse_datetime(raw: str, *, month_first: bool = False) -> dt.datetime:
    """A date with an optional 24-hour time ('2026-11-05 14:30', '05/11/2026 9h30'), local."""
    text = raw.strip()
    match = re.fullmatch(r"(.*?)[ t]+(\d{1,2})[:h](\d{2})?", text, flags=re.IGNORECASE)
    hour, minute = 9, 0
    if match and match[1]:
        text, hour, minute = match[1], int(match[2]), int(match[3] or 0)
        if hour > 23 or minute > 59:
            raise ParseError(f"{raw.strip()!r} has no such time of day; {TIME_HELP}")
    try:
        day = parse_date(text, month_first=month_first)
    except ParseError:
        raise ParseError(f"{raw.strip()!r} is not a date and time; {TIME_HELP}") from None
    return dt.datetime.combine(day, dt.time(hour, minute)).astimezone()


# --- amounts ---------------------------------------------------------------------------------

CURRENCY_SIGNS = {"€": "EUR", "$": "USD", "£": "GBP", "chf": "CHF", "eur": "EUR", "usd": "USD"}
AMOUNT_HELP = "use a number such as 45000, 45 000, 45k or a range such as 45-55k"


@dataclass(frozen=True)
class Amount:
    """A salary: one figure (low == high) or a range, with the currency when it was written."""

    low: Decimal
    high: Decimal
    currency: str | None = None


def _number(text: str, raw: str) -> Decimal:
    """One figure: thousands separators and decimal comma/point resolved, k/m suffixes applied."""
    text = text.strip().casefold().replace("\u202f", " ").replace("\xa0", " ")
    multiplier = Decimal(1)
    if text.endswith("k"):
        multiplier, text = Decimal(1000), text[:-1].strip()
    elif text.endswith("m"):
        multiplier, text = Decimal(1_000_000), text[:-1].strip()
    text = re.sub(r"(?<=\d)[ '\u2019](?=\d{3}\b)", "", text)
    if not re.fullmatch(r"\d[\d.,]*", text):
        raise ParseError(f"{raw.strip()!r} is not an amount; {AMOUNT_HELP}")
    commas, points = text.count(","), text.count(".")
    if commas and points:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        text = text.replace(thousands, "").replace(decimal_mark, ".")
    elif commas + points:
        mark = "," if commas else "."
        head, _, tail = text.rpartition(mark)
        # 45,000 and 1.234.567 group thousands; 45,5 and 45.50 carry decimals.
        if commas + points > 1 or (len(tail) == 3 and multiplier == 1):
            if not all(len(group) == 3 for group in text.split(mark)[1:]):
                raise ParseError(f"{raw.strip()!r} has misplaced separators; {AMOUNT_HELP}")
            text = text.replace(mark, "")
        else:
            text = f"{head}.{tail}"
    try:
        value = Decimal(text) * multiplier
    except InvalidOperation:
        raise ParseError(f"{raw.strip()!r} is not an amount; {AMOUNT_HELP}") from None
    if value > MAX_AMOUNT:
        raise ParseError(f"{raw.strip()!r} is too large for an amount; {AMOUNT_HELP}")
    return value.quantize(Decimal("0.01"))


def parse_amount(raw: str) -> Amount:
    """A salary or a salary range: '45000', '45 000 €', '$45,000', '45,5k', '45-55k EUR'."""
    text = raw.strip()
    if not text:
        raise ParseError(f"an amount is required; {AMOUNT_HELP}")
    if len(text) > 60:
        raise ParseError(f"{text[:20]!r}... is too long to be an amount; {AMOUNT_HELP}")
    lowered = text.casefold()
    currency = None
    for sign, code in CURRENCY_SIGNS.items():
        if sign in lowered:
            currency = code
            lowered = lowered.replace(sign, " ")
    lowered = re.sub(
        r"\b(per year|a year|par an|/an|/year|brut|gross|annual|annuel)\b", " ", lowered
    )
    parts = re.split(r"\s*(?:\s-\s|-|\u2013|\u2014|\bto\b|\ba\b|\bà\b)\s*", lowered.strip())
    if len(parts) > 2 or not all(parts):
        raise ParseError(f"{text!r} is not an amount; {AMOUNT_HELP}")
    values = [_number(part, text) for part in parts]
    # '45-55k': the suffix applies to both ends.
    short_low = len(values) == 2 and not parts[0].strip().endswith("k") and values[0] < 1000
    if short_low and parts[1].strip().endswith("k"):
        values[0] = (values[0] * 1000).quantize(Decimal("0.01"))
    low, high = values[0], values[-1]
    if low > high:
        raise ParseError(f"{text!r} is a range whose low end is above its high end")
    return Amount(low, high, currency)


def parse_int(raw: str, *, low: int, high: int, what: str) -> int:
    text = raw.strip()
    if not re.fullmatch(r"\d{1,9}", text) or not low <= int(text) <= high:
        raise ParseError(f"{what} must be a whole number from {low} to {high}, not {text!r}")
    return int(text)


# --- text ------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(raw: str | None, *, what: str, limit: int, required: bool = False) -> str | None:
    """Trimmed text within a length limit, without control characters; None when empty."""
    text = (raw or "").strip()
    if not text:
        if required:
            raise ParseError(f"{what} is required")
        return None
    if _CONTROL.search(text):
        raise ParseError(f"{what} contains a control character; remove it")
    if len(text) > limit:
        raise ParseError(f"{what} is {len(text)} characters long; the limit is {limit}")
    return text


def clean_email(raw: str | None, *, what: str = "the e-mail") -> str | None:
    text = clean_text(raw, what=what, limit=320)
    if text is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+", text):
        raise ParseError(f"{text!r} is not an e-mail address such as name@example.com")
    return text


def clean_currency(raw: str | None) -> str | None:
    text = (raw or "").strip().upper()
    if not text:
        return None
    text = CURRENCY_SIGNS.get(text.casefold(), text)
    if not re.fullmatch(r"[A-Z]{3}", text):
        raise ParseError(f"{raw!r} is not a currency code; use three letters such as EUR or USD")
    return text


# --- vocabularies ----------------------------------------------------------------------------

# Spellings people use in spreadsheets, English and French, folded (see fold()).
SOURCE_SYNONYMS = {
    "linked in": "linkedin", "lnkd": "linkedin", "wttj": "welcome_to_the_jungle",
    "welcome": "welcome_to_the_jungle", "website": "company_website",
    "company site": "company_website", "careers page": "company_website",
    "career site": "company_website", "site": "company_website",
    "site entreprise": "company_website", "site carriere": "company_website",
    "site de l entreprise": "company_website", "candidature spontanee": "company_website",
    "direct": "company_website", "referral": "referral", "referred": "referral",
    "cooptation": "referral", "recommandation": "referral", "recruteur": "recruiter",
    "cabinet": "recruiter", "cabinet de recrutement": "recruiter", "headhunter": "recruiter",
    "agency": "recruiter", "chasseur de tetes": "recruiter", "pole emploi": "france_travail",
    "francetravail": "france_travail", "ft": "france_travail", "reseau": "networking",
    "network": "networking", "salon": "job_fair", "forum": "job_fair", "job fair": "job_fair",
    "autre": "other", "indeed com": "indeed",
}  # fmt: skip
STATUS_SYNONYMS = {
    "sent": "applied", "submitted": "applied", "envoyee": "applied", "envoye": "applied",
    "postule": "applied", "candidature envoyee": "applied", "candidature": "applied",
    "phone screen": "screening", "prequalification": "screening", "entretien rh": "screening",
    "interview": "interviewing", "interviews": "interviewing", "entretien": "interviewing",
    "entretiens": "interviewing", "en entretien": "interviewing",
    "test technique": "technical_test", "technical test": "technical_test",
    "exercice": "technical_test", "final": "final_round", "dernier entretien": "final_round",
    "offre": "offer", "offer received": "offer", "accepte": "accepted", "acceptee": "accepted",
    "hired": "accepted", "embauche": "accepted", "refus": "rejected", "refuse": "rejected",
    "refusee": "rejected", "rejet": "rejected", "declined": "rejected",
    "no answer": "ghosted", "no response": "ghosted", "sans reponse": "ghosted",
    "pas de reponse": "ghosted", "withdrawn": "withdrew", "abandon": "withdrew",
    "desiste": "withdrew", "retire": "withdrew", "en attente": "on_hold", "on hold": "on_hold",
    "pending": "on_hold",
}  # fmt: skip
OUTCOME_SYNONYMS = {
    "offre": "offer", "offer received": "offer", "accepte": "accepted", "acceptee": "accepted",
    "hired": "accepted", "embauche": "accepted", "offre declinee": "declined",
    "decline": "declined", "declinee": "declined", "refus": "rejected", "refuse": "rejected",
    "refusee": "rejected", "rejet": "rejected", "no answer": "ghosted",
    "sans reponse": "ghosted", "pas de reponse": "ghosted", "no response": "ghosted",
    "withdrawn": "withdrew", "abandon": "withdrew", "desiste": "withdrew",
}  # fmt: skip
INTERVIEW_TYPE_SYNONYMS = {
    "phone": "phone_screen", "telephone": "phone_screen", "call": "phone_screen",
    "visio": "video", "visioconference": "video", "zoom": "video", "teams": "video",
    "tech": "technical", "coding": "coding_challenge", "live coding": "coding_challenge",
    "design": "system_design", "take home": "take_home", "homework": "take_home",
    "comportemental": "behavioral", "sur site": "onsite", "on site": "onsite",
    "rh": "hr", "manager": "final",
}  # fmt: skip


@dataclass(frozen=True)
class Vocabulary:
    """One lookup table (code -> label) with the spellings that map onto its codes."""

    name: str
    labels: dict[str, str]
    synonyms: dict[str, str]

    @functools.cached_property
    def _index(self) -> dict[str, str]:
        index = {key: code for key, code in self.synonyms.items() if code in self.labels}
        for code, label in self.labels.items():
            index[fold(label)] = code
            index[fold(code)] = code
        return index

    def resolve(self, raw: str) -> str:
        """The code for a code, a label or a known synonym; ParseError listing the codes."""
        code = self._index.get(fold(raw))
        if code is not None:
            return code
        known = ", ".join(self.labels)
        shown = raw.strip()[:40]
        raise ParseError(f"unknown {self.name} {shown!r}; use one of: {known}")
