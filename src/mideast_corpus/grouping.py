"""Resolve a ``by=`` grouping argument into one group label per document.

Every comparison in the library groups documents the same way: by any document
column (``"source"``, ``"outlet_kind"``) or by a time bin of ``published``
(``"published:year"``, ``"published:quarter"``, ``"published:month"``).
"""

from __future__ import annotations

import pandas as pd

__all__ = ["TIME_BINS", "group_labels"]

TIME_BINS = {"year": "Y", "quarter": "Q", "month": "M"}


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
