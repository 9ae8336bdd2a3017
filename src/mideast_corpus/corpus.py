"""The Corpus: one tidy table of documents, how it was loaded, and its fingerprint.

A :class:`Corpus` holds a ``docs`` table (one row per document), the raw text
before repair, and a ``load_report`` table that lists every input item and
what was done to it. Loaders live in :mod:`mideast_corpus.loaders`; this module
only defines the object and what can be asked of it.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd

from .escaping import escape_html
from .provenance import attach_provenance
from .text import sentence_spans

__all__ = ["DOC_COLUMNS", "REPORT_COLUMNS", "SENTENCE_COLUMNS", "Corpus"]

#: Columns every ``docs`` table starts with, in this order; document variables follow.
DOC_COLUMNS = ["doc_id", "source", "published", "date_precision", "title", "text", "n_words"]
#: Columns of ``load_report``.
REPORT_COLUMNS = ["item", "doc_id", "action", "step", "count", "detail"]
#: Columns of :meth:`Corpus.sentences`.
SENTENCE_COLUMNS = ["doc_id", "sent_id", "start", "end", "text"]


def _canonical(value: Any) -> Any:
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def fingerprint_docs(docs: pd.DataFrame) -> str:
    """Return ``"sha256:<hex>"`` over every document's text and metadata.

    The hash is over a canonical JSON serialisation (documents sorted by
    ``doc_id``, columns sorted by name, dates in ISO format), so it is the same
    in every process and on every OS, and changes when any character of any
    text or metadata value does.

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"doc_id": ["d1"], "text": ["Mosul"]})
    >>> fingerprint_docs(a) == fingerprint_docs(a.copy())
    True
    >>> fingerprint_docs(a) == fingerprint_docs(a.assign(text=["Mosul!"]))
    False
    """
    digest = hashlib.sha256()
    columns = sorted(map(str, docs.columns))
    digest.update(json.dumps(columns, ensure_ascii=False).encode("utf-8"))
    ordered = docs.sort_values("doc_id", kind="stable") if "doc_id" in docs.columns else docs
    for row in ordered[columns].itertuples(index=False, name=None):
        line = json.dumps([_canonical(v) for v in row], ensure_ascii=False, separators=(",", ":"))
        digest.update(line.encode("utf-8"))
        digest.update(b"\n")
    return "sha256:" + digest.hexdigest()


class Corpus:
    """A collection of documents with metadata, raw text and a load report.

    Build one with :func:`~mideast_corpus.load_corpus` or
    :func:`~mideast_corpus.load_seeds` rather than directly.

    Parameters
    ----------
    docs : pandas.DataFrame
        One row per document with at least the columns in :data:`DOC_COLUMNS`.
    load_report : pandas.DataFrame, optional
        Columns :data:`REPORT_COLUMNS`: one or more rows per input item.
    raw : pandas.Series, optional
        Text before repair, indexed by ``doc_id``.
    name : str, optional
        A label for the corpus (used in report titles).

    Examples
    --------
    >>> import mideast_corpus as mc
    >>> corpus = mc.load_seeds()
    >>> len(corpus), corpus.docs["source"].nunique()
    (5, 5)
    >>> corpus.fingerprint.startswith("sha256:")
    True
    """

    def __init__(
        self,
        docs: pd.DataFrame,
        load_report: pd.DataFrame | None = None,
        raw: pd.Series | None = None,
        name: str = "corpus",
    ) -> None:
        missing = [c for c in DOC_COLUMNS if c not in docs.columns]
        if missing:
            raise ValueError(f"docs table lacks columns {missing}; build a Corpus with mc.load_corpus(...)")
        extra = [c for c in docs.columns if c not in DOC_COLUMNS]
        self._docs = docs[DOC_COLUMNS + extra].reset_index(drop=True)
        self._docs.attrs = {}
        self._report = (
            load_report.reset_index(drop=True)
            if load_report is not None
            else pd.DataFrame(columns=REPORT_COLUMNS)
        )
        self._raw = raw if raw is not None else self._docs.set_index("doc_id")["text"].rename("raw_text")
        self.name = name
        self._fingerprint: str | None = None
        self._sentences: pd.DataFrame | None = None

    # -- the tables ---------------------------------------------------------------------------------
    @property
    def docs(self) -> pd.DataFrame:
        """The documents: one row each, columns :data:`DOC_COLUMNS` then document variables.

        A fresh shallow copy on each access, so adding columns to it cannot
        change the corpus.
        """
        docs = self._docs.copy(deep=False)
        return attach_provenance(docs, function="Corpus.docs", corpus=self)

    @property
    def load_report(self) -> pd.DataFrame:
        """Every input item and what was done to it (loaded, repaired, skipped) and why."""
        return self._report.copy(deep=False)

    @property
    def raw(self) -> pd.Series:
        """Text as decoded, before repair, indexed by ``doc_id``."""
        return self._raw.copy(deep=False)

    @property
    def fingerprint(self) -> str:
        """``"sha256:..."`` over canonical text and metadata (see :func:`fingerprint_docs`)."""
        if self._fingerprint is None:
            self._fingerprint = fingerprint_docs(self._docs)
        return self._fingerprint

    def sentences(self) -> pd.DataFrame:
        """Return the sentences table: ``doc_id, sent_id, start, end, text``.

        ``start``/``end`` are character offsets into the document's ``text``;
        ``sent_id`` counts from 0 within each document. Sentences never cross a
        paragraph break.

        Examples
        --------
        >>> import mideast_corpus as mc
        >>> corpus = mc.load_seeds()
        >>> s = corpus.sentences()
        >>> list(s.columns)
        ['doc_id', 'sent_id', 'start', 'end', 'text']
        >>> row = s.iloc[0]
        >>> corpus.docs.set_index("doc_id").loc[row.doc_id, "text"][row.start:row.end] == row.text
        True
        """
        if self._sentences is None:
            rows: list[tuple[str, int, int, int, str]] = []
            for doc_id, text in zip(self._docs["doc_id"], self._docs["text"], strict=True):
                for sent_id, (start, end) in enumerate(sentence_spans(text)):
                    rows.append((doc_id, sent_id, start, end, text[start:end]))
            table = pd.DataFrame(rows, columns=SENTENCE_COLUMNS)
            self._sentences = table.astype({"sent_id": "int64", "start": "int64", "end": "int64"})
        return attach_provenance(self._sentences.copy(deep=False), function="Corpus.sentences", corpus=self)

    # -- selections ---------------------------------------------------------------------------------
    def subset(self, **criteria: Any) -> Corpus:
        """Return the documents whose columns match ``criteria``.

        Each keyword names a ``docs`` column; its value is one allowed value or
        a list of them.

        Raises
        ------
        KeyError
            If a keyword is not a column of ``docs``.

        Examples
        --------
        >>> import mideast_corpus as mc
        >>> len(mc.load_seeds().subset(source=["The New Arab", "The Daily Beast"]))
        2
        """
        mask = pd.Series(True, index=self._docs.index)
        for column, allowed in criteria.items():
            if column not in self._docs.columns:
                raise KeyError(f"{column}={allowed!r}: no such column; subset by one of {list(self._docs.columns)}")
            values = [allowed] if isinstance(allowed, str) or not isinstance(allowed, Iterable) else list(allowed)
            mask &= self._docs[column].isin(values)
        return self._select(mask)

    def filter(self, predicate: Callable[[pd.DataFrame], Any]) -> Corpus:
        """Return the documents for which ``predicate(docs)`` is True.

        ``predicate`` receives the ``docs`` table and returns a boolean mask.

        Examples
        --------
        >>> import mideast_corpus as mc
        >>> c = mc.load_seeds()
        >>> len(c.filter(lambda d: d["published"].dt.year >= 2017))
        3
        """
        mask = pd.Series(predicate(self.docs), index=self._docs.index).astype(bool)
        return self._select(mask)

    def _select(self, mask: pd.Series) -> Corpus:
        docs = self._docs[mask.to_numpy()]
        kept = set(docs["doc_id"])
        raw = self._raw[self._raw.index.isin(kept)]
        return Corpus(docs, self._report, raw, name=self.name)

    # -- summaries ----------------------------------------------------------------------------------
    def summary(self, by: str = "source") -> pd.DataFrame:
        """Documents, words and date range per group.

        Examples
        --------
        >>> import mideast_corpus as mc
        >>> mc.load_seeds().summary()["n_docs"].sum()
        np.int64(5)
        """
        from .grouping import group_labels

        docs = self._docs.assign(_group=group_labels(self._docs, by).to_numpy())
        table = (
            docs.groupby("_group", sort=True)
            .agg(n_docs=("doc_id", "size"), n_words=("n_words", "sum"),
                 first=("published", "min"), last=("published", "max"))
            .reset_index()
            .rename(columns={"_group": by})
        )
        return attach_provenance(table, function="Corpus.summary", params={"by": by}, corpus=self)

    def __len__(self) -> int:
        return len(self._docs)

    def _repr_html_(self) -> str:
        """A summary for Jupyter: size, dates, fingerprint, the largest sources, repairs and skips."""
        docs = self._docs
        dated = docs["published"].dropna()
        span = f"{dated.min():%Y-%m-%d} to {dated.max():%Y-%m-%d}" if len(dated) else "no dates"
        sizes = docs.groupby("source")["n_words"].agg(["size", "sum"]).sort_values(["size", "sum"], ascending=False)
        rows = "".join(f"<tr><td>{escape_html(str(s))}</td><td>{n:,}</td><td>{w:,}</td></tr>"
                       for s, n, w in sizes.head(10).itertuples(name=None))
        more = f"<p>… and {len(sizes) - 10:,} more sources.</p>" if len(sizes) > 10 else ""
        report = self._report
        repaired = report[report["action"] == "repaired"].groupby("step")["doc_id"].nunique()
        repairs = ", ".join(f"{escape_html(str(k))} ({v:,})" for k, v in repaired.items()) or "none"
        skipped = int((report["action"] == "skipped").sum())
        return (f"<div><p><b>Corpus {escape_html(self.name)}</b>: {len(docs):,} documents, {len(sizes):,} sources, "
                f"{int(docs['n_words'].sum()):,} words, published {span} ({len(dated):,} dated).<br>"
                f"Fingerprint <code>{escape_html(self.fingerprint)}</code>.<br>Repairs (documents): {repairs}. "
                f"Skipped items: {skipped:,}.</p><table><thead><tr><th>source</th><th>documents</th><th>words</th>"
                f"</tr></thead><tbody>{rows}</tbody></table>{more}</div>")

    def __repr__(self) -> str:
        n_sources = self._docs["source"].nunique()
        return (f"<Corpus {self.name!r}: {len(self)} documents, {n_sources} sources, "
                f"{int(self._docs['n_words'].sum())} words, {self.fingerprint[:19]}>")
