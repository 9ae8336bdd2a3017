"""Stream N MB of JSONL end to end with ``process_stream`` and print MB/s and peak RSS.

The file is generated on disk from ``bench/pipeline.py`` (``generate_rows``) (resampled seed sentences, fixed seed; see
bench/README.md), then ``process_stream(path, out_dir, steps=..., chunk_docs=...)`` loads it
chunk by chunk (with the loader's repair unless ``--no-repair``), writes the Parquet parts and the
aggregate tables. Printed: input MB, seconds, MB/s, documents/s, rows written, the peak RSS of the
process (``ru_maxrss``) before and after streaming, and the machine load. Peak memory must not grow
with the corpus: run it at two sizes and compare.

Run::

    taskset -c 1 python bench/streaming.py --mb 20
    taskset -c 1 python bench/streaming.py --mb 1000 --steps mentions --no-repair   # the 1 GB figure
    python bench/streaming.py --mb 1000 --keep /tmp/big.jsonl                       # keep the file

Disk: the JSONL (N MB) plus the parts (~1/3 of N for mentions) under ``--dir`` (default /tmp);
both are deleted afterwards unless ``--keep`` names the input.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pipeline import machine, peak_rss_mb, write_jsonl

from mideast_corpus.streaming import process_stream


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=20.0)
    ap.add_argument("--steps", default="mentions,stance")
    ap.add_argument("--chunk-docs", type=int, default=500)
    ap.add_argument("--no-repair", action="store_true")
    ap.add_argument("--no-aggregate", action="store_true")
    ap.add_argument("--dir", default=tempfile.gettempdir())
    ap.add_argument("--keep", help="write (or reuse) the JSONL at this path and keep it")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="mc-stream-", dir=args.dir))
    path = Path(args.keep) if args.keep else work / "corpus.jsonl"
    try:
        t0 = time.perf_counter()
        if not path.exists():
            write_jsonl(path, args.mb)
        size = path.stat().st_size / 1e6
        print(f"input: {path} {size:.1f} MB (generated in {time.perf_counter() - t0:.0f} s)")
        rss0 = peak_rss_mb()
        t0, c0 = time.perf_counter(), time.process_time()
        summary = process_stream(path, work / "out", steps=args.steps.split(","), chunk_docs=args.chunk_docs,
                                    repair=not args.no_repair, aggregate=not args.no_aggregate, progress=True)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(summary)
        print(f"steps {args.steps}, repair {not args.no_repair}, chunk_docs {args.chunk_docs}")
        print(f"stream: {size:.1f} MB in {wall:.1f} s wall / {cpu:.1f} s cpu: {size / wall:.2f} MB/s wall, "
              f"{size / cpu:.2f} MB/s cpu, {summary.n_docs / wall:.0f} docs/s")
        print(f"peak RSS: {rss0:.0f} MB before streaming, {peak_rss_mb():.0f} MB after")
        print(f"machine: {machine()}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
