"""Stream a corpus larger than memory: load it in chunks and write the per-document tables as Parquet parts.

::

    for chunk in mc.stream_corpus("articles.jsonl", chunk_docs=1000):   # each chunk is a Corpus
        ...
    summary = mc.process_stream("articles.jsonl", "out/", steps=("mentions", "stance"))
    mentions = mc.read_table("out/", "mentions")       # or pd.read_parquet("out/mentions")

Chunks are loaded with exactly the loader's rules (:func:`~mideast_corpus.load_corpus`: the same
column mapping, doc_id defaults, date parsing, repair and load-report rows), and each chunk goes
through :func:`~mideast_corpus.pipeline.process_docs`, so the concatenated parts equal the tables
of the whole corpus loaded in memory. Memory is bounded by one chunk (plus one ``doc_id`` per
document, kept to refuse duplicates across chunks).
"""

from __future__ import annotations

import codecs
import io
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .actors.dictionary import ActorDictionary
from .corpus import Corpus
from .decoding import bom_codec, check_errors
from .errors import CorpusDecodeError, CorpusInputError, DuplicateDocumentError
from .loaders import (
    TABLE_SUFFIXES,
    _build,
    _input_path,
    _Item,
    _items_from_folder,
    _items_from_table,
    _jsonl_record,
    _Mapping,
    _replaced_note,
    _Report,
    _table_suffix,
    _unreadable_parquet,
    _without_surrogates,
)
from .outputs import OutputRun, run_files
from .pipeline import _check_steps, conform, empty_tables, process_corpus, process_in_batches
from .progress import Bar
from .values import arrow_frame, records_frame

__all__ = ["StreamSummary", "process_stream", "read_table", "stream_corpus"]

_LOAD_KEYS = ("manifest", "text", "doc_id", "source", "title", "date", "default_source", "date_format",
              "encoding", "errors", "repair", "strict", "name")


# -- reading in chunks -------------------------------------------------------------------------------

def stream_corpus(
    data: str | Path | pd.DataFrame,
    chunk_docs: int = 1000,
    *,
    manifest: str | Path | bool | None = None,
    text: str | None = None,
    doc_id: str | None = None,
    source: str | None = None,
    title: str | None = None,
    date: str | None = None,
    default_source: str | None = None,
    date_format: str | None = None,
    encoding: str | None = None,
    errors: str = "strict",
    repair: bool = True,
    strict: bool = False,
    name: str | None = None,
) -> Iterator[Corpus]:
    """Load a corpus chunk by chunk: yield one :class:`Corpus` per ``chunk_docs`` input items.

    Takes the same inputs and keywords as :func:`~mideast_corpus.load_corpus`
    (a folder of text files with an optional manifest, a CSV/TSV/JSONL/Parquet
    table, a DataFrame) and applies the same rules to every item, but never
    holds more than one chunk: JSONL and CSV/TSV are read line by line,
    Parquet by record batches (``pyarrow.parquet.ParquetFile.iter_batches``),
    folders file by file. A ``.json`` list cannot be read in pieces: it is
    parsed whole, then chunked.

    Each chunk's ``load_report`` holds the rows of its own items (loaded,
    repaired, skipped and why), so the reports of all chunks together are the
    report of the whole corpus. ``doc_id`` uniqueness is checked across chunks
    (a set of the ids seen so far); a missing ``source`` is reported per chunk.

    Parameters
    ----------
    data : str, Path or pandas.DataFrame
        As for :func:`~mideast_corpus.load_corpus`.
    chunk_docs : int, default 1000
        Input items per chunk (skipped items count). Memory grows with it.
    manifest, text, doc_id, source, title, date, default_source, date_format, encoding, errors, repair, strict, name
        As for :func:`~mideast_corpus.load_corpus`, without its site-furniture keywords:
        ``stream_corpus`` does not remove site furniture.

    Yields
    ------
    Corpus
        Named ``"<name>[<k>]"``; a chunk may hold no documents when all its
        items were skipped (its ``load_report`` says why).

    Raises
    ------
    DuplicateDocumentError
        A ``doc_id`` already used in an earlier chunk (or in this one).

    Examples
    --------
    >>> import pandas as pd
    >>> from mideast_corpus.streaming import stream_corpus
    >>> df = pd.DataFrame({"text": ["IS militants fled Mosul.", "Russian jets struck Idlib.", "Raqqa fell."],
    ...                    "source": ["A", "B", "A"]})
    >>> [len(c) for c in stream_corpus(df, chunk_docs=2)]
    [2, 1]
    """
    if int(chunk_docs) < 1:
        raise ValueError(f"chunk_docs={chunk_docs!r}: use 1 or more documents per chunk")
    mapping = _Mapping.of(text=text, doc_id=doc_id, source=source, title=title, date=date)
    report = _Report(strict)
    if isinstance(data, pd.DataFrame):
        items = _items_from_frame(data, mapping, int(chunk_docs))
        label = name or "DataFrame"
    else:
        path = _input_path(data)
        if path.is_dir():
            items = _items_from_folder(path, manifest, mapping, encoding, errors, report)
        else:
            items = _items_from_table_stream(path, mapping, encoding, errors, report, int(chunk_docs))
        label = name or path.name
    seen: dict[str, str] = {}
    k = 0
    while True:
        chunk = list(islice(items, int(chunk_docs)))
        if not chunk and not report.rows:
            break
        for item in chunk:
            key = str(item.fields[mapping.doc_id])
            if key in seen:
                raise DuplicateDocumentError(f"doc_id {key!r} is used twice: by {seen[key]} and by {item.label}; "
                                             "doc_id must be unique")
            seen[key] = item.label
        corpus = _build(chunk, mapping, report, default_source=default_source, date_format=date_format,
                        repair=repair, name=f"{label}[{k}]")
        report.rows = []  # the generators add skip rows to the same report: start the next chunk empty
        yield corpus
        k += 1
        if not chunk:
            break
    if k == 0:
        raise CorpusInputError(f"{label}: no input items found")


