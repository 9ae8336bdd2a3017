"""From a corpus to a term matrix: units, actor mentions, tokens, vocabulary.

Kept apart from the model so that fitting, :meth:`TopicModel.transform` and
:func:`select_n_topics` build their matrices exactly the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from ..progress import progress
from ..text import own_name_patterns
from .units import make_units
from .vocabulary import Vocabulary, data_file_version, join_units

__all__ = ["Prepared", "count_matrix", "prepare", "resolve_mentions"]


@dataclass
class Prepared:
    """Units of a corpus with their terms (internal)."""

    units: pd.DataFrame  # unit_id, doc_id, unit_index, start, end, n_tokens
    tokens: list[str]  # terms of each unit, in order, separated by single spaces (Vocabulary.unit_terms)
    mentions_note: str
    #: the vocabulary the documents' term streams were last made for, and the streams (models fitted on
    #: the same counts, as in select_n_topics, make them once)
    streams: tuple[np.ndarray, list[np.ndarray]] | None = None


def resolve_mentions(corpus: Any, mentions: pd.DataFrame | bool | None) -> tuple[pd.DataFrame | None, str]:
    """Return the mentions table to normalise aliases with, and a note saying where it came from.

    ``mentions=None`` asks the actor layer (:func:`mideast_corpus.actors.find_mentions`)
    when it can be imported and otherwise goes on without it (the fallback spellings
    of ``data/news_phrases.txt`` still join ``ISIS``/``ISIL``/``Islamic State``);
    ``False`` skips alias normalisation; a DataFrame is used as given.
    """
    if mentions is False:
        return None, "none (mentions=False)"
    if isinstance(mentions, pd.DataFrame):
        return mentions, "given mentions table"
    try:
        from ..actors import find_mentions  # type: ignore[attr-defined]
    except ImportError:
        return None, "actor layer not available: fallback spellings of data/news_phrases.txt only"
    return find_mentions(corpus), "mideast_corpus.actors.find_mentions"


def _spans_by_doc(mentions: pd.DataFrame | None) -> dict[str, list[tuple[int, int, str]]]:
    if mentions is None or len(mentions) == 0:
        return {}
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for doc_id, start, end, actor in zip(
        mentions["doc_id"].astype(str).tolist(),
        mentions["start"].astype("int64").tolist(),
        mentions["end"].astype("int64").tolist(),
        mentions["actor"].astype(str).tolist(),
        strict=True,
    ):
        spans.setdefault(doc_id, []).append((start, end, actor))
    return spans


def prepare(
    docs: pd.DataFrame,
    *,
    unit: str,
    vocabulary: Vocabulary,
    mentions: pd.DataFrame | None,
    mentions_note: str,
    min_words: int,
    max_words: int,
    window: int,
    sentences: pd.DataFrame | None = None,
) -> Prepared:
    """Cut ``docs`` into units and turn each unit into its list of terms.

    Each document is read once: its units joined by :data:`~.vocabulary.UNIT_BREAK`, mentions
    replaced by their actor's term and the outlet's own name blanked, then split into terms by
    :meth:`Vocabulary.unit_terms` (one string of terms per unit). ``sentences`` (the corpus'
    sentences table) saves splitting sentences again for sentence and window units.
    """
    units = make_units(docs, unit, min_words=min_words, max_words=max_words, window=window, sentences=sentences)
    texts = dict(zip(docs["doc_id"].astype(str), docs["text"], strict=True))
    own_name = own_name_patterns(docs)
    spans = _spans_by_doc(mentions)
    bounds: dict[str, list[tuple[int, int]]] = {}
    for doc_id, start, end in zip(units["doc_id"].tolist(), units["start"].tolist(), units["end"].tolist(),
                                  strict=True):
        bounds.setdefault(doc_id, []).append((start, end))
    tokens: list[str] = []
    # make_units keeps documents in order, units in order
    for doc_id, doc_bounds in progress(bounds.items(), desc="topics: preparing text", total=len(bounds),
                                       unit="docs"):
        text = join_units(texts[doc_id], doc_bounds, spans.get(doc_id, []))
        if doc_id in own_name:
            text = own_name[doc_id].sub(" ", text)
        tokens.extend(vocabulary.unit_terms(text))
    units = units.assign(n_tokens=np.array([t.count(" ") + 1 if t else 0 for t in tokens], dtype=np.int64))
    return Prepared(units=units, tokens=tokens, mentions_note=mentions_note)


def count_matrix(
    tokens: Sequence[str], *, vocabulary: Sequence[str] | None = None, min_df: float = 2, max_df: float = 0.95
) -> tuple[sparse.csr_matrix, np.ndarray, str]:
    """Unit-by-term counts of the space-separated terms of each unit; learn the vocabulary unless one is given.

    When ``min_df``/``max_df`` leave no term (a handful of short units), they
    are relaxed to 1 / 1.0 and the returned note says so.
    """
    if vocabulary is not None:
        vec = CountVectorizer(analyzer=str.split, vocabulary=list(vocabulary), dtype=np.float64)
        return vec.transform(tokens).tocsr(), np.asarray(vocabulary, dtype=object), ""
    note = ""
    try:
        vec = CountVectorizer(analyzer=str.split, min_df=min_df, max_df=max_df, dtype=np.float64)
        counts = vec.fit_transform(tokens)
    except ValueError:
        note = f"min_df={min_df}, max_df={max_df} left no term: relaxed to 1 and 1.0"
        vec = CountVectorizer(analyzer=str.split, min_df=1, max_df=1.0, dtype=np.float64)
        try:
            counts = vec.fit_transform(tokens)
        except ValueError as exc:
            raise ValueError(
                "the corpus has no terms left after stop words; check corpus.docs['text'] is not empty"
            ) from exc
    return counts.tocsr(), np.asarray(vec.get_feature_names_out(), dtype=object), note


def data_versions(mentions_note: str) -> dict[str, str]:
    """Versions of the data files a topic model used (for provenance)."""
    return {
        "news_stopwords.txt": data_file_version("news_stopwords.txt"),
        "news_phrases.txt": data_file_version("news_phrases.txt"),
        "aliases": mentions_note,
    }
