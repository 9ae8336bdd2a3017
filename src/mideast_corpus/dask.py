"""Run the per-document steps on a Dask DataFrame (optional: ``pip install mideast_corpus[dask]``).

Past one machine the library runs on Dask rather than on a scheduler of its own. Every
per-document step is :func:`~mideast_corpus.pipeline.process_docs` applied to a partition with
``map_partitions`` and an explicit ``meta`` (the schema of the pandas function's output), so a
computed table equals the pandas one row for row; aggregation then uses the usual functions::

    import dask
    import mideast_corpus as mc
    from mideast_corpus import dask as mcd

    ddf = mcd.to_dask(mc.load_corpus("articles.parquet"), npartitions=8)   # or mcd.to_dask("articles.parquet")
    mentions = mcd.find_mentions_dask(ddf).compute()      # == mc.find_mentions(corpus)
    st = mcd.score_stance_dask(ddf).compute()             # == mc.score_stance(corpus), up to row order
    tables = mcd.process_docs_dask(ddf, ["mentions", "stance"])       # both from one task per partition:
    mentions, st = dask.compute(tables["mentions"], tables["stance"])  # mentions found once, not twice
    mc.stance_by_source(st)                               # the pandas aggregation, unchanged
    freq = mcd.entity_frequency_dask(ddf)                 # == mc.entity_frequency(corpus)

Topic models are fitted on a sample (:func:`fit_topics_dask`: ``ddf.sample(frac, random_state)``,
computed, then :func:`~mideast_corpus.fit_topics`) and applied to every partition
(:func:`transform_dask`).

Row order: ``find_mentions`` keeps document order, so its partitions concatenate to the pandas
table. ``score_stance`` sorts its rows by ``doc_id`` within a call, so the Dask table holds the same
rows sorted within each partition; sort by ``doc_id, start, end, actor`` to compare.
"""

from __future__ import annotations

import operator
import os
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .corpus import DOC_COLUMNS, REPORT_COLUMNS, Corpus
from .defaults import N_TOPICS
from .errors import CorpusInputError, DuplicateDocumentError
from .pipeline import (
    _check_steps,
    as_corpus,
    conform,
    empty_docs,
    empty_tables,
    process_corpus,
    process_in_batches,
)

if TYPE_CHECKING:  # for the signatures only: importing the topics package here would load scikit-learn
    from .topics import TopicModel


__all__ = [
    "entity_frequency_dask",
    "find_mentions_dask",
    "fit_topics_dask",
    "process_docs_dask",
    "score_stance_dask",
    "to_dask",
    "transform_dask",
]

_HINT = "mideast_corpus.dask needs Dask: pip install mideast_corpus[dask]  (dask[dataframe] and distributed)"


def _dd():
    try:
        import dask.dataframe as dd
    except ImportError as exc:  # pragma: no cover - exercised without dask
        raise ImportError(_HINT) from exc
    return dd