def _items_from_frame(table: pd.DataFrame, mapping: _Mapping, chunk: int) -> Iterator[_Item]:
    for start in range(0, len(table), chunk):
        part = table.iloc[start:start + chunk]
        yield from _items_from_table(part, mapping, label="row", id_prefix="row",
                                     numbers=list(range(start, start + len(part))))


class _ReplaceCounter:
    """A codec error handler that puts U+FFFD in place of bad bytes and counts them."""

    def __init__(self) -> None:
        self.count = 0
        self.name = f"mideast_corpus_count_{id(self)}"
        codecs.register_error(self.name, self)

    def __call__(self, exc: UnicodeError) -> tuple[str, int]:
        if not isinstance(exc, UnicodeDecodeError):
            raise exc
        self.count += 1
        return "\ufffd", exc.start + 1


def _open_text(path: Path, encoding: str | None, errors: str) -> tuple[io.TextIOWrapper, _ReplaceCounter | None]:
    """Open a table file as text with the loader's encoding rules (BOM detection, else UTF-8)."""
    check_errors(errors)
    codec = encoding
    if codec is None:
        with open(path, "rb") as f:
            head = f.read(4)
        codec = bom_codec(head) or "utf-8"
    try:
        codecs.lookup(codec)
    except LookupError as exc:
        raise CorpusDecodeError(f"{path}: unknown encoding {codec!r}; use a Python codec name such as "
                                "'utf-8', 'cp1252' or 'latin-1'") from exc
    counter = _ReplaceCounter() if errors == "replace" else None
    handle = open(path, encoding=codec, errors=counter.name if counter else "strict", newline=None)  # noqa: SIM115
    return handle, counter


def _decode_error(path: Path, exc: UnicodeDecodeError) -> CorpusDecodeError:
    return CorpusDecodeError(f"{path}: bytes that are not valid {exc.encoding} ({exc.reason}); name the encoding "
                             "(encoding='cp1252' or 'latin-1' for Western European files), or pass "
                             "errors='replace' to load it with U+FFFD replacements recorded in the load report")


