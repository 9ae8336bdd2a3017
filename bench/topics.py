"""Fit time and peak memory of the default topic model on 10k and 100k documents.

Usage::

    PYTHONPATH=src python bench/topics.py [--sizes 10000 100000] [--k 10]

Documents are made from the real sentences of the five seed articles, resampled
with a fixed seed (``numpy.random.default_rng(0)``): each document is three
paragraphs of four sentences drawn with replacement from all seed sentences
(~300 words), and its source is drawn from the five seed sources. Each size
runs in a fresh subprocess so that its peak memory is its own.

Prints one JSON line per size: seconds to build the corpus, seconds for
``fit_topics(corpus, n_topics=k)`` (default settings: NMF, paragraph units), for
``prevalence(by="source")`` (1000 bootstrap draws), and the peak resident memory
of the process (``resource.getrusage``, includes the corpus itself).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

if importlib.util.find_spec("mideast_corpus") is None:  # run from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import mideast_corpus as mc

fit_topics = getattr(mc, "fit_topics", None)
if fit_topics is None:  # before mideast_corpus/__init__.py re-exports it
    from mideast_corpus.topics import fit_topics


def replicated_docs(n_docs: int, seed: int = 0) -> pd.DataFrame:
    """``n_docs`` documents of resampled seed sentences (see the module docstring)."""
    seeds = mc.load_seeds()
    sentences = seeds.sentences()["text"].to_numpy(dtype=object)
    sources = seeds.docs["source"].to_numpy(dtype=object)
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(sentences), size=(n_docs, 3, 4))
    texts = ["\n\n".join(" ".join(sentences[row]) for row in doc) for doc in picks]
    return pd.DataFrame({"doc_id": [f"r{i:07d}" for i in range(n_docs)], "source": sources[rng.integers(0, 5, n_docs)],
                         "text": texts})


def run_one(n_docs: int, k: int) -> dict[str, float]:
    started = time.perf_counter()
    corpus = mc.load_corpus(replicated_docs(n_docs), text="text", source="source", doc_id="doc_id")
    built = time.perf_counter() - started
    started = time.perf_counter()
    tm = fit_topics(corpus, n_topics=k)
    fitted = time.perf_counter() - started
    started = time.perf_counter()
    tm.prevalence(by="source", n_boot=1000)
    prevalence = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    return {
        "n_docs": n_docs,
        "n_units": len(tm.units),
        "n_terms": len(tm.vocabulary_),
        "k": k,
        "build_seconds": round(built, 1),
        "fit_seconds": round(fitted, 1),
        "prevalence_seconds": round(prevalence, 1),
        "peak_rss_mb": round(peak_mb),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.k)), flush=True)
        return
    for size in args.sizes:
        subprocess.run([sys.executable, __file__, "--one", str(size), "--k", str(args.k)], check=True)


if __name__ == "__main__":
    main()
