"""Site furniture: lines and sentences a source repeats across many of its documents.

Scraped articles carry the site around them: credits ("The Associated Press
contributed to this report."), newsletter and app prompts, video-player text,
copyright lines, "Story Continued Below". One document cannot tell such a line
from text, but a corpus can: a line or sentence that one outlet prints in many
of its articles is the outlet's page, not its reporting. Left in, it becomes
the outlet's most "distinctive" words and a topic of its own.

:func:`find_site_furniture` lists, per source (or any ``by=`` grouping), every
line and sentence found in at least ``min_docs`` documents *and* at least
``min_share`` of the source's documents (and at most ``max_words`` words long,
so that a repeated paragraph of reporting is kept). :func:`remove_site_furniture`
removes them and logs the repair: one ``load_report`` row per source and line
(how many of its documents had it) and one per changed document.
:func:`~mideast_corpus.load_corpus` runs it by default (``furniture=False``
switches it off; ``furniture_min_docs`` and ``furniture_min_share`` set the
thresholds).

Lines are compared by their words, case-folded (punctuation and spacing do not
matter); sentences are found with the same rule the duplicate-paragraph repair
uses (:mod:`mideast_corpus.cleaning`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .cleaning import _iter_sentence_spans, _shorten, _summary, _tidy_lines, _word_key
from .corpus import Corpus
from .grouping import group_labels
from .provenance import attach_provenance
from .text import count_words

__all__ = ["FURNITURE_COLUMNS", "MAX_SENTENCE_WORDS", "MAX_WORDS", "MIN_DOCS", "MIN_SHARE", "find_site_furniture",
           "remove_site_furniture"]

#: A line or sentence must be found in at least this many documents of one source ...
MIN_DOCS = 3
#: ... and in at least this share of them ...
MIN_SHARE = 0.02
#: ... and hold at most this many words (a repeated paragraph of reporting is kept).
MAX_WORDS = 60
#: A sentence (at the start or end of a longer line) counts when it holds at most this many words.
MAX_SENTENCE_WORDS = 25
#: Columns of :func:`find_site_furniture` (the first is named after ``by``).
FURNITURE_COLUMNS = ["source", "unit", "text", "n_docs", "n_group_docs", "share"]


class _Line(NamedTuple):
    """A non-blank line of a document: its text, word key, sentence spans and the keys of its edge sentences."""

    text: str
    key: str
    spans: list[tuple[int, int]]
    edge_keys: dict[int, str]  # sentence index (first, last) -> key: furniture sits at the edges

    def sentence_key(self, i: int) -> str:
        key = self.edge_keys.get(i)
        return _word_key(self.text[slice(*self.spans[i])]) if key is None else key


def _lines(text: str) -> list[_Line | None]:
    """Each line of ``text`` parsed once, for counting and for stripping (``None``: a blank line)."""
    out: list[_Line | None] = []
    for line in text.split("\n"):
        if not line.strip():
            out.append(None)
            continue
        spans = list(_iter_sentence_spans(line))
        edges = dict.fromkeys((0, len(spans) - 1)) if spans else {}
        out.append(_Line(line, _word_key(line), spans, {i: _word_key(line[slice(*spans[i])]) for i in edges}))
    return out


def _counts(documents: Iterable[list[_Line | None]]) -> tuple[Counter[str], Counter[str], dict[str, str], int]:
    """Distinct documents per line key and per sentence key, the first text of each key, and the documents.

    ``documents`` are the parsed distinct texts: a document printed twice (the same text) counts once,
    its lines repeat because the article does, not the page around it.
    """
    lines: Counter[str] = Counter()
    sentences: Counter[str] = Counter()
    example: dict[str, str] = {}
    n = 0
    for parsed in documents:
        n += 1
        seen_lines: set[str] = set()
        seen_sentences: set[str] = set()
        for line in filter(None, parsed):
            if line.key:
                seen_lines.add(line.key)
                example.setdefault(line.key, line.text.strip())
            for i, skey in line.edge_keys.items():
                if skey:
                    seen_sentences.add(skey)
                    example.setdefault(skey, line.text[slice(*line.spans[i])].strip())
        lines.update(seen_lines)
        sentences.update(seen_sentences)
    return lines, sentences, example, n


def _check(min_docs: int, min_share: float, max_words: int) -> None:
    if isinstance(min_docs, bool) or not isinstance(min_docs, int) or min_docs < 2:
        raise ValueError(f"furniture_min_docs={min_docs!r}: use a whole number of at least 2 (a line in one "
                         "document is not repeated)")
    if not 0 <= float(min_share) <= 1:
        raise ValueError(f"furniture_min_share={min_share!r}: use a share between 0 and 1")
    if max_words < 1:
        raise ValueError(f"max_words={max_words!r}: use a positive number of words")


def _furniture_of(texts: list[str], min_docs: int, min_share: float,
                  max_words: int) -> tuple[list[dict[str, Any]], dict[str, list[_Line | None]]]:
    """The furniture rows of one group's documents, and each distinct text parsed (for stripping)."""
    parsed = {text: _lines(text) for text in texts}
    lines, sentences, example, n = _counts(parsed.values())
    need = max(min_docs, min_share * n)
    rows = []
    for unit, counter in (("line", lines), ("sentence", sentences)):
        longest = max_words if unit == "line" else min(max_words, MAX_SENTENCE_WORDS)
        for key, count in counter.items():
            if count >= need and len(key.split()) <= longest:
                # A one-sentence line is listed once, as a line.
                if unit == "sentence" and lines.get(key, 0) >= count:
                    continue
                rows.append({"unit": unit, "key": key, "text": example[key], "n_docs": count,
                             "n_group_docs": n, "share": count / n})
    return rows, parsed


