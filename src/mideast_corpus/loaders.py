"""Load a corpus from a folder of text files, a table file, or a DataFrame.

Every input item (file, table row) ends up either as a document or as a
``skipped`` row of the load report with its reason: nothing is dropped
without a word. ``strict=True`` turns every skip into an error.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import warnings
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .cleaning import repair_text
from .corpus import DOC_COLUMNS, REPORT_COLUMNS, Corpus
from .dates import parse_date, warn_unparsed_dates
from .decoding import check_errors, decode_bytes, looks_binary, looks_like_html
from .errors import CorpusInputError, DuplicateDocumentError, ManifestError, PathEscapeError
from .furniture import remove_site_furniture
from .markup import html_title
from .text import count_words
from .values import arrow_frame, integer_column, is_missing, label_text, records_frame, tidy_fields

__all__ = ["load_corpus", "load_seeds", "seeds_path"]

TABLE_SUFFIXES = {".csv": ",", ".tsv": "\t", ".tab": "\t", ".jsonl": None, ".ndjson": None,
                  ".json": None, ".parquet": None, ".pq": None}
_TITLE_MAX_WORDS = 30
#: Lone UTF-16 surrogates (from JSON escapes or Python strings) cannot be written as UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")
_JSONL_LINE_END = re.compile("\r\n|\r|\n")
#: Document fields the loader computes or fills; an input column of the same name would overwrite them.
_RESERVED = ("doc_id", "source", "published", "title", "text")


@dataclass
class _Item:
    """One input item on its way to becoming a document."""

    label: str
    fields: dict[str, Any]
    text: str | None
    notes: list[tuple[str, str, int, str]] = field(default_factory=list)  # action, step, count, detail
    infer_title: bool = False  # a text file's short first line is its headline; a table row's is not
    no_text: str = "empty or whitespace-only document"  # the skip reason when ``text`` is None or blank


@dataclass
class _Mapping:
    """Which input column holds which document field."""

    text: str = "text"
    doc_id: str = "doc_id"
    source: str = "source"
    title: str = "title"
    date: str | None = None
    explicit: frozenset[str] = frozenset()

    @classmethod
    def of(cls, text: str | None = None, doc_id: str | None = None, source: str | None = None,
           title: str | None = None, date: str | None = None) -> _Mapping:
        """The mapping of the loader keywords ``text=``, ``doc_id=``, ... (None: the default column name)."""
        given = {"text": text, "doc_id": doc_id, "source": source, "title": title, "date": date}
        return cls(text=text or "text", doc_id=doc_id or "doc_id", source=source or "source",
                   title=title or "title", date=date,
                   explicit=frozenset(k for k, v in given.items() if v is not None))

    def date_column(self, columns: list[str]) -> str | None:
        if self.date is not None:
            return self.date
        return next((c for c in ("published", "date") if c in columns), None)


class _Report:
    def __init__(self, strict: bool) -> None:
        self.rows: list[dict[str, Any]] = []
        self.strict = strict

    def add(self, item: str, doc_id: str | None, action: str, step: str = "", count: int = 0,
            detail: str = "") -> None:
        self.rows.append({"item": item, "doc_id": doc_id, "action": action, "step": step,
                          "count": int(count), "detail": detail})

    def skip(self, item: str, doc_id: str | None, reason: str) -> None:
        if self.strict:
            raise CorpusInputError(f"{item}: {reason} (strict=True; without it the item is skipped "
                                   "and listed in corpus.load_report)")
        self.add(item, doc_id, "skipped", detail=reason)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=REPORT_COLUMNS)


# -- JSON ------------------------------------------------------------------------------------------

class _RepeatedKeyError(ValueError):
    """A JSON object names one key twice; ``json.loads`` would keep the last value without a word."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise _RepeatedKeyError(key)
        obj[key] = value
    return obj


def _json_loads(text: str | bytes) -> Any:
    """``json.loads`` that refuses an object with a repeated key (every JSON input is read with it)."""
    return json.loads(text, object_pairs_hook=_unique_keys)


def _jsonl_record(line: str, label: str, report: _Report) -> dict[str, Any] | None:
    """One JSONL line as a record; None for a blank line or a skipped one (the reason goes to ``report``).

    The one reader of JSONL lines: :func:`load_corpus`, :func:`~mideast_corpus.stream_corpus` and the Dask
    workers all use it.
    """
    if not line.strip():
        return None
    try:
        record = _json_loads(line)
    except _RepeatedKeyError as exc:
        report.skip(label, None, f"JSON object repeats the key {exc.args[0]!r} (a JSON reader would keep only the "
                                 "last value without a word); keep one value per key")
        return None
    except json.JSONDecodeError as exc:
        report.skip(label, None, f"not valid JSON ({exc.msg} at column {exc.colno}); correct or remove the line")
        return None
    except RecursionError:
        report.skip(label, None, "JSON nested too deeply to read; correct or remove the line")
        return None
    if not isinstance(record, dict):
        report.skip(label, None, 'JSON line is not an object; each line must be {"text": ..., "source": ...}')
        return None
    return record


