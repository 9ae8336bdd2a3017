"""Split documents into the units a topic model is fitted on.

A unit is a span ``[start, end)`` of one document's text. Four kinds:

``"document"``
    The whole text. Right for large corpora of short articles, and for
    comparing topics with per-document labels.
``"paragraph"`` (the default of :func:`~mideast_corpus.fit_topics`)
    Blocks separated by blank lines, evened out: a paragraph shorter than
    ``min_words`` is joined to the next one (headlines, captions and read-time
    lines are not topics of their own) and one longer than ``max_words`` is cut
    at sentence boundaries into near-equal parts (PDF text often has one
    "paragraph" per page). Works on any corpus size, including the five seeds.
``"window"``
    Non-overlapping runs of ``window`` consecutive sentences.
``"sentence"``
    Single sentences (a window of one).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..text import count_words, paragraph_spans, sentence_spans

__all__ = ["UNITS", "UNIT_COLUMNS", "make_units"]

UNITS = ("document", "paragraph", "window", "sentence")
#: Columns of :attr:`TopicModel.units`.
UNIT_COLUMNS = ["unit_id", "doc_id", "unit_index", "start", "end"]


def make_units(
    docs: pd.DataFrame,
    unit: str = "paragraph",
    *,
    min_words: int = 25,
    max_words: int = 150,
    window: int = 5,
    sentences: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return the units of ``docs``: ``unit_id, doc_id, unit_index, start, end``.

    ``unit_id`` is ``doc_id`` for documents and ``"<doc_id>#<index>"`` otherwise.
    Documents with no text have no units. ``sentences``, the sentences table of the corpus
    ``docs`` come from (:meth:`Corpus.sentences`, which keeps it once made), saves splitting the
    sentences again for ``"sentence"`` and ``"window"`` units.

    Examples
    --------
    >>> import pandas as pd
    >>> text = "Headline\\n\\n" + "war " * 30 + "\\n\\n" + "oil " * 30 + "\\n\\nPhoto: AFP"
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": [text]})
    >>> units = make_units(docs, "paragraph")
    >>> [text[a:b].split()[0] + "..." + text[a:b].split()[-1] for a, b in zip(units.start, units.end)]
    ['Headline...war', 'oil...AFP']
    >>> units["unit_id"].tolist()
    ['a#0', 'a#1']
    >>> make_units(docs, "document")["unit_id"].tolist()
    ['a']
    """
    if unit not in UNITS:
        raise ValueError(f"unit={unit!r} is not one of {UNITS}; use 'document' for many short articles")
    if sentences is not None and unit in ("sentence", "window"):
        return _sentence_units(docs, sentences, 1 if unit == "sentence" else window)
    rows: list[tuple[str, str, int, int, int]] = []
    for doc_id, text in zip(docs["doc_id"], docs["text"], strict=True):
        text = text if isinstance(text, str) else ""
        spans = _spans(text, unit, min_words=min_words, max_words=max_words, window=window)
        for i, (start, end) in enumerate(spans):
            unit_id = str(doc_id) if unit == "document" else f"{doc_id}#{i}"
            rows.append((unit_id, str(doc_id), i, start, end))
    table = pd.DataFrame(rows, columns=UNIT_COLUMNS)
    return table.astype({"unit_index": "int64", "start": "int64", "end": "int64"})


def _sentence_units(docs: pd.DataFrame, sentences: pd.DataFrame, window: int) -> pd.DataFrame:
    """Runs of ``window`` sentences of a sentences table as units, in the order of ``docs``."""
    doc_ids = docs["doc_id"].astype(str)
    table = sentences[["doc_id", "sent_id", "start", "end"]].astype({"doc_id": str})
    order = pd.Series(np.arange(len(doc_ids)), index=doc_ids)
    positions = order.reindex(table["doc_id"]).to_numpy()
    if np.isnan(positions).any():
        stray = table["doc_id"][np.isnan(positions)].iloc[0]
        raise ValueError(f"sentences= has sentences of a document not in docs ({stray!r}): pass the sentences "
                         "table of the same corpus (corpus.sentences())")
    table = table.assign(order=positions.astype(np.int64), unit_index=table["sent_id"] // window)
    units = (table.groupby(["order", "doc_id", "unit_index"], sort=True)
             .agg(start=("start", "min"), end=("end", "max")).reset_index())
    unit_ids = units["doc_id"] + "#" + units["unit_index"].astype(str)
    return pd.DataFrame({"unit_id": unit_ids, "doc_id": units["doc_id"], "unit_index": units["unit_index"],
                         "start": units["start"], "end": units["end"]}).astype(
        {"unit_index": "int64", "start": "int64", "end": "int64"})


def _spans(text: str, unit: str, *, min_words: int, max_words: int, window: int) -> list[tuple[int, int]]:
    if not text.strip():
        return []
    if unit == "document":
        return [(0, len(text))]
    if unit == "sentence":
        return sentence_spans(text)
    if unit == "window":
        sents = sentence_spans(text)
        return [(sents[i][0], sents[min(i + window, len(sents)) - 1][1]) for i in range(0, len(sents), window)]
    return _even_paragraphs(text, min_words=min_words, max_words=max_words)


def _even_paragraphs(text: str, *, min_words: int, max_words: int) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    pending: tuple[int, int, int] | None = None  # start, end, words of paragraphs too short so far
    for start, end in paragraph_spans(text):
        n_words = count_words(text[start:end])  # a word never spans a blank line: counts add up
        if pending is not None:
            start, n_words = pending[0], pending[2] + n_words
        if n_words < min_words:
            pending = (start, end, n_words)
            continue
        pending = None
        merged.extend(_split_long(text, start, end, max_words, n_words))
    if pending is not None:
        # a short tail joins the paragraph before it, if any
        if merged and merged[-1][1] <= pending[0]:
            merged[-1] = (merged[-1][0], pending[1])
        else:
            merged.append(pending[:2])
    return merged


def _split_long(text: str, start: int, end: int, max_words: int, n_words: int) -> list[tuple[int, int]]:
    if n_words <= max_words:
        return [(start, end)]
    sents = [(start + a, start + b) for a, b in sentence_spans(text[start:end])]
    n_parts = int(np.ceil(n_words / max_words))
    if len(sents) < 2 or n_parts < 2:
        return [(start, end)]
    # cut where the running word count crosses each multiple of n_words / n_parts
    counts = np.cumsum([count_words(text[a:b]) for a, b in sents])
    targets = counts[-1] * np.arange(1, n_parts) / n_parts
    cuts = sorted(set(np.searchsorted(counts, targets, side="left").tolist()))
    parts, first = [], 0
    for cut in cuts:
        if cut + 1 > first and cut + 1 < len(sents):
            parts.append((sents[first][0], sents[cut][1]))
            first = cut + 1
    parts.append((sents[first][0], sents[-1][1]))
    return parts
