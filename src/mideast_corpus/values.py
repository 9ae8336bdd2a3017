"""One rule for ids and metadata values, whatever the input format.

Tables reach the loader as CSV text, JSON values, Parquet columns or a user's DataFrame. The same
rules apply to all of them, so that a corpus read from a CSV and the same corpus read from JSONL or
Parquet get the same ids and the same values:

* **Readers never route integers through float.** CSV/TSV cells are read as strings, JSON numbers
  stay Python ints (:func:`records_frame` builds object columns), Parquet integer columns with nulls
  stay Python ints (:func:`arrow_frame`), not float64 (which would turn ``101`` into ``101.0`` and
  merge ids above 2**53).
* **Ids and labels are text** (:func:`label_text`): a string as written, an integer as its digits, a
  float that holds a whole number below 2**53 as its digits (a DataFrame column of ids with a missing
  value is float64 in pandas: ``101.0`` is the id ``"101"``), any other float as Python writes it. A
  float id of 2**53 or more is refused: its last digits are already lost.
* **Text values are stripped, and the strip is recorded** (:func:`tidy_fields`): leading and trailing
  whitespace is removed from every metadata string (doc_id, source, title, date, document variables),
  listed in one ``metadata`` row ``strip_whitespace`` per item; a value holding only whitespace
  becomes missing, and that row names it. An empty string is a missing value.
* **Document variables keep their type**; an integer column with missing values becomes pandas
  ``Int64`` (nullable) rather than float64 (:func:`integer_column`).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from .errors import CorpusInputError

__all__ = ["arrow_frame", "integer_column", "is_missing", "label_text", "records_frame", "tidy_fields"]

#: Floats hold every integer up to this exactly; past it an id read as float has lost digits.
FLOAT_EXACT = 2**53


def is_missing(value: Any) -> bool:
    """True for None, NaN, ``pd.NA``, ``NaT`` and the empty string.

    Examples
    --------
    >>> [is_missing(v) for v in (None, float("nan"), "", " ", 0)]
    [True, True, True, False, False]
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float | np.floating):
        return bool(np.isnan(value))
    return isinstance(value, str) and value == ""


def label_text(value: Any, where: str = "") -> str:
    """The text of an id or label cell (doc_id, source, title): never made through a float.

    Parameters
    ----------
    value : object
        A cell value that is not missing.
    where : str
        The item, for the error message.

    Raises
    ------
    CorpusInputError
        For a float of 2**53 or more (its digits were lost when it became a float).

    Examples
    --------
    >>> label_text(101), label_text(101.0), label_text(2**60 + 1), label_text(0.5), label_text(" d1 ")
    ('101', '101', '1152921504606846977', '0.5', ' d1 ')
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool | np.bool_):
        return str(bool(value))
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        number = float(value)
        if math.isfinite(number) and number.is_integer():
            if abs(number) >= FLOAT_EXACT:
                raise CorpusInputError(
                    f"{where}: the id or label {number!r} is a float of 2**53 or more, so its last digits are "
                    "already lost (two ids could become one); read the column as text (dtype=str) or as "
                    "integers (pandas 'Int64') and load again")
            return str(int(number))
        return repr(number)
    return str(value)


def records_frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    """A DataFrame of JSON records whose values stay as parsed (object columns: no int-to-float upcast).

    Examples
    --------
    >>> records_frame([{"doc_id": 101}, {"doc_id": None}])["doc_id"].tolist()
    [101, None]
    """
    return pd.DataFrame(records, dtype=object) if records else pd.DataFrame()


def arrow_frame(table: Any) -> pd.DataFrame:
    """A pyarrow Table or RecordBatch as pandas, integer columns with nulls as Python ints (not float64).

    Examples
    --------
    >>> import pyarrow as pa
    >>> arrow_frame(pa.table({"doc_id": [101, None]}))["doc_id"].tolist()
    [101, None]
    """
    return table.to_pandas(integer_object_nulls=True)


def _shown(value: str, limit: int = 40) -> str:
    return repr(value if len(value) <= limit else value[:limit - 3] + "...")


def _strip_note(key: str, value: str, stripped: str) -> str:
    if not stripped:
        return f"{key} {_shown(value, 20)} (whitespace only) -> missing"
    before, after = value[:len(value) - len(value.lstrip())], value[len(value.rstrip()):]
    removed = " and ".join(f"{edge!r} {where}" for edge, where in ((before, "before"), (after, "after")) if edge)
    return f"{key} {_shown(stripped)}: removed {removed}"


def tidy_fields(fields: dict[str, Any], *, id_key: str, where: str) -> tuple[dict[str, Any], str | None, int]:
    """Apply the value rule to one item's metadata; return the fields, a ``strip_whitespace`` detail and its count.

    Strings are stripped of leading and trailing whitespace; a string left empty, NaN, ``pd.NA`` and
    ``NaT`` are missing (None). The id in ``id_key`` becomes text (:func:`label_text`). The detail
    names each changed field (None when nothing changed); an empty string becoming None is not a
    change (it is the missing-value rule).

    Examples
    --------
    >>> fields, detail, count = tidy_fields({"doc_id": 7, "source": " Wire ", "desk": "  "}, id_key="doc_id",
    ...                                     where="row 0")
    >>> fields, count
    ({'doc_id': '7', 'source': 'Wire', 'desk': None}, 2)
    >>> detail
    "source 'Wire': removed ' ' before and ' ' after; desk '  ' (whitespace only) -> missing"
    """
    out: dict[str, Any] = {}
    changes: list[str] = []
    for key, value in fields.items():
        if isinstance(value, str):
            stripped = value.strip()
            if stripped != value:
                changes.append(_strip_note(key, value, stripped))
            value = stripped
        if is_missing(value):
            value = None
        elif key == id_key:
            value = label_text(value, where)
        out[key] = value
    detail = "; ".join(changes) if changes else None
    return out, detail, len(changes)


def integer_column(values: list[Any]) -> Any:
    """``Int64`` values for a column of Python ints with missing values; None when another rule applies.

    pandas would store such a column as float64 (``7`` shown as ``7.0``, large values rounded). Integers
    beyond the int64 range stay Python ints in an object column.

    Examples
    --------
    >>> integer_column([7, None, 9]).tolist()
    [7, <NA>, 9]
    >>> integer_column([7, 8]) is None, integer_column(["a", None]) is None
    (True, True)
    """
    present = [v for v in values if not is_missing(v)]
    if not present or len(present) == len(values):
        return None
    if not all(isinstance(v, int | np.integer) and not isinstance(v, bool | np.bool_) for v in present):
        return None
    cells = [None if is_missing(v) else int(v) for v in values]
    if all(-(2**63) <= v < 2**63 for v in present):
        return pd.array(cells, dtype="Int64")
    return pd.array(cells, dtype=object)
