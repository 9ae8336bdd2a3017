"""Stance on real multi-outlet news: speed, coverage and outlet differences on the AllSides articles.

Usage::

    taskset -c 1 python bench/stance_allsides.py [--path ../shared/data/allsides/allsides_me_dev.jsonl]

Loads the 1,084 AllSides articles (Baly et al. 2020; 42 outlets) with repair, then on one core (CPU seconds,
best of ``--repeat`` after a warm-up):

- ``score_stance`` on the mentions found (targets per second: scored mentions / CPU seconds);
- the whole per-document pipeline (``process_docs`` on the raw rows: repair, sentences, mentions, stance) in MB/s;

and prints what the measure says: coverage (share of actor mentions with evidence) beside the readers' share of
polar mentions in the stance gold (32 %), the share of each label, which evidence kinds fire, and net stance
toward three actors by AllSides bias rating with outlet-clustered intervals.
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

import pandas as pd  # noqa: E402

if importlib.util.find_spec("mideast_corpus") is None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import mideast_corpus as mc  # noqa: E402

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "allsides" / "allsides_me_dev.jsonl"


def best_cpu(fn, repeat: int):
    fn()  # warm-up: lexicons, models, caches of the first call
    times, out = [], None
    for _ in range(repeat):
        t0 = time.process_time()
        out = fn()
        times.append(time.process_time() - t0)
    return min(times), out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--path", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    if not args.path.exists():
        print(f"AllSides data not found at {args.path}: it lives outside the package (../shared/data)")
        return 0
    rows = pd.read_json(args.path, lines=True, dtype={"ID": str})
    kw = {"text": "content_original", "source": "source", "date": "date", "doc_id": "ID", "title": "title"}
    corpus = mc.load_corpus(rows, **kw)
    mb = corpus.docs["text"].str.encode("utf-8").str.len().sum() / 1e6
    sentences = corpus.sentences()
    mentions = mc.find_mentions(corpus)
    print(f"{len(corpus.docs):,} documents, {corpus.docs['source'].nunique()} outlets, {mb:.2f} MB repaired text, "
          f"{len(sentences):,} sentences, {len(mentions):,} mentions "
          f"({(mentions['mention_type'] == 'actor').sum():,} actors, {(mentions['mention_type'] == 'place').sum():,} "
          f"places, {(mentions['mention_type'] == 'media').sum():,} media); load average {os.getloadavg()[0]:.2f}")

    cpu, st = best_cpu(lambda: mc.score_stance(corpus, mentions=mentions), args.repeat)
    print(f"score_stance: {len(st):,} targets in {cpu:.2f} s CPU = {len(st) / cpu:,.0f} targets/s")
    raw = rows.rename(columns={"content_original": "text"})
    raw_mb = raw["text"].str.encode("utf-8").str.len().sum() / 1e6
    cpu, _ = best_cpu(lambda: mc.process_docs(raw, text="text", source="source", date="date", doc_id="ID",
                                             title="title"), max(1, args.repeat - 1))
    print(f"whole per-document pipeline (repair, sentences, mentions, stance): {raw_mb:.2f} MB raw in {cpu:.2f} s "
          f"CPU = {raw_mb / cpu:.2f} MB/s")

    covered = st["score"].notna()
    print(f"coverage: {covered.mean():.3f} of actor mentions have evidence (readers' polar share in the stance gold: "
          f"0.32); labels: " + ", ".join(f"{k} {v:.3f}" for k, v in st["label"].value_counts(normalize=True).items()))
    kinds = {k: st["evidence"].str.contains(f"{k}: ", regex=False).mean() for k in ("label", "role", "evaluation")}
    print("evidence kinds (share of mentions): " + ", ".join(f"{k} {v:.3f}" for k, v in kinds.items()))
    table = mc.stance_by_source(st, by="bias_text", corpus=corpus, n_boot=1000)
    show = table[table["actor"].isin(["isis", "russia", "iran", "syria_government", "united_states"])]
    print(show[["bias_text", "actor", "n_mentions", "n_outlets", "coverage", "net", "net_low", "net_high",
                "cluster"]].to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
