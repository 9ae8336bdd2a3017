"""Fit time of the default topic model against scikit-learn's TF-IDF+NMF, and at 10k and 100k documents.

Usage::

    taskset -c 1 python bench/topics.py --allsides [--repeats 3] [--k 10]
    PYTHONPATH=src python bench/topics.py [--sizes 10000 100000] [--k 10]

``--allsides`` compares ``fit_topics`` with plain scikit-learn on the same units of real news:
the 1,084 AllSides articles of ``../shared/data/allsides/allsides_me_dev.jsonl`` (skipped with a
message where the file is absent), cut into the paragraph units ``fit_topics`` uses
(``topics.units.make_units``, default bounds). The baseline is ``TfidfVectorizer(stop_words="english",
min_df=2, max_df=0.95, sublinear_tf=True)`` then the same ``NMF`` settings as ``fit_topics`` (NNDSVD,
coordinate descent, ``max_iter=400``, ``tol=1e-4``) on the unit texts; making the units is not in its
time, but is printed on its own (``make_units``, part of ``fit_topics``' time). ``fit_topics`` is timed twice: with
the mentions table given (``mentions=``, computed once beforehand, as a pipeline that has found mentions does)
and with the default (it finds the mentions itself; ``find_mentions`` alone is printed too). Times are CPU
seconds of this process (``time.process_time``; run under ``taskset -c 1``), best and median of ``--repeats``
rounds after one warm-up round (imports, NLTK's first sentence split); each round runs every step once, in
turn, so that a change of the machine's load falls on all alike. The ratios are best to best and median to
median.
Quality: each document's topic is the one with the largest summed weight over its units; the printed
NMI is between that topic and the AllSides ``topic`` label (6 labels, ``normalized_mutual_info_score``),
for both models; ``fit_topics`` also prints its mean NPMI coherence (``TopicModel.coherence``). The row
``+coherence`` times a fit followed by ``coherence()``, whose first call makes the documents' term streams (a
fit alone no longer does).

Without ``--allsides``:

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
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


ALLSIDES = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "allsides" / "allsides_me_dev.jsonl"


def _cpu_rounds(runs: dict[str, Callable[[], Any]], repeats: int) -> tuple[dict[str, list[float]], dict[str, Any]]:
    """CPU seconds of each run over ``repeats`` rounds, after one warm-up round, and each run's last result.

    Each round runs every function once, in turn, so that a change in the machine's load falls on all of
    them alike instead of on whichever ran last.
    """
    results = {name: run() for name, run in runs.items()}
    seconds: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            started = time.process_time()
            results[name] = run()
            seconds[name].append(time.process_time() - started)
    return seconds, results


def _doc_topic(doc_ids: np.ndarray, weights: np.ndarray) -> pd.Series:
    """Each document's topic: the largest summed unit weight (unit rows normalised to sum to 1)."""
    totals = weights.sum(axis=1, keepdims=True)
    shares = np.divide(weights, totals, out=np.zeros_like(weights), where=totals > 0)
    return pd.DataFrame(shares).groupby(doc_ids, sort=False).sum().idxmax(axis=1)


def compare_allsides(path: Path, k: int, repeats: int) -> None:
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import normalized_mutual_info_score

    from mideast_corpus.topics.units import make_units

    print(f"load average {os.getloadavg()}; CPU seconds, best and median of {repeats} interleaved rounds after "
          "a warm-up")
    corpus = mc.load_corpus(pd.read_json(path, lines=True), text="content_original", source="source", date="date",
                            doc_id="ID")
    docs = corpus.docs
    label = dict(zip(docs["doc_id"], pd.read_json(path, lines=True).set_index("ID").loc[docs["doc_id"], "topic"],
                     strict=True))
    units = make_units(docs, "paragraph")
    text_of = dict(zip(docs["doc_id"], docs["text"], strict=True))
    unit_texts = [text_of[d][a:b] for d, a, b in zip(units["doc_id"], units["start"], units["end"], strict=True)]

    def baseline():
        X = TfidfVectorizer(stop_words="english", min_df=2, max_df=0.95, sublinear_tf=True).fit_transform(unit_texts)
        nmf = NMF(n_components=k, init="nndsvd", solver="cd", max_iter=400, tol=1e-4, random_state=0)
        return nmf.fit_transform(X), nmf.n_iter_, X.shape

    def nmi(topic_of_doc: pd.Series) -> float:
        return normalized_mutual_info_score([label[d] for d in topic_of_doc.index], topic_of_doc.to_numpy())

    mentions = mc.find_mentions(corpus)
    seconds, results = _cpu_rounds({
        "baseline": baseline,
        "given": lambda: fit_topics(corpus, n_topics=k, mentions=mentions),
        "default": lambda: fit_topics(corpus, n_topics=k),
        "coherence": lambda: fit_topics(corpus, n_topics=k, mentions=mentions).coherence(),
        "units": lambda: make_units(docs, "paragraph"),
        "mentions": lambda: mc.find_mentions(corpus),
    }, repeats)
    W, base_iter, shape = results["baseline"]
    model = results["given"]
    npmi = results["coherence"]["npmi"].iloc[-1]
    weights = model.doc_topics.pivot(index="unit_id", columns="topic", values="weight")
    unit_doc = model.units.set_index("unit_id").loc[weights.index, "doc_id"].to_numpy()
    base_best, base_median = min(seconds["baseline"]), statistics.median(seconds["baseline"])
    rows = [
        ("scikit-learn TF-IDF+NMF", "baseline", nmi(_doc_topic(units["doc_id"].to_numpy(), W)), base_iter, shape),
        ("fit_topics(mentions=given)", "given", nmi(_doc_topic(unit_doc, weights.to_numpy())),
         model._estimator.n_iter_, (len(model.units), len(model.vocabulary_))),
        ("fit_topics() (finds mentions)", "default", float("nan"), results["default"]._estimator.n_iter_, ""),
        ("fit_topics(mentions=given)+coherence", "coherence", float("nan"), model._estimator.n_iter_, ""),
    ]
    print(f"{len(docs)} documents, {len(units)} paragraph units, k={k}")
    print(f"{'':36s} {'best s':>6s} {'median':>6s} {'x best':>6s} {'x med':>6s} {'NMI':>6s} {'NMF iter':>8s}  matrix")
    for name, key, score, n_iter, matrix in rows:
        best, median = min(seconds[key]), statistics.median(seconds[key])
        print(f"{name:36s} {best:6.2f} {median:6.2f} {best / base_best:6.2f} {median / base_median:6.2f} {score:6.3f} "
              f"{n_iter:8d}  {matrix}")
    for name, key in (("of which making the units", "units"), ("find_mentions alone", "mentions")):
        print(f"{name:36s} {min(seconds[key]):6.2f} {statistics.median(seconds[key]):6.2f}")
    print(f"fit_topics mean NPMI coherence {npmi:.4f}; load average {os.getloadavg()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--allsides", action="store_true", help="compare with scikit-learn on the AllSides articles")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.allsides:
        if not ALLSIDES.exists():
            print(f"skipped: {ALLSIDES} is absent (see tests/conftest.py::shared_data)")
            return
        compare_allsides(ALLSIDES, args.k, args.repeats)
        return
    if args.one:
        print(json.dumps(run_one(args.one, args.k)), flush=True)
        return
    for size in args.sizes:
        subprocess.run([sys.executable, __file__, "--one", str(size), "--k", str(args.k)], check=True)


if __name__ == "__main__":
    main()