# -- public entry points ---------------------------------------------------------------------------

def load_corpus(
    data: str | Path | pd.DataFrame,
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
    furniture: bool = True,
    furniture_min_docs: int = 3,
    furniture_min_share: float = 0.02,
    strict: bool = False,
    name: str | None = None,
) -> Corpus:
    """Load documents and their metadata into a :class:`~mideast_corpus.Corpus`.

    Parameters
    ----------
    data : str, Path or pandas.DataFrame
        A folder of text files (every regular, non-hidden file in it and its
        subfolders is an input item), a table file (``.csv``, ``.tsv``,
        ``.jsonl``/``.ndjson``, ``.json`` records, ``.parquet``), or a DataFrame.
    manifest : path, bool or None
        For a folder: a CSV with a ``file`` column (paths relative to the
        folder) and metadata columns (``doc_id``, ``title``, ``source``,
        ``published``, any others kept as document variables). ``None`` uses
        ``manifest.csv`` in the folder if there is one; ``True`` requires it;
        ``False`` ignores it. Entries are resolved to the real files they name:
        one file named twice (``a.txt`` and ``./a.txt``) is an error.
    text, doc_id, source, title, date : str, optional
        Column names in the table or manifest. Defaults: ``text``, ``doc_id``,
        ``source``, ``title`` and ``published`` (else ``date``). A name given
        explicitly must exist. Missing ``doc_id`` columns are replaced by file
        stems or row numbers; missing titles of text files by their first line
        when it is short.
    default_source : str, optional
        Source for documents without one. Without it a missing source is an error.
    date_format : str, optional
        ``strftime`` format for numeric dates such as ``31/12/2017``.
    encoding : str, optional
        Codec of every file. Default: UTF-8, or UTF-16/UTF-8 by BOM.
    errors : {"strict", "replace"}
        ``"replace"`` loads undecodable bytes as U+FFFD and records the count.
    repair : bool, default True
        Apply :func:`~mideast_corpus.cleaning.repair_text`; every change is
        listed in the load report and ``corpus.raw`` keeps the text before repair.
    furniture : bool, default True
        With ``repair``, also remove site furniture: lines and sentences one
        source repeats across many of its documents (credits, newsletter and
        app prompts, video-player text), see
        :func:`~mideast_corpus.furniture.remove_site_furniture`. Each removed
        line is listed per source in the load report (step ``site_furniture``).
    furniture_min_docs, furniture_min_share : int, float
        A line or sentence is furniture when found in at least this many of a
        source's documents (default 3) and this share of them (default 0.02).
    strict : bool, default False
        Raise instead of skipping unreadable, empty or unlisted items.
    name : str, optional
        Label of the corpus.

    Notes
    -----
    Every input item ends up as a document or as a ``skipped`` row of
    ``corpus.load_report`` with the reason and what to do: binary files (and
    UTF-16 without a BOM, with the ``encoding=`` to pass), empty documents,
    unreadable files, pipes and sockets, broken symbolic links, symbolic links
    to folders (not followed), symbolic links to a file already loaded, files
    without a manifest row, manifest rows without a file, JSONL lines that are
    not one JSON object (or repeat a key) and text cells that are not strings.
    Text that looks like an HTML page is turned into its text by the repair
    step ``strip_html`` (with ``repair=False`` it is kept and gets a
    ``warning`` row ``looks_like_html``). Ids and metadata values follow one
    rule for every format (:mod:`mideast_corpus.values`): ids are text, never
    made through a float; whitespace around a value is stripped and listed
    (``strip_whitespace``); a missing id is made from the row number or file
    path and listed (``default_doc_id``). Dates follow one rule
    (:mod:`mideast_corpus.dates`): the day as written. Lone surrogates (from
    JSON escapes) become U+FFFD (``replace_surrogates``); NUL characters in
    table cells are removed (``remove_nul``); an input ``n_words`` column is
    recomputed (``n_words_recomputed``). Input columns that would overwrite a
    document field, repeated column names and rows longer than their header
    are errors.

    Returns
    -------
    Corpus

    Raises
    ------
    CorpusInputError
        Missing path, empty folder, missing column, missing source, bad table.
    CorpusDecodeError
        Undecodable bytes, naming the file and byte offset.
    DuplicateDocumentError
        Two items with the same ``doc_id``, naming both.
    PathEscapeError
        A manifest entry, or a ``manifest.csv`` that is a symbolic link, that
        leads outside the folder.
    ManifestError
        A manifest that cannot be read as CSV, lacks a ``file`` column, repeats
        a file or a column name, or has a ``text`` column.

    Examples
    --------
    >>> import pandas as pd, mideast_corpus as mc
    >>> df = pd.DataFrame({"article": ["IS militants fled Mosul.", "Russian jets struck Idlib."],
    ...                    "outlet": ["A", "B"], "date": ["2017-02-04", "2017-03"]})
    >>> corpus = mc.load_corpus(df, text="article", source="outlet")
    >>> corpus.docs[["doc_id", "source", "date_precision"]].to_dict("list")
    {'doc_id': ['row-00000', 'row-00001'], 'source': ['A', 'B'], 'date_precision': ['day', 'month']}
    """
    mapping = _Mapping.of(text=text, doc_id=doc_id, source=source, title=title, date=date)
    check_errors(errors)
    if not isinstance(data, (str, os.PathLike, pd.DataFrame)):
        raise CorpusInputError(f"load_corpus() takes a folder or table path or a pandas DataFrame, not "
                               f"{type(data).__name__}; for a list of texts use pd.DataFrame({{'text': texts, "
                               "'source': sources})")
    report = _Report(strict)
    if isinstance(data, pd.DataFrame):
        items = list(_items_from_table(data, mapping, label="row", id_prefix="row"))
        label = name or "DataFrame"
    else:
        path = _input_path(data)
        if path.is_dir():
            items = list(_items_from_folder(path, manifest, mapping, encoding, errors, report))
        else:
            items = list(_items_from_table_file(path, mapping, encoding, errors, report))
        label = name or path.name
    corpus = _build(items, mapping, report, default_source=default_source, date_format=date_format,
                    repair=repair, name=label)
    if repair and furniture:
        corpus = remove_site_furniture(corpus, min_docs=furniture_min_docs, min_share=furniture_min_share)
    warn_unparsed_dates(corpus.load_report, len(items))
    return corpus


