"""Parse publication dates and remember how precise they are.

News metadata mixes full dates ("2017-02-04", "04 February, 2017"), months
("2017-04", "April 2017") and years ("2015"). A month date is stored as the
first of the month with ``date_precision="month"`` so that a time bin never
pretends to know the day.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

__all__ = ["parse_date"]

_YEAR = re.compile(r"^\s*(\d{4})\s*$")
_YEAR_MONTH = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})\s*$")
_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\s*$")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_MONTH_NAME = re.compile(r"^\s*(" + "|".join(m[:3] for m in _MONTHS) + r")[a-z]*\.?,?\s+(\d{4})\s*$", re.I)
_HAS_DAY_AND_MONTH_NAME = re.compile(r"\d{1,2}.*[A-Za-z]{3,}.*\d{4}|[A-Za-z]{3,}.*\d{1,2},?\s+\d{4}")


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


def _parse(value: Any, fmt: str | None) -> tuple[pd.Timestamp | None, str | None, str | None]:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None, None, None
    if isinstance(value, pd.Timestamp | pd.Period) or (hasattr(value, "year") and hasattr(value, "month")):
        ts = pd.Timestamp(value.to_timestamp() if isinstance(value, pd.Period) else value)
        return ts.tz_localize(None) if ts.tzinfo else ts, "day", None
    text = str(value).strip()
    if not text:
        return None, None, None
    if fmt is not None:
        try:
            ts = pd.Timestamp(pd.to_datetime(text, format=fmt))
            return (ts.tz_convert(None) if ts.tzinfo else ts), "day", None
        except (ValueError, OverflowError) as exc:
            return None, None, (f"date {text!r} does not match date_format={fmt!r} ({_first_line(exc)}); "
                                "correct the date or the format")
    try:
        if m := _YEAR.match(text):
            return pd.Timestamp(int(m[1]), 1, 1), "year", None
        if m := _YEAR_MONTH.match(text):
            return pd.Timestamp(int(m[1]), int(m[2]), 1), "month", None
        if m := _ISO_DAY.match(text):
            ts = pd.Timestamp(text)
            return (ts.tz_convert(None) if ts.tzinfo else ts).normalize(), "day", None
        if m := _MONTH_NAME.match(text):
            month = [mm[:3] for mm in _MONTHS].index(m[1].lower()[:3]) + 1
            return pd.Timestamp(int(m[2]), month, 1), "month", None
    except (ValueError, OverflowError) as exc:
        return None, None, f"impossible date {text!r}: {_first_line(exc)}"
    if not _HAS_DAY_AND_MONTH_NAME.search(text):
        return None, None, (f"unrecognised date {text!r}: use YYYY-MM-DD, YYYY-MM or YYYY, "
                            "or pass date_format= (e.g. '%d/%m/%Y')")
    try:
        ts = pd.to_datetime(text, dayfirst=False)
    except (ValueError, OverflowError) as exc:
        if "out of range" in str(exc):
            return None, None, f"impossible date {text!r}: {_first_line(exc)}"
        return None, None, (f"unrecognised date {text!r}: {_first_line(exc)}; use YYYY-MM-DD, YYYY-MM or YYYY, "
                            "or pass date_format=")
    if ts.tzinfo:
        ts = ts.tz_convert(None)
    return ts.normalize(), "day", None