def _replaced_row(path: Path, counter: _ReplaceCounter | None, report: _Report) -> None:
    if counter is not None and counter.count:
        report.add(path.name, None, *_replaced_note(counter.count))
        counter.count = 0


def _items_from_table_stream(path: Path, mapping: _Mapping, encoding: str | None, errors: str, report: _Report,
                             chunk: int) -> Iterator[_Item]:
    suffix = _table_suffix(path)
    if suffix in (".parquet", ".pq"):
        yield from _parquet_items(path, mapping, chunk)
    elif suffix in (".jsonl", ".ndjson"):
        yield from _jsonl_items(path, mapping, encoding, errors, report, chunk)
    elif suffix == ".json":  # a JSON list has no record boundaries to stream on: parse whole, chunk after
        from .loaders import _items_from_table_file

        yield from _items_from_table_file(path, mapping, encoding, errors, report)
    else:
        yield from _csv_items(path, mapping, encoding, errors, report, chunk, TABLE_SUFFIXES[suffix])


def _parquet_items(path: Path, mapping: _Mapping, chunk: int) -> Iterator[_Item]:
    import pyarrow.parquet as pq

    try:
        reader = pq.ParquetFile(path)
        batches = reader.iter_batches(batch_size=chunk)
    except Exception as exc:  # pyarrow raises many types for damaged files
        raise _unreadable_parquet(path, exc) from exc
    start = 0
    for batch in batches:
        table = arrow_frame(batch)
        yield from _items_from_table(table, mapping, label=f"{path.name}:row", id_prefix=path.stem,
                                     numbers=list(range(start, start + len(table))))
        start += len(table)


def _jsonl_table_items(path: Path, records: list[dict], numbers: list[int], mapping: _Mapping,
                       report: _Report) -> Iterator[_Item]:
    records = _without_surrogates(records, path.name, report)
    yield from _items_from_table(records_frame(records), mapping, label=f"{path.name}:line", id_prefix=path.stem,
                                 numbers=numbers)


def _jsonl_items(path: Path, mapping: _Mapping, encoding: str | None, errors: str, report: _Report,
                 chunk: int) -> Iterator[_Item]:
    handle, counter = _open_text(path, encoding, errors)
    with handle:
        lines = enumerate(handle, start=1)
        while True:
            records, numbers = [], []
            try:
                for line_no, line in lines:
                    record = _jsonl_record(line, f"{path.name}:line {line_no}", report)
                    if record is None:
                        continue
                    records.append(record)
                    numbers.append(line_no)
                    if len(records) >= chunk:
                        break
            except UnicodeDecodeError as exc:
                raise _decode_error(path, exc) from exc
            _replaced_row(path, counter, report)
            if not records:
                return
            yield from _jsonl_table_items(path, records, numbers, mapping, report)


# codecs in which byte 0x0A is always a line feed, so a file can be cut into line ranges without decoding it
_LINE_SAFE_CODECS = frozenset({"utf-8", "ascii", "latin-1", "iso8859-1", "cp1252", "iso8859-15"})