def seeds_path() -> Path:
    """Return the folder holding the five embedded seed articles and their manifest.

    Examples
    --------
    >>> sorted(p.name for p in seeds_path().iterdir())[-1]
    'manifest.csv'
    """
    packaged = resources.files("mideast_corpus") / "_seeds"
    if packaged.is_dir():
        return Path(str(packaged))
    # An editable install or a source checkout: the seeds sit at the repository root.
    checkout = Path(__file__).resolve().parents[2] / "seeds"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("the embedded seed corpus is missing from this installation; reinstall mideast_corpus")


def load_seeds(*, repair: bool = True) -> Corpus:
    """Load the five embedded seed articles (one per outlet) with their manifest.

    Examples
    --------
    >>> import mideast_corpus as mc
    >>> mc.load_seeds().docs["source"].tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['War Is Boring', 'The New Arab', 'The Daily Beast', 'Institute for the Study of War',
     'The Jerusalem Post']
    """
    return load_corpus(seeds_path(), manifest=seeds_path() / "manifest.csv", repair=repair, name="seeds")


def _input_path(data: str | os.PathLike[str]) -> Path:
    """``data`` as a path that exists (a file or a folder), else the loader's error."""
    path = Path(data)
    if "\x00" in str(path) or not path.exists():
        raise CorpusInputError(f"{str(path)!r}: no such file or folder")
    return path


def _table_suffix(path: Path) -> str:
    """The table format of ``path`` (its lower-case suffix, a key of :data:`TABLE_SUFFIXES`), else an error."""
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise CorpusInputError(f"{path}: unknown table format {suffix!r}; use a folder of text files or one of "
                               f"{sorted(TABLE_SUFFIXES)}")
    return suffix


def _unreadable_parquet(path: Path, exc: Exception) -> CorpusInputError:
    return CorpusInputError(f"{path}: not a readable Parquet file ({type(exc).__name__}: {exc})")


def _replaced_note(n: int) -> tuple[str, str, int, str]:
    """The load-report note (action, step, count, detail) of ``n`` byte sequences decoded as U+FFFD."""
    return ("decoded", "replace_undecodable", n,
            f"{n} undecodable byte sequences replaced by U+FFFD (errors='replace')")


# -- folders ---------------------------------------------------------------------------------------

def _read_text_file(path: Path, label: str, encoding: str | None, errors: str,
                    report: _Report) -> tuple[str | None, list[tuple[str, str, int, str]]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.skip(label, None, f"file cannot be read ({exc.strerror or type(exc).__name__}); "
                                 "fix its permissions or move it out of the corpus folder")
        return None, []
    binary = looks_binary(data) if not _wide_unicode(encoding) else None
    if binary:
        report.skip(label, None, binary)
        return None, []
    decoded = decode_bytes(data, name=label, encoding=encoding, errors=errors)
    notes = [("decoded", "encoding", 0, f"{decoded.encoding}{' with BOM' if decoded.had_bom else ''}")]
    if decoded.replaced:
        notes.append(_replaced_note(decoded.replaced))
    return decoded.text, notes


def _wide_unicode(encoding: str | None) -> bool:
    """UTF-16 and UTF-32 text is full of NUL bytes: the binary check does not apply."""
    if encoding is None:
        return False
    try:
        return codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))
    except LookupError:
        return False  # decode_bytes names the unknown codec


def _inside(root: Path, candidate: Path) -> bool:
    try:
        candidate.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        return False
    return True


