"""Speed and quality of sentence splitting: ``sentence_spans`` fast (default) vs NLTK Punkt.

Speed: the sentences of the five repaired seed articles are resampled with
replacement (``numpy.random.default_rng(SEED)``) into documents of 40
sentences, one paragraph per 4 sentences (the same corpus as
``bench/mentions.py``), until the text holds ``--mb`` megabytes; each method
splits every document (wall clock and CPU time, median of ``--repeat`` runs).
The fast method starts from an empty memo of break decisions on every run, so
the figure is the cold one.

Quality: a gold segmentation from NewsMTSC (``../shared/data/newsmtsc/train.jsonl``,
field ``sentence_normalized``, one news sentence per line): consecutive
sentences in file order are joined with a space into paragraphs of
``--per-para`` sentences, so the gold boundaries are known. Reported per
method: boundary precision / recall / F1 (boundaries inside a paragraph) and the
share of gold sentences reproduced exactly; then how many spans differ between
the two methods on the seeds, the bench corpus and the gold paragraphs. Skipped
with a message if the data is absent.

Run::

    PYTHONPATH=src python bench/sentences.py            # 10 MB
    taskset -c 1 python bench/sentences.py --mb 5       # one core
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import numpy as np

import mideast_corpus as mc
from mideast_corpus import text as mtext
from mideast_corpus.text import sentence_spans

SEED = 20261121
SENTENCES_PER_DOC = 40
NEWSMTSC = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "newsmtsc" / "train.jsonl"
METHODS = ("punkt", "fast")


def build_texts(megabytes: float) -> list[str]:
    seeds = mc.load_seeds()
    # Always the Punkt sentences, so the benchmark text does not depend on the method under test.
    texts = [t[a:b] for t in seeds.docs["text"] for a, b in sentence_spans(t, method="punkt")]
    rng = np.random.default_rng(SEED)
    target = int(megabytes * 1_000_000)
    docs, size = [], 0
    while size < target:
        picks = rng.integers(0, len(texts), SENTENCES_PER_DOC)
        paras = [" ".join(texts[i] for i in picks[k:k + 4]) for k in range(0, SENTENCES_PER_DOC, 4)]
        text = "\n\n".join(paras)
        docs.append(text)
        size += len(text.encode("utf-8"))
    return docs


def timed(repeat: int, fn) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(repeat):
        mtext._BREAK_CACHE.clear()
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return statistics.median(walls), statistics.median(cpus)


def gold_paragraphs(path: Path, per_para: int) -> list[tuple[str, list[tuple[int, int]]]]:
    sents = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            s = json.loads(line)["sentence_normalized"].strip()
            if s:
                sents.append(" ".join(s.split()))  # one line per sentence: no blank-line breaks inside
    paras = []
    for k in range(0, len(sents) - per_para + 1, per_para):
        parts, spans, pos = sents[k:k + per_para], [], 0
        for s in parts:
            spans.append((pos, pos + len(s)))
            pos += len(s) + 1
        paras.append((" ".join(parts), spans))
    return paras


def agreement(paras, method: str) -> dict[str, float]:
    tp = fp = fn = exact = total = 0
    for text, gold in paras:
        pred = sentence_spans(text, method=method)
        gold_b = {b for _, b in gold[:-1]}
        pred_b = {b for _, b in pred[:-1]}
        tp += len(gold_b & pred_b)
        fp += len(pred_b - gold_b)
        fn += len(gold_b - pred_b)
        exact += len(set(gold) & set(pred))
        total += len(gold)
    p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return {"precision": p, "recall": r, "f1": 2 * p * r / max(p + r, 1e-12), "exact": exact / total,
            "boundaries": tp + fn}


def differing(texts: list[str]) -> tuple[int, int]:
    """(documents whose spans differ between the methods, spans of Punkt not produced by fast)."""
    docs = spans = 0
    for t in texts:
        a, b = sentence_spans(t, method="punkt"), sentence_spans(t, method="fast")
        if a != b:
            docs += 1
            spans += len(set(a) - set(b))
    return docs, spans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=10.0, help="megabytes of text for the speed test (default 10)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--per-para", type=int, default=5, help="gold sentences per paragraph (default 5)")
    args = parser.parse_args()

    texts = build_texts(args.mb)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"speed corpus: {len(texts)} documents, {mb:.1f} MB (resampled seed sentences)")
    for method in METHODS:
        wall, cpu = timed(args.repeat, lambda m=method: [sentence_spans(t, method=m) for t in texts])
        print(f"sentence_spans(method={method!r:8}): {mb / wall:6.1f} MB/s wall, {mb / cpu:6.1f} MB/s CPU "
              f"(median of {args.repeat})")

    seeds = mc.load_seeds()
    d, s = differing(seeds.docs["text"].tolist())
    print(f"seeds: {d} of {len(seeds)} documents split differently, {s} Punkt sentences not reproduced")
    d, s = differing(texts[:2000])
    print(f"speed corpus: {d} of {min(len(texts), 2000)} documents split differently, {s} sentences")

    if not NEWSMTSC.exists():
        print(f"NewsMTSC not found at {NEWSMTSC}: skipping the gold agreement")
        return
    paras = gold_paragraphs(NEWSMTSC, args.per_para)
    n_sent = sum(len(g) for _, g in paras)
    print(f"NewsMTSC gold: {len(paras)} paragraphs of {args.per_para} sentences ({n_sent} sentences)")
    for method in METHODS:
        a = agreement(paras, method)
        print(f"  {method:6}: boundary P {a['precision']:.4f} R {a['recall']:.4f} F1 {a['f1']:.4f}; "
              f"exact sentences {a['exact']:.4f} ({a['boundaries']} gold boundaries)")
    d, s = differing([t for t, _ in paras])
    print(f"  fast vs punkt: {d} of {len(paras)} paragraphs split differently, {s} sentences")
    # Speed on text that does not repeat (every sentence unique): 8 gold paragraphs per document.
    docs = ["\n\n".join(t for t, _ in paras[k:k + 8]) for k in range(0, len(paras), 8)]
    mb = sum(len(t.encode("utf-8")) for t in docs) / 1e6
    for method in METHODS:
        wall, cpu = timed(args.repeat, lambda m=method: [sentence_spans(t, method=m) for t in docs])
        print(f"  speed on the gold paragraphs ({mb:.1f} MB, no repeats) {method!r:8}: {mb / wall:6.1f} MB/s wall, "
              f"{mb / cpu:6.1f} MB/s CPU")


if __name__ == "__main__":
    main()
