"""Start-up cost of ``import mideast_corpus`` against importing pandas, scikit-learn and plotly.

Usage::

    python bench/startup.py [--runs 15] [--importtime]

Each statement runs in a fresh ``python -c`` process, ``--runs`` times, the statements interleaved
(round-robin) so that a change in the machine's load falls on all of them alike. Prints, per
statement, the median wall-clock seconds of the whole process and the median CPU seconds (user +
system, from ``resource.getrusage(RUSAGE_CHILDREN)``) and each as a ratio to the baseline
``import pandas, sklearn, plotly``. The target of issue 16 is a ratio of at most 1.10.

``import mideast_corpus, use everything`` also touches every name of ``mideast_corpus.__all__`` and
splits one sentence (which imports NLTK): the analyses imported on first use are then all loaded, so
this line is the cost a session pays when it uses all of them (it should not grow when start-up
shrinks). ``python -c pass`` is the interpreter
alone. ``--importtime`` also prints the ten largest cumulative entries of ``python -X importtime``
for ``import mideast_corpus``. The load average is printed first: on a shared machine, read the
CPU figures before the wall-clock ones.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

STATEMENTS = {
    "python -c pass": "pass",
    "import pandas, sklearn, plotly": "import pandas, sklearn, plotly",
    "import mideast_corpus": "import mideast_corpus",
    "import mideast_corpus, use everything": (
        "import mideast_corpus as mc\nfrom mideast_corpus.text import sentence_spans\n"
        "for n in mc.__all__: getattr(mc, n)\nsentence_spans('One. Two.')"
    ),
}
BASELINE = "import pandas, sklearn, plotly"


def run_once(code: str) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one fresh interpreter running ``code``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def import_time_top(n: int = 10) -> list[str]:
    """The ``n`` largest cumulative entries of ``python -X importtime -c 'import mideast_corpus'``."""
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", "import mideast_corpus"],
                         capture_output=True, text=True, check=True).stderr
    rows = []
    for line in out.splitlines()[1:]:
        _, cumulative_us, name = line.split("|")  # "import time: self [us] | cumulative | name"
        rows.append((int(cumulative_us), name.strip()))
    return [f"{us / 1e6:7.3f} s  {name}" for us, name in sorted(rows, reverse=True)[:n]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--importtime", action="store_true")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {args.runs} fresh processes per statement, "
          f"load average before {os.getloadavg()}")
    for code in STATEMENTS.values():  # warm the file-system cache once
        run_once(code)
    figures: dict[str, list[tuple[float, float]]] = {label: [] for label in STATEMENTS}
    for _ in range(args.runs):
        for label, code in STATEMENTS.items():
            figures[label].append(run_once(code))
    base_wall = statistics.median(w for w, _ in figures[BASELINE])
    base_cpu = statistics.median(c for _, c in figures[BASELINE])
    print(f"{'statement':36s} {'wall s':>7s} {'ratio':>6s} {'cpu s':>7s} {'ratio':>6s}")
    for label, runs in figures.items():
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        print(f"{label:36s} {wall:7.3f} {wall / base_wall:6.2f} {cpu:7.3f} {cpu / base_cpu:6.2f}")
    print(f"load average after {os.getloadavg()}")
    if args.importtime:
        print("largest cumulative imports (python -X importtime -c 'import mideast_corpus'):")
        print("\n".join(import_time_top()))


if __name__ == "__main__":
    main()