def _folder_files(root: Path, exclude: set[Path], report: _Report) -> list[Path]:
    """Regular, non-hidden files under ``root``; every other entry that could hold text is listed as skipped."""
    entries: list[tuple[str, Path, str | None]] = []  # relative path, path, skip reason
    unreadable: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable.append):
        base = Path(dirpath)
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in list(dirnames):
            if (base / name).is_symlink():  # os.walk lists it but does not follow it
                entries.append(((base / name).relative_to(root).as_posix(), base / name,
                                "symbolic link to a folder: not followed; copy the folder into the corpus "
                                "folder to load it"))
        for name in filenames:
            if name.startswith("."):
                continue
            path = base / name
            reason = None
            if path.is_symlink() and not path.exists():
                reason = "broken symbolic link (its target does not exist); fix or remove it"
            elif path.exists() and not path.is_file():
                reason = "not a regular file (a pipe, socket or device); move it out of the corpus folder"
            entries.append((path.relative_to(root).as_posix(), path, reason))
    for error in unreadable:
        where = Path(error.filename) if error.filename else root
        if where.resolve() == root.resolve():
            raise CorpusInputError(f"{root}: folder cannot be read ({error.strerror}); fix its permissions")
        entries.append((where.relative_to(root).as_posix(), where,
                        f"folder cannot be read ({error.strerror}); its files are not loaded; fix its permissions"))
    files = []
    for rel, path, reason in sorted(entries, key=lambda e: e[0]):
        if reason is not None:
            report.skip(rel, None, reason)
        elif path.resolve() not in exclude:
            files.append(path)
    return files


def _one_per_real_file(root: Path, files: list[Path], report: _Report) -> list[Path]:
    """The files of a folder scan with each real file once: a symbolic link to a file already in the list
    is skipped, naming the file it duplicates (the file itself is preferred over links to it)."""
    by_real: dict[Path, list[Path]] = {}
    for path in files:
        by_real.setdefault(path.resolve(), []).append(path)
    kept = []
    for path in files:
        group = by_real[path.resolve()]
        first = next((p for p in group if not p.is_symlink()), group[0])
        if path == first:
            kept.append(path)
        else:
            report.skip(path.relative_to(root).as_posix(), None,
                        f"same file as {first.relative_to(root).as_posix()!r} (a symbolic link): loaded once, "
                        "under that name")
    return kept


def _manifest_path(root: Path, manifest: str | Path | bool | None) -> Path | None:
    """The manifest to use: ``None``/``True`` mean the folder's ``manifest.csv`` (``True`` requires it)."""
    own = root / "manifest.csv"
    if manifest is False or (manifest is None and not own.is_file()):
        return None
    if manifest is None or manifest is True:
        if not own.is_file():
            raise ManifestError(f"{root}: manifest=True but the folder has no manifest.csv; add one, pass "
                                "manifest=PATH, or manifest=None to load every file without one")
        if not _inside(root, own):
            raise PathEscapeError(f"{own}: the manifest is a symbolic link that leads outside the corpus "
                                  f"folder {root}; refused. Copy the manifest into the folder or pass manifest=PATH")
        return own
    path = Path(manifest)
    if not path.is_file():
        raise ManifestError(f"{path}: manifest file not found")
    return path


def _items_from_folder(root: Path, manifest: str | Path | bool | None, mapping: _Mapping,
                       encoding: str | None, errors: str, report: _Report) -> Iterator[_Item]:
    manifest_path = _manifest_path(root, manifest)
    exclude = {manifest_path.resolve()} if manifest_path else set()
    unused = root / "manifest.csv"
    if manifest_path is None and unused.is_file():
        exclude.add(unused.resolve())
        report.add("manifest.csv", None, "skipped", detail="manifest not used (manifest=False)")
    files = _folder_files(root, exclude, report)
    if not files and manifest_path is None and not report.rows:
        raise CorpusInputError(f"{root}: folder holds no files to load")
    if manifest_path is None:
        for path in _one_per_real_file(root, files, report):
            yield from _file_item(root, path, {}, mapping, encoding, errors, report)
        return
    entries = _manifest_entries(root, manifest_path, _read_manifest(manifest_path, encoding, mapping), mapping,
                                report)
    listed = {target.resolve(): target for _, target, _ in entries}
    for _label, target, row in entries:
        yield from _file_item(root, target, row, mapping, encoding, errors, report)
    for path in files:
        real = path.resolve()
        rel = path.relative_to(root).as_posix()
        if real not in listed:
            report.skip(rel, None, f"file has no row in {manifest_path.name}; add a row to load it")
        elif listed[real] != path:
            report.skip(rel, None, f"same file as {listed[real].relative_to(root).as_posix()!r}, which "
                                   f"{manifest_path.name} lists (one of the two paths goes through a symbolic link): "
                                   "loaded once, under that name")


