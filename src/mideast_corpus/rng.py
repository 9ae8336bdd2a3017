"""One random generator per group, seeded by the user's ``random_state`` and the group's labels.

Every bootstrap or permutation that runs group by group (topic prevalence, frame shares, ...)
draws from :func:`group_rng`, so a group's interval depends on the seed and on its own labels
only: adding, removing or reordering another outlet leaves it unchanged, in any process, on any
machine (the labels are hashed with SHA-256, not Python's salted ``hash``).
"""

from __future__ import annotations

import hashlib

import numpy as np

__all__ = ["group_rng"]


def group_rng(random_state: int, *keys: str) -> np.random.Generator:
    """Return a generator seeded by ``random_state`` and string keys (a group's labels).

    Examples
    --------
    >>> a = group_rng(0, "The New Arab").random()
    >>> a == group_rng(0, "The New Arab").random()
    True
    >>> a == group_rng(0, "War Is Boring").random(), a == group_rng(1, "The New Arab").random()
    (False, False)
    """
    words = [int(random_state)]
    for key in keys:
        words.append(int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "little"))
    return np.random.default_rng(words)
