"""Findings: the largest differences between groups, where a permutation test says they are not chance.

The report leads with them. For each measure (net stance toward an actor, salience of an actor,
prevalence of a topic) and each of the most mentioned subjects, two questions are asked of the groups
with enough observations (``min_n``) and at least ``min_docs`` documents:

1. **Do the groups differ at all?** The groups' spread around the pooled value, each weighted by its
   size (mentions, thousands of words, topic terms), is compared with its distribution when the group
   labels carry no information: the labels are permuted ``n_perm`` times — documents between groups,
   or whole outlets when a group holds several — keeping each group's size. Weighting by size keeps a
   two-article group's chance extreme from deciding. The p values of every measure and subject get
   Benjamini-Hochberg q values.
2. **Which two groups show it best?** The group with the highest lower 95% bound against the group
   with the lowest upper bound (intervals from the report's tables).

A difference is a finding when ``q < alpha`` and the two intervals do not overlap; findings are
ranked by q, then by the gap between the intervals. Picking the extremes of many groups without the
test would turn noise into findings: with 80 outlets dealt articles at random, the extremes' intervals
rarely overlap. Salience is tested the same way, so a difference resting only on the Poisson interval
of :func:`~mideast_corpus.entity_frequency` (which treats words, not articles, as independent) is not
reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .corpus import Corpus
from .grouping import group_column, group_labels
from .provenance import attach_provenance
from .resampling import fdr_q
from .rng import group_rng

__all__ = ["FINDING_COLUMNS", "largest_differences"]

#: Columns of :func:`largest_differences`.
FINDING_COLUMNS = ["measure", "subject", "high_group", "high_value", "high_low", "high_high", "high_n",
                   "low_group", "low_value", "low_low", "low_high", "low_n", "gap", "separation", "p", "q",
                   "resampled"]
#: The report table of each measure and its (subject, value, low, high, n) columns.
_MEASURES = {
    "stance": ("stance", "actor", "net", "net_low", "net_high", "n_mentions"),
    "salience": ("entities", "actor", "per_1k_words", "per_1k_low", "per_1k_high", "count"),
    "topic": ("topic_prevalence", "topic", "share", "ci_low", "ci_high", "n_units"),
}
#: What makes a group large enough to compare, per measure: a column of its size that does not depend on the
#: value compared (groups picked for having many mentions of an actor would carry their luck into the test).
_SIZE = {"stance": "n_mentions", "salience": "n_words", "topic": "n_units"}
#: Fewest words of a group for salience (mentions per 1,000 words).
MIN_WORDS = 1000


def _candidates(table: pd.DataFrame, measure: str, by: str, min_n: int, min_docs: int,
                top_subjects: int) -> list[dict[str, Any]]:
    """Per subject: the eligible groups and the highest and lowest of them, from a report table."""
    _, subject, value, low, high, n = _MEASURES[measure]
    size = _SIZE[measure] if _SIZE[measure] in table.columns else n
    if not {subject, value, low, high, n} <= set(table.columns):
        return []
    by = group_column(table, by)
    least = MIN_WORDS if size == "n_words" else min_n
    usable = table[(table[size].astype(float) >= least) & table[low].notna() & table[high].notna()]
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
        # the best separated pair: the highest lower bound against the lowest upper bound (a small group's extreme
        # value with a wide interval does not crowd out two well measured groups)
        hi = cells.sort_values([low, by], ascending=[False, True], kind="stable").iloc[0]
        lo = cells.sort_values([high, by], ascending=[True, True], kind="stable").iloc[0]
        if hi[by] == lo[by]:
            continue
        rows.append({"measure": measure, "subject": key, "groups": sorted(cells[by].astype(str)),
                     "high_group": str(hi[by]), "high_value": float(hi[value]), "high_low": float(hi[low]),
                     "high_high": float(hi[high]), "high_n": int(hi[n]),
                     "low_group": str(lo[by]), "low_value": float(lo[value]), "low_low": float(lo[low]),
                     "low_high": float(lo[high]), "low_n": int(lo[n]),
                     "gap": float(hi[value]) - float(lo[value]), "separation": float(hi[low]) - float(lo[high])})
    return rows


class _DocumentData:
    """Per document, the numerator and denominator whose pooled ratio is a measure, for any subject."""

    def __init__(self, tables: Mapping[str, pd.DataFrame], measure: str) -> None:
        self.measure = measure
        self.num: pd.Series | None = None  # indexed by (subject, doc_id)
        self.den: pd.Series | None = None  # by (subject, doc_id) for stance, by doc_id otherwise
        if measure == "stance":
            st = tables.get("stance_mentions")
            if st is None or "label" not in st.columns:
                return
            if "mention_type" in st.columns:
                st = st[st["mention_type"].astype(str) == "actor"]
            frame = pd.DataFrame({"subject": st["actor"].astype(str), "doc_id": st["doc_id"].astype(str),
                                  "num": st["label"].map({"positive": 1.0, "negative": -1.0}).fillna(0.0).to_numpy(),
                                  "den": 1.0})
            sums = frame.groupby(["subject", "doc_id"], sort=True)[["num", "den"]].sum()
            self.num, self.den = sums["num"], sums["den"]
        elif measure == "salience":
            mentions, docs = tables.get("mentions"), tables.get("documents")
            if mentions is None or docs is None:
                return
            if "mention_type" in mentions.columns:
                mentions = mentions[mentions["mention_type"].astype(str) == "actor"]
            elif "is_place" in mentions.columns:
                mentions = mentions[~mentions["is_place"].astype(bool)]
            self.num = mentions.groupby([mentions["actor"].astype(str), mentions["doc_id"].astype(str)]).size() \
                .astype(float)
            self.den = pd.Series(docs["n_words"].astype(float).to_numpy() / 1000.0,
                                 index=docs["doc_id"].astype(str).to_numpy())
        else:
            topics = tables.get("topic_documents")
            if topics is None:
                return
            keyed = topics.assign(subject=topics["topic"].astype(str), doc_id=topics["doc_id"].astype(str))
            self.num = keyed.set_index(["subject", "doc_id"])["terms"].astype(float)
            self.den = keyed.groupby("doc_id")["terms"].sum().astype(float)

    @property
    def ready(self) -> bool:
        return self.num is not None

    def arrays(self, subject: str, docs: list[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
        """The documents that count for ``subject``, with their numerators and denominators."""
        num = self.num.xs(subject, level=0) if subject in self.num.index.get_level_values(0) else pd.Series(
            dtype=float)
        if self.measure == "stance":
            den = self.den.xs(subject, level=0) if subject in self.den.index.get_level_values(0) else num
            keep = [d for d in docs if d in den.index]  # a document without a mention of the actor says nothing
            den_a = den.reindex(keep).to_numpy(dtype=float)
        else:
            keep = [d for d in docs if d in self.den.index]  # every document adds its words (or terms)
            den_a = self.den.reindex(keep).to_numpy(dtype=float)
        return keep, num.reindex(keep).fillna(0.0).to_numpy(dtype=float), den_a


def _heterogeneity_test(data: _DocumentData, subject: str, groups: list[str], group_of: Mapping[str, str],
                       outlet_of: Mapping[str, str], n_perm: int, rng: np.random.Generator,
                       all_docs: list[str]) -> tuple[float, str]:
    """p of the groups' size-weighted spread around the pooled value, under permuted group labels."""
    wanted = set(groups)
    keep, num_a, den_a = data.arrays(subject, [d for d in all_docs if group_of.get(d) in wanted])
    index = {g: i for i, g in enumerate(groups)}
    doc_group = np.array([index[group_of[d]] for d in keep], dtype=np.int64)
    doc_outlet = [outlet_of.get(d, d) for d in keep]
    several = any(len({o for o, g in zip(doc_outlet, doc_group, strict=True) if g == i}) > 1
                  for i in range(len(groups)))
    if several:
        # a group of several outlets: the outlet is the unit that varies, so whole outlets change group
        outlets = sorted(set(doc_outlet))
        position = {o: i for i, o in enumerate(outlets)}
        unit_of_doc = np.array([position[o] for o in doc_outlet], dtype=np.int64)
        unit_group = np.zeros(len(outlets), dtype=np.int64)
        unit_group[unit_of_doc] = doc_group
        kind = "outlets"
    else:
        unit_of_doc = np.arange(len(keep))
        unit_group = doc_group
        kind = "documents"

    overall = num_a.sum() / den_a.sum() if den_a.sum() > 0 else 0.0

    def heterogeneity(labels: np.ndarray) -> float:
        # between-group spread weighted by each group's size: a two-article group's chance extreme weighs little
        by_doc = labels[unit_of_doc]
        den = np.bincount(by_doc, weights=den_a, minlength=len(groups))
        num = np.bincount(by_doc, weights=num_a, minlength=len(groups))
        seen = den > 0
        return float((den[seen] * (num[seen] / den[seen] - overall) ** 2).sum())

    observed = heterogeneity(unit_group)
    hits = sum(heterogeneity(rng.permutation(unit_group)) >= observed - 1e-12 for _ in range(n_perm))
    return (1 + hits) / (n_perm + 1), kind