def _jsonl_line_blocks(path: Path, lines: Any, encoding: str | None) -> list[tuple[int, int, int]] | None:
    """Cut a JSONL file into ranges of ``lines`` lines: ``(first byte, end byte, number of the first line)``.

    ``lines`` may be a function of the number of lines in the file.

    The ranges are read and parsed elsewhere (Dask workers) with :func:`_jsonl_block_items`, line numbers as
    :func:`stream_corpus` counts them. None when the file cannot be cut on ``\n`` bytes alone: a codec in
    which 0x0A may be part of a character (UTF-16/32), or a carriage return anywhere (text mode ends lines at
    ``\r`` too).
    """
    with open(path, "rb") as f:
        head = f.read(4)
    codec = encoding or bom_codec(head) or "utf-8"
    try:
        name = codecs.lookup(codec).name
    except LookupError:
        return None  # the streaming path reports the unknown codec
    start = len(codecs.BOM_UTF8) if name == "utf-8-sig" and head.startswith(codecs.BOM_UTF8) else 0
    if (name not in _LINE_SAFE_CODECS and name != "utf-8-sig") or path.stat().st_size <= start:
        return None
    with open(path, "rb") as f:
        f.seek(start)
        total = sum(block.count(b"\n") for block in iter(lambda: f.read(1 << 24), b""))
        f.seek(-1, io.SEEK_END)
        total += f.read(1) != b"\n"  # a last line without its line feed
    lines = max(1, int(lines(total) if callable(lines) else lines))
    blocks, first, line_no = [], start, 1
    with open(path, "rb") as f:
        f.seek(start)
        n = 0
        for line in iter(f.readline, b""):
            if b"\r" in line:
                return None
            n += 1
            if n == lines:
                end = f.tell()
                blocks.append((first, end, line_no))
                first, line_no, n = end, line_no + lines, 0
        if n:
            blocks.append((first, f.tell(), line_no))
    return blocks


def _jsonl_block_items(path: Path, start: int, end: int, first_line: int, mapping: _Mapping, encoding: str | None,
                       errors: str, report: _Report) -> Iterator[_Item]:
    """The items of one range of :func:`_jsonl_line_blocks`, read with the rules of :func:`stream_corpus`."""
    with open(path, "rb") as f:
        head = f.read(4)
        f.seek(start)
        data = f.read(end - start)
    codec = encoding or bom_codec(head) or "utf-8"
    if codecs.lookup(codec).name == "utf-8-sig":
        codec = "utf-8"  # the BOM lies before the first range
    counter = _ReplaceCounter() if errors == "replace" else None
    try:
        text = data.decode(codec, errors=counter.name if counter else "strict")
    except UnicodeDecodeError as exc:
        raise _decode_error(path, exc) from exc
    _replaced_row(path, counter, report)
    records, numbers = [], []
    for line_no, line in enumerate(text.split("\n"), start=first_line):
        record = _jsonl_record(line, f"{path.name}:line {line_no}", report)
        if record is not None:
            records.append(record)
            numbers.append(line_no)
    if records:
        yield from _jsonl_table_items(path, records, numbers, mapping, report)


def _csv_items(path: Path, mapping: _Mapping, encoding: str | None, errors: str, report: _Report, chunk: int,
               sep: str) -> Iterator[_Item]:
    handle, counter = _open_text(path, encoding, errors)
    row = 0
    with handle:
        try:
            reader = pd.read_csv(handle, sep=sep, dtype=str, keep_default_na=False, index_col=False,
                                 chunksize=chunk)
            for table in reader:
                _replaced_row(path, counter, report)
                yield from _items_from_table(table, mapping, label=f"{path.name}:line", id_prefix=path.stem,
                                             numbers=[row + i + 2 for i in range(len(table))])
                row += len(table)
        except UnicodeDecodeError as exc:
            raise _decode_error(path, exc) from exc
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise CorpusInputError(f"{path}: not a readable {path.suffix[1:].upper()} table ({exc})") from exc


# -- processing a stream ---------------------------------------------------------------------------

@dataclass
class StreamSummary:
    """What :func:`process_stream` did: sizes, timings, where the tables are, and the aggregates.

    Examples
    --------
    >>> import tempfile, mideast_corpus as mc
    >>> from pathlib import Path
    >>> folder = Path(tempfile.mkdtemp())
    >>> mc.load_seeds().docs.to_parquet(folder / "seeds.parquet")
    >>> summary = process_stream(folder / "seeds.parquet", folder / "out", steps=("mentions",),
    ...                          chunk_docs=2, progress=False)
    >>> summary.n_docs, summary.n_chunks, sorted(summary.tables)
    (5, 3, ['docs', 'load_report', 'mentions'])
    >>> summary.entity_frequency.equals(mc.entity_frequency(mc.load_seeds(), places=False))
    True
    """

    out_dir: Path
    n_chunks: int = 0
    n_docs: int = 0
    n_chars: int = 0
    n_rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    tables: dict[str, Path] = field(default_factory=dict)
    entity_frequency: pd.DataFrame | None = None
    stance_by_source: pd.DataFrame | None = None

    @property
    def megabytes(self) -> float:
        """Text processed, in millions of characters (MB for mostly-ASCII text)."""
        return self.n_chars / 1e6

    def __repr__(self) -> str:
        rows = ", ".join(f"{k} {v}" for k, v in self.n_rows.items())
        return (f"<StreamSummary {self.out_dir}: {self.n_docs} documents in {self.n_chunks} chunks, "
                f"{self.megabytes:.1f} M characters in {self.seconds:.1f} s; {rows}>")


