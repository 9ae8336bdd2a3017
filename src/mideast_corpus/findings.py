"""Findings: the largest differences between groups that their intervals support.

The report leads with them. For each measure (net stance toward an actor,
salience of an actor, prevalence of a topic) and each subject, the group with
the highest value is compared with the group with the lowest one, among groups
with enough observations. A difference counts as a finding only when the two
95% intervals do not overlap; findings are ranked by the gap between the
intervals (the lower bound of the high group minus the upper bound of the low
group), so a large difference resting on few documents ranks below a smaller
one that is well measured.

Non-overlapping intervals are a conservative screen, not a test (two intervals
can overlap while the difference is significant); use
:func:`~mideast_corpus.compare_stance` or
:meth:`~mideast_corpus.TopicModel.compare` for tests with corrected p values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from .provenance import attach_provenance

__all__ = ["FINDING_COLUMNS", "largest_differences"]

#: Columns of :func:`largest_differences`.
FINDING_COLUMNS = ["measure", "subject", "high_group", "high_value", "high_low", "high_high", "high_n",
                   "low_group", "low_value", "low_low", "low_high", "low_n", "gap", "separation"]
#: (value, low, high, n) columns of each measure's table.
_MEASURES = {
    "stance": ("stance", "actor", "net", "net_low", "net_high", "n_mentions"),
    "salience": ("entities", "actor", "per_1k_words", "per_1k_low", "per_1k_high", "count"),
    "topic": ("topic_prevalence", "topic", "share", "ci_low", "ci_high", "n_units"),
}


def _group_column(table: pd.DataFrame, by: str) -> str:
    return by if by in table.columns else ("group" if "group" in table.columns else "source")


def _differences(table: pd.DataFrame, measure: str, by: str, min_n: int, min_docs: int,
                 top_subjects: int) -> list[dict[str, Any]]:
    _, subject, value, low, high, n = _MEASURES[measure]
    if not {subject, value, low, high, n} <= set(table.columns):
        return []
    by = _group_column(table, by)
    usable = table[(table[n].astype(float) >= min_n) & table[low].notna() & table[high].notna()]
    if "n_docs" in usable.columns:
        # one article's paragraphs or mentions vary less than an outlet's articles: not a finding about outlets
        usable = usable[usable["n_docs"].astype(float) >= min_docs]
    weight = table.groupby(table[subject].astype(str))[n].sum()
    subjects = sorted(weight.index, key=lambda s: (-float(weight[s]), s))[:top_subjects]
    rows = []
    for key in subjects:
        cells = usable[usable[subject].astype(str) == key]
        if cells[by].nunique() < 2:
            continue
        ordered = cells.sort_values([value, by], ascending=[False, True], kind="stable")
        hi, lo = ordered.iloc[0], ordered.iloc[-1]
        separation = float(hi[low]) - float(lo[high])
        rows.append({"measure": measure, "subject": key, "high_group": str(hi[by]), "high_value": float(hi[value]),
                     "high_low": float(hi[low]), "high_high": float(hi[high]), "high_n": int(hi[n]),
                     "low_group": str(lo[by]), "low_value": float(lo[value]), "low_low": float(lo[low]),
                     "low_high": float(lo[high]), "low_n": int(lo[n]),
                     "gap": float(hi[value]) - float(lo[value]), "separation": separation})
    return rows


def largest_differences(tables: Mapping[str, pd.DataFrame], *, by: str = "source", min_n: int = 10,
                        min_docs: int = 2, per_measure: Mapping[str, int] | None = None,
                        top_subjects: int = 15) -> pd.DataFrame:
    """The largest differences between groups whose 95% intervals do not overlap.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        Report tables: ``stance`` (:func:`~mideast_corpus.stance_by_source`), ``entities``
        (:func:`~mideast_corpus.entity_frequency`), ``topic_prevalence``; those missing are skipped.
    by : str
        The grouping column.
    min_n : int
        Fewest observations (mentions; text units for topics) a group needs to be compared.
    min_docs : int
        Fewest documents a group needs (where the table says, ``n_docs``): one article is not an outlet.
    per_measure : mapping, optional
        Most findings per measure (default stance 3, salience 2, topic 2).
    top_subjects : int
        Only the most mentioned actors (or largest topics) are screened.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`, separated differences only, best separated first within
        each measure (stance, salience, topic).

    Examples
    --------
    >>> import pandas as pd
    >>> stance = pd.DataFrame({"source": ["A", "B", "C"], "actor": "russia", "net": [0.3, -0.2, 0.0],
    ...                        "net_low": [0.2, -0.3, -0.2], "net_high": [0.4, -0.1, 0.2], "n_mentions": [40, 50, 3]})
    >>> largest_differences({"stance": stance})[["subject", "high_group", "low_group", "gap"]].values.tolist()
    [['russia', 'A', 'B', 0.5]]
    """
    limits = {"stance": 3, "salience": 2, "topic": 2, **(per_measure or {})}
    rows = []
    for measure, (name, *_rest) in _MEASURES.items():
        table = tables.get(name)
        if table is None or not len(table):
            continue
        found = [r for r in _differences(table, measure, by, min_n, min_docs, top_subjects) if r["separation"] > 0]
        found.sort(key=lambda r: (-r["separation"], r["subject"]))
        rows += found[: limits.get(measure, 2)]
    table = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    return attach_provenance(table, function="largest_differences",
                             params={"by": by, "min_n": min_n, "min_docs": min_docs, "per_measure": limits,
                                     "top_subjects": top_subjects,
                                     "rule": "95% intervals of the highest and lowest group do not overlap"})
