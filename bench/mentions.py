"""Throughput of mention finding with the full built-in dictionary, on one core.

How the text is made: ``bench_rows`` of ``bench/pipeline.py`` (documents of 40 seed
sentences resampled with a fixed seed, 4 per paragraph; see that module), loaded without
repair. By default every sentence carries a serial number (``unique=True``), so no two are
equal and no cache keyed on sentence text can shortcut the work; ``--repeated`` gives the
earlier corpus of repeated sentences. The text is real war reporting with the seeds' density
of actor names (high: roughly one mention every 9 words), which is the hard case for the
context rules.

What is timed (median of ``--repeat`` runs, wall clock and CPU time of the
process; on a shared machine run it under ``taskset -c 1`` and trust the CPU
figure more):

1. ``mentions_in_text`` over every document: the matcher and rules alone;
2. ``find_mentions(corpus)`` with the sentence table already cached on the
   corpus: matcher + sent_id assignment + building the DataFrame;
3. the sentence splitting that ``find_mentions`` needs on a cold corpus
   (``corpus.sentences()`` on a fresh corpus each run, with the default
   ``mideast_corpus.text.sentence_spans``; cached on the corpus afterwards);
4. the naive baseline: one case-insensitive alternation of every surface form
   (longest first), ``re.finditer`` only, on the first ``--naive-mb`` MB.

Run::

    PYTHONPATH=src python bench/mentions.py            # 50 MB
    PYTHONPATH=src python bench/mentions.py --mb 5     # quick look
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pipeline import bench_rows

import mideast_corpus as mc
from mideast_corpus.actors import default_actors, find_mentions, mentions_in_text


def build_corpus(megabytes: float, unique: bool = True) -> mc.Corpus:
    rows = bench_rows(megabytes) if unique else bench_rows(megabytes, unique=False)
    return mc.load_corpus(rows[["doc_id", "source", "text"]], repair=False, name="bench")


def median_of(repeat: int, fn, setup=None) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of ``fn()`` (``fn(setup())`` if given) over ``repeat`` runs."""
    walls, cpus = [], []
    for _ in range(repeat):
        arg = setup() if setup else None
        w0, c0 = time.perf_counter(), time.process_time()
        fn(arg) if setup else fn()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return statistics.median(walls), statistics.median(cpus)


def rate(mb: float, wall: float, cpu: float) -> str:
    return f"{mb / wall:6.1f} MB/s wall, {mb / cpu:6.1f} MB/s CPU"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=50.0, help="megabytes of text (default 50)")
    parser.add_argument("--naive-mb", type=float, default=2.0, help="megabytes for the naive baseline (default 2)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--repeated", action="store_true", help="the corpus of repeated sentences (unique=False)")
    args = parser.parse_args()

    t0 = time.perf_counter()
    corpus = build_corpus(args.mb, unique=not args.repeated)
    texts = corpus.docs["text"].tolist()
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"corpus: {len(texts)} documents, {mb:.1f} MB, {'repeated' if args.repeated else 'unique'} sentences "
          f"(built in {time.perf_counter() - t0:.1f} s); load average {os.getloadavg()}")

    dictionary = default_actors()
    t0 = time.perf_counter()
    matcher = dictionary.matcher()
    print(f"dictionary {dictionary.version}: {len(dictionary)} actors, {len(dictionary.places)} places, "
          f"{len(matcher.surfaces)} surface forms; compiled in {time.perf_counter() - t0:.2f} s")

    n_found = [0]

    def scan() -> None:
        n_found[0] = sum(len(mentions_in_text(t, matcher)) for t in texts)

    wall, cpu = median_of(args.repeat, scan)
    print(f"mentions_in_text:                   {rate(mb, wall, cpu)}  ({n_found[0]} mentions)")

    docs = corpus.docs[["doc_id", "source", "text"]]

    def fresh() -> mc.Corpus:
        return mc.load_corpus(docs, repair=False, name="bench")

    s_wall, s_cpu = median_of(args.repeat, lambda c: c.sentences(), setup=fresh)
    print(f"corpus.sentences() (cold):          {rate(mb, s_wall, s_cpu)}  (once per corpus)")

    corpus.sentences()
    wall, cpu = median_of(args.repeat, lambda: find_mentions(corpus, dictionary))
    print(f"find_mentions (sentences warm):     {rate(mb, wall, cpu)}")
    print(f"find_mentions incl. cold sentences: {rate(mb, wall + s_wall, cpu + s_cpu)}")

    naive_texts, size = [], 0
    for t in texts:
        if size >= args.naive_mb * 1e6:
            break
        naive_texts.append(t)
        size += len(t.encode("utf-8"))
    forms = sorted({f for f in matcher.surfaces}, key=lambda f: (-len(f), f))
    naive = re.compile(r"\b(?:" + "|".join(map(re.escape, forms)) + r")(?!\w)", re.IGNORECASE)
    wall, cpu = median_of(1, lambda: [list(naive.finditer(t)) for t in naive_texts])
    print(f"naive case-insensitive alternation: {rate(size / 1e6, wall, cpu)}  (finditer only, {size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
