"""Targets per second of score_stance on the seed corpus replicated, on one core, component by component.

Usage::

    PYTHONPATH=src python bench/stance_speed.py [--copies 20]

Prints one line per stage: find_mentions, roles + labels + war cues + quotes (``sentiment=False``), the
sentiment model alone, and the whole score_stance. Best of three runs after a warm-up.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_v] = "1"

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

if importlib.util.find_spec("mideast_corpus") is None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import pandas as pd  # noqa: E402

import mideast_corpus as mc  # noqa: E402
from mideast_corpus.actors import find_mentions  # noqa: E402
from mideast_corpus.stance import score_stance  # noqa: E402
from mideast_corpus.stance.scoring import _model_sentiment  # noqa: E402


def best(fn, repeats: int = 3):
    fn()
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return out, min(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=20)
    args = ap.parse_args(argv)
    seeds = mc.load_seeds().docs
    docs = pd.concat([seeds.assign(doc_id=seeds["doc_id"] + f"-{k}") for k in range(args.copies)], ignore_index=True)
    corpus = mc.load_corpus(docs[["doc_id", "source", "text"]], text="text", source="source")
    mentions, t_m = best(lambda: find_mentions(corpus), 1)
    st, t_frame = best(lambda: score_stance(corpus, mentions=mentions, sentiment=False))
    n = len(st)
    rows = st[["doc_id", "sent_id", "start", "end"]]
    sents = corpus.sentences().set_index(["doc_id", "sent_id"])
    offs = sents.loc[list(zip(rows["doc_id"], rows["sent_id"], strict=True))]
    texts = offs["text"].tolist()
    starts = (rows["start"].to_numpy() - offs["start"].to_numpy()).tolist()
    ends = (rows["end"].to_numpy() - offs["start"].to_numpy()).tolist()
    _, t_sent = best(lambda: _model_sentiment(texts, starts, ends, [[] for _ in texts]))
    _, t_all = best(lambda: score_stance(corpus, mentions=mentions))
    print(f"docs {len(docs)}, targets {n}")
    print(f"find_mentions                       {len(mentions) / t_m:10.0f} mentions/s")
    print(f"framing (roles, labels, quotes)     {n / t_frame:10.0f} targets/s")
    print(f"sentiment model (masked, cues)      {n / t_sent:10.0f} targets/s")
    print(f"score_stance (all, mentions given)  {n / t_all:10.0f} targets/s")
    print(f"score_stance incl. find_mentions    {n / (t_all + t_m):10.0f} targets/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