def _parquet_rows(data: Any) -> int | None:
    if isinstance(data, pd.DataFrame):
        return len(data)
    path = Path(data)
    if path.is_file() and path.suffix.lower() in (".parquet", ".pq"):
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    return None


def process_stream(
    data: str | Path | pd.DataFrame,
    out_dir: str | Path,
    *,
    steps: Iterable[str] = ("mentions", "stance"),
    chunk_docs: int = 1000,
    actors: ActorDictionary | pd.DataFrame | str | Path | None = None,
    places: bool = True,
    metonymy: bool = True,
    sentiment: Any = False,
    aggregate: bool = True,
    by: str = "source",
    progress: bool = True,
    overwrite: bool = False,
    **load_kwargs: Any,
) -> StreamSummary:
    """Stream a corpus through the per-document steps, writing every table to Parquet as it goes.

    For each chunk of :func:`stream_corpus`, runs
    :func:`~mideast_corpus.pipeline.process_corpus` and writes one Parquet
    file per table: ``out_dir/<table>/part-00000.parquet``, ... for
    ``docs`` (every document column but ``text``), ``load_report`` and each
    step in ``steps`` (``sentences``, ``mentions``, ``stance``). Peak memory
    is that of one chunk, whatever the size of the corpus. Read a table back
    with :func:`read_table` or ``pd.read_parquet(out_dir / "mentions")``.

    With ``aggregate=True`` it also writes ``out_dir/entity_frequency.parquet``
    (the table of :func:`~mideast_corpus.entity_frequency` by ``by``, from
    counts and word totals kept as running sums, so in flat memory) and, when
    stance is scored, ``out_dir/stance_by_source.parquet``
    (:func:`~mideast_corpus.stance_by_source` on the stance parts; that one
    reads the stance columns it needs, about 100 bytes per scored mention).

    Every file is written atomically and recorded, and the run's last act is its
    completion marker (``out_dir/.mideast-corpus/process_stream.jsonl``, see
    :mod:`mideast_corpus.outputs`): when the process is killed or a chunk fails,
    :func:`read_table` refuses the incomplete tables
    (:class:`~mideast_corpus.errors.IncompleteOutputError`) instead of returning
    the chunks written so far as if they were the corpus.

    Parameters
    ----------
    data : str, Path or DataFrame
        Anything :func:`stream_corpus` reads.
    out_dir : str or Path
        Created if needed. Must be empty unless ``overwrite=True``.
    steps : iterable of str, default ("mentions", "stance")
        Per-document steps, see :data:`~mideast_corpus.pipeline.STEPS`.
    chunk_docs : int, default 1000
        Documents per chunk.
    actors, places, metonymy, sentiment
        As for :func:`~mideast_corpus.pipeline.process_docs`.
    aggregate : bool, default True
        Write the aggregate tables at the end.
    by : str, default "source"
        Document column to aggregate by.
    progress : bool, default True
        A progress bar on stderr (tqdm when installed, else one line per chunk).
    overwrite : bool, default False
        Replace the tables of an earlier run in ``out_dir``: its files are
        replaced, and those this run does not write (parts past the new last
        one, the aggregate of a step no longer run) removed when it finishes. A
        file ``process_stream`` did not write is never replaced nor removed
        (``OutputDirError`` if it is in the way).
    **load_kwargs
        Keywords of :func:`~mideast_corpus.load_corpus` (``text=``, ``source=``, ``repair=``...).

    Returns
    -------
    StreamSummary
        Counts, seconds, the table folders and the aggregate tables.

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> from mideast_corpus.streaming import process_stream, read_table
    >>> df = pd.DataFrame({"text": ["IS militants fled Mosul.", "Russian jets struck Idlib."], "source": ["A", "B"]})
    >>> out = tempfile.mkdtemp()
    >>> s = process_stream(df, out, steps=["mentions"], chunk_docs=1, progress=False)
    >>> s.n_docs, s.n_chunks, read_table(out, "mentions")["actor"].tolist()
    (2, 2, ['isis', 'mosul', 'russian_armed_forces', 'idlib'])
    """
    from .actors.dictionary import as_dictionary
    from .entities import entity_frequency
    from .grouping import group_labels

    unknown = sorted(set(load_kwargs) - set(_LOAD_KEYS))
    if unknown:
        raise TypeError(f"process_stream() got unexpected keyword argument(s) {unknown}")
    steps = _check_steps(steps)
    out = Path(out_dir)
    dictionary = as_dictionary(actors)
    kwargs = {"actors": dictionary, "places": places, "metonymy": metonymy, "sentiment": sentiment}
    meta = empty_tables(steps, **kwargs)
    summary = StreamSummary(out_dir=out)
    summary.n_rows = {name: 0 for name in meta}
    counts: dict[tuple[str, str, bool], list[int]] = {}
    group_totals: dict[str, list[int]] = {}
    # left on screen when done: the last line of a long run says how much it read and how fast
    bar = Bar(desc="streaming", total=_parquet_rows(data), unit="docs", enabled=progress, leave=True)
    t0 = time.perf_counter()
    # every part is written atomically and recorded; the completion marker comes last (outputs.py), so a run
    # killed or failing midway leaves tables that read_table refuses as incomplete
    with OutputRun(out, STREAM_RUN, empty=not overwrite) as run:
        try:
            for k, corpus in enumerate(stream_corpus(data, chunk_docs, **load_kwargs)):
                docs = corpus.docs
                run.write_parquet(f"load_report/part-{k:05d}.parquet", corpus.load_report)
                run.write_parquet(f"docs/part-{k:05d}.parquet",
                                  docs.drop(columns=["text"]).assign(n_chars=docs["text"].str.len().astype("int64")))
                tables = process_in_batches(corpus, steps=steps, **kwargs)  # memory: one batch, not one chunk
                for name, table in tables.items():
                    table = conform(table, meta[name])
                    run.write_parquet(f"{name}/part-{k:05d}.parquet", table)
                    summary.n_rows[name] += len(table)
                if aggregate and len(corpus):
                    labels = group_labels(docs, by).to_numpy()
                    for g, n_words in zip(labels, docs["n_words"].to_numpy(), strict=True):
                        tot = group_totals.setdefault(g, [0, 0])
                        tot[0] += 1
                        tot[1] += int(n_words)
                    m = tables.get("mentions")
                    if m is None or not (places and metonymy):
                        m = process_corpus(corpus, steps=["mentions"], actors=dictionary)["mentions"]
                    part = entity_frequency(corpus, by=by, mentions=m, actors=dictionary, places=True)
                    part = part[part["count"] > 0]
                    for g, a, p, c, nd in part[[by, "actor", "is_place", "count", "n_docs_mentioning"]].itertuples(
                            index=False, name=None):
                        cell = counts.setdefault((g, a, bool(p)), [0, 0])
                        cell[0] += int(c)
                        cell[1] += int(nd)
                summary.n_chunks += 1
                summary.n_docs += len(corpus)
                summary.n_chars += int(docs["text"].str.len().sum()) if len(corpus) else 0
                elapsed = time.perf_counter() - t0
                rate = summary.n_chars / 1e6 / elapsed if elapsed > 0 else float("nan")
                bar.update(len(corpus), f"chunk {k}: {summary.n_chars / 1e6:.1f} M chars, {rate:.2f} M chars/s, "
                                        f"{elapsed:.0f} s")
        finally:
            bar.close()
        summary.tables = {name: out / name for name in ["docs", "load_report", *meta]}
        if aggregate:
            freq = _frequency_table(counts, group_totals, by)
            run.write_parquet("entity_frequency.parquet", freq)
            summary.entity_frequency = freq
            if "stance" in steps:
                agg = None
                if by == "source":
                    agg = _stance_by_source_parts(out / "stance",
                                                  parts=[out / rel for rel in run.written if rel.startswith("stance/")])
                    run.write_parquet("stance_by_source.parquet", agg)
                summary.stance_by_source = agg
    summary.seconds = time.perf_counter() - t0
    return summary


