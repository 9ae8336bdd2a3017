"""Versioned CSV data of the framing measures: the packaged file or a user's own, with its version.

The packaged ``data/<name>.csv`` takes its version from ``data/<name>.meta.json``; a user's CSV or
DataFrame gets ``custom:<hash>`` so provenance always says which table was used.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

__all__ = ["read_versioned_csv", "table_and_version"]

Check = Callable[[pd.DataFrame], pd.DataFrame]


def _digest(text: str) -> str:
    return "custom:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def read_versioned_csv(name: str, path: str | Path | None, check: Check) -> pd.DataFrame:
    """Read ``path`` (or the packaged ``data/<name>.csv``), validate it with ``check``, set ``attrs["version"]``.

    Examples
    --------
    >>> t = read_versioned_csv("frames", None, lambda df: df)
    >>> t.attrs["version"], "frame" in t.columns
    ('1.0.0', True)
    """
    if path is None:
        # a copy of the cached packaged table: a caller who edits it must not change later calls
        return _packaged(name, check).copy(deep=True)
    csv_text = Path(path).read_text(encoding="utf-8")
    return _parse(csv_text, _digest(csv_text), check)


@lru_cache(maxsize=8)
def _packaged(name: str, check: Check) -> pd.DataFrame:
    base = resources.files("mideast_corpus") / "data"
    version = str(json.loads((base / f"{name}.meta.json").read_text(encoding="utf-8"))["version"])
    return _parse((base / f"{name}.csv").read_text(encoding="utf-8"), version, check)


def _parse(csv_text: str, version: str, check: Check) -> pd.DataFrame:
    table = check(pd.read_csv(io.StringIO(csv_text), dtype=str, keep_default_na=False))
    table.attrs["version"] = version
    return table


def table_and_version(
    table: pd.DataFrame | str | Path | None, load: Callable[[str | Path | None], pd.DataFrame], check: Check
) -> tuple[pd.DataFrame, str]:
    """Resolve a ``lexicon=``-style argument (None, a path or a DataFrame) to a validated table and its version.

    Examples
    --------
    >>> import pandas as pd
    >>> table_and_version(pd.DataFrame({"a": ["x"]}), None, lambda df: df)[1].startswith("custom:")
    True
    """
    if table is None or isinstance(table, (str, Path)):
        loaded = load(table)
        return loaded, str(loaded.attrs["version"])
    checked = check(table)
    if "version" in table.attrs:
        return checked, str(table.attrs["version"])
    return checked, _digest(checked.to_csv(index=False))
