"""``find_mentions``: the mentions table of a corpus, one row per actor or place mention."""

from __future__ import annotations

import re
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from ..corpus import Corpus
from ..provenance import attach_provenance
from .dictionary import ActorDictionary, as_dictionary
from .matcher import scan

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
    corpus: Corpus,
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
    found: list[tuple[int, int, int, int, bool]] = []
    n_per_doc: list[int] = []
    texts = docs["text"].tolist()
    for text in texts:
        in_doc = scan(text, matcher, places, metonymy)
        found += in_doc
        n_per_doc.append(len(in_doc))
    columns = np.fromiter(chain.from_iterable(found), dtype=np.int64, count=5 * len(found)).reshape(-1, 5)
    starts, ends, entry_code, form_code = columns[:, 0], columns[:, 1], columns[:, 2], columns[:, 3]
    is_meto = columns[:, 4].astype(bool)

    # Every string column is a take() from a small array of distinct values, which pyarrow does in C,
    # instead of converting one Python string per row and column.
    strings = {form: i for i, form in enumerate(matcher.forms)}
    for value in (*matcher.canonical, *matcher.rule, "metonymy"):
        strings.setdefault(value, len(strings))
    canonical_code = np.asarray([strings[c] for c in matcher.canonical], dtype=np.int64)
    rule_code = np.asarray([strings[r] for r in matcher.rule], dtype=np.int64)
    string_values = pa.array(list(strings), type=pa.large_string())
    entries = matcher.entries
    doc_code = np.repeat(np.arange(len(doc_id_list), dtype=np.int64), n_per_doc)
    table = pd.DataFrame(
        {
            "doc_id": _take(pa.array(doc_id_list, type=pa.large_string()), doc_code),
            "sent_id": _sentence_ids(corpus.sentences(), doc_id_list, doc_code, starts),
            "actor": _take(pa.array([e.id for e in entries], type=pa.large_string()), entry_code),
            "parent": _take(pa.array([e.parent for e in entries], type=pa.large_string()), entry_code),
            "kind": _take(pa.array([e.kind for e in entries], type=pa.large_string()), entry_code),
            "alias": _take(string_values, form_code),
            "start": starts,
            "end": ends,
            "is_place": np.array([e.is_place for e in entries], dtype=bool)[entry_code],
            "mention_type": "actor",
            "canonical": _take(string_values, canonical_code[form_code]),
            "rule": _take(string_values, np.where(is_meto, strings["metonymy"], rule_code[form_code])),
        },
        columns=MENTION_COLUMNS,
    )
    table["mention_type"] = mention_types(table, dict(zip(doc_id_list, texts, strict=True)))
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
    sent_doc, names = pd.factorize(sentences["doc_id"])  # integer codes: compared in C, not as strings
    sent_start = sentences["start"].to_numpy().astype(np.int64)
    if not len(starts) or not len(sent_doc):
        return np.zeros(len(starts), np.int64)
    change = np.flatnonzero(sent_doc[1:] != sent_doc[:-1]) + 1
    firsts = np.concatenate(([0], change))
    lasts = np.concatenate((change, [len(sent_doc)]))
    names = names.tolist()
    bounds = {names[sent_doc[a]]: (int(a), int(b)) for a, b in zip(firsts, lasts, strict=True)}
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
    kinds = mentions["kind"].astype("str")
    code = np.where(mentions["is_place"].to_numpy(dtype=bool), 1, 0)  # indices into MENTION_TYPES
    code[kinds.eq("media").to_numpy(dtype=bool)] = 2
    seat = np.flatnonzero((code == 0) & kinds.isin(_SEAT_KINDS).to_numpy(dtype=bool))
    seat_docs, seat_starts = mentions["doc_id"].iloc[seat].tolist(), mentions["start"].iloc[seat].tolist()
    for i, doc_id, start in zip(seat, seat_docs, seat_starts, strict=True):
        text = texts[doc_id]
        lo = max(0, start - 16)
        if "the" in text[lo:start] and _AT_SEAT.search(text, lo, start):
            code[i] = 1
    out = pa.array(MENTION_TYPES, type=pa.large_string()).take(pa.array(code, type=pa.int64()))
    return pd.Series(pd.array(out, dtype="str"), index=mentions.index, name="mention_type")
