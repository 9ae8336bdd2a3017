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

__all__ = ["progress", "progress_enabled", "show_progress"]

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


def _is_enabled() -> bool:
    if _enabled is not None:
        return _enabled
    return os.environ.get("MIDEAST_CORPUS_PROGRESS", "").strip().lower() in ("1", "true", "yes", "on")


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
             enabled: bool | None = None, **options: Any) -> Iterable[T]:
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
    **options
        Passed to ``tqdm``.

    Examples
    --------
    >>> sum(progress(range(5), desc="adding"))
    10
    """
    if not (_is_enabled() if enabled is None else enabled):
        return iterable
    if total is None:
        total = len(iterable) if hasattr(iterable, "__len__") else None  # type: ignore[arg-type]
    if total is not None and total < MIN_TOTAL:
        return iterable
    try:
        from tqdm.auto import tqdm
    except ImportError:  # pragma: no cover - tqdm is a dependency; a broken install still runs
        return iterable
    return tqdm(iterable, desc=f"mideast_corpus: {desc}", total=total, unit=unit, file=sys.stderr,
                leave=False, dynamic_ncols=True, **options)