def _groups(corpus: Corpus, by: str, min_docs: int, min_share: float, max_words: int
            ) -> Iterator[tuple[list[dict[str, Any]], list[tuple[int, list[_Line | None]]]]]:
    """Per group, one at a time: its furniture rows (with ``by`` and the word ``key``) and each of its documents'
    position in ``corpus.docs`` with its parsed lines."""
    _check(min_docs, min_share, max_words)
    labels = group_labels(corpus.docs, by).to_numpy()
    texts = corpus.docs["text"].to_numpy(dtype=object)
    for group in sorted(set(labels)):
        positions = np.flatnonzero(labels == group)
        rows, parsed = _furniture_of(list(texts[positions]), min_docs, min_share, max_words)
        yield [{by: group, **r} for r in rows], [(int(i), parsed[texts[i]]) for i in positions]


def _table(rows: list[dict[str, Any]], by: str) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=[by, "unit", "key", "text", "n_docs", "n_group_docs", "share"])
    table = table.sort_values([by, "n_docs", "unit", "key"], ascending=[True, False, True, True], kind="stable")
    return table.drop(columns="key").reset_index(drop=True)


def find_site_furniture(corpus: Corpus, *, by: str = "source", min_docs: int = MIN_DOCS,
                        min_share: float = MIN_SHARE, max_words: int = MAX_WORDS) -> pd.DataFrame:
    """List the lines and sentences each source repeats across many of its documents.

    Parameters
    ----------
    corpus : Corpus
        The documents (usually already repaired document by document).
    by : str, default "source"
        Which documents share furniture: any document column (see :func:`mideast_corpus.group_labels`).
    min_docs : int, default 3
        Fewest documents of one group a line or sentence must be found in.
    min_share : float, default 0.02
        Smallest share of the group's documents it must be found in.
    max_words : int, default 60
        Longest line or sentence, in words, that can count as furniture.

    Returns
    -------
    pandas.DataFrame
        ``<by>, unit ("line" | "sentence"), text (as first seen), n_docs, n_group_docs, share``,
        one row per group and repeated text, most frequent first.

    Examples
    --------
    >>> import pandas as pd, mideast_corpus as mc
    >>> texts = [f"Story {i} about Mosul and Raqqa number {i}.\\nStory Continued Below" for i in range(4)]
    >>> corpus = mc.load_corpus(pd.DataFrame({"text": texts, "source": "Wire"}), furniture=False)
    >>> find_site_furniture(corpus)[["source", "unit", "text", "n_docs"]].values.tolist()
    [['Wire', 'line', 'Story Continued Below', 4]]
    """
    rows = [row for group_rows, _ in _groups(corpus, by, min_docs, min_share, max_words) for row in group_rows]
    return attach_provenance(_table(rows, by), function="find_site_furniture",
                             params={"by": by, "min_docs": min_docs, "min_share": min_share,
                                     "max_words": max_words}, corpus=corpus)