def _manifest_entries(root: Path, manifest_path: Path, rows: list[tuple[int, dict[str, Any]]], mapping: _Mapping,
                      report: _Report) -> list[tuple[str, Path, dict[str, Any]]]:
    """The manifest rows that name a loadable file, as ``(label, path, row)``; checked before any is loaded.

    Each entry is resolved to the real file it names, so ``a.txt``, ``./a.txt``, ``sub/../a.txt`` and a path
    through a symbolic link to a folder inside the corpus are one file: naming it twice is a ManifestError.
    """
    entries: list[tuple[str, Path, dict[str, Any]]] = []
    seen: dict[Path, tuple[int, str]] = {}
    for line_no, row in rows:
        label = f"{manifest_path.name}:line {line_no}"
        rel = str(row.pop("file")).strip()
        doc = row.get(mapping.doc_id) or None
        if not rel:
            report.skip(label, None, "manifest row has an empty 'file'")
            continue
        if "\x00" in rel:
            report.skip(label, doc, f"manifest 'file' {rel!r} contains a NUL character; correct the path")
            continue
        target = root / os.path.normpath(rel)
        if Path(rel).is_absolute() or not _inside(root, root / rel):
            raise PathEscapeError(f"{label}: file {rel!r} lies outside the corpus folder {root}; "
                                  "manifest paths must be relative and stay inside it")
        real = (root / rel).resolve()
        if real == manifest_path.resolve():
            report.skip(label, doc, f"manifest lists itself ({rel!r}); remove the row")
            continue
        if real in seen:
            first_line, first_rel = seen[real]
            raise ManifestError(f"{manifest_path}: lines {first_line} and {line_no} name the same file "
                                f"({first_rel!r} and {rel!r} are both {real.relative_to(root.resolve()).as_posix()!r}"
                                "); list each file once")
        seen[real] = (line_no, rel)
        if not target.is_file():
            kind = ("which is a folder, not a file" if target.is_dir() else
                    "which is not a regular file (a pipe, socket or device)" if target.exists() else
                    "but no such file exists")
            report.skip(label, doc, f"manifest lists {rel!r} {kind}; correct the row or add the file")
            continue
        entries.append((label, target, row))
    return entries


def _file_item(root: Path, path: Path, fields: dict[str, Any], mapping: _Mapping, encoding: str | None,
               errors: str, report: _Report) -> Iterator[_Item]:
    rel = path.relative_to(root).as_posix()
    if not _inside(root, path):
        report.skip(rel, None, "symbolic link leads outside the corpus folder; refused")
        return
    text, notes = _read_text_file(path, rel, encoding, errors, report)
    if text is None:
        return
    stem = rel.rsplit(".", 1)[0] if "." in path.name else rel
    fields, id_notes = _tidy_item(dict(fields), mapping, rel, stem, "the file path")
    yield _Item(label=rel, fields=fields, text=text, notes=notes + id_notes, infer_title=True)


