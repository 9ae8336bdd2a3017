"""Parse publication dates and remember how precise they are.

News metadata mixes full dates ("2017-02-04", "04 February, 2017"), months
("2017-04", "April 2017") and years ("2015"). A month date is stored as the
first of the month with ``date_precision="month"`` so that a time bin never
pretends to know the day.

One rule for every input (strings, timestamps, any table format):

* **The day is the calendar day written in the value.** A time of day and a
  time zone or offset are read and dropped, never converted:
  ``"2017-02-04T23:30:00-05:00"``, ``"Sat, 04 Feb 2017 23:30 EST"`` and
  ``pd.Timestamp("2017-02-04 23:30", tz="America/New_York")`` are all
  2017-02-04, the day the outlet printed (converted to UTC the first would be
  the 5th).
* **Month names are whole words**: the English names and their usual
  abbreviations (Jan, Feb, Mar, Apr, May, Jun, Jul, Aug, Sep, Sept, Oct, Nov,
  Dec, with or without a dot), in any case. A word that merely starts like one
  ("Junk 2017", "Marchpane 2016", "Decimal 2015") is not a date.
* **Numeric day-month orders are not guessed**: ``31/12/2017`` needs
  ``date_format=``. Two-digit years are not read.

The accepted forms: ``YYYY``; ``YYYY-MM`` (also with ``/`` or ``.``); ``YYYY-MM-DD``
with an optional ISO time and offset; ``Month YYYY``; ``D Month YYYY`` and
``Month D, YYYY``, each with an optional weekday before, ordinal suffix
(``4th``), separators ``-`` or ``/`` and a time with am/pm and zone after. A
weekday name is read, not checked against the date.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

__all__ = ["parse_date"]

_MONTH_WORDS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
    ("december", "dec")), start=1) for name in names}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTH_WORDS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday)?\.?,?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_SEP = r"[\s/-]+"
_CLOCK = (r"(?:(?:[01]?\d|2[0-3])[:.][0-5]\d(?:[:.][0-5]\d(?:\.\d+)?)?(?:\s*[ap]\.?m\.?)?"
          r"|(?:0?\d|1[0-2])\s*[ap]\.?m\.?)")
_ZONE = r"(?:z|[+-]\d{2}:?\d{2}|(?:gmt|utc)(?:\s*[+-]\d{1,2}(?::?\d{2})?)?|[a-z]{2,5})"
_TIME = rf"(?:,?\s+(?:at\s+)?{_CLOCK}(?:\s*{_ZONE})?)?"
_YEAR_ONLY = re.compile(r"^\s*(\d{4})\s*$")
_YEAR_MONTH = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})\s*$")
_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})"
                      r"(?:[T ](?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?\s?(?:Z|[+-]\d{2}:?\d{2})?)?\s*$",
                      re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"^\s*{_MONTH},?\s+{_YEAR}\s*$", re.IGNORECASE)
_DAY_MONTH_YEAR = re.compile(rf"^\s*{_WEEKDAY}{_DAY}{_SEP}(?:of\s+)?{_MONTH},?{_SEP}{_YEAR}{_TIME}\s*$", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(rf"^\s*{_WEEKDAY}{_MONTH}{_SEP}{_DAY},?{_SEP}{_YEAR}{_TIME}\s*$", re.IGNORECASE)


def parse_date(value: Any, fmt: str | None = None) -> tuple[pd.Timestamp | None, str | None, str | None]:
    """Parse one date value.

    Parameters
    ----------
    value : str, datetime-like or None
        The date as found in the input.
    fmt : str, optional
        An explicit ``strftime`` format (e.g. ``"%d/%m/%Y"``) for numeric dates
        such as ``31/12/2017``, which are refused without one because day and
        month order is ambiguous. Precision is then ``"day"``.

    Returns
    -------
    tuple
        ``(timestamp or None, precision or None, problem or None)`` where
        precision is ``"day"``, ``"month"`` or ``"year"`` and problem says why a
        non-empty value could not be parsed.

    Examples
    --------
    >>> parse_date("2017-04")
    (Timestamp('2017-04-01 00:00:00'), 'month', None)
    >>> parse_date("04 February, 2017")[1]
    'day'
    >>> parse_date("2017-02-30")[2].startswith("impossible date '2017-02-30'")
    True
    >>> parse_date("31/12/2017", fmt="%d/%m/%Y")[0]
    Timestamp('2017-12-31 00:00:00')
    >>> parse_date(None)
    (None, None, None)
    """
    published, precision, problem = _parse(value, fmt)
    if published is not None and not _MIN <= published <= _MAX:
        shown = value if isinstance(value, str) else str(value)
        return None, None, (f"date {shown.strip()!r} is outside the range pandas can store "
                            f"({_MIN:%Y-%m-%d} to {_MAX:%Y-%m-%d}); correct it or leave it empty")
    return published, precision, problem


#: The timestamps a ``datetime64[ns]`` column can hold.
_MIN = pd.Timestamp("1677-09-22")
_MAX = pd.Timestamp("2262-04-11")


def _first_line(exc: BaseException) -> str:
    # pandas appends multi-line advice about its own ``format=`` argument; keep only the diagnosis.
    line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return line.split(". You might want")[0]


def _day_of(ts: pd.Timestamp) -> pd.Timestamp:
    """The calendar day of ``ts`` as written: a time zone is dropped, not converted."""
    return (ts.tz_localize(None) if ts.tzinfo else ts).normalize()


def _parse(value: Any, fmt: str | None) -> tuple[pd.Timestamp | None, str | None, str | None]:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None, None, None
    if isinstance(value, pd.Timestamp | pd.Period) or (hasattr(value, "year") and hasattr(value, "month")):
        return _day_of(pd.Timestamp(value.to_timestamp() if isinstance(value, pd.Period) else value)), "day", None
    text = str(value).strip()
    if not text:
        return None, None, None
    if fmt is not None:
        try:
            return _day_of(pd.Timestamp(pd.to_datetime(text, format=fmt))), "day", None
        except (ValueError, OverflowError) as exc:
            return None, None, (f"date {text!r} does not match date_format={fmt!r} ({_first_line(exc)}); "
                                "correct the date or the format")
    try:
        if m := _YEAR_ONLY.match(text):
            return pd.Timestamp(int(m[1]), 1, 1), "year", None
        if m := _YEAR_MONTH.match(text):
            return pd.Timestamp(int(m[1]), int(m[2]), 1), "month", None
        if m := _ISO_DAY.match(text):
            return pd.Timestamp(int(m[1]), int(m[2]), int(m[3])), "day", None
        if m := _MONTH_YEAR.match(text):
            return pd.Timestamp(int(m["year"]), _MONTH_WORDS[m["month"].lower()], 1), "month", None
        if m := _DAY_MONTH_YEAR.match(text) or _MONTH_DAY_YEAR.match(text):
            return pd.Timestamp(int(m["year"]), _MONTH_WORDS[m["month"].lower()], int(m["day"])), "day", None
    except (ValueError, OverflowError) as exc:
        return None, None, f"impossible date {text!r}: {_first_line(exc)}"
    return None, None, (f"unrecognised date {text!r}: use YYYY-MM-DD, YYYY-MM or YYYY, a month name in full or "
                        "abbreviated (4 February 2017, Feb 4, 2017), or pass date_format= (e.g. '%d/%m/%Y')")