def to_dask(data: Any, npartitions: int | None = None, *, chunk_docs: int = 1000, **load_kwargs: Any):
    """A ``dask.dataframe`` of documents in the ``docs`` schema of :class:`Corpus`, one partition per chunk.

    Parameters
    ----------
    data : Corpus, DataFrame or path
        A :class:`Corpus` (its ``docs``) or a loaded ``docs`` table is split
        into ``npartitions`` (default: one per ``chunk_docs`` documents). A
        Parquet file is read one row group per partition on the workers, a
        JSONL file one range of lines per partition (``chunk_docs`` lines, or
        fewer so that every worker gets two; ``npartitions`` equal ranges when
        given), each through the loader's rules (doc_id defaults count rows or
        lines across the whole file), so the client ships no text: for
        JSONL it parses each record once for its ``doc_id`` and refuses a
        duplicate (``DuplicateDocumentError``) or a file without records, as
        ``load_corpus`` does; for Parquet it reads the id column alone for
        the same check. Any other path (folder, CSV, JSON list, and JSONL in UTF-16/32
        or with carriage returns) is loaded chunk by chunk with
        :func:`~mideast_corpus.stream_corpus` on the client, which holds the
        documents: convert large inputs to Parquet or JSONL first.
    npartitions : int, optional
        Number of partitions for in-memory inputs. By default one per
        ``chunk_docs`` documents, and at least two per worker thread of the
        current ``distributed`` client (without one, per CPU), so that a small
        corpus still keeps every worker busy.
    chunk_docs : int, default 1000
        Documents per partition when ``npartitions`` is not given, and per chunk for streamed paths.
    **load_kwargs
        Keywords of :func:`~mideast_corpus.load_corpus` for paths and raw rows.

    Returns
    -------
    dask.dataframe.DataFrame
        The documents. Its attribute ``load_report`` is a lazy Dask frame of the
        load report (columns of ``Corpus.load_report``: every input item loaded,
        repaired or skipped, and why), made by the same tasks that load the
        documents, so that nothing is dropped without a record on this path
        either. Compute both in one call to load once::

            ddf = mcd.to_dask("archive.jsonl")
            docs, report = dask.compute(ddf, ddf.load_report)

        Frames derived from ``ddf`` (``ddf.persist()``, ``ddf[...]``) do not
        carry the attribute: keep the frame ``to_dask`` returned.
    """
    dd = _dd()
    if isinstance(data, (str, Path)):
        path = Path(data)
        if path.is_file() and path.suffix.lower() in (".parquet", ".pq"):
            return _parquet_partitions(path, load_kwargs)
        if path.is_file() and path.suffix.lower() in (".jsonl", ".ndjson"):
            ddf = _jsonl_partitions(path, npartitions, int(chunk_docs), load_kwargs)
            if ddf is not None:
                return ddf
        from .streaming import stream_corpus

        chunks = list(stream_corpus(path, chunk_docs, **load_kwargs))
        parts = [c.docs for c in chunks if len(c)]
        docs = pd.concat(parts, ignore_index=True) if parts else empty_docs()
        report = pd.concat([c.load_report for c in chunks], ignore_index=True)
    else:
        corpus, _ = as_corpus(data, **load_kwargs)
        docs, report = corpus.docs, corpus.load_report
    docs = docs.copy(deep=False)
    docs.attrs = {}
    n = npartitions or max(-(-len(docs) // int(chunk_docs)), 2 * _cores())
    import dask

    # keep the loader's dtypes, as the file readers below do: converting every text to Arrow on the client is a
    # copy of the corpus there, and the partitions would reach process_docs with other dtypes than pandas has
    with dask.config.set({"dataframe.convert-string": False}):
        ddf = dd.from_pandas(docs, npartitions=max(1, min(n, len(docs))), sort=False)
        ddf.load_report = dd.from_pandas(_plain(report), npartitions=1, sort=False)
    return ddf


#: The schema of a load report partition.
_REPORT_META = pd.DataFrame({c: pd.Series([], dtype="int64" if c == "count" else object) for c in REPORT_COLUMNS})


def _plain(report: pd.DataFrame) -> pd.DataFrame:
    """A load report in the schema of :data:`_REPORT_META` (object columns), without attrs."""
    out = report.reindex(columns=REPORT_COLUMNS).astype(_REPORT_META.dtypes.to_dict())
    out.attrs = {}
    return out


def _from_loaders(load: Any, args: list[tuple[Any, ...]], meta: pd.DataFrame):
    """A docs frame (with ``.load_report``) from tasks ``load(*a)`` that return ``(docs, report)``, one per partition.

    Both frames take their partitions from the same tasks, so computing them together loads each once.
    """
    import dask

    dd = _dd()
    tasks = [dask.delayed(load, pure=True)(*a) for a in args]
    with dask.config.set({"dataframe.convert-string": False}):
        ddf = dd.from_delayed([dask.delayed(operator.getitem)(t, 0) for t in tasks], meta=meta, verify_meta=False)
        ddf.load_report = dd.from_delayed([dask.delayed(operator.getitem)(t, 1) for t in tasks], meta=_REPORT_META,
                                          verify_meta=False)
    return ddf


def _cores() -> int:
    """Worker threads of the current Dask client, else the CPUs of this machine."""
    try:
        from distributed import default_client

        return max(1, sum(default_client().nthreads().values()))
    except (ImportError, ValueError):
        return os.cpu_count() or 1


def _parquet_partitions(path: Path, load_kwargs: dict[str, Any]):
    import pyarrow.parquet as pq

    meta_file = pq.ParquetFile(path)
    offsets, start = [], 0
    for i in range(meta_file.num_row_groups):
        offsets.append((i, start))
        start += meta_file.metadata.row_group(i).num_rows
    _check_parquet_ids(meta_file, path, load_kwargs)
    # the schema from the first row alone: loading (and repairing) a whole row group here would put a
    # partition's worth of work on the client
    probe = _load_row_group(path, 0, 0, load_kwargs, rows=1)[0].iloc[:0] if offsets else empty_docs()
    # Dask would turn text columns into its own string[pyarrow] dtype; _from_loaders keeps the loader's dtypes
    return _from_loaders(_load_row_group, [(path, i, o, load_kwargs) for i, o in offsets], probe)


def _check_parquet_ids(meta_file: Any, path: Path, load_kwargs: dict[str, Any]) -> None:
    """Refuse a ``doc_id`` used twice, as ``load_corpus`` does: row groups are loaded on different workers.

    Only the id column is read (ids the loader would give blank cells count too).
    """
    from .values import label_text, tidy_fields

    key = _mapping(load_kwargs).doc_id
    if key not in meta_file.schema_arrow.names:
        return  # every row gets its own default id
    seen: dict[str, int] = {}
    number = 0
    for group in range(meta_file.num_row_groups):
        for value in meta_file.read_row_group(group, columns=[key]).column(0).to_pylist():
            value = tidy_fields({key: value}, id_key=key, where=f"{path.name}:row {number}")[0][key]
            doc_id = f"{path.stem}-{number:05d}" if value is None else label_text(value)
            if doc_id in seen:
                raise DuplicateDocumentError(f"doc_id {doc_id!r} is used twice: by {path.name}:row {seen[doc_id]} "
                                             f"and by {path.name}:row {number}; doc_id must be unique")
            seen[doc_id] = number
            number += 1


def _mapping(kw: dict[str, Any]) -> Any:
    from .loaders import _Mapping

    return _Mapping.of(**{k: kw.get(k) for k in ("text", "doc_id", "source", "title", "date")})


def _docs_of(items: list[Any], mapping: Any, report: Any, path: Path,
             kw: dict[str, Any]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``docs`` table of loaded items, built by the loader, and the load report of the partition."""
    from .loaders import _build

    if not items:  # a range of blank or skipped lines: the loader would call the whole input empty
        return empty_docs(), _plain(report.frame())
    corpus = _build(items, mapping, report, default_source=kw.get("default_source"),
                    date_format=kw.get("date_format"), repair=kw.get("repair", True), name=path.name)
    docs = corpus.docs
    docs.attrs = {}
    return docs, _plain(corpus.load_report)


def _load_row_group(path: Path, group: int, offset: int, load_kwargs: dict[str, Any],
                    rows: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One Parquet row group (its first ``rows``) as a ``docs`` table and its load report, by the loader's rules.

    Rows are numbered from ``offset``.
    """
    import pyarrow.parquet as pq

    from .loaders import _items_from_table, _Report
    from .values import arrow_frame

    kw = dict(load_kwargs)
    mapping = _mapping(kw)
    table = pq.ParquetFile(path).read_row_group(group)
    table = arrow_frame(table if rows is None else table.slice(0, rows))
    items = list(_items_from_table(table, mapping, label=f"{path.name}:row", id_prefix=path.stem,
                                   numbers=list(range(offset, offset + len(table)))))
    return _docs_of(items, mapping, _Report(kw.get("strict", False)), path, kw)


def _jsonl_partitions(path: Path, npartitions: int | None, chunk_docs: int, load_kwargs: dict[str, Any]):
    """A JSONL file as ranges of lines that the workers read and load; None if it cannot be cut (see below).

    The client finds where the ranges start (a scan for line feeds) and reads each record's ``doc_id``
    (:func:`_check_jsonl_ids`); loading and repair run on the workers. Files in UTF-16/32 or with carriage
    returns cannot be cut on line-feed bytes and are loaded by :func:`~mideast_corpus.stream_corpus` on the
    client instead.
    """
    from .streaming import _jsonl_line_blocks

    if load_kwargs.get("errors", "strict") not in ("strict", "replace") or set(load_kwargs) - _JSONL_KEYS:
        return None

    def per_partition(total: int) -> int:
        if npartitions:
            return -(-total // int(npartitions))
        return min(chunk_docs, -(-total // (2 * _cores())))

    blocks = _jsonl_line_blocks(path, per_partition, load_kwargs.get("encoding"))
    if not blocks:
        return None
    _check_jsonl_ids(path, blocks, load_kwargs)
    probe = _load_jsonl_block(path, *_first_record_line(path, blocks[0]), load_kwargs)[0].iloc[:0]
    return _from_loaders(_load_jsonl_block, [(path, *block, load_kwargs) for block in blocks], probe)


def _check_jsonl_ids(path: Path, blocks: list[tuple[int, int, int]], load_kwargs: dict[str, Any]) -> None:
    """Refuse on the client what ``load_corpus`` refuses: a ``doc_id`` used twice, a file without records.

    Each worker sees one range of lines, so an id repeated in two ranges would pass unnoticed there. The
    records are parsed once for their ids (no loading or repair, nothing kept but the ids); lines that
    cannot be read are reported by the workers that load them.
    """
    from .loaders import _Report
    from .streaming import _jsonl_block_items

    mapping = _mapping(load_kwargs)
    report = _Report(False)
    seen: dict[str, str] = {}
    for start, end, first in blocks:
        for item in _jsonl_block_items(path, start, end, first, mapping, load_kwargs.get("encoding"),
                                       load_kwargs.get("errors", "strict"), report):
            key = str(item.fields[mapping.doc_id])
            if key in seen:
                raise DuplicateDocumentError(f"doc_id {key!r} is used twice: by {seen[key]} and by {item.label}; "
                                             "doc_id must be unique")
            seen[key] = item.label
    if not seen:
        unreadable = f" ({len(report.rows)} lines could not be read as records)" if report.rows else ""
        raise CorpusInputError(f"{path.name}: no input items found{unreadable}")


_JSONL_KEYS = frozenset({"text", "doc_id", "source", "title", "date", "default_source", "date_format", "encoding",
                         "errors", "repair", "strict", "name"})


def _first_record_line(path: Path, block: tuple[int, int, int]) -> tuple[int, int, int]:
    """The byte range and number of the first line of ``block`` holding a JSON object (for the ``meta`` probe)."""
    from .loaders import _jsonl_record, _Report

    start, end, line_no = block
    with open(path, "rb") as f:
        f.seek(start)
        while f.tell() < end:
            line = f.readline()
            if _jsonl_record(line.decode("utf-8", errors="replace"), "", _Report(False)) is not None:
                return f.tell() - len(line), f.tell(), line_no
            line_no += 1
    return start, start, block[2]


def _load_jsonl_block(path: Path, start: int, end: int, first_line: int,
                      load_kwargs: dict[str, Any]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Lines ``start:end`` (bytes) of a JSONL file as a ``docs`` table and its load report (stream_corpus's rules)."""
    from .loaders import _Report
    from .streaming import _jsonl_block_items

    kw = dict(load_kwargs)
    mapping = _mapping(kw)
    report = _Report(kw.get("strict", False))
    items = list(_jsonl_block_items(path, start, end, first_line, mapping, kw.get("encoding"),
                                    kw.get("errors", "strict"), report))
    return _docs_of(items, mapping, report, path, kw)


def _partition_tables(docs: pd.DataFrame, steps: tuple[str, ...], metas: dict[str, pd.DataFrame],
                      actors: Any, kwargs: dict[str, Any]) -> dict[str, pd.DataFrame]:
    """The tables of ``steps`` for one partition of documents (the pandas functions, via process_corpus)."""
    missing = [c for c in DOC_COLUMNS if c not in docs.columns]
    if missing:
        raise ValueError(f"partition lacks docs columns {missing}; make the Dask frame with "
                         "mideast_corpus.dask.to_dask")
    # in batches: a partition of chunk_docs=1000 documents scored in one call would need over 1 GB per worker
    tables = process_in_batches(Corpus(docs, name="partition"), steps=steps, actors=actors, **kwargs)
    out = {}
    for step in steps:
        table = conform(tables[step].reset_index(drop=True), metas[step])
        table.attrs = {}
        out[step] = table
    return out


def _partition(docs: pd.DataFrame, step: str, meta: pd.DataFrame, actors: Any,
               kwargs: dict[str, Any]) -> pd.DataFrame:
    """The table of ``step`` for one partition of documents."""
    return _partition_tables(docs, (step,), {step: meta}, actors, kwargs)[step]


def _shared_actors(actors: Any) -> Any:
    """``actors`` loaded once on the client and made one graph key, so it travels to each worker once.

    Passed as a plain argument, a dictionary (with the matcher the client compiled for ``meta``,
    ~340 kB pickled) would be copied into every task of the graph, and a CSV path or a table would
    be read and compiled again by every task. ``None`` (the built-in dictionary) is cached in each
    worker process already.
    """
    if actors is None:
        return None
    import dask

    from .actors.dictionary import as_dictionary

    return dask.delayed(as_dictionary(actors), name=f"mideast-actors-{uuid.uuid4().hex}")


def _map_step(ddf: Any, step: str, actors: Any = None, **kwargs: Any):
    _dd()
    meta = empty_tables([step], actors=actors, **kwargs)[step]
    return ddf.map_partitions(_partition, step, meta, _shared_actors(actors), kwargs, meta=meta,
                              enforce_metadata=False)


def find_mentions_dask(ddf: Any, actors: Any = None, *, places: bool = True, metonymy: bool = True):
    """:func:`~mideast_corpus.find_mentions` on every partition: a lazy Dask frame of the mentions table.

    ``.compute()`` gives the pandas table of the whole corpus, row for row
    (with a fresh ``RangeIndex`` per partition: use ``reset_index(drop=True)``).
    """
    return _map_step(ddf, "mentions", actors=actors, places=places, metonymy=metonymy)


def score_stance_dask(ddf: Any, actors: Any = None, *, sentiment: Any = False):
    """:func:`~mideast_corpus.score_stance` on every partition: a lazy Dask frame of the stance table.

    Rows are sorted by ``doc_id`` within each partition (as ``score_stance``
    sorts within its corpus); aggregate with
    :func:`~mideast_corpus.stance_by_source` after sorting by
    ``doc_id, start, end, actor`` to reproduce the pandas table exactly.
    To get the mentions table too, use :func:`process_docs_dask`, which finds
    the mentions once for both.
    """
    return _map_step(ddf, "stance", actors=actors, sentiment=sentiment)


def process_docs_dask(ddf: Any, steps: Any = ("mentions", "stance"), **kwargs: Any) -> dict[str, Any]:
    """One lazy Dask frame per step (see :func:`~mideast_corpus.pipeline.process_docs`), from one task per partition.

    Each partition runs :func:`~mideast_corpus.pipeline.process_corpus` once
    for all ``steps`` (sentences split once, mentions found once and reused by
    stance) and every step's frame takes its table from that task. Compute the
    frames together, so that the shared task runs once::

        import dask
        tables = mcd.process_docs_dask(ddf, ["mentions", "stance"])
        mentions, stance = dask.compute(tables["mentions"], tables["stance"])

    (Each ``.compute()`` on its own runs the shared tasks again, unless the
    frames were persisted together with ``dask.persist``.)
    """
    steps = _check_steps(steps)
    if len(steps) == 1:
        return {steps[0]: _map_step(ddf, steps[0], **kwargs)}
    import dask

    dd = _dd()
    actors = kwargs.pop("actors", None)
    metas = empty_tables(steps, actors=actors, **kwargs)
    shared = _shared_actors(actors)
    tables = [dask.delayed(_partition_tables)(part, steps, metas, shared, kwargs) for part in ddf.to_delayed()]
    return {step: dd.from_delayed([dask.delayed(operator.getitem)(t, step) for t in tables], meta=metas[step],
                                  verify_meta=False)
            for step in steps}


def _frequency_partition(docs: pd.DataFrame, by: str, actors: Any) -> pd.DataFrame:
    from .entities import entity_frequency
    from .grouping import group_labels

    corpus = Corpus(docs, name="partition")
    groups = pd.DataFrame({"group": group_labels(corpus.docs, by).to_numpy(), "n_words": docs["n_words"].to_numpy()})
    totals = groups.groupby("group", sort=True).agg(n_docs=("n_words", "size"), n_words=("n_words", "sum"))
    rows = [("group", g, "", False, int(r.n_docs), int(r.n_words)) for g, r in totals.iterrows()]
    if len(corpus):
        m = process_corpus(corpus, steps=["mentions"], actors=actors)["mentions"]
        f = entity_frequency(corpus, by=by, mentions=m, places=True, actors=actors)
        f = f[f["count"] > 0]
        rows += [("count", g, a, bool(p), int(c), int(n)) for g, a, p, c, n in
                 f[[by, "actor", "is_place", "count", "n_docs_mentioning"]].itertuples(index=False, name=None)]
    return _FREQ_META.iloc[:0].copy() if not rows else pd.DataFrame(rows, columns=list(_FREQ_META.columns)).astype(
        _FREQ_META.dtypes.to_dict())


_FREQ_META = pd.DataFrame({"kind": pd.Series([], dtype="str"), "group": pd.Series([], dtype="str"),
                           "actor": pd.Series([], dtype="str"), "is_place": pd.Series([], dtype="bool"),
                           "a": pd.Series([], dtype="int64"), "b": pd.Series([], dtype="int64")})


def entity_frequency_dask(ddf: Any, by: str = "source", *, actors: Any = None, places: bool = False) -> pd.DataFrame:
    """:func:`~mideast_corpus.entity_frequency` of a Dask frame of documents, computed.

    Each partition runs ``entity_frequency`` on its documents; counts, documents
    mentioning and words per group add up across partitions (a document lies in
    one), and rates, shares and intervals are computed once at the end exactly
    as ``entity_frequency`` does (the same code as
    :func:`~mideast_corpus.process_stream`'s aggregate). Equal to the pandas
    table of the whole corpus.
    """
    from .streaming import _frequency_table

    parts = ddf.map_partitions(_frequency_partition, by, _shared_actors(actors), meta=_FREQ_META,
                               enforce_metadata=False).compute()
    counts: dict[tuple[str, str, bool], list[int]] = {}
    totals: dict[str, list[int]] = {}
    for kind, g, a, p, x, y in parts.itertuples(index=False, name=None):
        cell = (totals.setdefault(g, [0, 0]) if kind == "group" else counts.setdefault((g, a, bool(p)), [0, 0]))
        cell[0] += int(x)
        cell[1] += int(y)
    return _frequency_table(counts, totals, by, places=places)


def fit_topics_dask(ddf: Any, n_topics: int = N_TOPICS, *, frac: float = 0.1, random_state: int = 0, **options: Any):
    """Fit a topic model on a random sample of the documents: ``ddf.sample(frac=frac, random_state=random_state)``.

    Topic fitting is corpus-wide (it needs the vocabulary and the term counts
    of every unit at once), so at scale it runs on a sample that fits in
    memory: the sample is computed, loaded as a :class:`Corpus` and passed to
    :func:`~mideast_corpus.fit_topics` with ``n_topics``, ``random_state`` and
    ``options``. The same ``frac`` and ``random_state`` on the same
    partitioning give the same sample and the same model. Apply it to every
    partition with :func:`transform_dask`.
    """
    from .topics import fit_topics

    sample = ddf.sample(frac=frac, random_state=random_state).compute()
    sample = sample.sort_values("doc_id", kind="stable").reset_index(drop=True)
    return fit_topics(Corpus(sample, name=f"sample frac={frac} random_state={random_state}"), n_topics,
                      random_state=random_state, **options)


def _transform_partition(docs: pd.DataFrame, model: TopicModel, meta: pd.DataFrame) -> pd.DataFrame:
    if not len(docs):
        return meta.iloc[:0].copy()
    table = model.transform(Corpus(docs, name="partition")).reset_index(drop=True)
    table = conform(table, meta)
    table.attrs = {}
    return table


def transform_dask(model: TopicModel, ddf: Any):
    """``model.transform`` (the ``doc_topics`` table) on every partition: a lazy Dask frame."""
    probe, _ = as_corpus(pd.DataFrame({"doc_id": ["probe"], "source": ["probe"],
                                       "text": ["Russian jets struck rebel positions in Idlib province."]}),
                         repair=False)
    meta = model.transform(probe).iloc[:0].copy()
    meta.attrs = {}
    return ddf.map_partitions(_transform_partition, model, meta, meta=meta, enforce_metadata=False)
