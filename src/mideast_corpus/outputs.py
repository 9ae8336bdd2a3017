"""Write output files so that no reader sees a half-written, stale or someone else's file.

Every file the library writes (the report page, table files, streamed Parquet parts) goes through an
:class:`OutputRun`:

* **Atomic.** Each file is written under a temporary name in its own folder
  (``.<name>.<pid>.<random>.tmp``) and renamed into place: a file holds all its bytes or is absent,
  even when the process is killed or the disk fills up.
* **Recorded.** Each run keeps a manifest, ``<folder>/.mideast-corpus/<run>.jsonl``: a header line,
  then one line per file written (path, size, SHA-256), and a last line ``{"complete": true, ...}``
  once the run finished: the completion marker. Until then (while it runs, or after it was killed
  or stopped on an error) the run is incomplete and :func:`run_files` refuses to hand out its files.
  A finished manifest lists the files in path order and holds nothing that depends on the clock or
  the process, so two runs on the same input leave identical manifests.
* **Never someone else's file.** A run replaces an existing file only when a manifest in the folder
  lists it with the same SHA-256 (a file this library wrote and nobody changed since); anything else
  in the way is an :class:`~mideast_corpus.errors.OutputDirError` naming it. When a run finishes it
  removes, under the same rule, the files the previous run of the same name wrote and this one did
  not (a table no longer produced, the CSVs of a run that now writes Parquet, the parts past the new
  last one).
* **One run at a time.** Runs into one folder take turns (an exclusive lock on
  ``.mideast-corpus/lock`` where the platform has ``fcntl``), so that concurrent processes never
  remove each other's files; probe files carry a per-process name.
* **Named errors.** Every ``OSError`` while writing (disk full, permission denied, a folder in the
  way) becomes an ``OutputDirError`` that names the file and says what to do.

CSV tables are written with spreadsheet formulas neutralised: see :func:`neutralise_formulas`.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import secrets
import tempfile
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import pandas as pd

from ._version import __version__
from .errors import IncompleteOutputError, OutputDirError

__all__ = ["FORMULA_PREFIXES", "OutputRun", "neutralise_formulas", "prepare_out_dir", "run_files", "write_tables"]

#: Hidden folder holding the run manifests (and the lock) of an output folder.
RECORD_DIR = ".mideast-corpus"
#: A CSV cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_MANIFEST_FORMAT = 1
#: Lock files this process holds (a second run into the same folder from the same process would wait forever).
_HELD: set[str] = set()


def _reason(exc: OSError) -> str:
    what = exc.strerror or type(exc).__name__
    if exc.errno == errno.ENOSPC:
        return f"{what} (the disk is full); free some space or choose another --out folder"
    return f"{what}; choose another --out folder"


def prepare_out_dir(out_dir: str | Path, *subdirs: str) -> Path:
    """Create ``out_dir`` (and ``subdirs`` in it) and check that it can be written.

    The check writes and removes a probe file with a name of its own
    (``tempfile.mkstemp``), so that several processes can prepare one folder
    at once.

    Raises
    ------
    OutputDirError
        With a one-line message when a file is in the way or permission is denied.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     prepare_out_dir(Path(d) / "report", "tables").name
    'report'
    """
    if "\x00" in str(out_dir):
        raise OutputDirError(f"cannot write to {str(out_dir)!r}: the path holds a NUL character; choose another "
                             "--out folder")
    path = Path(out_dir)
    try:
        for folder in (path, *(path / s for s in subdirs)):
            if folder.exists() and not folder.is_dir():
                raise OutputDirError(f"cannot write to {folder}: it exists and is not a folder")
            folder.mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(prefix=".mideast-corpus-probe-", dir=path)
        os.close(handle)
        os.unlink(probe)
    except OutputDirError:
        raise
    except OSError as exc:
        raise OutputDirError(f"cannot write to {path}: {_reason(exc)}") from None
    return path


# -- manifests ----------------------------------------------------------------------------------------

def _manifest_path(root: Path, name: str) -> Path:
    return root / RECORD_DIR / f"{name}.jsonl"


def _read_lines(path: Path) -> list[dict[str, Any]]:
    """The lines of a manifest that parse (a line torn by a killed process is ignored)."""
    lines = []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    for raw in text.splitlines():
        try:
            line = json.loads(raw)
        except ValueError:
            continue
        if isinstance(line, dict):
            lines.append(line)
    return lines


def _recorded(lines: list[dict[str, Any]]) -> dict[str, tuple[int, str]]:
    """``{path: (bytes, sha256)}`` of the files a manifest lists (written, or kept from the run before)."""
    out = {}
    for line in lines:
        rel = line.get("wrote") or line.get("kept")
        if isinstance(rel, str):
            out[rel] = (int(line.get("bytes", -1)), str(line.get("sha256", "")))
    return out


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def run_files(out_dir: str | Path, name: str, *, partial: bool = False) -> list[str]:
    """The files (paths relative to ``out_dir``) that the run ``name`` wrote, in path order.

    Parameters
    ----------
    out_dir : str or Path
        The output folder.
    name : str
        The run, e.g. ``"process_stream"`` or ``"report"``.
    partial : bool, default False
        Return the files of a run that did not finish (killed, or stopped on
        an error) instead of refusing them.

    Raises
    ------
    IncompleteOutputError
        The run has no completion marker (and ``partial`` is False).
    OutputDirError
        No run of that name is recorded in ``out_dir``.
    """
    path = _manifest_path(Path(out_dir), name)
    if not path.is_file():
        raise OutputDirError(f"{out_dir}: no record of a {name} run in this folder (no {RECORD_DIR}/{name}.jsonl); "
                             f"was it written by {name}() of mideast_corpus 0.1 or later?")
    lines = _read_lines(path)
    complete = bool(lines) and lines[-1].get("complete") is True
    wrote = sorted({line["wrote"] for line in lines if isinstance(line.get("wrote"), str)})
    if not complete and not partial:
        raise IncompleteOutputError(
            f"{out_dir}: the {name} run that wrote this folder did not finish (no completion marker after "
            f"{len(wrote)} files: it was stopped or failed); its tables are incomplete. Run it again (with "
            "overwrite=True), or read what it wrote with partial=True")
    return wrote


# -- a run -------------------------------------------------------------------------------------------------

class OutputRun:
    """The files one run writes into one folder: atomic, recorded, marked complete at the end.

    Use it as a context manager; the completion marker is written when the block
    ends without an exception::

        with OutputRun("out", "report", reserve=["index.html"]) as run:
            run.write_bytes("index.html", page)
            run.write_table("tables/entities", table, "csv")

    Parameters
    ----------
    out_dir : str or Path
        The folder (created if needed).
    name : str
        The run's name; its manifest is ``out_dir/.mideast-corpus/<name>.jsonl``
        and a later run of the same name replaces its files.
    subdirs : iterable of str
        Folders to create in ``out_dir``.
    reserve : iterable of str
        Files the run will write: checked at the start (a file of someone else's
        in the way is refused before any work is done).
    empty : bool, default False
        Refuse a folder that is not empty (``process_stream`` without ``overwrite``).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     with OutputRun(d, "example") as run:
    ...         _ = run.write_bytes("a.txt", b"first")
    ...     with OutputRun(d, "example") as run:
    ...         _ = run.write_bytes("b.txt", b"second")   # a.txt is stale now: removed at the end
    ...     sorted(p.name for p in Path(d).iterdir()), run_files(d, "example")
    (['.mideast-corpus', 'b.txt'], ['b.txt'])
    """

    def __init__(self, out_dir: str | Path, name: str, *, subdirs: Iterable[str] = (), reserve: Iterable[str] = (),
                 empty: bool = False) -> None:
        self.root = Path(out_dir)
        self.name = name
        self._subdirs = tuple(subdirs)
        self._reserve = tuple(reserve)
        self._empty = empty
        self._journal: IO[str] | None = None
        self._lock: IO[bytes] | None = None
        self._lock_key = ""
        self._owned: dict[str, set[str]] = {}
        self._previous: dict[str, tuple[int, str]] = {}
        self.written: dict[str, tuple[int, str]] = {}

    # -- start and end ------------------------------------------------------------------------------------
    def __enter__(self) -> OutputRun:
        if self._journal is None:  # not started by an explicit start()
            self.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if kind is None:
            self.finish()
        else:
            self.close()  # no completion marker: the run is incomplete, its files say so

    def start(self) -> None:
        """Prepare the folder, take the lock, read the manifests and begin this run's own."""
        previous_incomplete = self._previous_incomplete()
        if self._empty and self.root.is_dir() and any(self.root.iterdir()):
            hint = (f" (it holds an incomplete {self.name} run: stopped or failed before its end)"
                    if previous_incomplete else "")
            raise OutputDirError(f"{self.root}: folder is not empty{hint}; pass overwrite=True to replace the "
                                 "tables of an earlier run (files it did not write are left alone), or choose "
                                 "another folder")
        prepare_out_dir(self.root, *self._subdirs, RECORD_DIR)
        self._take_lock()
        try:
            for path in sorted((self.root / RECORD_DIR).glob("*.jsonl")):
                lines = _read_lines(path)
                for rel, (_, sha) in _recorded(lines).items():
                    self._owned.setdefault(rel, set()).add(sha)
                if path.name == f"{self.name}.jsonl":
                    self._previous = _recorded(lines)
                    self._remove_temps(lines)
            for rel in self._reserve:
                self._check_replaceable(rel)
            header = {"format": _MANIFEST_FORMAT, "library": "mideast_corpus", "run": self.name,
                      "version": __version__}
            kept = [{"kept": rel, "bytes": size, "sha256": sha} for rel, (size, sha) in sorted(self._previous.items())]
            self._replace_manifest([header, *kept])
            self._journal = open(_manifest_path(self.root, self.name), "a", encoding="utf-8")  # noqa: SIM115
        except BaseException:
            self.close()
            raise

    def finish(self) -> None:
        """Remove the previous run's stale files, then write the completion marker (a compact manifest)."""
        try:
            for rel, (_, sha) in sorted(self._previous.items()):
                if rel not in self.written:
                    self._remove_stale(rel, sha)
            header = {"format": _MANIFEST_FORMAT, "library": "mideast_corpus", "run": self.name,
                      "version": __version__}
            files = [{"wrote": rel, "bytes": size, "sha256": sha} for rel, (size, sha) in sorted(self.written.items())]
            self._close_journal()
            self._replace_manifest([header, *files, {"complete": True, "files": len(files)}])
        except OSError as exc:
            raise OutputDirError(f"cannot finish writing {self.root}: {_reason(exc)}") from None
        finally:
            self.close()

    def _close_journal(self) -> None:
        if self._journal is not None:
            self._journal.close()
            self._journal = None

    def close(self) -> None:
        """Close the manifest and release the lock (without the completion marker)."""
        self._close_journal()
        if self._lock is not None:
            self._lock.close()  # closing the file releases the lock
            self._lock = None
            _HELD.discard(self._lock_key)

    # -- writing ----------------------------------------------------------------------------------------
    def write_bytes(self, rel: str, data: bytes) -> Path:
        """Write ``data`` to ``out_dir/rel`` atomically and record it; return the path."""
        return self._write(rel, lambda temp: temp.write_bytes(data), hashlib.sha256(data).hexdigest())

    def write_table(self, stem: str, table: pd.DataFrame, format: str) -> Path:
        """Write ``table`` to ``out_dir/<stem>.csv`` or ``.parquet``; return the path.

        CSV: UTF-8, ``\\n`` line ends, no index, formulas neutralised
        (:func:`neutralise_formulas`). Parquet: the values as they are, the
        provenance in the file's metadata.
        """
        if format == "csv":
            return self.write_bytes(f"{stem}.csv", csv_bytes(table))
        if format == "parquet":
            out = table.copy()
            out.attrs = {"provenance": json.loads(json.dumps(table.attrs.get("provenance", {}), default=str))}
            return self._write(f"{stem}.parquet", lambda temp: out.to_parquet(temp, index=False))
        raise ValueError(f"format={format!r}: use 'csv' or 'parquet'")

    def write_parquet(self, rel: str, table: pd.DataFrame) -> Path:
        """Write ``table`` (without its attrs) as Parquet to ``out_dir/rel``; return the path."""
        out = table.copy(deep=False)
        out.attrs = {}
        return self._write(rel, lambda temp: out.to_parquet(temp, index=False))

    def _write(self, rel: str, fill: Any, sha: str | None = None) -> Path:
        if self._journal is None:
            raise RuntimeError("OutputRun.start() was not called (use it as a context manager)")
        target = self.root / rel
        temp = target.parent / f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._check_replaceable(rel)
            self._log({"temp": temp.relative_to(self.root).as_posix()})
            fill(temp)
            size = temp.stat().st_size
            sha = sha or _sha256(temp)
            # recorded before the rename: a process killed in between leaves a file its manifest names
            self._log({"wrote": rel, "bytes": size, "sha256": sha})
            os.replace(temp, target)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                temp.unlink()
            if isinstance(exc, OSError) and not isinstance(exc, OutputDirError):
                raise OutputDirError(f"cannot write {target}: {_reason(exc)}") from None
            raise
        self.written[rel] = (size, sha)
        self._owned.setdefault(rel, set()).add(sha)
        return target

    # -- ownership ------------------------------------------------------------------------------------------
    def _check_replaceable(self, rel: str) -> None:
        target = self.root / rel
        if not (target.exists() or target.is_symlink()):
            return
        if target.is_symlink() or not target.is_file():
            raise OutputDirError(f"cannot write {target}: a {'symbolic link' if target.is_symlink() else 'folder'} "
                                 "is in the way; move it or choose another folder")
        if rel in self.written:
            return
        if _sha256(target) not in self._owned.get(rel, set()):
            raise OutputDirError(f"cannot write {target}: the file exists and was not written by mideast_corpus (or "
                                 "was changed since); it is left alone: move it away or choose another folder")

    def _remove_stale(self, rel: str, sha: str) -> None:
        target = self.root / rel
        if not target.is_file() or target.is_symlink() or _sha256(target) != sha:
            return  # gone, or changed by someone since: not ours to remove
        target.unlink()
        folder = target.parent
        while folder != self.root and folder.is_relative_to(self.root):
            try:
                folder.rmdir()  # only when empty
            except OSError:
                break
            folder = folder.parent

    def _remove_temps(self, lines: list[dict[str, Any]]) -> None:
        """Remove the temporary files a killed run of this name left behind (its manifest names them)."""
        for line in lines:
            rel = line.get("temp")
            if isinstance(rel, str) and ".." not in Path(rel).parts and Path(rel).name.startswith(".") \
                    and rel.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    (self.root / rel).unlink()

    # -- the manifest file and the lock ------------------------------------------------------------------
    def _log(self, line: dict[str, Any]) -> None:
        assert self._journal is not None
        self._journal.write(json.dumps(line, sort_keys=True) + "\n")
        self._journal.flush()

    def _replace_manifest(self, lines: list[dict[str, Any]]) -> None:
        path = _manifest_path(self.root, self.name)
        temp = path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        try:
            temp.write_text("".join(json.dumps(line, sort_keys=True) + "\n" for line in lines), encoding="utf-8")
            os.replace(temp, path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                temp.unlink()
            raise OutputDirError(f"cannot write {path}: {_reason(exc)}") from None

    def _take_lock(self) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: runs into one folder are not serialised
            return
        path = self.root / RECORD_DIR / "lock"
        key = str(path.resolve())
        if key in _HELD:  # flock would wait for this very process: a deadlock, so say it instead
            raise RuntimeError(f"{self.root}: a run of this process is already writing this folder; write its files "
                               "through that OutputRun")
        self._lock = open(path, "ab")  # noqa: SIM115
        try:
            fcntl.flock(self._lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            warnings.warn(f"{self.root}: another mideast_corpus run is writing this folder; waiting for it to finish",
                          RuntimeWarning, stacklevel=4)
            fcntl.flock(self._lock.fileno(), fcntl.LOCK_EX)
        _HELD.add(key)
        self._lock_key = key

    def _previous_incomplete(self) -> bool:
        path = _manifest_path(self.root, self.name)
        if not path.is_file():
            return False
        lines = _read_lines(path)
        return not (lines and lines[-1].get("complete") is True)


# -- tables ------------------------------------------------------------------------------------------------

def neutralise_formulas(table: pd.DataFrame) -> pd.DataFrame:
    """Prefix with ``'`` every text cell (and column name) that a spreadsheet would run as a formula.

    A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
    (:data:`FORMULA_PREFIXES`) is evaluated by Excel, LibreOffice and Google Sheets
    when the CSV is opened ("CSV injection"). Following the convention of
    spreadsheet exports (and OWASP's advice), such text cells get a leading
    apostrophe, which spreadsheets hide and treat as "this is text". Numbers
    are numbers (``-0.5`` in a numeric column is left alone). Only CSV files
    are changed; Parquet files and the DataFrames the library returns keep the
    exact values.

    Examples
    --------
    >>> t = pd.DataFrame({"source": ["=HYPERLINK(\\"http://x\\")", "Reuters", "-Wire"], "score": [-0.5, 0.1, 1.0]})
    >>> neutralise_formulas(t).to_dict("list")
    {'source': ['\\'=HYPERLINK("http://x")', 'Reuters', "'-Wire"], 'score': [-0.5, 0.1, 1.0]}
    """
    def risky(value: Any) -> bool:
        return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)

    def safe(value: Any) -> Any:
        return "'" + value if risky(value) else value

    out = table.copy(deep=False)
    for column in out.columns:
        series = out[column]
        text = series.dtype == object or isinstance(series.dtype, pd.StringDtype)
        if text and series.map(risky).any():
            out[column] = series.map(safe)
    out.columns = [safe(str(c)) for c in out.columns]
    out.attrs = table.attrs
    return out


def csv_bytes(table: pd.DataFrame) -> bytes:
    """``table`` as the library's CSV: UTF-8, ``\\n`` line ends, no index, formulas neutralised.

    Python's CSV writer leaves a field holding a bare carriage return unquoted when lines end in ``\\n``,
    and most readers end the row there; a table with such a text cell is written with every text field
    quoted (``csv.QUOTE_NONNUMERIC``), so no reader splits a row.

    Examples
    --------
    >>> csv_bytes(pd.DataFrame({"source": ["=1+1", "Wire"], "n": [1, 2]}))
    b"source,n\\n'=1+1,1\\nWire,2\\n"
    >>> csv_bytes(pd.DataFrame({"title": ["a\\rb"], "n": [1]}))
    b'"title","n"\\n"a\\rb",1\\n'
    """
    import csv

    safe = neutralise_formulas(table)
    has_cr = any(safe[c].map(lambda v: isinstance(v, str) and "\r" in v).any() for c in safe.columns
                 if safe[c].dtype == object or isinstance(safe[c].dtype, pd.StringDtype))
    quoting = csv.QUOTE_NONNUMERIC if has_cr else csv.QUOTE_MINIMAL
    return safe.to_csv(index=False, lineterminator="\n", quoting=quoting).encode("utf-8")


def write_table_files(run: OutputRun, tables: Mapping[str, pd.DataFrame], folder: str = "",
                      format: str = "csv") -> list[Path]:
    """Write each table to ``<folder>/<name>.<format>`` inside ``run``; return the paths."""
    if format not in ("csv", "parquet"):
        raise ValueError(f"format={format!r}: use 'csv' or 'parquet'")
    prefix = f"{folder.strip('/')}/" if folder else ""
    return [run.write_table(f"{prefix}{name}", table, format) for name, table in tables.items()]


def write_tables(tables: Mapping[str, pd.DataFrame], out_dir: str | Path, *, format: str = "csv",
                 run_name: str | None = None) -> list[Path]:
    """Write each table to ``out_dir/<name>.csv`` (or ``.parquet``); return the paths.

    CSV files are UTF-8 with ``\\n`` line ends and no index, so that two runs
    give identical bytes, and cells that a spreadsheet would run as formulas
    start with ``'`` (:func:`neutralise_formulas`). Parquet files keep the
    values as they are and the provenance in their metadata.

    The files are one run (see :class:`OutputRun`): written atomically and
    recorded. A later call of the same run into the same folder removes the
    files this one wrote and it does not: switching ``format=`` leaves no stale
    CSVs. The run is ``run_name`` (the CLI passes its command), by default one
    per set of table names, so that calls writing other tables into the same
    folder keep each other's files. A file the library did not write is never
    replaced (``OutputDirError``).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     [p.name for p in write_tables({"t": pd.DataFrame({"a": [1]})}, d)]
    ['t.csv']
    """
    if format not in ("csv", "parquet"):
        raise ValueError(f"format={format!r}: use 'csv' or 'parquet'")
    if run_name is None:
        run_name = "write_tables-" + hashlib.sha256("\n".join(sorted(tables)).encode("utf-8")).hexdigest()[:12]
    with OutputRun(out_dir, run_name, reserve=[f"{name}.{format}" for name in tables]) as run:
        return write_table_files(run, tables, format=format)
