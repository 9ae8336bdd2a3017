"""Throughput of mention finding with the full built-in dictionary, on one core.

The text: the 1,084 AllSides articles (``../shared/data/allsides/allsides_me_dev.jsonl``, Baly et
al. 2020; loaded with repair as ``bench/stance_allsides.py`` does), real multi-outlet news. Where
that file is absent, or with ``--mb``, the resampled seed sentences of ``bench/pipeline.py`` instead
(every sentence numbered, so no cache keyed on sentence text can shortcut the work).

What is timed (median of ``--repeat`` runs after one warm-up, CPU time of the process and wall
clock; on a shared machine run it under ``taskset -c 1`` and trust the CPU figure more):

1. the candidate scan of each library over the same surface forms, every occurrence with overlaps
   (``Matcher.scanner.occurrences``): Hyperscan and pyahocorasick;
2. ``Matcher.candidates`` (whole words, leftmost-longest) with each library;
3. ``mentions_in_text`` over every document: candidates and context rules;
4. ``find_mentions(corpus)`` with the sentence table already cached on the corpus: candidates
   (Hyperscan; pyahocorasick with ``--without-hyperscan``) + rules + ``sent_id`` + the DataFrame;
5. the sentence splitting that ``find_mentions`` needs on a cold corpus.

Run from a checkout (an older version too: steps 1 and 2 need the ``scanner=`` of
:func:`~mideast_corpus.actors.compile_matcher` and are skipped without it)::

    python bench/mentions.py                      # AllSides
    python bench/mentions.py --mb 20              # resampled seed sentences
    python bench/mentions.py --without-hyperscan  # find_mentions with the pyahocorasick fallback
    PYTHONPATH=/tmp/old/src python bench/mentions.py   # an export of an older commit, same text
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
ALLSIDES = HERE.parent.parent / "shared" / "data" / "allsides" / "allsides_me_dev.jsonl"

import mideast_corpus as mc  # noqa: E402
from mideast_corpus.actors import default_actors, find_mentions, mentions_in_text  # noqa: E402


def build_corpus(megabytes: float | None) -> tuple[mc.Corpus, str]:
    if megabytes is None and ALLSIDES.exists():
        rows = pd.read_json(ALLSIDES, lines=True, dtype={"ID": str})
        corpus = mc.load_corpus(rows, text="content_original", source="source", date="date", doc_id="ID",
                                title="title")
        return corpus, "AllSides articles (repaired)"
    from pipeline import bench_rows

    megabytes = megabytes or 20.0
    rows = bench_rows(megabytes)
    return mc.load_corpus(rows[["doc_id", "source", "text"]], repair=False, name="bench"), "resampled seed sentences"


def median_of(repeat: int, fn, setup=None) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of ``fn()`` (``fn(setup())`` if given) over ``repeat`` runs, warm."""
    fn(setup()) if setup else fn()
    walls, cpus = [], []
    for _ in range(repeat):
        arg = setup() if setup else None
        w0, c0 = time.perf_counter(), time.process_time()
        fn(arg) if setup else fn()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return statistics.median(walls), statistics.median(cpus)


def rate(mb: float, wall: float, cpu: float) -> str:
    return f"{mb / cpu:6.1f} MB/s CPU, {mb / wall:6.1f} MB/s wall"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=None, help="resampled seed sentences instead of AllSides")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--without-hyperscan", action="store_true",
                        help="block the hyperscan import, as on a platform where it does not install")
    args = parser.parse_args()
    if args.without_hyperscan:
        sys.modules["hyperscan"] = None  # import hyperscan now raises ImportError

    corpus, what = build_corpus(args.mb)
    texts = corpus.docs["text"].tolist()
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"text: {what}, {len(texts):,} documents, {mb:.2f} MB; mideast_corpus from {Path(mc.__file__).parent}; "
          f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")

    dictionary = default_actors()
    t0 = time.perf_counter()
    matcher = dictionary.matcher()
    print(f"dictionary {dictionary.version}: {len(matcher.surfaces):,} surface forms; compiled in "
          f"{time.perf_counter() - t0:.2f} s")

    try:
        from mideast_corpus.actors import SCANNERS, compile_matcher
    except ImportError:
        SCANNERS = {}  # an older version: one built-in scan
    for name in SCANNERS:
        try:
            m = compile_matcher(dictionary, scanner=name)
        except ImportError as exc:
            print(f"{name}: not importable ({exc})")
            continue
        hits = [0]

        def occurrences(m=m, hits=hits) -> None:
            hits[0] = sum(len(m.scanner.occurrences(t)) for t in texts)

        wall, cpu = median_of(args.repeat, occurrences)
        print(f"{name + ' occurrences:':36s}{rate(mb, wall, cpu)}  ({hits[0]:,} occurrences)")
        wall, cpu = median_of(args.repeat, lambda m=m: [m.candidates(t) for t in texts])
        print(f"{name + ' candidates:':36s}{rate(mb, wall, cpu)}")

    found = [0]

    def scan() -> None:
        found[0] = sum(len(mentions_in_text(t, matcher)) for t in texts)

    wall, cpu = median_of(args.repeat, scan)
    print(f"{'mentions_in_text:':36s}{rate(mb, wall, cpu)}  ({found[0]:,} mentions)")

    docs = corpus.docs

    def fresh() -> mc.Corpus:
        return mc.load_corpus(docs, repair=False, name="bench")

    s_wall, s_cpu = median_of(max(1, args.repeat // 2), lambda c: c.sentences(), setup=fresh)
    print(f"{'corpus.sentences() (cold):':36s}{rate(mb, s_wall, s_cpu)}  (once per corpus)")

    corpus.sentences()
    wall, cpu = median_of(args.repeat, lambda: find_mentions(corpus, dictionary))
    scanner = type(getattr(matcher, "scanner", None)).__name__.strip("_").replace("NoneType", "built-in scan")
    print(f"{f'find_mentions ({scanner}):':36s}{rate(mb, wall, cpu)}  (sentences cached)")
    print(f"{'  with cold sentences:':36s}{rate(mb, wall + s_wall, cpu + s_cpu)}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