#: Stance rows :func:`process_stream` reads at once for ``stance_by_source``: (source, actor) cells are read
#: together up to this many rows (one cell with more rows is read alone).
AGGREGATE_ROWS = 250_000


def _stance_by_source_parts(folder: Path, max_rows: int | None = None, parts: list[Path] | None = None) -> pd.DataFrame:
    """:func:`~mideast_corpus.stance_by_source` of the stance parts in ``folder``, a few cells at a time.

    Each (source, actor) cell uses only its own rows and its own seed, and the table is sorted by source and
    actor, so it is the concatenation of the tables of batches of cells taken in sorted order: equal to
    ``stance_by_source`` of the whole stance table (``tests/test_streaming.py`` checks it), holding the rows of
    one batch rather than of the corpus (with the per-row strings ``stance_by_source`` makes, ~0.5 kB a row).
    Batches are cells, not sources: one source of a 1 GB corpus has over a million stance rows. ``parts``: the
    stance parts of this run (default: those the run's manifest lists).
    """
    import pyarrow.parquet as pq

    from .stance.aggregate import stance_by_source

    # what stance_by_source(by="source") reads for the score, plus the offsets of score_stance's row order
    cols = ["doc_id", "source", "sent_id", "actor", "parent", "kind", "quoted", "score", "label", "start", "end"]
    parts = sorted(parts) if parts is not None else _table_parts(folder.parent, folder.name, partial=True)
    sizes: dict[tuple[str, str], int] = {}
    for part in parts:
        counts = pq.read_table(part, columns=["source", "actor"]).to_pandas().value_counts(sort=False)
        for (g, a), n in counts.items():
            sizes[(str(g), str(a))] = sizes.get((str(g), str(a)), 0) + int(n)
    limit = AGGREGATE_ROWS if max_rows is None else max_rows
    batches: list[list[tuple[str, str]]] = []
    rows = 0
    for cell in sorted(sizes):
        if not batches or rows + sizes[cell] > limit:
            batches.append([])
            rows = 0
        batches[-1].append(cell)
        rows += sizes[cell]
    tables = []
    for batch in batches or [[]]:
        frames = [pq.read_table(part, columns=cols, filters=_cell_filter(batch) if batches else None).to_pandas()
                  for part in parts]
        st = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        del frames
        # the in-memory table's order (score_stance sorts each corpus so): same sums, same intervals
        st = st.sort_values(["doc_id", "start", "end", "actor"], kind="stable", ignore_index=True)
        tables.append(stance_by_source(st, by="source"))
        del st
    agg = pd.concat([t for t in tables if len(t)] or tables[:1], ignore_index=True)
    agg = agg.copy(deep=False)
    agg.attrs = {}
    return agg


