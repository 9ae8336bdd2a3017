"""The per-document steps as one pure function of a partition of documents.

:func:`process_docs` takes a table of documents (a partition: a chunk of a
stream, a Dask partition, a whole small corpus) and returns the tidy tables of
the per-document steps, computed by the very functions a user calls in memory
(:meth:`Corpus.sentences`, :func:`~mideast_corpus.find_mentions`,
:func:`~mideast_corpus.score_stance`). Every one of those steps looks at one
document at a time, so the tables of a corpus are the concatenation of the
tables of its partitions, row for row: the streaming path
(:mod:`mideast_corpus.streaming`) and the Dask path (:mod:`mideast_corpus.dask`)
are this function applied to chunks, not second implementations.

Corpus-wide steps (counts by source, stance aggregates with bootstrap
intervals, topic fitting) then consume the concatenated tables with the usual
functions (``entity_frequency(..., mentions=...)``, ``stance_by_source(st)``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from .actors.dictionary import ActorDictionary
from .corpus import DOC_COLUMNS, REPORT_COLUMNS, Corpus

__all__ = ["BATCH_CHARS", "STEPS", "as_corpus", "conform", "empty_tables", "process_corpus", "process_docs",
           "process_in_batches"]

#: Per-document steps :func:`process_docs` can run, in pipeline order.
STEPS = ("sentences", "mentions", "stance")


def _check_steps(steps: Iterable[str]) -> tuple[str, ...]:
    steps = (steps,) if isinstance(steps, str) else tuple(steps)
    unknown = [s for s in steps if s not in STEPS]
    if unknown:
        raise ValueError(f"steps={list(steps)}: unknown step(s) {unknown}; choose from {list(STEPS)}")
    return steps


def as_corpus(docs: Any, *, repair: bool = True, **load_kwargs: Any) -> tuple[Corpus, bool]:
    """Return ``(corpus, loaded)`` for a partition of documents.

    A :class:`Corpus` is used as it is. A DataFrame with every column of
    :data:`~mideast_corpus.corpus.DOC_COLUMNS` is taken as an already loaded
    ``docs`` table (``corpus.docs`` or a partition of it): it is not repaired
    again. Anything else is raw rows, loaded with
    :func:`~mideast_corpus.load_corpus` (``repair`` and ``load_kwargs`` such
    as ``text=``, ``source=``, ``default_source=`` are passed on), and
    ``loaded`` is True. Site furniture is a corpus-level repair: a partition
    does not see the rest of its source, so it is not applied here (load the
    whole corpus with :func:`~mideast_corpus.load_corpus` first to have it).
    """
    if isinstance(docs, Corpus):
        return docs, False
    if not isinstance(docs, pd.DataFrame):
        raise TypeError(f"docs={type(docs).__name__}: process_docs needs a pandas DataFrame or a Corpus")
    if not load_kwargs and all(c in docs.columns for c in DOC_COLUMNS):
        return Corpus(docs, name="partition"), False
    from .loaders import load_corpus

    options = {"furniture": False, **load_kwargs}
    return load_corpus(docs, repair=repair, name="partition", **options), True


def process_corpus(
    corpus: Corpus,
    *,
    steps: Iterable[str] = ("mentions", "stance"),
    actors: ActorDictionary | pd.DataFrame | str | Path | None = None,
    places: bool = True,
    metonymy: bool = True,
    sentiment: Any = False,
) -> dict[str, pd.DataFrame]:
    """Run the per-document ``steps`` on a :class:`Corpus`; see :func:`process_docs`.

    Examples
    --------
    >>> import mideast_corpus as mc
    >>> corpus = mc.load_seeds().subset(source="The New Arab")
    >>> tables = process_corpus(corpus, steps=("mentions",))
    >>> tables["mentions"].equals(mc.find_mentions(corpus))
    True
    """
    from .actors.dictionary import as_dictionary
    from .actors.mentions import find_mentions
    from .stance.scoring import score_stance

    steps = _check_steps(steps)
    out: dict[str, pd.DataFrame] = {}
    if "sentences" in steps:
        out["sentences"] = corpus.sentences()
    if "mentions" in steps or "stance" in steps:
        dictionary = as_dictionary(actors)
        mentions = find_mentions(corpus, dictionary, places=places, metonymy=metonymy)
        if "mentions" in steps:
            out["mentions"] = mentions
        if "stance" in steps:
            if not (places and metonymy):  # score_stance's own default: every mention, metonymy read
                mentions = find_mentions(corpus, dictionary)
            out["stance"] = score_stance(corpus, dictionary, mentions=mentions, sentiment=sentiment)
    return out


#: Characters of text per call of the per-document steps when a chunk or partition is processed in batches
#: (:func:`process_in_batches`). While it runs, ``score_stance`` holds a few hundred bytes per character (the
#: sentiment features of every target), so one call on a 6 MB chunk would need over 1 GB.
BATCH_CHARS = 500_000

_STANCE_ORDER = ["doc_id", "start", "end", "actor"]


def _batches(docs: pd.DataFrame, max_chars: int) -> list[tuple[int, int]]:
    """Row ranges of consecutive documents holding at most ``max_chars`` characters (at least one document)."""
    bounds, start, size = [], 0, 0
    for i, n in enumerate(docs["text"].str.len().to_numpy()):
        if i > start and size + n > max_chars:
            bounds.append((start, i))
            start, size = i, 0
        size += int(n)
    if len(docs) > start or not bounds:
        bounds.append((start, len(docs)))
    return bounds


def process_in_batches(corpus: Corpus, *, steps: Iterable[str] = ("mentions", "stance"),
                       max_chars: int = BATCH_CHARS, **kwargs: Any) -> dict[str, pd.DataFrame]:
    """:func:`process_corpus` on runs of documents of at most ``max_chars`` characters, tables concatenated.

    Only when ``steps`` include stance, whose working memory (the sentiment
    features of every target) would otherwise grow with the chunk. Equal to
    ``process_corpus(corpus, ...)`` row for row (every step looks at one
    document at a time; stance rows are sorted again as ``score_stance``
    sorts them), with peak memory bounded by one batch whatever the size of
    the chunk. Tables come without ``attrs`` (the provenance of each batch
    would name the batch).

    Examples
    --------
    >>> import mideast_corpus as mc
    >>> seeds = mc.load_seeds()
    >>> whole = process_corpus(seeds, steps=("mentions", "stance"))
    >>> parts = process_in_batches(seeds, steps=("mentions", "stance"), max_chars=10_000)
    >>> parts["stance"].equals(whole["stance"]), parts["mentions"].equals(whole["mentions"])
    (True, True)
    """
    steps = _check_steps(steps)
    docs = corpus.docs
    # only stance needs it: the other steps hold little more than the tables they return
    bounds = _batches(docs, int(max_chars)) if "stance" in steps else [(0, len(docs))]
    if len(bounds) == 1:
        out = process_corpus(corpus, steps=steps, **kwargs)
    else:
        parts: dict[str, list[pd.DataFrame]] = {step: [] for step in steps}
        for a, b in bounds:
            tables = process_corpus(Corpus(docs.iloc[a:b], name=corpus.name), steps=steps, **kwargs)
            for step in steps:
                parts[step].append(tables[step])
        # a batch without rows adds none; its columns may lack the dtypes that rows give (see empty_tables)
        out = {step: pd.concat([t for t in parts[step] if len(t)] or parts[step][:1], ignore_index=True)
               for step in steps}
        if "stance" in out:
            out["stance"] = out["stance"].sort_values(_STANCE_ORDER, kind="stable", ignore_index=True)
    for table in out.values():
        table.attrs = {}
    return out


def process_docs(
    docs: pd.DataFrame | Corpus,
    *,
    steps: Iterable[str] = ("mentions", "stance"),
    actors: ActorDictionary | pd.DataFrame | str | Path | None = None,
    repair: bool = True,
    places: bool = True,
    metonymy: bool = True,
    sentiment: Any = False,
    **load_kwargs: Any,
) -> dict[str, pd.DataFrame]:
    """Run the per-document steps on one partition of documents and return their tables.

    A pure function of its input: the same partition gives the same tables in
    any process, so it runs unchanged in a loop over chunks, in a process pool
    or as Dask ``map_partitions``. The tables of a whole corpus equal the
    concatenation of the tables of its partitions (documents never span
    partitions).

    Parameters
    ----------
    docs : pandas.DataFrame or Corpus
        Either a loaded ``docs`` table (every column of ``corpus.docs``; not
        repaired again) or raw rows (a ``text`` column and metadata), which are
        loaded with :func:`~mideast_corpus.load_corpus` first.
    steps : iterable of str, default ("mentions", "stance")
        Any of :data:`STEPS`: ``"sentences"`` (:meth:`Corpus.sentences`),
        ``"mentions"`` (:func:`~mideast_corpus.find_mentions`), ``"stance"``
        (:func:`~mideast_corpus.score_stance` on those mentions).
    actors : ActorDictionary, DataFrame or path, optional
        The actor dictionary; the built-in one by default.
    repair : bool, default True
        For raw rows: repair web/PDF damage while loading (see ``load_corpus``).
    places, metonymy : bool, default True
        Passed to :func:`~mideast_corpus.find_mentions` for the mentions table.
        ``score_stance`` always uses its own defaults.
    sentiment : bool or callable, default False
        Passed to :func:`~mideast_corpus.score_stance`.
    **load_kwargs
        For raw rows: ``text=``, ``source=``, ``date=``, ``default_source=``...
        of :func:`~mideast_corpus.load_corpus`.

    Returns
    -------
    dict of str to pandas.DataFrame
        One table per step, with exactly the columns and dtypes of the
        in-memory function, plus ``"load_report"`` when raw rows were loaded.

    Examples
    --------
    >>> import pandas as pd
    >>> from mideast_corpus.pipeline import process_docs
    >>> rows = pd.DataFrame({"doc_id": ["d1"], "source": ["A"],
    ...                      "text": ["Russian jets struck Idlib. The Syrian army advanced."]})
    >>> out = process_docs(rows, steps=["mentions", "stance"])
    >>> sorted(out)
    ['load_report', 'mentions', 'stance']
    >>> out["mentions"][["actor", "alias"]].values.tolist()
    [['russian_armed_forces', 'Russian jets'], ['idlib', 'Idlib'], ['syrian_arab_army', 'Syrian army']]
    """
    corpus, loaded = as_corpus(docs, repair=repair, **load_kwargs)
    out = process_corpus(corpus, steps=steps, actors=actors, places=places, metonymy=metonymy,
                         sentiment=sentiment)
    if loaded:
        out["load_report"] = corpus.load_report
    return out


def empty_docs(columns: Iterable[str] = ()) -> pd.DataFrame:
    """An empty ``docs`` table with the loader's dtypes (and ``columns`` as extra document variables)."""
    extra = [c for c in columns if c not in DOC_COLUMNS]
    frame = pd.DataFrame({c: pd.Series([], dtype="str") for c in DOC_COLUMNS + extra})
    return frame.astype({"published": "datetime64[ns]", "n_words": "int64", "title": object})


