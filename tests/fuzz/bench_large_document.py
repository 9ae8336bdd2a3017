"""Benchmark: load one very large document (default 200 MB) with repair; print time and peak memory.

Run (not collected by pytest; see README.md)::

    python tests/fuzz/bench_large_document.py --megabytes 200 20

The document is seed paragraphs, each numbered so duplicate removal keeps it, written to a temporary
folder in chunks. The suite loads 20 MB without repair and 2 MB with repair
(``tests/test_bad_input.py::test_one_very_large_document``); repair of hundreds of megabytes takes
minutes, so that case lives here.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def write(path: Path, megabytes: float) -> int:
    import mideast_corpus as mc

    paragraphs = [p for t in mc.load_seeds(repair=False).docs["text"] for p in t.split("\n\n") if p.strip()]
    target, written, i = int(megabytes * 2**20), 0, 0
    with path.open("w", encoding="utf-8") as fh:
        while written < target:
            chunk = "".join(f"Dispatch {i + k}. {paragraphs[(i + k) % len(paragraphs)]}\n\n" for k in range(200))
            fh.write(chunk)
            written += len(chunk.encode("utf-8"))
            i += 200
    return written


def one(megabytes: float, repair: bool) -> None:
    import mideast_corpus as mc

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "big"
        root.mkdir()
        size = write(root / "big.txt", megabytes)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        corpus = mc.load_corpus(root, default_source="Wire", repair=repair)
        elapsed = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        steps = corpus.load_report.query("action == 'repaired'")["step"].tolist()
        print(f"{size / 2**20:7.1f} MB  repair={repair!s:5}  {elapsed:7.1f} s  {size / 2**20 / elapsed:5.1f} MB/s  "
              f"peak RSS {peak / 1024:6.0f} MB (+{(peak - before) / 1024:.0f})  docs={len(corpus)}  "
              f"chars={len(corpus.docs['text'].iloc[0]):,}  repairs={steps}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, nargs="+", default=[200.0])
    parser.add_argument("--no-repair", action="store_true", help="only load as decoded")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        one(args.megabytes[0], not args.no_repair)
        return
    for mb in args.megabytes:  # one process per size, so peak memory is that size's
        cmd = [sys.executable, __file__, "--child", "--megabytes", str(mb)]
        cmd += ["--no-repair"] if args.no_repair else []
        subprocess.run(cmd, check=True)


if __name__ == "__main__":
    main()
