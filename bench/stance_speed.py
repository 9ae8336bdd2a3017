"""Targets per second of score_stance on the benchmark corpus, on one core, component by component.

Usage::

    PYTHONPATH=src python bench/stance_speed.py [--mb 1] [--repeated] [--repeat 3]

Corpus: ``--mb`` MB of the benchmark corpus of ``bench/pipeline.py`` (``bench_rows``), every sentence
distinct by default; ``--repeated`` takes the older corpus whose resampled sentences repeat (about ten
times per MB), where anything keyed on sentence text is measured at its best case, not real news.

Prints one line per stage: find_mentions, score_stance (roles, labels, evaluation, quotes), and the optional
sentiment column's model alone (``predict_with_cues`` as score_stance calls it).
CPU seconds (``time.process_time``), best of ``--repeat`` runs after a warm-up, pinned to one core;
the load average is printed with the figures (the machine may be shared).
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_v] = "1"

import argparse  # noqa: E402
import contextlib  # noqa: E402
import importlib.util  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent
if importlib.util.find_spec("mideast_corpus") is None:
    sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from pipeline import bench_rows  # noqa: E402

import mideast_corpus as mc  # noqa: E402
from mideast_corpus.actors import find_mentions  # noqa: E402
from mideast_corpus.stance import score_stance  # noqa: E402
from mideast_corpus.stance.scoring import _model_sentiment  # noqa: E402


def best(fn, repeats: int):
    """Output of ``fn`` and its fewest CPU seconds over ``repeats`` runs after a warm-up."""
    out = fn()
    times = []
    for _ in range(repeats):
        t0 = time.process_time()
        out = fn()
        times.append(time.process_time() - t0)
    return out, min(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=1.0, help="MB of benchmark text (default 1)")
    ap.add_argument("--repeated", action="store_true", help="the older corpus whose sentences repeat")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per stage (best is kept)")
    args = ap.parse_args(argv)
    with contextlib.suppress(AttributeError, OSError):  # pin to one core
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})
    rows = bench_rows(args.mb, unique=False) if args.repeated else bench_rows(args.mb)
    corpus = mc.load_corpus(rows)
    corpus.sentences()
    mentions, t_m = best(lambda: find_mentions(corpus), 1)
    st, t_all = best(lambda: score_stance(corpus, mentions=mentions), args.repeat)
    n = len(st)
    calls: list[tuple] = []  # the sentiment model's inputs, as score_stance makes them

    def record(*inputs):
        calls.append(inputs)
        return _model_sentiment(*inputs)

    score_stance(corpus, mentions=mentions, sentiment=record)
    texts, starts, ends, others = calls[0]
    n_sentences = len(set(texts))
    _, t_sent = best(lambda: _model_sentiment(texts, starts, ends, others), args.repeat)
    n_model = len(texts)
    corpus_kind = "repeated sentences" if args.repeated else "distinct sentences"
    print(f"corpus {args.mb:g} MB ({corpus_kind}), docs {len(rows)}, targets {n}, "
          f"distinct sentences with a target {n_sentences}; CPU seconds, one core; load {os.getloadavg()}")
    print(f"find_mentions                       {len(mentions) / t_m:10.0f} mentions/s")
    print(f"sentiment column (optional model)   {n_model / t_sent:10.0f} targets/s ({n_model} targets, "
          f"{t_sent:.3f} s)")
    print(f"score_stance (default, mentions given) {n / t_all:7.0f} targets/s")
    print(f"score_stance incl. find_mentions    {n / (t_all + t_m):10.0f} targets/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