def empty_tables(steps: Iterable[str] = ("mentions", "stance"), **kwargs: Any) -> dict[str, pd.DataFrame]:
    """The tables of :func:`process_docs` with no rows: their columns and dtypes (Dask ``meta``).

    On no documents at all, pandas cannot know that an empty list of labels
    holds strings (``role`` or ``cues`` come out as ``float64``), so the
    schema is taken from the pandas functions run on one fixed sentence and
    cut to zero rows: the dtypes every non-empty partition has.
    """
    probe = pd.DataFrame({"doc_id": ["probe"], "source": ["probe"],
                          "text": ["The Syrian army said Russian jets struck Idlib."]})
    corpus, _ = as_corpus(probe, repair=False)
    tables = process_corpus(corpus, steps=steps, **kwargs)
    out = {}
    for name, table in tables.items():
        table = table.iloc[:0].copy()
        table.attrs = {}
        out[name] = table
    return out


def conform(table: pd.DataFrame, meta: pd.DataFrame) -> pd.DataFrame:
    """Cast ``table`` to the dtypes of ``meta`` where they differ (only ever an empty partition's ``object``)."""
    casts = {c: meta[c].dtype for c in meta.columns if c in table.columns and table[c].dtype != meta[c].dtype}
    return table.astype(casts) if casts else table


REPORT_META = pd.DataFrame({c: pd.Series([], dtype="int64" if c == "count" else "str") for c in REPORT_COLUMNS})
