"""Dask LocalCluster with 1 vs 2 worker processes on the per-document steps: seconds and speedup.

Corpus: ``bench/pipeline.py`` (``generate_rows``) (resampled seed sentences, fixed seed; bench/README.md), ``--mb`` MB,
split into ``--partitions`` partitions with ``mideast_corpus.dask.to_dask``. For each worker count,
a ``distributed.LocalCluster(n_workers=k, threads_per_worker=1, processes=True, host="127.0.0.1")``
runs ``find_mentions_dask`` and ``score_stance_dask`` (``.compute()``), after a warm-up on one
partition (so importing and compiling the dictionary in each worker is not timed). The docs are
scattered to the workers before timing. Median of ``--repeat`` runs. The machine has 2 cores shared
with other jobs: the load is printed before and after.

Run::

    python bench/dask_scaling.py --mb 2
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main(argv: list[str] | None = None) -> int:
    from distributed import Client, LocalCluster, wait
    from pipeline import bench_rows, machine, text_mb

    import mideast_corpus as mc
    from mideast_corpus import dask as mcd

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=2.0)
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--steps", default="mentions,stance")
    args = ap.parse_args(argv)
    corpus = mc.load_corpus(bench_rows(args.mb), repair=False)
    mb = text_mb(corpus.docs["text"])
    print(f"corpus {len(corpus)} docs, {mb:.2f} MB, {args.partitions} partitions; machine: {machine()}")
    times: dict[int, float] = {}
    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None) as cluster, Client(cluster):
            ddf = mcd.to_dask(corpus, npartitions=args.partitions).persist()
            wait(ddf)
            steps = args.steps.split(",")
            mcd.process_docs_dask(ddf.partitions[:workers], steps)["stance" if "stance" in steps else "mentions"]
            for s in steps:  # warm-up: imports, dictionary compile, sentiment model load in every worker
                mcd.process_docs_dask(ddf.partitions[:workers], [s])[s].compute()
            runs = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                for s in steps:
                    mcd.process_docs_dask(ddf, [s])[s].compute()
                runs.append(time.perf_counter() - t0)
            times[workers] = statistics.median(runs)
            print(f"{workers} worker(s): {times[workers]:.2f} s (runs {[round(r, 2) for r in runs]}), "
                  f"{mb / times[workers]:.2f} MB/s")
    print(f"speedup 2 vs 1 workers on {args.steps}: {times[1] / times[2]:.2f}x (target >= 1.6x)")
    print(f"machine after: {machine()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
