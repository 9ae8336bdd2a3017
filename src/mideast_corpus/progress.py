"""Progress bars inside long steps (tqdm), off unless asked for.

Long steps (matching a large corpus, bootstrapping hundreds of cells, the
report's stages) wrap their main loop in :func:`progress`. Nothing is shown
unless progress is switched on, so that scripts, tests and notebooks validated
against stored output stay quiet and byte-identical:

- ``mc.show_progress()`` switches it on for the session (``mc.show_progress(False)`` off);
- the environment variable ``MIDEAST_CORPUS_PROGRESS=1`` switches it on for a process;
- the command line and :func:`~mideast_corpus.build_report` switch it on for their own run
  (``--quiet`` / ``progress=False`` keep them quiet).

Bars are drawn by ``tqdm.auto`` (a widget in Jupyter, text on stderr elsewhere)
and never go to stdout or into a table.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

__all__ = ["Bar", "progress", "progress_enabled", "show_progress"]

T = TypeVar("T")
#: ``None``: follow ``MIDEAST_CORPUS_PROGRESS``; otherwise the session's choice.
_enabled: bool | None = None
#: Loops shorter than this never get a bar (it would flash and vanish).
MIN_TOTAL = 20


def show_progress(enabled: bool = True) -> None:
    """Show (or hide) progress bars in long steps for the rest of the session.

    Examples
    --------
    >>> import mideast_corpus as mc
    >>> mc.show_progress()
    >>> mc.show_progress(False)
    """
    global _enabled
    _enabled = bool(enabled)


def _choice() -> bool | None:
    """The session's choice (``show_progress``), else the environment's, else None (nobody chose)."""
    if _enabled is not None:
        return _enabled
    value = os.environ.get("MIDEAST_CORPUS_PROGRESS", "").strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    return None


def _shown(enabled: bool | None, total: int | None, always_from: int | None) -> bool:
    if enabled is not None:
        return enabled
    chosen = _choice()
    if chosen is not None:
        return chosen
    return always_from is not None and total is not None and total >= always_from


def _tqdm(**options: Any) -> Any:
    """A tqdm bar on stderr with the library's look, or None when tqdm cannot be imported."""
    try:
        from tqdm.auto import tqdm
    except ImportError:  # tqdm is a dependency; a broken install still runs
        return None
    options["desc"] = f"mideast_corpus: {options['desc']}"
    options.setdefault("leave", False)
    return tqdm(file=sys.stderr, dynamic_ncols=True, **options)


@contextlib.contextmanager
def progress_enabled(enabled: bool | None) -> Iterator[None]:
    """Within the block, show bars (True), hide them (False) or keep the session's choice (None)."""
    global _enabled
    before = _enabled
    if enabled is not None:
        _enabled = bool(enabled)
    try:
        yield
    finally:
        _enabled = before


def progress(iterable: Iterable[T], *, desc: str, total: int | None = None, unit: str = "it",
             enabled: bool | None = None, always_from: int | None = None, **options: Any) -> Iterable[T]:
    """Iterate over ``iterable``, with a tqdm bar on stderr when progress is on and the loop is long.

    Parameters
    ----------
    iterable : iterable
        What the step loops over.
    desc : str
        What the loop does, shown before the bar ("stance by source").
    total : int, optional
        Number of items (default ``len(iterable)`` when it has one).
    unit : str
        What one item is ("cells", "documents").
    enabled : bool, optional
        Show (True) or hide (False) the bar whatever the session's choice; None follows it.
    always_from : int, optional
        When nobody chose (no ``show_progress``, no environment variable), show the bar anyway for
        loops of at least this many items: a run that long should not look stuck.
    **options
        Passed to ``tqdm``.

    Examples
    --------
    >>> sum(progress(range(5), desc="adding"))
    10
    """
    if total is None:
        total = len(iterable) if hasattr(iterable, "__len__") else None  # type: ignore[arg-type]
    if not _shown(enabled, total, always_from) or (total is not None and total < MIN_TOTAL):
        return iterable
    bar = _tqdm(iterable=iterable, desc=desc, total=total, unit=unit, **options)
    return iterable if bar is None else bar


class Bar:
    """A bar advanced by hand, for loops whose items are not the unit counted (chunks of documents).

    A tqdm bar on stderr when shown; one line per :meth:`update` on stderr when tqdm cannot be
    imported (a long streaming run still reports); nothing when hidden.

    Examples
    --------
    >>> bar = Bar(desc="streaming", total=None, unit="docs", enabled=False)
    >>> bar.update(1000, "1.2 M chars"); bar.close()
    """

    def __init__(self, *, desc: str, total: int | None, unit: str, enabled: bool | None = None,
                 leave: bool = False) -> None:
        self.desc, self.unit, self.total, self.done = desc, unit, total, 0
        self.shown = _shown(enabled, total, None)
        self._bar = _tqdm(desc=desc, total=total, unit=unit, leave=leave) if self.shown else None

    def update(self, n: int, status: str = "") -> None:
        """Count ``n`` more items; ``status`` says what else to show (rate, characters)."""
        self.done += n
        if self._bar is not None:
            self._bar.update(n)
            if status:
                self._bar.set_postfix_str(status, refresh=False)
        elif self.shown:
            of = f" of {self.total:,}" if self.total is not None else ""
            print(f"mideast_corpus: {self.desc}: {self.done:,}{of} {self.unit}" + (f", {status}" if status else ""),
                  file=sys.stderr, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
