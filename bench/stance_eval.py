"""Measure the library's target-dependent sentiment scorer on a NewsMTSC split.

Usage::

    PYTHONPATH=src python bench/stance_eval.py /path/to/newsmtsc/devtest_mt.jsonl [--method NAME]

Prints one JSON line for the library's scorer (``mideast_corpus.sentiment``, ``predict_proba``), one
for the scorer with cues and the other targets masked (``predict_with_cues(..., mask_others=True)``, as
``score_stance(sentiment=True)`` calls it) and one for the baseline "VADER compound of the whole
sentence, thresholds +-0.05" (``vader_sentence``). Only scoring is timed (not loading or parsing), on
one core, best of three runs after a warm-up; the load average is printed beside it (the machine may be
shared). Figures are macro-F1 over the three classes, per target.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_v] = "1"

import argparse  # noqa: E402
import contextlib  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from sklearn.metrics import accuracy_score, f1_score  # noqa: E402

if importlib.util.find_spec("mideast_corpus") is None:  # run from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from mideast_corpus.sentiment import load_sentiment_model, predict_proba, predict_with_cues  # noqa: E402

POLARITY = {2.0: 0, 4.0: 1, 6.0: 2}


def load(path: Path) -> tuple[list[str], list[int], list[int], list[list[tuple[int, int]]], np.ndarray]:
    texts, starts, ends, others, y = [], [], [], [], []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            tg = d["targets"]
            for k, t in enumerate(tg):
                texts.append(d["sentence_normalized"])
                starts.append(int(t["from"]))
                ends.append(int(t["to"]))
                others.append([(int(o["from"]), int(o["to"])) for j, o in enumerate(tg) if j != k])
                y.append(POLARITY[float(t["polarity"])])
    return texts, starts, ends, others, np.array(y)


def figures(method: str, y: np.ndarray, pred: np.ndarray, seconds: float) -> dict[str, object]:
    f = f1_score(y, pred, average=None, labels=[0, 1, 2], zero_division=0)
    return {
        "method": method,
        "f1_macro": round(float(f.mean()), 4),
        "accuracy": round(float(accuracy_score(y, pred)), 4),
        "f1_negative": round(float(f[0]), 4),
        "f1_neutral": round(float(f[1]), 4),
        "f1_positive": round(float(f[2]), 4),
        "n_targets": len(y),
        "targets_per_s": round(len(y) / seconds, 1),
        "load": [round(x, 2) for x in os.getloadavg()],
    }


def timed(fn, repeats: int = 3):
    fn()  # warm-up
    best, out = float("inf"), None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return out, best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", type=Path, help="NewsMTSC jsonl file (e.g. devtest_mt.jsonl)")
    ap.add_argument("--method", default=None, help="name of the library scorer's line")
    ap.add_argument("--no-other-spans", action="store_true", help="do not give the other targets' spans")
    args = ap.parse_args(argv)
    with contextlib.suppress(AttributeError, OSError):  # pin to one core
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    texts, starts, ends, others, y = load(args.path)
    model = load_sentiment_model()
    method = args.method or f"mideast_corpus.sentiment[{model.version}]"
    other = None if args.no_other_spans else others
    p, sec = timed(lambda: predict_proba(texts, starts, ends, other, model=model))
    print(json.dumps(figures(method, y, p.argmax(1), sec)), flush=True)
    (p, _cues), sec = timed(lambda: predict_with_cues(texts, starts, ends, others, model=model, mask_others=True))
    print(json.dumps(figures(method + " with cues, others masked", y, p.argmax(1), sec)), flush=True)

    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    sia = SentimentIntensityAnalyzer()

    def vader() -> np.ndarray:
        c = np.array([sia.polarity_scores(t)["compound"] for t in texts])
        return np.where(c >= 0.05, 2, np.where(c <= -0.05, 0, 1))

    pv, secv = timed(vader, repeats=1)
    print(json.dumps(figures("vader_sentence", y, pv, secv)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
