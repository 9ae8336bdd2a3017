"""Shared driver of the fuzz scripts: atheris when installed, else hypothesis at high example counts.

A target is ``target(data: bytes) -> None``. Exceptions the target expects (named library errors) are
caught inside it; anything else is a *finding*: it is counted, its first input is saved to
``--out`` (``<type>-<n>.bin``) and fuzzing goes on, so one run reports every distinct defect it met.
At the end the script prints executions, executions per second and the findings, one line each.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

Target = Callable[[bytes], None]


class Findings:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.seen: dict[str, tuple[int, str, str]] = {}  # key -> (count, message, saved file)
        self.execs = 0
        self.start = time.perf_counter()

    def record(self, data: bytes, exc: BaseException) -> None:
        frames = traceback.extract_tb(exc.__traceback__)
        where = next((f"{Path(f.filename).name}:{f.lineno}" for f in reversed(frames)
                      if "mideast_corpus" in f.filename), f"{Path(frames[-1].filename).name}:{frames[-1].lineno}"
                     if frames else "?")
        key = f"{type(exc).__name__} at {where}"
        count, message, saved = self.seen.get(key, (0, "", ""))
        if not count:
            self.out.mkdir(parents=True, exist_ok=True)
            name = f"{type(exc).__name__}-{hashlib.sha1(data).hexdigest()[:10]}.bin"
            (self.out / name).write_bytes(data)
            message, saved = str(exc)[:200].replace("\n", " "), str(self.out / name)
            print(f"\nNEW FINDING {key}: {message}\n  input saved to {saved}", file=sys.stderr, flush=True)
        self.seen[key] = (count + 1, message, saved)

    def summary(self) -> None:
        elapsed = time.perf_counter() - self.start
        print(f"\n{self.execs} executions in {elapsed:.0f} s ({self.execs / max(elapsed, 1e-9):.0f}/s); "
              f"{len(self.seen)} distinct finding(s)", flush=True)
        for key, (count, message, saved) in sorted(self.seen.items()):
            print(f"  {key} x{count}: {message} [{saved}]", flush=True)


def run(target: Target, description: str, seeds: list[bytes]) -> None:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--seconds", type=int, default=180, help="how long to fuzz (default: 180)")
    parser.add_argument("--out", type=Path, default=Path("fuzz-findings"), help="folder for crashing inputs")
    parser.add_argument("--engine", choices=["auto", "atheris", "hypothesis"], default="auto")
    parser.add_argument("--replay", type=Path, nargs="*", help="run the target once on these saved inputs")
    args, rest = parser.parse_known_args()
    findings = Findings(args.out)

    stop_at = time.perf_counter() + args.seconds

    def guarded(data: bytes) -> None:
        if time.perf_counter() > stop_at:
            # libFuzzer ends the process with C exit(), which skips Python's atexit: report here.
            findings.summary()
            os._exit(0)
        findings.execs += 1
        try:
            target(data)
        except Exception as exc:  # a finding: not one of the errors the target expects
            findings.record(data, exc)

    if args.replay:
        for path in args.replay:
            print(path)
            target(path.read_bytes())  # let it raise, with the traceback
        return
    engine = args.engine
    if engine == "auto":
        try:
            import atheris
            engine = "atheris"
        except ImportError:
            engine = "hypothesis"
    print(f"fuzzing with {engine} for {args.seconds} s", flush=True)
    if engine == "atheris":
        import atheris

        corpus_dir = args.out / "corpus"
        corpus_dir.mkdir(parents=True, exist_ok=True)
        for i, seed in enumerate(seeds):
            (corpus_dir / f"seed-{i}").write_bytes(seed)
        atheris.Setup([sys.argv[0], f"-max_total_time={args.seconds + 120}", "-rss_limit_mb=4096", "-timeout=30",
                       str(corpus_dir), *rest], guarded)
        atheris.Fuzz()
    else:
        from hypothesis import HealthCheck, given, settings
        from hypothesis import strategies as st

        for seed in seeds:
            guarded(seed)
        deadline = stop_at
        examples = st.one_of(st.binary(max_size=2000), st.sampled_from(seeds).flatmap(
            lambda s: st.binary(max_size=200).map(lambda b, s=s: s[: len(s) // 2] + b + s[len(s) // 2:])))

        @settings(max_examples=2000, deadline=None, database=None, derandomize=False,
                  suppress_health_check=list(HealthCheck))
        @given(examples)
        def once(data: bytes) -> None:
            guarded(data)

        while time.perf_counter() < deadline:
            once()
        findings.summary()
