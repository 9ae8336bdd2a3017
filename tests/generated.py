"""Generated test data: corpora for the report tests (real sentences of the five seed articles dealt to made-up
outlets) and random strings for the fast-path tests (:func:`random_strings`).

How they are made (:func:`make_corpus`): the seed articles are split into sentences and each sentence
is put in one of two pools, with and without an actor mention (``mc.find_mentions``). Outlet ``i``
(``"Outlet 000"``, ...) gets ``max(1, round(largest / (i + 1) ** 1.2))`` documents, so sizes run from
``largest`` down to one document (very uneven, like real corpora); each document is one paragraph
of six sentences drawn with replacement from the pool (the mention-free pool for outlets listed in
``without_mentions``), by a ``numpy`` generator seeded with ``seed``. Dates are drawn uniformly
from 2014-01-01 to 2019-12-31, except for outlets in ``without_dates``. A ``lean`` column cycles
through left, center, right. The corpus is loaded with ``furniture=False``: sentences drawn with
replacement repeat across an outlet's documents the way site furniture does.
"""

from __future__ import annotations

import functools
import random

import numpy as np
import pandas as pd

import mideast_corpus as mc


@functools.cache
def _pools() -> tuple[tuple[str, ...], tuple[str, ...]]:
    seeds = mc.load_seeds()
    sentences = seeds.sentences()
    mentioned = set(zip(*mc.find_mentions(seeds)[["doc_id", "sent_id"]].to_numpy().T, strict=True))
    usable = sentences[sentences["text"].str.split().str.len().between(6, 60)]
    keys = list(zip(usable["doc_id"], usable["sent_id"], strict=True))
    with_m = tuple(t for k, t in zip(keys, usable["text"], strict=True) if k in mentioned)
    without = tuple(t for k, t in zip(keys, usable["text"], strict=True) if k not in mentioned)
    return with_m, without


def outlet_sizes(n_outlets: int, largest: int) -> list[int]:
    """Documents per outlet: ``largest`` for the first, falling to 1."""
    return [max(1, round(largest / (i + 1) ** 1.2)) for i in range(n_outlets)]


def make_table(n_outlets: int, *, largest: int = 30, seed: int = 0, without_mentions: tuple[int, ...] = (),
               without_dates: tuple[int, ...] = (), sentences_per_doc: int = 6) -> pd.DataFrame:
    """The documents of a generated corpus as a table (see the module docstring)."""
    with_m, without = _pools()
    rng = np.random.default_rng(seed)
    start, days = pd.Timestamp("2014-01-01"), (pd.Timestamp("2019-12-31") - pd.Timestamp("2014-01-01")).days
    rows = []
    for i, size in enumerate(outlet_sizes(n_outlets, largest)):
        pool = without if i in without_mentions else with_m
        for j in range(size):
            picks = rng.integers(0, len(pool), size=sentences_per_doc)
            date = None if i in without_dates else (start + pd.Timedelta(days=int(rng.integers(0, days)))).date()
            rows.append({"doc_id": f"o{i:03d}-d{j:03d}", "source": f"Outlet {i:03d}",
                         "lean": ("left", "center", "right")[i % 3], "date": None if date is None else str(date),
                         "text": " ".join(pool[k] for k in picks)})
    return pd.DataFrame(rows)


def make_corpus(n_outlets: int, **options) -> mc.Corpus:
    """A generated corpus (see the module docstring), loaded without the site-furniture repair."""
    return mc.load_corpus(make_table(n_outlets, **options), furniture=False, name=f"generated {n_outlets} outlets")


def random_strings(alphabet: list[str], n: int, longest: int, seed: int) -> list[str]:
    """``n`` strings of up to ``longest`` pieces of ``alphabet``, drawn by ``random.Random(seed)``."""
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, longest))) for _ in range(n)]