def _strip(parsed: list[_Line | None], line_keys: set[str], sentence_keys: set[str]) -> tuple[str, list[str]]:
    """The parsed text without the furniture lines and sentences, and what was removed."""
    kept: list[str] = []
    removed: list[str] = []
    for line in parsed:
        if line is None:
            kept.append("")
            continue
        if line.key in line_keys:
            removed.append(line.text.strip())
            continue
        parts = line.spans
        first, last = 0, len(parts)
        # Peel furniture sentences off both edges; one in the middle is reporting that happens to repeat.
        while first < last and line.sentence_key(first) in sentence_keys:
            first += 1
        while last > first and line.sentence_key(last - 1) in sentence_keys:
            last -= 1
        if (first, last) == (0, len(parts)):
            kept.append(line.text)
            continue
        removed += [line.text[a:b].strip() for a, b in parts[:first] + parts[last:]]
        kept.append(" ".join(line.text[a:b].strip() for a, b in parts[first:last]))
    return _tidy_lines(kept), removed


def remove_site_furniture(corpus: Corpus, *, by: str = "source", min_docs: int = MIN_DOCS,
                          min_share: float = MIN_SHARE, max_words: int = MAX_WORDS) -> Corpus:
    """Return ``corpus`` without its site furniture, each removal in the load report.

    Parameters are those of :func:`find_site_furniture`. ``load_report`` gains
    one ``repaired`` row with step ``site_furniture`` per group and removed text
    (``count``: documents that had it; ``item``: ``"<by> <group>"``) and one per
    changed document (``count``: lines and sentences removed). A document with
    nothing left is skipped, with its reason. ``corpus.raw`` is unchanged.

    Examples
    --------
    >>> import pandas as pd, mideast_corpus as mc
    >>> texts = [f"Militants attacked post {i} near Mosul.\\nMORE ON THIS" for i in range(5)]
    >>> raw = mc.load_corpus(pd.DataFrame({"text": texts, "source": "Fox"}), furniture=False)
    >>> clean = remove_site_furniture(raw)
    >>> clean.docs["text"].iloc[0]
    'Militants attacked post 0 near Mosul.'
    >>> rows = clean.load_report.query("step == 'site_furniture' and doc_id.isna()")
    >>> rows[["item", "count", "detail"]].values.tolist()
    [['source Fox', 5, 'line in 5 of 5 documents: "MORE ON THIS"']]
    """
    found_rows: list[dict[str, Any]] = []
    stripped: dict[int, tuple[str, list[str]]] = {}  # document position -> (new text, removed)
    for group_rows, documents in _groups(corpus, by, min_docs, min_share, max_words):
        if not group_rows:
            continue
        found_rows += group_rows
        line_keys = {r["key"] for r in group_rows if r["unit"] == "line"}
        sentence_keys = {r["key"] for r in group_rows if r["unit"] == "sentence"}
        for i, lines in documents:
            new, removed = _strip(lines, line_keys, sentence_keys)
            if removed:
                stripped[i] = (new, removed)
    if not found_rows:
        return corpus
    found = _table(found_rows, by)
    docs = corpus.docs.copy()
    docs.attrs = {}
    report = corpus.load_report
    items = dict(zip(report.loc[report["action"] == "loaded", "doc_id"], report.loc[report["action"] == "loaded",
                                                                                    "item"], strict=False))
    rows: list[dict[str, Any]] = [
        {"item": f"{by} {r[by]}", "doc_id": None, "action": "repaired", "step": "site_furniture",
         "count": int(r["n_docs"]), "detail": f'{r["unit"]} in {r["n_docs"]} of {r["n_group_docs"]} documents: '
                                              f'"{_shorten(r["text"], 160)}"'}
        for r in found.to_dict("records")]
    texts, words, drop = list(docs["text"]), list(docs["n_words"]), []
    doc_ids = docs["doc_id"].to_numpy()
    for i in sorted(stripped):
        doc_id, (new, removed) = doc_ids[i], stripped[i]
        item = items.get(doc_id, str(doc_id))
        if not new.strip():
            rows.append({"item": item, "doc_id": doc_id, "action": "skipped", "step": "site_furniture", "count": 0,
                         "detail": "nothing left after removing site furniture; load with furniture=False to "
                                   "keep it"})
            drop.append(i)
            continue
        rows.append({"item": item, "doc_id": doc_id, "action": "repaired", "step": "site_furniture",
                     "count": len(removed), "detail": _shorten(_summary("removed", removed), 200)})
        texts[i], words[i] = new, count_words(new)
    docs["text"], docs["n_words"] = texts, np.asarray(words, dtype=np.int64)
    docs = docs.drop(index=drop).reset_index(drop=True)
    log = pd.concat([report, pd.DataFrame(rows, columns=report.columns)], ignore_index=True)
    return Corpus(docs, log, corpus.raw, name=corpus.name)
