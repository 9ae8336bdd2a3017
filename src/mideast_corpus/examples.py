"""From a number to the passages behind it.

Every cell of a comparison table rests on passages a reader can check:
a stance cell (actor x outlet) on the sentences that mention the actor, with
the evidence the score found; a topic cell (topic x outlet) on the text units
that carry the topic most; a key-term cell (term x outlet) on the sentences
that use the term. :func:`examples` returns them as one table, whatever the
kind of cell::

    st = mc.score_stance(corpus)
    mc.examples(st, corpus, actor="isis", source="Reuters")          # stance cell
    mc.examples(model, topic=3, source="Reuters")                     # topic cell
    mc.examples(corpus, term="regime", source="Reuters")              # key-term cell

The cell is named with keywords: ``actor=`` (or ``topic=``, ``term=``) and the
group, either as a document column (``source="Reuters"``,
``bias_text="left"``) or as ``by=`` and ``group=`` (``by="published:month",
group="2017-04"``). Any other keyword that names a column of a mention table
filters it (``label="negative"``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .corpus import Corpus
from .grouping import group_labels
from .provenance import attach_provenance

if TYPE_CHECKING:  # for the signatures only: importing the topics package here would load scikit-learn
    from .topics import TopicModel


__all__ = ["EXAMPLE_COLUMNS", "examples", "mention_passages", "term_passages", "topic_passages"]

#: Columns of :func:`examples`, in order (``actor``/``topic``/``term`` says which kind of cell).
EXAMPLE_COLUMNS = ["kind", "cell", "doc_id", "source", "published", "title", "sent_id", "passage", "mark_start",
                   "mark_end", "value", "label", "evidence"]
#: Longest passage returned; longer units are cut around the marked span.
MAX_CHARS = 600


def _doc_mask(docs: pd.DataFrame, where: Mapping[str, Any], by: str | None, group: Any) -> np.ndarray:
    mask = np.ones(len(docs), dtype=bool)
    for column, value in where.items():
        allowed = {str(v) for v in value} if isinstance(value, (list, tuple, set, frozenset)) else {str(value)}
        mask &= docs[column].astype("string").fillna("(missing)").astype(str).isin(allowed).to_numpy()
    if by is not None:
        if group is None:
            raise ValueError(f"by={by!r} needs group=: the group label to show, e.g. group='2017-04'")
        mask &= (group_labels(docs, by).to_numpy() == str(group))
    return mask


def _split_cell(cell: Mapping[str, Any], docs: pd.DataFrame, table_columns: set[str]) -> tuple[dict, dict]:
    """Keywords that name document columns select documents; those that name table columns filter rows."""
    where, filters = {}, {}
    for key, value in cell.items():
        if key in table_columns and key not in ("source",):
            filters[key] = value
        elif key in docs.columns:
            where[key] = value
        elif key in table_columns:
            filters[key] = value
        else:
            raise KeyError(f"{key}={value!r}: not a document column ({', '.join(map(str, docs.columns))}) nor a "
                           "column of the table; name the group as source='...', or by='published:month', "
                           "group='2017-04'")
    return where, filters


def _shorten(text: str, start: int, end: int, limit: int = MAX_CHARS) -> tuple[str, int, int]:
    """Cut ``text`` to about ``limit`` characters around ``[start, end)``; return it and the new offsets."""
    if len(text) <= limit:
        return text, start, end
    left = max(0, min(start - limit // 3, len(text) - limit))
    right = min(len(text), left + limit)
    prefix = "…" if left else ""
    suffix = "…" if right < len(text) else ""
    return prefix + text[left:right] + suffix, start - left + len(prefix), end - left + len(prefix)


def _with_docs(rows: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    meta = docs.set_index("doc_id")[["source", "published", "title"]]
    joined = rows.join(meta, on="doc_id")
    return joined


def _ranked_mentions(rows: pd.DataFrame) -> pd.DataFrame:
    """Mention rows in reading order: evidence first, strongest score first, then by position."""
    evidence_col = "evidence" if "evidence" in rows.columns else ("cues" if "cues" in rows.columns else None)
    score = rows["score"].astype(float) if "score" in rows.columns else pd.Series(np.nan, index=rows.index)
    evidence = rows[evidence_col].fillna("").astype(str) if evidence_col else pd.Series("", index=rows.index)
    key = pd.DataFrame({
        "_none": ~(score.notna() & (evidence.str.strip() != "")),  # evidence first (False sorts first)
        "_strength": -score.abs().fillna(0.0),
        "_doc": rows["doc_id"].astype(str), "_sent": rows["sent_id"].astype(int),
        "_start": rows["start"].astype(int) if "start" in rows.columns else 0,
    }, index=rows.index)
    order = key.sort_values(["_none", "_strength", "_doc", "_sent", "_start"], kind="stable").index
    out = rows.loc[order].assign(_evidence=evidence.loc[order].to_numpy())
    return out


def mention_passages(table: pd.DataFrame, corpus: Corpus, *, by: str = "source", n: int = 3,
                     only_actors: Iterable[str] | None = None, only_groups: Iterable[str] | None = None
                     ) -> pd.DataFrame:
    """The ``n`` best passages of every (group, actor) cell of a mention-level table, in one pass.

    What :func:`examples` returns for one cell, for all cells at once (the
    report uses it to attach passages to every cell of its charts). Returns
    ``<by>`` followed by :data:`EXAMPLE_COLUMNS`. ``only_actors`` and ``only_groups`` keep the cells of
    these actor ids and group labels.
    """
    docs = corpus.docs
    label = dict(zip(docs["doc_id"], group_labels(docs, by), strict=True))
    rows = table.assign(_group=table["doc_id"].map(label))
    rows = rows[rows["_group"].notna()]
    if only_actors is not None:
        rows = rows[rows["actor"].astype(str).isin({str(a) for a in only_actors})]
    if only_groups is not None:
        rows = rows[rows["_group"].astype(str).isin({str(g) for g in only_groups})]
    ranked = _ranked_mentions(rows)
    # One passage per sentence: a sentence naming the actor twice is one piece of evidence to read.
    ranked = ranked.drop_duplicates(["_group", "actor", "doc_id", "sent_id"])
    picked = ranked.groupby(["_group", "actor"], sort=True).head(n)
    picked = picked.sort_values(["_group", "actor"], kind="stable")
    return _group_named(_mention_rows(picked, corpus), by)


def _mention_rows(picked: pd.DataFrame, corpus: Corpus) -> pd.DataFrame:
    sentences = corpus.sentences().set_index(["doc_id", "sent_id"])[["start", "text"]]
    out = []
    for row in picked.to_dict("records"):
        s_start, s_text = sentences.loc[(row["doc_id"], int(row["sent_id"]))]
        a = int(row.get("start", s_start)) - int(s_start)
        b = int(row.get("end", s_start)) - int(s_start)
        passage, a, b = _shorten(str(s_text), max(a, 0), max(b, 0))
        value = row.get("score", np.nan)
        label = row.get("label", "")
        out.append({"_group": row.get("_group"), "kind": "actor", "cell": str(row["actor"]),
                    "doc_id": row["doc_id"], "sent_id": int(row["sent_id"]), "passage": passage,
                    "mark_start": a, "mark_end": b,
                    "value": float(value) if value is not None and pd.notna(value) else np.nan,
                    "label": label if isinstance(label, str) else "", "evidence": str(row.get("_evidence", ""))})
    return _finish(out, corpus.docs, ("_group",))


def _mention_examples(table: pd.DataFrame, corpus: Corpus, n: int, where: dict, filters: dict,
                      by: str | None, group: Any) -> pd.DataFrame:
    docs = corpus.docs
    selected = set(docs.loc[_doc_mask(docs, where, by, group), "doc_id"])
    rows = table[table["doc_id"].isin(selected)]
    for column, value in filters.items():
        allowed = {str(v) for v in value} if isinstance(value, (list, tuple, set, frozenset)) else {str(value)}
        rows = rows[rows[column].astype(str).isin(allowed)]
    ranked = _ranked_mentions(rows).drop_duplicates(["doc_id", "sent_id"]).head(n)
    return _mention_rows(ranked, corpus).drop(columns="_group")


def _term_pattern(term: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in str(term).split()]
    if not words:
        raise ValueError("term='': give the term to look for, e.g. term='regime'")
    # keyness lower-cases and drops a possessive 's; match any case and the possessive
    return re.compile(r"(?<![\w])" + r"[\s\W]+".join(words) + r"(?:['’]s)?(?![\w])", re.IGNORECASE)


def _term_hits(sentences: pd.DataFrame, term: str, n: int) -> list[dict[str, Any]]:
    """The first ``n`` sentences (in document order) that use ``term``."""
    pattern = _term_pattern(term)
    out = []
    for doc_id, sent_id, text in zip(sentences["doc_id"], sentences["sent_id"], sentences["text"], strict=True):
        match = pattern.search(text)
        if match is None:
            continue
        passage, a, b = _shorten(text, match.start(), match.end())
        out.append({"kind": "term", "cell": str(term), "doc_id": doc_id, "sent_id": int(sent_id), "passage": passage,
                    "mark_start": a, "mark_end": b, "value": np.nan, "label": "", "evidence": match.group(0)})
        if len(out) >= n:
            break
    return out


def _group_named(table: pd.DataFrame, by: str) -> pd.DataFrame:
    """The ``_group`` column named after ``by`` (with ``by="source"`` the ``source`` column already is the group)."""
    if by in table.columns:
        return table.drop(columns="_group")
    return table.rename(columns={"_group": by})[[by, *[c for c in table.columns if c != "_group"]]]


def _finish(rows: list[dict[str, Any]], docs: pd.DataFrame, extra: tuple[str, ...] = ()) -> pd.DataFrame:
    columns = [*extra, *[c for c in EXAMPLE_COLUMNS if c not in ("source", "published", "title")]]
    return _with_docs(pd.DataFrame(rows, columns=columns), docs)[[*extra, *EXAMPLE_COLUMNS]]


def _term_examples(corpus: Corpus, term: str, n: int, where: dict, by: str | None, group: Any) -> pd.DataFrame:
    docs = corpus.docs
    selected = set(docs.loc[_doc_mask(docs, where, by, group), "doc_id"])
    sentences = corpus.sentences()
    sentences = sentences[sentences["doc_id"].isin(selected)].sort_values(["doc_id", "sent_id"], kind="stable")
    return _finish(_term_hits(sentences, term, n), docs)


def term_passages(corpus: Corpus, cells: pd.DataFrame, *, by: str = "source", n: int = 2) -> pd.DataFrame:
    """The first ``n`` sentences of each (group, term) cell: ``cells`` has columns ``<by>`` and ``term``.

    Returns ``<by>`` followed by :data:`EXAMPLE_COLUMNS`.
    """
    docs = corpus.docs
    label = dict(zip(docs["doc_id"], group_labels(docs, by), strict=True))
    sentences = corpus.sentences().sort_values(["doc_id", "sent_id"], kind="stable")
    sentences = sentences.assign(_group=sentences["doc_id"].map(label))
    rows = []
    wanted = cells[[by, "term"]].astype(str).drop_duplicates()
    for group, terms in wanted.groupby(by, sort=True)["term"]:
        own = sentences[sentences["_group"] == group]
        for term in terms:
            rows += [{"_group": group, **hit} for hit in _term_hits(own, term, n)]
    return _group_named(_finish(rows, docs, ("_group",)), by)


def _best_units(model: TopicModel, weights: pd.DataFrame, keys: list[str], n: int) -> pd.DataFrame:
    """Per ``keys`` cell, the ``n`` units with most weight, one per document."""
    weights = weights.assign(_doc=weights["doc_id"].astype(str)).sort_values(
        [*keys, "weight", "_doc", "unit_id"], ascending=[*([True] * len(keys)), False, True, True], kind="stable")
    picked = weights.drop_duplicates([*keys, "doc_id"]).groupby(keys, sort=True).head(n)
    units = model.units.set_index("unit_id")
    docs = model._corpus.docs
    texts = dict(zip(docs["doc_id"], docs["text"], strict=True))
    terms = model.terms(n=10)
    top = {t: sub["term"].astype(str).tolist() for t, sub in terms.groupby("topic")}
    rows = []
    for record in picked.to_dict("records"):
        start, end = int(units.loc[record["unit_id"], "start"]), int(units.loc[record["unit_id"], "end"])
        text = texts[record["doc_id"]][start:end]
        lowered = text.lower()
        found = [t for t in top.get(record["topic"], []) if t.replace("_", " ") in lowered]
        passage, a, b = _shorten(text, 0, 0)
        rows.append({**{k: record[k] for k in keys if k != "topic"}, "kind": "topic", "cell": int(record["topic"]),
                     "doc_id": record["doc_id"], "sent_id": np.nan, "passage": passage, "mark_start": a,
                     "mark_end": b, "value": float(record["weight"]), "label": "", "evidence": ", ".join(found)})
    return _finish(rows, docs, tuple(k for k in keys if k != "topic"))


def _topic_examples(model: TopicModel, topic: int, n: int, where: dict, by: str | None, group: Any) -> pd.DataFrame:
    docs = model._corpus.docs
    selected = set(docs.loc[_doc_mask(docs, where, by, group), "doc_id"])
    weights = model.doc_topics
    weights = weights[(weights["topic"] == int(topic)) & weights["doc_id"].isin(selected)]
    return _best_units(model, weights, ["topic"], n)


def topic_passages(model: TopicModel, *, by: str | None = "source", n: int = 2,
                   min_weight: float = 0.3) -> pd.DataFrame:
    """The ``n`` units that carry each topic most, per group (``by=None``: over the whole corpus).

    Units with less than ``min_weight`` of the topic are not representative and are left out.
    Returns ``<by>`` (when given) followed by :data:`EXAMPLE_COLUMNS`.
    """
    weights = model.doc_topics
    weights = weights[weights["weight"] >= min_weight]
    if by is None:
        return _best_units(model, weights, ["topic"], n)
    docs = model._corpus.docs
    label = dict(zip(docs["doc_id"], group_labels(docs, by), strict=True))
    weights = weights.assign(_group=weights["doc_id"].map(label))
    return _group_named(_best_units(model, weights, ["_group", "topic"], n), by)


def examples(of: Any, corpus: Corpus | None = None, /, *, n: int = 5, by: str | None = None, group: Any = None,
             actor: str | None = None, topic: int | None = None, term: str | None = None,
             **cell: Any) -> pd.DataFrame:
    """Return the passages behind one cell of a comparison table.

    Parameters
    ----------
    of : DataFrame, TopicModel or Corpus
        What the cell was computed from: the mention-level stance table
        (:func:`~mideast_corpus.score_stance`) or mentions table
        (:func:`~mideast_corpus.find_mentions`) for an actor cell; a fitted
        :class:`~mideast_corpus.TopicModel` for a topic cell; the corpus (or a
        :func:`~mideast_corpus.keyness` table, with ``corpus=``) for a key-term cell.
    corpus : Corpus, optional
        The documents; needed with a table (the table holds offsets, not text).
    n : int, default 5
        Passages to return at most.
    by, group : str, optional
        The group as a grouping and its label (``by="published:month", group="2017-04"``);
        or name the group with a document column as a keyword (``source="Reuters"``).
    actor, topic, term : optional
        The cell's row: an actor id (stance and mention tables), a topic number
        (topic model), a term (key terms; a word pair is two words).
    **cell
        Document columns that select the group (``source="Reuters"``,
        ``bias_text="left"``, several values as a list), or columns of a
        mention table that filter it (``label="negative"``).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`EXAMPLE_COLUMNS`: ``kind`` ("actor", "topic", "term"),
        ``cell`` (the actor, topic or term), ``doc_id``, ``source``,
        ``published``, ``title``, ``sent_id``, ``passage`` (the sentence, or the
        topic's text unit, cut to about 600 characters), ``mark_start``/``mark_end``
        (the mention or term inside ``passage``), ``value`` (stance score or
        topic weight), ``label`` and ``evidence`` (what the score found, the
        topic's top terms in the passage, or the term as written). Stance
        passages with evidence come first, strongest first; topic passages by
        weight, one per document; term passages in document order.

    Examples
    --------
    >>> import mideast_corpus as mc
    >>> corpus = mc.load_seeds()
    >>> m = mc.find_mentions(corpus)
    >>> ex = examples(m, corpus, actor="isis", source="The New Arab", n=2)
    >>> ex[["kind", "cell", "source"]].values.tolist()
    [['actor', 'isis', 'The New Arab'], ['actor', 'isis', 'The New Arab']]
    >>> row = ex.iloc[0]
    >>> row["passage"][row["mark_start"]:row["mark_end"]] in {"ISIS", "IS", "Islamic State", "Daesh", "ISIL"}
    True
    >>> examples(corpus, term="regime", n=1)["evidence"].str.lower().tolist()
    ['regime']
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n={n!r}: give the number of passages, at least 1")
    if isinstance(of, Corpus):
        corpus, kind = of, "term"
    elif hasattr(of, "doc_topics") and hasattr(of, "components_"):
        kind = "topic"
        corpus = of._corpus
    elif isinstance(of, pd.DataFrame):
        if {"doc_id", "sent_id", "actor"} <= set(of.columns):
            kind = "actor"
        elif "term" in of.columns:
            kind = "term"
        elif "actor" in of.columns:
            raise ValueError("this table holds aggregates (one row per group and actor), not passages: pass the "
                             "mention-level table it was made from, e.g. examples(mc.score_stance(corpus), corpus, "
                             "actor=..., source=...)")
        else:
            raise ValueError(f"examples() cannot tell which cell this table describes (columns "
                             f"{list(of.columns)}); pass a stance or mentions table, a TopicModel or the corpus")
        if corpus is None:
            raise ValueError("examples(table, corpus, ...): the table holds offsets, not text; pass the corpus it "
                             "was made from as the second argument")
    else:
        raise TypeError(f"examples() takes a table, a TopicModel or a Corpus, not {type(of).__name__}")
    docs = corpus.docs
    table_columns = set(of.columns) if kind == "actor" else set()
    where, filters = _split_cell(cell, docs, table_columns)
    if kind == "actor":
        if actor is not None:
            filters["actor"] = actor
        table = _mention_examples(of, corpus, n, where, filters, by, group)
        params: dict[str, Any] = {"actor": actor}
    elif kind == "topic":
        if topic is None:
            raise ValueError("topic=None: name the topic to show, a number from model.labels, e.g. "
                             "examples(model, topic=0)")
        if not 0 <= int(topic) < of.n_topics:
            raise ValueError(f"topic={topic!r}: the model has topics 0 to {of.n_topics - 1}")
        table = _topic_examples(of, int(topic), n, where, by, group)
        params = {"topic": int(topic)}
    else:
        if term is None:
            raise ValueError("term=None: name the term to look for, e.g. examples(corpus, term='regime')")
        table = _term_examples(corpus, term, n, where, by, group)
        params = {"term": term}
    table = table[EXAMPLE_COLUMNS].reset_index(drop=True)
    if kind != "topic":
        table["sent_id"] = table["sent_id"].astype("int64")
    params.update({"n": n, "by": by, "group": group, **{k: v for k, v in cell.items()}})
    return attach_provenance(table, function="examples", params=params, corpus=corpus)
