"""Old names that still work for one release, with a :class:`DeprecationWarning` saying the new one.

Every renamed parameter goes through :func:`warn_renamed`, so the warnings read alike and the
release that removes the old names finds them all in one search.
"""

from __future__ import annotations

import warnings

__all__ = ["REMOVED_IN", "warn_renamed"]

#: The release that removes the names deprecated in this one.
REMOVED_IN = "0.3.0"


def warn_renamed(function: str, old: str, new: str, *, stacklevel: int = 4) -> None:
    """Warn that ``function`` was called with the old name ``old`` of what is now ``new``.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn_renamed("select_n_topics", "seeds=", "random_state= and n_resamples=")
    >>> print(caught[0].message)
    select_n_topics(seeds=...) is deprecated and will be removed in 0.3.0: use random_state= and n_resamples= instead
    """
    warnings.warn(f"{function}({old}...) is deprecated and will be removed in {REMOVED_IN}: use {new} instead",
                  DeprecationWarning, stacklevel=stacklevel)
