"""Time and size the text repair (``mideast_corpus.cleaning``) end to end and per step.

Three figures, CPU seconds (``time.process_time``), best and median of ``--repeat`` runs:

- ``load_corpus`` with repair on the 1,084 AllSides articles (``../shared/data/allsides``, fields
  ``ID``, ``source``, ``content_original``), and the same with ``repair=False`` (so the difference is
  the repair's share);
- ``repair_text`` on a large damaged document: the raw seed articles (``mc.load_seeds(repair=False)``)
  joined and repeated ``--copies`` times (30: ~1.1 MB, every paragraph repeated 30 times, as in
  ``tests/test_cleaning.py::test_repair_is_fast_on_a_large_document``);
- the CPU seconds of each repair step, summed over the AllSides articles and on the large document
  (one run each), so that the cost of each step's code can be read off.

With ``--huge MB``, also the peak Python allocation (``tracemalloc``) of each step alone and of
``repair_text`` on one document of about that size: the raw seeds repeated, each paragraph made
distinct by a serial number (so nothing is removed as a repeat and the text stays that size).

Run::

    taskset -c 1 python bench/repair.py
    taskset -c 1 python bench/repair.py --huge 50 --repeat 1
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pandas as pd
from pipeline import machine

import mideast_corpus as mc
from mideast_corpus.cleaning import DEFAULT_STEPS, repair_text

ALLSIDES = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "allsides" / "allsides_me_dev.jsonl"
TITLE = "Iraq After Russian Intervention in Syria"


def cpu_times(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        out.append(time.process_time() - start)
    return out


def show(label: str, times: list[float], megabytes: float) -> None:
    best, median = min(times), statistics.median(times)
    print(f"{label:<44} best {best:6.3f} s  median {median:6.3f} s  ({megabytes / best:5.2f} MB/s best)"
          f"  runs {', '.join(f'{t:.3f}' for t in times)}")


def per_step(docs: list[tuple[str, str | None]]) -> dict[str, float]:
    spent: dict[str, float] = defaultdict(float)
    for text, title in docs:
        for step in DEFAULT_STEPS:
            start = time.process_time()
            text = step.func(text, title)[0]
            spent[step.name] += time.process_time() - start
    return spent


def raw_seeds() -> str:
    return "\n\n".join(map(str, mc.load_seeds(repair=False).docs["text"]))


def huge_document(megabytes: float) -> str:
    paragraphs = [p for p in raw_seeds().split("\n\n") if p.strip()]
    out, size, n = [], 0, 0
    while size < megabytes * 1e6:
        paragraph = f"{paragraphs[n % len(paragraphs)]} (item {n})."
        out.append(paragraph)
        size += len(paragraph) + 2
        n += 1
    return "\n\n".join(out)


def peak_mb(fn) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--copies", type=int, default=30)
    ap.add_argument("--huge", type=float, default=0.0, help="MB of one document for the memory figures (0: none)")
    args = ap.parse_args(argv)
    print(f"machine before: {machine()}")
    if ALLSIDES.exists():
        rows = pd.read_json(ALLSIDES, lines=True)
        megabytes = rows["content_original"].str.len().sum() / 1e6
        kw = {"text": "content_original", "source": "source", "doc_id": "ID"}
        on = cpu_times(lambda: mc.load_corpus(rows, **kw), args.repeat)
        off = cpu_times(lambda: mc.load_corpus(rows, repair=False, **kw), args.repeat)
        show(f"AllSides load_corpus, repair ({len(rows)} docs)", on, megabytes)
        show("AllSides load_corpus, repair=False", off, megabytes)
        print(f"  repair's share: {min(on) - min(off):.3f} s (best minus best)")
        steps = per_step([(str(t), None) for t in rows["content_original"]])
        print("  per step (AllSides, one run): " + ", ".join(f"{k} {v:.3f}" for k, v in steps.items()))
    else:
        print(f"AllSides data not found at {ALLSIDES}: skipped")
    big = "\n\n".join([raw_seeds()] * args.copies)
    megabytes = len(big) / 1e6
    show(f"repair_text, raw seeds x{args.copies} ({megabytes:.2f} MB)",
         cpu_times(lambda: repair_text(big, title=TITLE), args.repeat), megabytes)
    steps = per_step([(big, TITLE)])
    print("  per step (large document, one run): " + ", ".join(f"{k} {v:.3f}" for k, v in steps.items()))
    if args.huge:
        huge = huge_document(args.huge)
        print(f"huge document: {len(huge) / 1e6:.1f} MB, {huge.count(chr(10) * 2) + 1} paragraphs; "
              "peak traced allocation per step (MB):")
        text = huge
        for step in DEFAULT_STEPS:
            result: list[str] = []
            mb = peak_mb(lambda step=step, text=text, result=result: result.append(step.func(text, TITLE)[0]))
            print(f"  {step.name:<30} {mb:8.1f}")
            text = result[0]
        start = time.process_time()
        print(f"  {'repair_text':<30} {peak_mb(lambda: repair_text(huge, title=TITLE)):8.1f}"
              f"  ({time.process_time() - start:.1f} s CPU under tracemalloc)")
    print(f"machine after: {machine()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
