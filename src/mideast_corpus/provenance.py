"""Provenance records attached to every table the library returns.

A provenance record is a plain, JSON-serialisable dict stored in
``DataFrame.attrs["provenance"]``. It names the library version, the corpus
fingerprint, the function that made the table, its parameters and the versions
of the data files it used, so that a table saved next to a paper says how it
was made.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from ._version import __version__

if TYPE_CHECKING:  # for the signature only: corpus.py imports this module
    from .corpus import Corpus

__all__ = ["attach_provenance", "provenance_of"]


def _jsonable(value: Any) -> Any:
    """Turn a parameter value into something JSON can hold, deterministically."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_jsonable(v) for v in value)
    if isinstance(value, range):
        return list(value)
    if isinstance(value, pd.DataFrame):
        return f"<DataFrame {value.shape[0]}x{value.shape[1]}>"
    if hasattr(value, "fingerprint"):
        return str(value.fingerprint)
    if callable(value):
        return f"<callable {getattr(value, '__qualname__', type(value).__name__)}>"
    if hasattr(value, "item"):  # numpy scalars
        try:
            return value.item()
        except (TypeError, ValueError):
            pass
    return repr(value)


def attach_provenance(
    df: pd.DataFrame,
    *,
    function: str,
    params: Mapping[str, Any] | None = None,
    corpus: Corpus | None = None,
    data_versions: Mapping[str, str] | None = None,
    random_state: int | None = None,
) -> pd.DataFrame:
    """Attach a provenance record to ``df.attrs["provenance"]`` and return ``df``.

    Parameters
    ----------
    df : pandas.DataFrame
        The table to annotate (modified in place and returned).
    function : str
        Public name of the function that made the table, e.g. ``"entity_frequency"``.
    params : mapping, optional
        The parameters the function was called with.
    corpus : Corpus, optional
        The corpus the table was computed from; its fingerprint and size are recorded.
    data_versions : mapping, optional
        Versions of the data files (dictionaries, lexicons, weights) used.
    random_state : int, optional
        Seed of any random step.

    Returns
    -------
    pandas.DataFrame
        The same object, with ``attrs["provenance"]`` set.

    Examples
    --------
    >>> import pandas as pd
    >>> t = attach_provenance(pd.DataFrame({"a": [1]}), function="demo", params={"k": 3})
    >>> t.attrs["provenance"]["function"], t.attrs["provenance"]["params"]
    ('demo', {'k': 3})
    """
    record: dict[str, Any] = {
        "library": "mideast_corpus",
        "version": __version__,
        "function": function,
        "params": _jsonable(dict(params or {})),
    }
    if corpus is not None:
        record["corpus_fingerprint"] = corpus.fingerprint
        record["n_docs"] = len(corpus)
    if random_state is not None:
        record["random_state"] = int(random_state)
    if data_versions:
        record["data_versions"] = _jsonable(dict(data_versions))
    df.attrs["provenance"] = record
    return df


def provenance_of(df: pd.DataFrame) -> str:
    """Return a table's provenance record as indented, key-sorted JSON.

    Examples
    --------
    >>> import pandas as pd
    >>> t = attach_provenance(pd.DataFrame(), function="demo")
    >>> '"function": "demo"' in provenance_of(t)
    True
    """
    return json.dumps(df.attrs.get("provenance", {}), indent=2, sort_keys=True, ensure_ascii=False)
