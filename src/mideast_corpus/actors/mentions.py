"""``find_mentions``: the mentions table of a corpus, one row per actor or place mention."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from ..provenance import attach_provenance
from .dictionary import ActorDictionary, as_dictionary
from .matcher import _plan, _scan_columns

__all__ = ["MENTION_COLUMNS", "MENTION_TYPES", "find_mentions", "mention_types"]

#: Columns of the mentions table, in order.
MENTION_COLUMNS = ["doc_id", "sent_id", "actor", "parent", "kind", "alias", "start", "end", "is_place",
                   "mention_type", "canonical", "rule"]
#: Values of ``mention_type``: an actor in the events, a location, or a news organisation named as a source.
MENTION_TYPES = ("actor", "place", "media")
#: Actor kinds whose names also name a building or seat (``at the White House``, ``outside the Pentagon``).
_SEAT_KINDS = frozenset({"government", "ministry", "legislature", "international_org", "intelligence"})
_AT_SEAT = re.compile(r"\b(?:[Aa]t|[Oo]utside|[Ii]nside|[Nn]ear|[Ii]nto)\s+the\s+\Z")


def find_mentions(
    corpus: Any,
    actors: ActorDictionary | pd.DataFrame | str | Path | None = None,
    *,
    places: bool = True,
    metonymy: bool = True,
) -> pd.DataFrame:
    """Find every mention of a dictionary actor (and gazetteer place) in a corpus.

    Parameters
    ----------
    corpus : Corpus
        From :func:`~mideast_corpus.load_corpus` or :func:`~mideast_corpus.load_seeds`.
    actors : ActorDictionary, DataFrame or CSV path, optional
        Default: :func:`~mideast_corpus.actors.default_actors`.
    places : bool, default True
        Include place mentions (rows with ``is_place=True``, ``actor`` = the
        gazetteer id, ``parent`` = the country's place id).
    metonymy : bool, default True
        Count country and capital names used as agents (``Damascus refuses``)
        as mentions of the actor named in the gazetteer's ``actor`` column;
        rule in :func:`~mideast_corpus.actors.rules.place_role`. With
        ``False`` every such name is a place.

    Returns
    -------
    pandas.DataFrame
        One row per mention, in document then text order, columns
        ``doc_id, sent_id, actor, parent, kind, alias, start, end, is_place``,
        ``mention_type`` (see :func:`mention_types`), then ``canonical``
        (the dictionary alias the surface form spells) and ``rule`` (which matching rule accepted it, see
        :mod:`mideast_corpus.actors.rules`). ``alias`` is the surface form:
        ``text[start:end] == alias``. ``parent`` is ``""`` for roots.

    Examples
    --------
    >>> import mideast_corpus as mc
    >>> from mideast_corpus.actors import find_mentions
    >>> m = find_mentions(mc.load_seeds())
    >>> list(m.columns[:9])
    ['doc_id', 'sent_id', 'actor', 'parent', 'kind', 'alias', 'start', 'end', 'is_place']
    >>> m[m.alias == "Hashd Al Shaabi"][["actor", "canonical"]].iloc[0].tolist()
    ['popular_mobilization_forces', 'Hashd al-Shaabi']
    """
    dictionary = as_dictionary(actors)
    matcher = dictionary.matcher()
    docs = corpus.docs
    doc_id_list = docs["doc_id"].tolist()
    starts: list[int] = []
    ends: list[int] = []
    forms: list[int] = []
    meto: list[bool] = []
    n_per_doc: list[int] = []
    for text in docs["text"].tolist():
        s, e, f, m = _scan_columns(text, matcher, places, metonymy)
        starts += s
        ends += e
        forms += f
        meto += m
        n_per_doc.append(len(s))

    # Columnar build: every string column is a take() from a small array of distinct values, which
    # pyarrow does in C, instead of converting one Python string per row and column.
    codes = _codes(matcher)
    start_col = np.asarray(starts, dtype=np.int64)
    form_code = np.asarray(forms, dtype=np.int64)
    is_meto = np.asarray(meto, dtype=bool)
    entry_code = np.where(is_meto, codes.target[form_code], codes.entry[form_code])
    rule_code = np.where(is_meto, codes.metonymy, codes.rule[form_code])
    doc_code = np.repeat(np.arange(len(doc_id_list), dtype=np.int64), n_per_doc)
    table = pd.DataFrame(
        {
            "doc_id": _take(pa.array(doc_id_list, type=pa.large_string()), doc_code),
            "sent_id": _sentence_ids(corpus.sentences(), doc_id_list, doc_code, start_col),
            "actor": _take(codes.ids, entry_code),
            "parent": _take(codes.parents, entry_code),
            "kind": _take(codes.kinds, entry_code),
            "alias": _take(codes.strings, form_code),
            "start": start_col,
            "end": np.asarray(ends, dtype=np.int64),
            "is_place": codes.is_place[entry_code],
            "mention_type": "actor",
            "canonical": _take(codes.strings, codes.canonical[form_code]),
            "rule": _take(codes.strings, rule_code),
        },
        columns=MENTION_COLUMNS,
    )
    table["mention_type"] = mention_types(table, dict(zip(doc_id_list, docs["text"].tolist(), strict=True)))
    table["is_place"] = (table["mention_type"] == "place").to_numpy()
    if not places:  # institutions named as a location ("at the White House") are places too
        table = table[~table["is_place"]].reset_index(drop=True)
    return attach_provenance(
        table,
        function="find_mentions",
        params={"places": places, "metonymy": metonymy},
        corpus=corpus,
        data_versions={"actors": dictionary.version},
    )


class _Codes:
    """Per matcher: every string a mentions row can hold, as arrow arrays to take() from.

    ``strings`` holds the surface forms first, in form-code order (see
    :func:`~.matcher._scan_columns`), then canonical aliases and rule names;
    ``entry``, ``target``, ``canonical`` and ``rule`` map a form code to its
    entry, metonymy target entry and the codes of its canonical alias and rule.
    """

    def __init__(self, matcher: Any) -> None:
        plan = _plan(matcher)
        values: dict[str, int] = {form: i for i, form in enumerate(plan.forms)}
        for v in (*plan.canonical, *plan.rule, "metonymy"):
            values.setdefault(v, len(values))
        self.strings = pa.array(list(values), type=pa.large_string())
        self.entry = np.asarray(plan.entry, dtype=np.int64)
        self.target = np.asarray([p[1] if p else -1 for p in plan.place], dtype=np.int64)
        self.canonical = np.asarray([values[c] for c in plan.canonical], dtype=np.int64)
        self.rule = np.asarray([values[r] for r in plan.rule], dtype=np.int64)
        self.metonymy = values["metonymy"]
        entries = matcher.entries
        self.ids = pa.array([e.id for e in entries], type=pa.large_string())
        self.parents = pa.array([e.parent for e in entries], type=pa.large_string())
        self.kinds = pa.array([e.kind for e in entries], type=pa.large_string())
        self.is_place = np.array([e.is_place for e in entries], dtype=bool)


def _codes(matcher: Any) -> _Codes:
    codes = matcher.__dict__.get("_codes")
    if codes is None:
        codes = _Codes(matcher)
        object.__setattr__(matcher, "_codes", codes)
    return codes


def _take(values: pa.Array, codes: np.ndarray) -> Any:
    """``values[codes]`` as a pandas ``str`` array (the dtype of ``pd.array(list_of_str, dtype="str")``)."""
    return pd.array(values.take(pa.array(codes, type=pa.int64())), dtype="str")


def _sentence_ids(sentences: pd.DataFrame, doc_ids: list[str], doc_code: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """The ``sent_id`` of each mention: the index, within its document, of the last sentence starting at or before it.

    The sentences table is sorted by document then position, so each document
    is one block of rows. One ``searchsorted`` on ``(block, start)`` keys does
    every document at once; a mention before its document's first sentence,
    or in a document without sentences, gets 0.
    """
    sent_doc = sentences["doc_id"].to_numpy()
    sent_start = sentences["start"].to_numpy().astype(np.int64)
    if not len(starts) or not len(sent_doc):
        return np.zeros(len(starts), np.int64)
    change = np.flatnonzero(sent_doc[1:] != sent_doc[:-1]) + 1
    firsts = np.concatenate(([0], change))
    lasts = np.concatenate((change, [len(sent_doc)]))
    bounds = {sent_doc[a]: (int(a), int(b)) for a, b in zip(firsts, lasts, strict=True)}
    first_row = np.empty(len(doc_ids), np.int64)
    has_rows = np.empty(len(doc_ids), bool)
    for d, doc_id in enumerate(doc_ids):
        a, b = bounds.get(doc_id, (0, 0))
        first_row[d], has_rows[d] = a, b > a
    block = np.repeat(np.arange(len(firsts), dtype=np.int64), lasts - firsts)
    shift = int(max(sent_start.max(), starts.max())) + 1
    keys = block * shift + sent_start
    row = first_row[doc_code]
    found = np.searchsorted(keys, block[row] * shift + starts, side="right") - 1 - row
    return np.where(has_rows[doc_code], np.maximum(found, 0), 0)


def mention_types(mentions: pd.DataFrame, texts: dict[str, str]) -> pd.Series:
    """Whether each mention names an actor in the events, a location, or a news organisation as a source.

    - ``"media"``: the dictionary kind is ``media`` (``(Reuters)``, ``told the Associated Press``,
      ``SANA reported``): news organisations are named as sources, credits and datelines far more
      often than as actors, so they are counted and scored only on request;
    - ``"place"``: a gazetteer place used as a location (``is_place``; see
      :func:`~mideast_corpus.actors.rules.place_role`), or an institution named by its seat after
      ``at``/``outside``/``inside``/``near``/``into the`` (``speaking at the White House``);
    - ``"actor"``: every other mention.

    Parameters
    ----------
    mentions : pandas.DataFrame
        A mentions table (``doc_id``, ``kind``, ``start``, ``is_place``).
    texts : dict
        ``{doc_id: text}`` of the documents the offsets refer to.

    Returns
    -------
    pandas.Series
        One of :data:`MENTION_TYPES` per row, indexed like ``mentions``.

    Examples
    --------
    >>> m = pd.DataFrame({"doc_id": ["d"] * 3, "kind": ["government", "media", "state"],
    ...                   "start": [23, 45, 67], "is_place": [False, False, False]})
    >>> t = "Obama, speaking at the White House, told the Associated Press that Iran..."
    >>> mention_types(m, {"d": t}).tolist()
    ['place', 'media', 'actor']
    """
    kinds = mentions["kind"].astype(str).to_numpy()
    out = np.where(kinds == "media", "media",
                   np.where(mentions["is_place"].to_numpy(dtype=bool), "place", "actor")).astype(object)
    seat = np.flatnonzero((out == "actor") & np.isin(kinds, list(_SEAT_KINDS)))
    docs, starts = mentions["doc_id"].to_numpy(), mentions["start"].to_numpy()
    for i in seat:
        text, start = texts[docs[i]], int(starts[i])
        if _AT_SEAT.search(text, max(0, start - 16), start):
            out[i] = "place"
    return pd.Series(pd.array(out.tolist(), dtype="str"), index=mentions.index, name="mention_type")
