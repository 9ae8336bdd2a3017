"""``find_mentions``: the mentions table of a corpus, one row per actor or place mention."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from ..provenance import attach_provenance
from .dictionary import ActorDictionary, as_dictionary
from .matcher import _scan

__all__ = ["MENTION_COLUMNS", "find_mentions"]

#: Columns of the mentions table, in order.
MENTION_COLUMNS = ["doc_id", "sent_id", "actor", "parent", "kind", "alias", "start", "end", "is_place",
                   "canonical", "rule"]


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
        ``doc_id, sent_id, actor, parent, kind, alias, start, end, is_place``
        then ``canonical`` (the dictionary alias the surface form spells) and
        ``rule`` (which matching rule accepted it, see
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
    sentences = corpus.sentences()
    sent_doc = sentences["doc_id"].to_numpy()
    sent_start = sentences["start"].to_numpy()
    # The sentences table is sorted by document then position: one slice of starts per document.
    bounds: dict[str, tuple[int, int]] = {}
    if len(sent_doc):
        change = np.flatnonzero(sent_doc[1:] != sent_doc[:-1]) + 1
        firsts = np.concatenate(([0], change))
        lasts = np.concatenate((change, [len(sent_doc)]))
        bounds = {sent_doc[a]: (int(a), int(b)) for a, b in zip(firsts, lasts, strict=True)}

    docs = corpus.docs
    doc_id_list = docs["doc_id"].tolist()
    cols: tuple[list, ...] = ([], [], [], [], [], [])  # start, end, entry, alias, canonical, rule
    n_per_doc: list[int] = []
    sent_ids: list[np.ndarray] = []
    for doc_id, text in zip(doc_id_list, docs["text"].tolist(), strict=True):
        found = _scan(text, matcher, places, metonymy)
        n_per_doc.append(len(found))
        if not found:
            continue
        for col, values in zip(cols, zip(*found, strict=True), strict=True):
            col += values
        a, b = bounds.get(doc_id, (0, 0))
        pos = np.searchsorted(sent_start[a:b], np.asarray(cols[0][-len(found):]), side="right") - 1
        sent_ids.append(np.maximum(pos, 0))

    # Columnar build: every string column is a take() from a small array of distinct values, which
    # pyarrow does in C, instead of converting one Python string per row and column.
    codes = _codes(matcher)
    n = len(cols[0])
    if n:
        starts, ends, entry, alias, canonical, rule = cols
        code = codes.index.__getitem__
        alias_code = np.fromiter(map(code, alias), dtype=np.int64, count=n)
        canonical_code = np.fromiter(map(code, canonical), dtype=np.int64, count=n)
        rule_code = np.fromiter(map(code, rule), dtype=np.int64, count=n)
        entry_code = np.asarray(entry, dtype=np.int64)
        start_col, end_col = np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64)
    else:
        alias_code = canonical_code = rule_code = entry_code = start_col = end_col = np.zeros(0, np.int64)
    doc_code = np.repeat(np.arange(len(doc_id_list), dtype=np.int64), n_per_doc)
    table = pd.DataFrame(
        {
            "doc_id": _take(pa.array(doc_id_list, type=pa.large_string()), doc_code),
            "sent_id": np.concatenate(sent_ids).astype(np.int64) if sent_ids else np.zeros(0, np.int64),
            "actor": _take(codes.ids, entry_code),
            "parent": _take(codes.parents, entry_code),
            "kind": _take(codes.kinds, entry_code),
            "alias": _take(codes.strings, alias_code),
            "start": start_col,
            "end": end_col,
            "is_place": codes.is_place[entry_code],
            "canonical": _take(codes.strings, canonical_code),
            "rule": _take(codes.strings, rule_code),
        },
        columns=MENTION_COLUMNS,
    )
    return attach_provenance(
        table,
        function="find_mentions",
        params={"places": places, "metonymy": metonymy},
        corpus=corpus,
        data_versions={"actors": dictionary.version},
    )


class _Codes:
    """Per matcher: every string a mentions row can hold, as arrow arrays to take() from."""

    def __init__(self, matcher: Any) -> None:
        values: dict[str, int] = {}
        for form, (_, canonical, rule) in matcher.surfaces.items():
            for v in (form, canonical, rule):
                values.setdefault(v, len(values))
        for v in ("metonymy", "place", "alias", "acronym", "demonym", "affiliation"):
            values.setdefault(v, len(values))
        self.index = values
        self.strings = pa.array(list(values), type=pa.large_string())
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