def largest_differences(tables: Mapping[str, pd.DataFrame], corpus: Corpus | None = None, *, by: str = "source",
                        min_n: int = 10, min_docs: int = 2, n_perm: int = 999, alpha: float = 0.05,
                        random_state: int = 0, per_measure: Mapping[str, int] | None = None,
                        top_subjects: int = 15) -> pd.DataFrame:
    """The largest differences between groups that a permutation test supports.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        Report tables: ``stance`` with ``stance_mentions``, ``entities`` with ``mentions`` and
        ``documents``, ``topic_prevalence`` with ``topic_documents``; measures whose tables are
        missing are skipped.
    corpus : Corpus, optional
        Gives each document its group (any ``by``); without it ``tables["documents"]`` must hold ``by``.
    by : str
        The grouping.
    min_n : int
        Fewest observations a group needs to be compared: mentions of the actor for stance, text units
        for topics; for salience, :data:`MIN_WORDS` words (a size that does not depend on the mentions
        compared).
    min_docs : int
        Fewest documents a group needs (where the table says, ``n_docs``): one article is not an outlet.
    n_perm : int
        Permutations of the group labels per subject.
    alpha : float
        Largest Benjamini-Hochberg q of a finding.
    random_state : int
        Seed of the permutations.
    per_measure : mapping, optional
        Most findings per measure (default stance 3, salience 2, topic 2).
    top_subjects : int
        Only the most mentioned actors (or largest topics) are tested.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS` (``p`` of the test, ``q`` over every test, ``resampled``:
        documents or outlets), findings only, best first within each measure (stance, salience, topic).

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(40)], "source": ["A"] * 20 + ["B"] * 20})
    >>> st = pd.DataFrame({"doc_id": docs["doc_id"].repeat(3).to_numpy(), "actor": "russia",
    ...                    "label": ["positive"] * 60 + ["negative"] * 60})
    >>> stance = pd.DataFrame({"source": ["A", "B"], "actor": "russia", "net": [1.0, -1.0], "net_low": [1.0, -1.0],
    ...                        "net_high": [1.0, -1.0], "n_mentions": 60, "n_docs": 20})
    >>> found = largest_differences({"stance": stance, "stance_mentions": st, "documents": docs}, n_perm=99)
    >>> found[["subject", "high_group", "low_group", "gap", "resampled"]].values.tolist()
    [['russia', 'A', 'B', 2.0, 'documents']]
    """
    docs = tables.get("documents")
    if corpus is not None:
        all_docs = corpus.docs["doc_id"].astype(str).tolist()
        group_of = dict(zip(all_docs, group_labels(corpus.docs, by), strict=True))
        outlet_of = dict(zip(all_docs, corpus.docs["source"].astype(str), strict=True))
    elif docs is not None and by in docs.columns:
        all_docs = docs["doc_id"].astype(str).tolist()
        group_of = dict(zip(all_docs, docs[by].astype(str), strict=True))
        outlet_of = dict(zip(all_docs, docs["source"].astype(str), strict=True)) if "source" in docs.columns \
            else {d: d for d in all_docs}
    else:
        raise ValueError(f"by={by!r}: largest_differences needs the corpus, or a documents table with a {by!r} column")
    tested = []
    for measure, (name, *_rest) in _MEASURES.items():
        table = tables.get(name)
        data = _DocumentData(tables, measure)
        if table is None or not len(table) or not data.ready:
            continue
        for row in _candidates(table, measure, by, min_n, min_docs, top_subjects):
            # each test its own stream, from the seed and what it tests: adding a candidate moves no other p
            rng = group_rng(random_state, "largest_differences", measure, str(row["subject"]))
            p, kind = _heterogeneity_test(data, row["subject"], row.pop("groups"), group_of, outlet_of, n_perm, rng,
                                          all_docs)
            tested.append({**row, "p": p, "resampled": kind})
    limits = {"stance": 3, "salience": 2, "topic": 2, **(per_measure or {})}
    out = pd.DataFrame(tested, columns=[c for c in FINDING_COLUMNS if c != "q"])
    out.insert(FINDING_COLUMNS.index("q"), "q", fdr_q(out["p"].to_numpy(dtype=float)))
    found = out[(out["q"] < alpha) & (out["separation"] > 0)]
    rows = []
    for measure in _MEASURES:
        part = found[found["measure"] == measure].sort_values(["q", "separation", "subject"],
                                                              ascending=[True, False, True], kind="stable")
        rows.append(part.head(limits.get(measure, 2)))
    table = pd.concat(rows, ignore_index=True) if rows else out.iloc[:0]
    return attach_provenance(table[FINDING_COLUMNS], function="largest_differences",
                             params={"by": by, "min_n": min_n, "min_docs": min_docs, "n_perm": n_perm,
                                     "alpha": alpha, "per_measure": limits, "top_subjects": top_subjects,
                                     "test": "permutation of group labels (documents, or outlets when a group "
                                             "holds several) for the size-weighted spread around the pooled "
                                             "value; BH q over all tests; intervals of the pair do not overlap"},
                             corpus=corpus, random_state=random_state)