def _cell_filter(cells: list[tuple[str, str]]) -> list[list[tuple[str, str, Any]]]:
    """A pyarrow filter (disjunction of conjunctions) selecting the rows of ``cells``, one term per source."""
    by_source: dict[str, list[str]] = {}
    for source, actor in cells:
        by_source.setdefault(source, []).append(actor)
    return [[("source", "==", source), ("actor", "in", actors)] for source, actors in by_source.items()]


def _frequency_table(counts: dict[tuple[str, str, bool], list[int]], group_totals: dict[str, list[int]],
                     by: str, per: float = 1000, places: bool = False) -> pd.DataFrame:
    """The :func:`~mideast_corpus.entity_frequency` table from running counts and word totals.

    Each chunk's counts come from ``entity_frequency`` itself; counts and
    ``n_docs_mentioning`` add up across chunks because a document lies in one
    chunk. The rates, shares and intervals come from the same function the
    in-memory path uses (:func:`~mideast_corpus.entities.frequency_from_counts`);
    ``tests/test_streaming.py`` checks the two tables are equal.
    """
    from .entities import frequency_from_counts

    keys = [k for k in counts if places or not k[2]]
    groups = pd.DataFrame({by: pd.Series(sorted(group_totals), dtype="str")})
    groups["n_docs"] = np.array([group_totals[g][0] for g in groups[by]], dtype="int64")
    groups["n_words"] = np.array([group_totals[g][1] for g in groups[by]], dtype="int64")
    found = pd.DataFrame({
        by: pd.Series([k[0] for k in keys], dtype="str"), "actor": pd.Series([k[1] for k in keys], dtype="str"),
        "is_place": np.array([k[2] for k in keys], bool),
        "count": np.array([counts[k][0] for k in keys], dtype="int64"),
        "n_docs_mentioning": np.array([counts[k][1] for k in keys], dtype="int64"),
    })
    return frequency_from_counts(found, groups, by=by, per=per)


