"""``find_mentions``: the mentions table of a corpus, one row per actor or place mention."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

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
    doc_ids: list[str] = []
    sent_ids: list[np.ndarray] = []
    cols: dict[str, list] = {"start": [], "end": [], "entry": [], "alias": [], "canonical": [], "rule": []}
    for doc_id, text in zip(docs["doc_id"], docs["text"], strict=True):
        found = _scan(text, matcher, places, metonymy)
        if not found:
            continue
        starts, ends, entry, alias, canonical, rule = zip(*found, strict=True)
        a, b = bounds.get(doc_id, (0, 0))
        pos = np.searchsorted(sent_start[a:b], np.asarray(starts), side="right") - 1
        sent_ids.append(np.maximum(pos, 0))
        doc_ids.extend([doc_id] * len(found))
        cols["start"].extend(starts)
        cols["end"].extend(ends)
        cols["entry"].extend(entry)
        cols["alias"].extend(alias)
        cols["canonical"].extend(canonical)
        cols["rule"].extend(rule)

    entries = matcher.entries
    entry = np.asarray(cols["entry"], dtype=np.int64)
    ids = np.array([e.id for e in entries], dtype=object)
    parents = np.array([e.parent for e in entries], dtype=object)
    kinds = np.array([e.kind for e in entries], dtype=object)
    is_place = np.array([e.is_place for e in entries], dtype=bool)
    table = pd.DataFrame(
        {
            "doc_id": pd.array(doc_ids, dtype="str"),
            "sent_id": np.concatenate(sent_ids).astype(np.int64) if sent_ids else np.zeros(0, np.int64),
            "actor": pd.array(ids[entry], dtype="str"),
            "parent": pd.array(parents[entry], dtype="str"),
            "kind": pd.array(kinds[entry], dtype="str"),
            "alias": pd.array(cols["alias"], dtype="str"),
            "start": np.asarray(cols["start"], dtype=np.int64),
            "end": np.asarray(cols["end"], dtype=np.int64),
            "is_place": is_place[entry],
            "canonical": pd.array(cols["canonical"], dtype="str"),
            "rule": pd.array(cols["rule"], dtype="str"),
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
