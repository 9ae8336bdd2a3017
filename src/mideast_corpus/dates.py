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

import ast
import re
import warnings
from collections.abc import Sequence
from typing import Any

import pandas as pd

__all__ = ["parse_date", "suggest_date_format", "warn_unparsed_dates"]

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


#: Formats tried by :func:`suggest_date_format`, most common in news metadata first.
CANDIDATE_FORMATS: tuple[str, ...] = (
    "%m/%d/%y", "%d/%m/%y", "%m/%d/%Y", "%d/%m/%Y", "%d.%m.%Y", "%d.%m.%y", "%Y/%m/%d", "%d-%m-%Y", "%m-%d-%Y",
    "%Y%m%d", "%d %b %Y", "%b %d %Y", "%B %d %Y", "%d %B %Y",
)
#: Warn at load when at least this share of the documents has a date that could not be parsed ...
UNPARSED_SHARE = 0.05
#: ... or at least this many.
UNPARSED_COUNT = 20
_QUOTED_DATE = re.compile(r"date ('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")")


def suggest_date_format(values: Sequence[str]) -> list[str]:
    """Return the ``date_format`` values that parse the most of ``values`` (best first; ties all kept).

    Examples
    --------
    >>> suggest_date_format(["4/5/17", "12/1/16"])
    ['%m/%d/%y', '%d/%m/%y']
    >>> suggest_date_format(["4/5/17", "25/1/16"])
    ['%d/%m/%y']
    >>> suggest_date_format(["soon"])
    []
    """
    cleaned = [str(v).strip().replace(",", "") for v in values if str(v).strip()]
    scores = {}
    for fmt in CANDIDATE_FORMATS:
        parsed = pd.to_datetime(pd.Series(cleaned, dtype=object), format=fmt, errors="coerce")
        scores[fmt] = int(parsed.notna().sum())
    best = max(scores.values(), default=0)
    return [f for f in CANDIDATE_FORMATS if best and scores[f] == best]


def warn_unparsed_dates(load_report: pd.DataFrame, n_items: int) -> str | None:
    """Warn (``UserWarning``) when many dates of a load could not be parsed; return the message.

    The message names a ``date_format`` that parses the failed values, when
    one of :data:`CANDIDATE_FORMATS` does, and the command-line flag.

    Examples
    --------
    >>> import pandas as pd, warnings
    >>> report = pd.DataFrame({"step": ["date_unparsed"] * 2, "detail": [
    ...     "unrecognised date '4/5/17': use YYYY-MM-DD; published left empty",
    ...     "unrecognised date '25/1/16': use YYYY-MM-DD; published left empty"]})
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     print(warn_unparsed_dates(report, 10))  # doctest: +NORMALIZE_WHITESPACE
    2 of 10 dates could not be parsed (e.g. '4/5/17', '25/1/16') and were left empty: pass
    date_format='%d/%m/%y' (command line: --date-format '%d/%m/%y'); corpus.load_report lists each
    (step date_unparsed)
    """
    details = load_report.loc[load_report["step"] == "date_unparsed", "detail"].astype(str)
    n = len(details)
    if not n or (n < UNPARSED_COUNT and n < UNPARSED_SHARE * max(n_items, 1)):
        return None
    values = []
    for detail in details:
        m = _QUOTED_DATE.search(detail)
        if m:
            try:
                values.append(str(ast.literal_eval(m.group(1))))
            except (ValueError, SyntaxError):
                continue
    shown = ", ".join(repr(v) for v in list(dict.fromkeys(values))[:3])
    formats = suggest_date_format(values)
    if len(formats) == 1:
        fix = f"pass date_format={formats[0]!r} (command line: --date-format {formats[0]!r})"
    elif formats:
        options = " or ".join(repr(f) for f in formats[:2])
        fix = (f"day and month order is ambiguous: pass date_format={options} (command line: --date-format "
               f"{formats[0]!r})")
    else:
        fix = "pass date_format= with their strftime format (command line: --date-format)"
    message = (f"{n:,} of {n_items:,} dates could not be parsed (e.g. {shown}) and were left empty: {fix}; "
               "corpus.load_report lists each (step date_unparsed)")
    warnings.warn(message, UserWarning, stacklevel=3)
    return message