def _read_manifest(path: Path, encoding: str | None, mapping: _Mapping) -> list[tuple[int, dict[str, Any]]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ManifestError(f"{path}: manifest cannot be read ({exc.strerror or type(exc).__name__}); "
                            "fix its permissions or pass manifest=False") from exc
    decoded = decode_bytes(data, name=str(path), encoding=encoding)
    table = _read_delimited(decoded.text, ",", f"{path}", "CSV manifest", ManifestError)
    _check_columns([str(c) for c in table.columns], mapping, f"{path}", from_files=True, error=ManifestError)
    if "file" not in table.columns:
        raise ManifestError(f"{path}: manifest needs a 'file' column (paths relative to the corpus folder); "
                            f"found columns {list(table.columns)}")
    dupes = table["file"][table["file"].duplicated(keep=False)]
    if len(dupes):
        lines = [int(i) + 2 for i in dupes.index]
        raise ManifestError(f"{path}: file {dupes.iloc[0]!r} is listed more than once (lines {lines})")
    return [(int(i) + 2, row) for i, row in zip(table.index, table.to_dict("records"), strict=True)]


# -- tables ----------------------------------------------------------------------------------------

def _items_from_table_file(path: Path, mapping: _Mapping, encoding: str | None, errors: str,
                           report: _Report) -> Iterator[_Item]:
    suffix = _table_suffix(path)
    if suffix in (".parquet", ".pq"):
        try:
            import pyarrow.parquet as pq

            table = arrow_frame(pq.read_table(path))
        except Exception as exc:  # pyarrow raises many types for damaged files
            raise _unreadable_parquet(path, exc) from exc
        yield from _items_from_table(table, mapping, label=f"{path.name}:row", id_prefix=path.stem)
        return
    data = path.read_bytes()
    decoded = decode_bytes(data, name=str(path), encoding=encoding, errors=errors)
    if decoded.replaced:
        report.add(path.name, None, *_replaced_note(decoded.replaced))
    if suffix in (".jsonl", ".ndjson"):
        records, lines, n_lines = [], [], 0
        # Lines end at \n, \r\n or \r (JSON strings cannot hold those raw): str.splitlines() would also cut at
        # U+2028, U+0085 and other characters JSON allows raw inside strings (json.dumps(ensure_ascii=False))
        for line_no, line in enumerate(_JSONL_LINE_END.split(decoded.text), start=1):
            if not line.strip():
                continue
            n_lines += 1
            record = _jsonl_record(line, f"{path.name}:line {line_no}", report)
            if record is None:
                continue
            records.append(record)
            lines.append(line_no)
        records = _without_surrogates(records, path.name, report)
        if not records:
            found = f"none of its {n_lines} non-blank lines is a JSON object" if n_lines else "the file is empty"
            raise CorpusInputError(f"{path}: {found}; expected one object per line such as "
                                   '{"text": "...", "source": "..."}')
        yield from _items_from_table(records_frame(records), mapping, label=f"{path.name}:line",
                                     id_prefix=path.stem, numbers=lines)
        return
    if suffix == ".json":
        try:
            records = _json_loads(decoded.text)
        except _RepeatedKeyError as exc:
            raise CorpusInputError(f"{path}: a JSON object repeats the key {exc.args[0]!r} (a JSON reader would keep "
                                   "only the last value without a word); keep one value per key") from None
        except json.JSONDecodeError as exc:
            raise CorpusInputError(f"{path}: not valid JSON ({exc}); expected a list of objects such as "
                                   '[{"text": "...", "source": "..."}]') from exc
        except RecursionError as exc:
            raise CorpusInputError(f"{path}: JSON nested too deeply to read; expected a list of objects") from exc
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            what = type(records).__name__ if not isinstance(records, list) else "a list holding non-objects"
            raise CorpusInputError(f"{path}: expected a JSON list of objects such as "
                                   f'[{{"text": "...", "source": "..."}}], found {what}; for one object per line '
                                   "name the file .jsonl")
        if not records:
            raise CorpusInputError(f"{path}: the JSON list is empty; nothing to load")
        records = _without_surrogates(records, path.name, report)
        yield from _items_from_table(records_frame(records), mapping, label=f"{path.name}:record",
                                     id_prefix=path.stem)
        return
    table = _read_delimited(decoded.text, TABLE_SUFFIXES[suffix], str(path), f"{suffix[1:].upper()} table",
                            CorpusInputError)
    yield from _items_from_table(table, mapping, label=f"{path.name}:line", id_prefix=path.stem,
                                 numbers=[i + 2 for i in range(len(table))])


def _without_surrogates(records: list[Any], label: str, report: _Report) -> list[Any]:
    """JSON escapes can spell lone surrogates (``"\\ud800"``), which no UTF-8 writer (nor pandas) accepts."""
    count = 0

    def clean(obj: Any) -> Any:
        nonlocal count
        if isinstance(obj, str):
            obj, n = _SURROGATE.subn("\ufffd", obj)
            count += n
            return obj
        if isinstance(obj, dict):
            return {clean(k): clean(v) for k, v in obj.items()}
        if isinstance(obj, list):
            return [clean(v) for v in obj]
        return obj

    records = [clean(r) for r in records]
    if count:
        report.add(label, None, "repaired", "replace_surrogates", count,
                   f"{count} lone surrogate code points (JSON escapes such as \\ud800) replaced by U+FFFD")
    return records


def _read_delimited(text: str, sep: str, name: str, what: str, error: type[CorpusInputError]) -> pd.DataFrame:
    """Read CSV/TSV text as strings; rows longer than the header and repeated column names are errors."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            table = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, index_col=False)
    except pd.errors.ParserWarning:
        raise error(f"{name}: {_long_row(text, sep)}; quote fields that contain {sep!r} or fix the row") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise error(f"{name}: not a readable {what} ({first}); check quoting and the separator {sep!r}") from exc
    # pandas renames a repeated column "x" to "x.1": read the header row as data to see the names as written.
    header = pd.read_csv(io.StringIO(text), sep=sep, header=None, nrows=1, dtype=str, keep_default_na=False,
                         index_col=False).iloc[0].tolist() if len(table.columns) else []
    dupes = sorted(c for c, n in Counter(header).items() if n > 1)
    if dupes:
        raise error(f"{name}: column name(s) {dupes} appear more than once in the header; rename them so that "
                    "each column has its own name")
    return table


def _long_row(text: str, sep: str) -> str:
    try:
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
        header = next(rows, [])
        for row in rows:
            if len(row) > len(header):
                return f"line {rows.line_num} has {len(row)} fields but the header has {len(header)}"
    except csv.Error:
        pass
    return "a row has more fields than the header"


def _check_columns(columns: list[str], mapping: _Mapping, where: str, *, from_files: bool = False,
                   error: type[CorpusInputError] = CorpusInputError) -> None:
    """Refuse repeated column names and columns that would overwrite a document field."""
    dupes = sorted(c for c, n in Counter(columns).items() if n > 1)
    if dupes:
        raise error(f"{where}: column name(s) {dupes} appear more than once; rename them so that each column "
                    "has its own name")
    used = {mapping.doc_id, mapping.source, mapping.title, mapping.date_column(columns)}
    if not from_files:
        used.add(mapping.text)
    clash = [c for c in _RESERVED if c in columns and c not in used]
    if clash:
        origin = "the text read from the files" if from_files and "text" in clash else "a document field"
        raise error(f"{where}: column(s) {clash} would overwrite {origin} of the same name (the mapping uses "
                    f"text={mapping.text!r}, source={mapping.source!r}, doc_id={mapping.doc_id!r}, "
                    f"title={mapping.title!r}, date={mapping.date_column(columns)!r}); rename or drop them")


def _text_value(value: Any) -> tuple[str | None, str]:
    """The text of one table cell, or None and why it cannot be one: only a string is article text."""
    if isinstance(value, str):
        return value, ""
    if isinstance(value, (bytes, bytearray)):
        return None, "text is bytes, not a string; decode it first (or load the file with encoding=)"
    if isinstance(value, (dict, list, tuple, set, np.ndarray)):
        return None, (f"text is a {type(value).__name__}, not a string; name the column that holds the article "
                      "text with text=")
    if is_missing(value):
        return None, "no text (the text field is missing or null)"
    shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
    return None, (f"text is not a string but {type(value).__name__} {shown}: a number or date is not an article; "
                  "name the column that holds the article text with text=")


def _tidy_item(fields: dict[str, Any], mapping: _Mapping, where: str, default_id: str,
               id_from: str) -> tuple[dict[str, Any], list[tuple[str, str, int, str]]]:
    """The value rule (:mod:`mideast_corpus.values`) on one item's metadata, and the doc_id default.

    Returns the fields and the load-report notes: ``strip_whitespace`` for stripped values and
    ``default_doc_id`` when the input has a doc_id column but this item's cell is empty.
    """
    fields, detail, count = tidy_fields(fields, id_key=mapping.doc_id, where=where)
    notes = [("metadata", "strip_whitespace", count, f"whitespace removed: {detail}")] if detail else []
    if fields.get(mapping.doc_id) is None:
        if mapping.doc_id in fields:
            notes.append(("metadata", "default_doc_id", 1, f"no {mapping.doc_id!r} given: doc_id {default_id!r} "
                                                           f"made from {id_from}"))
        fields[mapping.doc_id] = default_id
    return fields, notes


def _items_from_table(table: pd.DataFrame, mapping: _Mapping, *, label: str, id_prefix: str,
                      numbers: list[int] | None = None) -> Iterator[_Item]:
    columns = [str(c) for c in table.columns]
    _check_columns(columns, mapping, label.rsplit(":", 1)[0] if ":" in label else "the table")
    table = table.set_axis(columns, axis=1)
    for key in mapping.explicit:
        column = getattr(mapping, key)
        if column not in columns:
            raise CorpusInputError(f"column {column!r} (given as {key}=) not found; columns are {columns}")
    if mapping.text not in columns:
        raise CorpusInputError(f"no text column {mapping.text!r}; columns are {columns}; "
                               "name it with text='column'")
    numbers = numbers if numbers is not None else list(range(len(table)))
    for number, record in zip(numbers, table.to_dict("records"), strict=True):
        text, why = _text_value(record.pop(mapping.text))
        where = f"{label} {number}"
        fields, notes = _tidy_item(record, mapping, where, f"{id_prefix}-{number:05d}", "the row number")
        yield _Item(label=where, fields=fields, text=text, notes=notes, no_text=why or _Item.no_text)


# -- from items to documents -----------------------------------------------------------------------

def _build(items: list[_Item], mapping: _Mapping, report: _Report, *, default_source: str | None,
           date_format: str | None, repair: bool, name: str) -> Corpus:
    for item in items:
        _replace_surrogates(item)
    _check_duplicates(items, mapping)
    _check_sources(items, mapping, default_source)
    records, raws = [], {}
    for item in items:
        record = _document(item, mapping, report, default_source, date_format, repair)
        if record is not None:
            records.append(record)
            raws[record["doc_id"]] = item.text
    extra = sorted({k for r in records for k in r} - set(DOC_COLUMNS), key=lambda k: _first_seen(records, k))
    docs = pd.DataFrame.from_records(records, columns=DOC_COLUMNS + extra)
    for column in extra:  # integers with missing values: Int64, not float64 (values.py)
        values = integer_column([r.get(column) for r in records])
        if values is not None:
            docs[column] = values
    docs["published"] = pd.to_datetime(docs["published"]).astype("datetime64[ns]")
    docs["n_words"] = docs["n_words"].astype("int64")
    if docs.empty and not report.rows:
        raise CorpusInputError(f"{name}: no input items found")
    raw = pd.Series(raws, name="raw_text", dtype=object)  # holds the texts themselves: no copy of a huge one
    raw.index.name = "doc_id"
    return Corpus(docs, report.frame(), raw, name=name)


def _replace_surrogates(item: _Item) -> None:
    """Lone surrogates (``"\\ud800"`` from JSON or Python) become U+FFFD, recorded, so every string can be written."""
    count = 0
    if item.text is not None:
        item.text, count = _SURROGATE.subn("\ufffd", item.text)
    for key, value in list(item.fields.items()):
        if isinstance(value, str):
            item.fields[key], n = _SURROGATE.subn("\ufffd", value)
            count += n
    if count:
        item.notes.append(("repaired", "replace_surrogates", count,
                           f"{count} lone surrogate code points replaced by U+FFFD (they cannot be written as UTF-8)"))


def _first_seen(records: list[dict[str, Any]], key: str) -> int:
    return next(i * 1000 + list(r).index(key) for i, r in enumerate(records) if key in r)


def _check_duplicates(items: list[_Item], mapping: _Mapping) -> None:
    seen: dict[str, str] = {}
    for item in items:
        key = str(item.fields[mapping.doc_id])
        if key in seen:
            raise DuplicateDocumentError(f"doc_id {key!r} is used twice: by {seen[key]} and by {item.label}; "
                                         "doc_id must be unique")
        seen[key] = item.label


def _check_sources(items: list[_Item], mapping: _Mapping, default_source: str | None) -> None:
    if default_source is not None:
        return
    missing = [item.label for item in items if _blank(item.fields.get(mapping.source))]
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        raise CorpusInputError(f"no source for {len(missing)} item(s) ({shown}); give a {mapping.source!r} "
                               "column (or name one with source='column'), or default_source='Outlet'")


def _blank(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and pd.isna(value):
        return True
    return not str(value).strip()


def _document(item: _Item, mapping: _Mapping, report: _Report, default_source: str | None,
              date_format: str | None, repair: bool) -> dict[str, Any] | None:
    fields = dict(item.fields)
    doc_id = fields.pop(mapping.doc_id)
    if item.text is None or not item.text.strip():
        report.skip(item.label, doc_id, item.no_text)
        return None
    for action, step, count, detail in item.notes:
        report.add(item.label, doc_id, action, step, count, detail)
    given_words = fields.pop("n_words", None)
    source = fields.pop(mapping.source, None)
    if _blank(source):
        source = default_source
        report.add(item.label, doc_id, "metadata", "default_source", 1, f"source set to {default_source!r}")
    title = fields.pop(mapping.title, None)
    text = item.text
    if "\x00" in text:
        report.add(item.label, doc_id, "repaired", "remove_nul", text.count("\x00"), "NUL characters removed")
        text = text.replace("\x00", "")
    html = looks_like_html(text)
    if html and not repair:
        report.add(item.label, doc_id, "warning", "looks_like_html", html[0], html[1])
    if _blank(title) and item.infer_title:
        # a page's <title>, not its first line of markup
        title, how = (html_title(text), "title_from_html") if html else (_title_from_first_line(text),
                                                                          "title_from_first_line")
        if title:
            report.add(item.label, doc_id, "metadata", how, 1, f"title {title[:80]!r}")
    date_column = mapping.date_column(list(item.fields))
    raw_date = fields.pop(date_column, None) if date_column else None
    given_precision = fields.pop("date_precision", None)
    published, precision, problem = parse_date(raw_date, date_format)
    if problem:
        report.add(item.label, doc_id, "metadata", "date_unparsed", 1, problem + "; published left empty")
    if not _blank(given_precision) and precision and str(given_precision) != precision:
        report.add(item.label, doc_id, "metadata", "date_precision", 1,
                   f"input said {given_precision!r}, the date {raw_date!r} has precision {precision!r}")
    if repair:
        text, events = repair_text(text, title=None if _blank(title) else str(title))
        for event in events:
            report.add(item.label, doc_id, "repaired", event.step, event.count, event.detail)
        if not text.strip():
            report.skip(item.label, doc_id, "nothing left after repair (every line was boilerplate or invisible "
                                            "characters); load with repair=False to keep the text as decoded")
            return None
    n_words = count_words(text)
    if not _blank(given_words) and label_text(given_words, item.label) != str(n_words):
        report.add(item.label, doc_id, "metadata", "n_words_recomputed", 1,
                   f"input said n_words={given_words!r}; the loaded text has {n_words} words")
    report.add(item.label, doc_id, "loaded", count=len(text), detail=f"{len(text)} characters")
    record = {"doc_id": doc_id, "source": label_text(source, item.label), "published": published,
              "date_precision": precision, "title": None if _blank(title) else label_text(title, item.label),
              "text": text, "n_words": n_words}
    record.update({str(k): (None if is_missing(v) else v) for k, v in fields.items()})
    return record


def _title_from_first_line(text: str) -> str | None:
    # A headline is a short first line with more text after it; a one-line file is all body.
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        return None
    first = lines[0]
    if len(first.split()) <= _TITLE_MAX_WORDS and not first.endswith((".", ":", ";", ",")):
        return first
    return None
