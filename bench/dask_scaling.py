"""Dask LocalCluster with 1 vs 2 worker processes on the per-document steps: seconds, speedup and where time goes.

Corpus: ``bench/pipeline.py`` (``generate_rows``) (resampled seed sentences, fixed seed; bench/README.md), ``--mb`` MB,
split into ``--partitions`` partitions. For each worker count, a
``distributed.LocalCluster(n_workers=k, threads_per_worker=1, processes=True, host="127.0.0.1")`` runs the steps.

``--input memory`` (default): the corpus is loaded on the client (``repair=False``), made a Dask frame with
``mideast_corpus.dask.to_dask`` and persisted on the workers before timing. ``--input parquet`` / ``jsonl``: the raw
rows are written to a Parquet file with one row group per partition (a JSONL file cut into ``--partitions`` ranges of
lines) and ``to_dask(path)`` loads (and repairs) each partition on a worker, inside the timed run, so the client
ships no text.

``--mode pipeline`` (default): ``process_docs_dask(ddf, steps)`` computed with one ``dask.compute`` (one task per
partition: sentences split once, mentions found once and reused by stance). ``--mode separate``: the first version
of this benchmark, ``find_mentions_dask`` then ``score_stance_dask``, each ``.compute()``-d on its own (mentions
found twice).

``--output client`` (default): the tables are computed into the client (Dask concatenates the partitions on one
worker and sends them over). ``--output parquet``: each table is written with ``to_parquet`` (every worker writes its
own partitions, as ``process_stream`` writes its parts), all in the same ``dask.compute``; the way to keep the
tables of a corpus larger than the client's memory.

Before timing, every worker loads the dictionary, compiles the matcher and loads the sentiment model
(``client.run(empty_tables, steps)``), so that one-off cost (~1.5 s CPU per process) is not timed. Median of
``--repeat`` runs. Printed per worker count, for the last run: the CPU seconds of each worker process and of the
client process (which also runs the scheduler), each worker's busy fraction (task-stream compute seconds / wall),
seconds spent transferring and deserialising, and the task durations. The 2-core machine may be shared: besides the
wall-clock speedup (valid only when the load before the run is well below 1) it prints a CPU-time estimate,
``worker CPU with 1 worker / CPU of the busiest worker with 2 workers``, the speedup the same work would get with a
core per worker.

Run::

    python bench/dask_scaling.py --mb 2
    python bench/dask_scaling.py --mb 2 --input parquet
    python bench/dask_scaling.py --mb 2 --input jsonl
    python bench/dask_scaling.py --mb 2 --output parquet
    python bench/dask_scaling.py --mb 2 --mode separate     # the first version, for comparison
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _task_stream_summary(stream: list[dict], wall: float) -> list[str]:
    """Per worker: tasks, busy fraction, transfer/deserialise seconds and task durations of the computing tasks."""
    per: dict[str, dict[str, list[float]]] = {}
    for task in stream:
        for ss in task["startstops"]:
            acts = per.setdefault(task["worker"], {})
            acts.setdefault(ss["action"], []).append(ss["stop"] - ss["start"])
    lines = []
    for worker, acts in sorted(per.items()):
        compute = acts.get("compute", [])
        big = sorted(d for d in compute if d > 0.005)  # the per-partition tasks, not the tiny getitem/concat ones
        lines.append(f"    {worker}: {len(big)} partition tasks, busy {sum(compute) / wall:.0%} of wall, "
                     f"transfer {sum(acts.get('transfer', [])):.2f} s, deserialize "
                     f"{sum(acts.get('deserialize', [])):.2f} s; task s min/median/max "
                     + ("/".join(f"{x:.2f}" for x in (big[0], statistics.median(big), big[-1])) if big else "-"))
    return lines


def main(argv: list[str] | None = None) -> int:
    import dask
    from distributed import Client, LocalCluster, get_task_stream, wait
    from pipeline import bench_rows, machine, text_mb, write_jsonl

    import mideast_corpus as mc
    from mideast_corpus import dask as mcd
    from mideast_corpus.pipeline import empty_tables

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=2.0)
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--steps", default="mentions,stance")
    ap.add_argument("--input", choices=["memory", "parquet", "jsonl"], default="memory")
    ap.add_argument("--mode", choices=["pipeline", "separate"], default="pipeline")
    ap.add_argument("--output", choices=["client", "parquet"], default="client")
    args = ap.parse_args(argv)
    steps = args.steps.split(",")
    rows = bench_rows(args.mb)
    mb = text_mb(rows["text"])
    tmp = tempfile.TemporaryDirectory(prefix="mc-dask-")
    if args.input == "parquet":
        source: object = Path(tmp.name) / "corpus.parquet"
        rows.to_parquet(source, row_group_size=-(-len(rows) // args.partitions), index=False)
    elif args.input == "jsonl":
        source = Path(tmp.name) / "corpus.jsonl"
        write_jsonl(source, args.mb)
    else:
        source = mc.load_corpus(rows, repair=False)
    print(f"corpus {len(rows)} docs, {mb:.2f} MB, {args.partitions} partitions, input {args.input}, "
          f"mode {args.mode}, output {args.output}, steps {steps}; machine: {machine()}")

    runs_done = [0]

    def collect(tables: dict) -> list:
        if args.output == "client":
            return list(tables.values())
        runs_done[0] += 1
        out = Path(tmp.name) / f"out-{runs_done[0]}"
        return [t.to_parquet(out / name, compute=False, write_index=False) for name, t in tables.items()]

    def run(ddf) -> None:
        if args.mode == "separate":
            for s in steps:
                dask.compute(*collect(mcd.process_docs_dask(ddf, [s])))
        else:
            dask.compute(*collect(mcd.process_docs_dask(ddf, steps)))

    times: dict[int, float] = {}
    cpu: dict[int, dict[str, float]] = {}
    client_cpu: dict[int, float] = {}
    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None) as cluster, Client(cluster) as client:
            if args.input == "parquet":
                ddf = mcd.to_dask(source)
            elif args.input == "jsonl":
                ddf = mcd.to_dask(source, npartitions=args.partitions)
            else:
                ddf = mcd.to_dask(source, npartitions=args.partitions).persist()
                wait(ddf)
            client.run(empty_tables, steps)  # warm-up in every worker: imports, dictionary, matcher, model
            runs = []
            for _ in range(args.repeat):
                load = os.getloadavg()[0]
                w0, c0 = client.run(time.process_time), time.process_time()
                with get_task_stream(client) as ts:
                    t0 = time.perf_counter()
                    run(ddf)
                    runs.append(time.perf_counter() - t0)
                w1, c1 = client.run(time.process_time), time.process_time()
            times[workers] = statistics.median(runs)
            cpu[workers] = {w: w1[w] - w0[w] for w in w1}
            client_cpu[workers] = c1 - c0
            print(f"{workers} worker(s): {times[workers]:.2f} s (runs {[round(r, 2) for r in runs]}), "
                  f"{mb / times[workers]:.2f} MB/s; last run (load before it {load:.2f}): worker CPU s "
                  f"{[round(v, 2) for v in cpu[workers].values()]} (CPU/wall "
                  f"{[round(v / runs[-1], 2) for v in cpu[workers].values()]}), client+scheduler CPU "
                  f"{c1 - c0:.2f} s")
            for line in _task_stream_summary(ts.data, runs[-1]):
                print(line)
    # with a core per process: 1 worker takes its CPU time; 2 workers take their busiest one's, unless the two plus
    # the client (scheduler) need more than the 2 cores
    one = sum(cpu[1].values())
    two = max(max(cpu[2].values()), (sum(cpu[2].values()) + client_cpu[2]) / 2)
    print(f"speedup 2 vs 1 workers on {args.steps}: wall {times[1] / times[2]:.2f}x (target >= 1.6x); "
          f"CPU-time estimate {one / two:.2f}x (1-worker CPU / max(busiest worker's CPU, all CPU / 2 cores) with "
          "2 workers: the speedup on 2 otherwise idle cores)")
    print(f"machine after: {machine()}")
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
