"""The report at 5 to 100 outlets: time, page size, charts drawn, errors; optional headless screenshots.

Usage: python bench/report_scale.py [--outlets 5 15 80 100] [--out DIR] [--screens DIR] [--n-boot N]

How the corpora are made: the 1,084 real articles of the AllSides sample
(``../shared/data/allsides/allsides_me_dev.jsonl``) are dealt, in a fixed shuffled order
(``numpy`` generator seeded 0), to N made-up outlets ("Outlet 000", ...) of very uneven size: outlet
``i`` gets a share proportional to ``1 / (i + 1) ** 1.1``, at least one article (the real outlet is kept as
``original_source``); a ``lean`` column
cycles left, center, right; every seventh outlet loses its dates. Each corpus is written as JSON Lines
and reported with the command line (``mideast-corpus report FILE --text content_original --source
outlet --date date``), timed from outside. With ``--screens`` each page is photographed with headless
Chromium (1400 px wide) for reading by eye.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
ALLSIDES = ROOT.parent / "shared" / "data" / "allsides" / "allsides_me_dev.jsonl"


def deal(records: list[dict], n_outlets: int, seed: int = 0) -> list[dict]:
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(records))
    weights = 1.0 / (np.arange(n_outlets) + 1.0) ** 1.1
    sizes = np.maximum(1, np.floor(weights / weights.sum() * len(records))).astype(int)
    sizes[0] += len(records) - sizes.sum()  # the largest outlet takes the remainder
    out, k = [], 0
    for i, size in enumerate(sizes):
        for _ in range(size):
            record = dict(records[order[k]])
            record["original_source"] = record.pop("source")
            record.update(outlet=f"Outlet {i:03d}", lean=("left", "center", "right")[i % 3])
            if i % 7 == 6:
                record["date"] = ""
            out.append(record)
            k += 1
    return out


def screenshot(page: Path, png: Path) -> bool:
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        return False
    with tempfile.TemporaryDirectory() as profile:
        args = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                f"--user-data-dir={profile}", "--virtual-time-budget=20000", f"--screenshot={png}",
                "--window-size=1400,16000", page.resolve().as_uri()]
        return subprocess.run(args, capture_output=True, timeout=300, check=False).returncode == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outlets", type=int, nargs="+", default=[5, 15, 80, 100])
    parser.add_argument("--out", default=str(Path(tempfile.gettempdir()) / "report_scale"))
    parser.add_argument("--screens", help="folder for one screenshot per page")
    parser.add_argument("--n-boot", type=int, default=1000)
    args = parser.parse_args()
    if not ALLSIDES.exists():
        sys.exit(f"the AllSides sample is not at {ALLSIDES}: it lives outside the package (../shared/data)")
    records = [json.loads(line) for line in ALLSIDES.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    print(f"{'outlets':>7} {'documents':>9} {'seconds':>8} {'page MB':>8} {'charts':>6}  errors")
    for n in args.outlets:
        path = out / f"outlets_{n}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in deal(records, n)),
                        encoding="utf-8")
        folder = out / f"outlets_{n}"
        began = time.perf_counter()
        done = subprocess.run(["mideast-corpus", "report", str(path), "--text", "content_original", "--source",
                               "outlet", "--date", "date", "--n-boot", str(args.n_boot), "--out", str(folder),
                               "--quiet"], capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - began
        if done.returncode != 0:
            print(f"{n:>7} failed: {done.stderr.strip()[-500:]}")
            continue
        page = (folder / "index.html").read_text(encoding="utf-8")
        problems = (folder / "tables" / "warnings.csv").read_text(encoding="utf-8").splitlines()[1:]
        errors = [p for p in problems if ",error," in p]
        print(f"{n:>7} {len(records):>9} {seconds:>8.1f} {len(page) / 1e6:>8.1f} {page.count('Plotly.newPlot('):>6}"
              f"  {len(errors)}{': ' + errors[0][:120] if errors else ''}")
        if args.screens:
            png = Path(args.screens) / f"generated_{n}_outlets.png"
            print(f"        screenshot {png}: {'taken' if screenshot(folder / 'index.html', png) else 'no browser'}")


if __name__ == "__main__":
    main()
