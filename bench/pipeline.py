"""Cost of every stage and of the whole per-document pipeline at 1x, 10x and 100x corpus size.

Corpus: :func:`generate_rows` below (resampled seed sentences, 40 per document, 10 outlets, fixed seed;
see bench/README.md). Stages, each timed on its own (wall and CPU seconds, median of ``--repeat``
runs at the sizes up to ``--repeat-max-mb``, one run above), with MB/s and docs/s of text and the
peak RSS of the process after the stage (``ru_maxrss``; it only grows, so a flat column means the
stage did not need more memory than the ones before):

1. load + repair: ``load_corpus(rows, repair=True)`` (decode nothing: rows are a DataFrame)
2. sentences: ``corpus.sentences()`` on a fresh corpus (cold)
3. mentions: ``find_mentions(corpus)`` with sentences cached
4. stance: ``score_stance(corpus, mentions=...)`` (the shipped sentiment model)
5. topic fit: ``fit_topics(corpus, n_topics=10)`` (NMF, paragraphs) and 6. transform on the same corpus
7. whole per-document pipeline: ``process_docs(rows, steps=("mentions", "stance"))``: load + repair +
   sentences + mentions + stance, from raw rows (the function streaming and Dask run per partition)

Run (one core, as the targets are stated)::

    taskset -c 1 python bench/pipeline.py                 # 0.1, 1, 10 MB
    taskset -c 1 python bench/pipeline.py --base-mb 0.2 --stages load,sentences,mentions
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

import mideast_corpus as mc  # noqa: E402
from mideast_corpus.pipeline import process_docs  # noqa: E402

# -- the benchmark corpus (used by every scale benchmark; see bench/README.md) --------------------
SEED = 20261121
SENTENCES_PER_DOC = 40
SOURCES = ["War Is Boring", "The New Arab", "The Daily Beast", "Institute for the Study of War", "The Jerusalem Post",
           "Outlet F", "Outlet G", "Outlet H", "Outlet I", "Outlet J"]


def seed_sentences() -> list[str]:
    """The sentences of the five repaired seed articles (the pool every benchmark resamples)."""
    return mc.load_seeds().sentences()["text"].tolist()


_TAIL = re.compile(r"[.!?\"'\u201d\u2019)\]]*$")


def make_unique(sentence: str, serial: int) -> str:
    """``sentence`` with a serial number before its closing punctuation: "... in Raqqa (item 17)."

    The seed pool holds only 621 sentences, so a resampled corpus repeats each of them many times,
    and any cache keyed on sentence text would hit almost always, measuring a shortcut real news
    does not allow. The serial makes every sentence of a benchmark corpus distinct while leaving
    its words, names and structure as they were.
    """
    tail = _TAIL.search(sentence)
    cut = tail.start() if tail else len(sentence)
    return f"{sentence[:cut]} (item {serial}){sentence[cut:]}"


def generate_rows(megabytes: float, seed: int = SEED, start: int = 0, unique: bool = True):
    """Yield raw rows (``doc_id, source, published, title, text``) until ``megabytes`` of UTF-8 text.

    Each document is 40 sentences drawn with replacement from the seed sentences
    (``numpy.random.default_rng(seed)``), 4 per paragraph, a title made of the
    first 12 words of its last sentence (``unique=False``: of its first), a source cycling through 10 outlets and a
    publication day drawn from 2014-06-01 .. 2019-12-31. With ``unique`` (the
    default) every sentence gets a serial number (:func:`make_unique`), so no
    two sentences are equal; ``unique=False`` is the corpus of the first
    benchmarks (repeated sentences, kept for ``bench/equivalence.py``). Same
    arguments: byte-identical rows.
    """
    texts = seed_sentences()
    rng = np.random.default_rng(seed)
    target, size, n = int(megabytes * 1_000_000), 0, start
    day0 = np.datetime64("2014-06-01")
    while size < target:
        picks = rng.integers(0, len(texts), SENTENCES_PER_DOC)
        drawn = [texts[i] for i in picks]
        if unique:
            drawn = [make_unique(t, n * SENTENCES_PER_DOC + k) for k, t in enumerate(drawn)]
        paras = [" ".join(drawn[k:k + 4]) for k in range(0, SENTENCES_PER_DOC, 4)]
        text = "\n\n".join(paras)
        day = str(day0 + int(rng.integers(0, 2039)))
        # the old corpus titled a document with its own opening words, which remove_title then rightly cut
        # from the text as a repeated headline; the unique corpus takes the words of its last sentence
        title = " ".join(texts[picks[-1] if unique else picks[0]].split()[:12])
        yield {"doc_id": f"bench-{n:07d}", "source": SOURCES[n % len(SOURCES)], "published": day,
               "title": title, "text": text}
        size += len(text.encode("utf-8"))
        n += 1


def bench_rows(megabytes: float, seed: int = SEED, unique: bool = True) -> pd.DataFrame:
    return pd.DataFrame(list(generate_rows(megabytes, seed, unique=unique)))


def write_jsonl(path: Path, megabytes: float, seed: int = SEED) -> int:
    """Write the benchmark rows as JSONL; return the bytes written."""
    with open(path, "w", encoding="utf-8") as f:
        for row in generate_rows(megabytes, seed):
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path.stat().st_size


def text_mb(texts) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (ru_maxrss, KiB on Linux), in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> str:
    load = os.getloadavg()
    try:
        affinity = sorted(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover
        affinity = []
    try:
        up = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()
    except OSError:  # pragma: no cover
        up = ""
    return (f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; cpus allowed {affinity} of {os.cpu_count()}"
            + (f"; uptime: {up}" if up else ""))


# -- the benchmark --------------------------------------------------------------------------------

STAGES = ("load", "sentences", "mentions", "stance", "topic_fit", "topic_transform", "pipeline")


def timed(fn, repeat: int):
    walls, cpus, out = [], [], None
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        out = fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return out, statistics.median(walls), statistics.median(cpus)


def one_scale(scale: float, args: argparse.Namespace, stages: list[str]) -> None:
    mb_target = args.base_mb * scale
    rows = bench_rows(mb_target)
    mb = text_mb(rows["text"])
    n = len(rows)
    repeat = args.repeat if mb <= args.repeat_max_mb else 1

    def line(stage: str, wall: float, cpu: float, n_out: int | str = "") -> None:
        print(f"{scale:>5g}x {stage:<16} {n:>6} {mb:>7.2f} {wall:>8.2f} {cpu:>8.2f} {mb / cpu:>7.2f} "
              f"{n / cpu:>8.0f} {n_out!s:>8} {peak_rss_mb():>11.0f}", flush=True)

    corpus, w, c = timed(lambda: mc.load_corpus(rows, repair=True), repeat)
    if "load" in stages:
        line("load+repair", w, c)
    docs = corpus.docs[["doc_id", "source", "published", "title", "text"]]
    if "sentences" in stages:
        fresh = [mc.load_corpus(docs, repair=False) for _ in range(repeat)]
        it = iter(fresh)
        s, w, c = timed(lambda: next(it).sentences(), repeat)
        line("sentences", w, c, len(s))
        del fresh
    corpus.sentences()
    m = None
    if "mentions" in stages or "stance" in stages:
        m, w, c = timed(lambda: mc.find_mentions(corpus), repeat)
        if "mentions" in stages:
            line("mentions", w, c, len(m))
    if "stance" in stages:
        st, w, c = timed(lambda: mc.score_stance(corpus, mentions=m), 1)
        line("stance", w, c, len(st))
        print(f"{'':>6} {'':<16} stance targets/s (cpu): {len(st) / c:,.0f}")
    if "topic_fit" in stages or "topic_transform" in stages:
        tm, w, c = timed(lambda: mc.fit_topics(corpus, n_topics=10, random_state=0), 1)
        line("topic_fit", w, c, len(tm.doc_topics))
        if "topic_transform" in stages:
            dt, w, c = timed(lambda: tm.transform(corpus), 1)
            line("topic_transform", w, c, len(dt))
    if "pipeline" in stages:
        out, w, c = timed(lambda: process_docs(rows, steps=("mentions", "stance")), 1)
        line("pipeline", w, c, len(out["stance"]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base-mb", type=float, default=0.1, help="size of 1x (default 0.1 MB)")
    ap.add_argument("--scales", default="1,10,100")
    ap.add_argument("--stages", default=",".join(STAGES))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--repeat-max-mb", type=float, default=1.0, help="repeat only up to this size")
    args = ap.parse_args(argv)
    stages = args.stages.split(",")
    print(f"machine: {machine()}")
    print(f"{'size':>6} {'stage':<16} {'docs':>6} {'MB':>7} {'wall s':>8} {'cpu s':>8} {'MB/s':>7} {'docs/s':>8} "
          f"{'rows':>8} {'peak RSS MB':>11}")
    for scale in (float(s) for s in args.scales.split(",")):
        one_scale(scale, args, stages)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