#: The name of :func:`process_stream`'s run in its output folder
#: (its manifest: ``.mideast-corpus/process_stream.jsonl``).
STREAM_RUN = "process_stream"


def _table_parts(out_dir: str | Path, name: str, *, partial: bool = False) -> list[Path]:
    """The parts of table ``name`` that the recorded :func:`process_stream` run wrote, in order."""
    out = Path(out_dir)
    parts = [out / rel for rel in run_files(out, STREAM_RUN, partial=partial)
             if rel.startswith(f"{name}/part-") and rel.endswith(".parquet")]
    if not parts:
        raise CorpusInputError(f"{out / name}: no parts found; was it written by process_stream(..., "
                               f"steps=[{name!r}])?")
    return parts


def read_table(out_dir: str | Path, name: str, columns: list[str] | None = None, *,
               partial: bool = False) -> pd.DataFrame:
    """Read one table written by :func:`process_stream` (all its parts, in order) as a DataFrame.

    Only the parts that the run's manifest lists are read (``out_dir/.mideast-corpus/process_stream.jsonl``,
    see :mod:`mideast_corpus.outputs`), never another file that happens to lie in the folder.

    Parameters
    ----------
    out_dir : str or Path
        The folder ``process_stream`` wrote.
    name : str
        ``"docs"``, ``"load_report"`` or a step (``"sentences"``, ``"mentions"``, ``"stance"``).
    columns : list of str, optional
        Read only these columns.
    partial : bool, default False
        Read the parts of a run that did not finish (it was killed or stopped on an
        error): the documents of the chunks it completed. Without it such a folder
        is refused.

    Raises
    ------
    IncompleteOutputError
        The run that wrote ``out_dir`` did not finish (and ``partial`` is False).
    OutputDirError
        ``out_dir`` holds no record of a ``process_stream`` run.
    CorpusInputError
        The run wrote no table ``name`` (it was not among its ``steps``).

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> from mideast_corpus.streaming import process_stream, read_table
    >>> out = tempfile.mkdtemp()
    >>> _ = process_stream(pd.DataFrame({"text": ["Raqqa fell."], "source": ["A"]}), out,
    ...                    steps=["mentions"], progress=False)
    >>> read_table(out, "docs")["doc_id"].tolist()
    ['row-00000']
    """
    import pyarrow.parquet as pq

    frames = [pq.read_table(p, columns=columns).to_pandas() for p in _table_parts(out_dir, name, partial=partial)]
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
