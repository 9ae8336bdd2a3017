"""Resolve a ``by=`` grouping argument into one group label per document.

Every comparison in the library groups documents the same way: by any document
column (``"source"``, ``"outlet_kind"``) or by a time bin of ``published``
(``"published:year"``, ``"published:quarter"``, ``"published:month"``).
"""

from __future__ import annotations

import pandas as pd

__all__ = ["GROUP", "TIME_BINS", "group_column", "group_labels", "name_group_column"]

TIME_BINS = {"year": "Y", "quarter": "Q", "month": "M"}
#: The working name of the group column while a table is built; the returned table names it after ``by=``.
GROUP = "group"


def group_labels(docs: pd.DataFrame, by: str) -> pd.Series:
    """Return the group label of each document, as strings indexed like ``docs``.

    Parameters
    ----------
    docs : pandas.DataFrame
        A corpus' ``docs`` table.
    by : str
        A column of ``docs`` or ``"published:<bin>"`` with bin one of
        ``year``, ``quarter``, ``month``. Documents without a date, or whose
        date is coarser than the bin (a year-only date in a month bin), get the
        label ``"(undated)"`` rather than being dropped.

    Returns
    -------
    pandas.Series
        String labels, named ``by``.

    Raises
    ------
    KeyError
        If ``by`` names no column and is not a known time bin.

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"source": ["A", "B"],
    ...                      "published": pd.to_datetime(["2017-04-01", None]),
    ...                      "date_precision": ["month", None]})
    >>> group_labels(docs, "published:year").tolist()
    ['2017', '(undated)']
    """
    if ":" in by and by.split(":", 1)[0] == "published":
        unit = by.split(":", 1)[1]
        if unit not in TIME_BINS:
            raise KeyError(f"by={by!r}: time bin must be one of {sorted(TIME_BINS)} (e.g. 'published:year')")
        published = pd.to_datetime(docs["published"])
        labels = published.dt.to_period(TIME_BINS[unit]).astype("string")
        if "date_precision" in docs.columns:
            order = {"year": 0, "quarter": 1, "month": 1, "day": 2}
            need = order[unit]
            prec = docs["date_precision"].map(lambda p: order.get(p, -1) if isinstance(p, str) else -1)
            labels = labels.where(prec >= need)
        return labels.fillna("(undated)").astype(str).rename(by)
    if by not in docs.columns:
        raise KeyError(
            f"by={by!r} is not a document column; available: {sorted(map(str, docs.columns))} "
            "or a time bin such as 'published:year'"
        )
    return docs[by].astype("string").fillna("(missing)").astype(str).rename(by)


def name_group_column(table: pd.DataFrame, by: str) -> pd.DataFrame:
    """Name the group column of ``table`` (built as :data:`GROUP`) after ``by``, as every table does.

    ``entity_frequency(corpus, by="outlet_kind")`` and ``frames(corpus, by="outlet_kind")`` both
    return a column ``outlet_kind``, so tables join on it.

    Raises
    ------
    ValueError
        If ``by`` is already the name of another column of the table.

    Examples
    --------
    >>> import pandas as pd
    >>> name_group_column(pd.DataFrame({"group": ["A"], "share": [0.5]}), "source").columns.tolist()
    ['source', 'share']
    >>> name_group_column(pd.DataFrame({"group": ["A"], "share": [0.5]}), "share")
    Traceback (most recent call last):
    ...
    ValueError: by='share': the result has a column 'share' of its own; copy that document column ...
    """
    if by != GROUP and by in table.columns:
        raise ValueError(f"by={by!r}: the result has a column {by!r} of its own; copy that document column under "
                         "another name and group by it")
    out = table.rename(columns={GROUP: by})
    out.attrs = table.attrs
    return out


def group_column(table: pd.DataFrame, by: str) -> str:
    """The group column of a library table: ``by``, else the ``by=`` the table was made with.

    Charts and the report take ``by="source"`` by default; a table made with
    ``by="outlet_kind"`` still finds its group column through its provenance.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"outlet_kind": ["wire"], "share": [0.5]})
    >>> group_column(t, "outlet_kind")
    'outlet_kind'
    >>> t.attrs["provenance"] = {"params": {"by": "outlet_kind"}}
    >>> group_column(t, "source")
    'outlet_kind'
    """
    if by in table.columns:
        return by
    made_with = ((table.attrs.get("provenance") or {}).get("params") or {}).get("by")
    if isinstance(made_with, str) and made_with in table.columns:
        return made_with
    return by
