"""Save, then compare, the outputs of every per-document stage on fixed inputs.

A speed change must not change a result. Run ``--save DIR`` on the commit before the change and
``--check DIR`` after it: every table (repaired text and load report, sentences, mentions, stance)
is compared column by column and every difference is printed (exact for text and integers; floats
exact too unless ``--atol`` is given, and the largest difference is printed either way).

Inputs (all fixed, none generated at random):

- ``seeds``: the five raw seed articles (``load_seeds(repair=True)``: the damaged web/PDF text);
- ``bench``: ``--mb`` MB of the benchmark corpus (``generate_rows`` in ``bench/pipeline.py``,
  resampled seed sentences, fixed seed), loaded with repair;
- ``newsmtsc``: the sentences of NewsMTSC ``train.jsonl`` as one-sentence documents (read from
  ``../shared/data/newsmtsc`` when present, skipped with a message otherwise; never copied).

Run::

    python bench/equivalence.py --save /tmp/golden        # before
    python bench/equivalence.py --check /tmp/golden       # after
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

import mideast_corpus as mc

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from pipeline import bench_rows  # noqa: E402

NEWSMTSC = HERE.parent.parent / "shared" / "data" / "newsmtsc" / "train.jsonl"


def corpora(mb: float) -> dict[str, mc.Corpus]:
    out = {"seeds": mc.load_seeds(repair=True), "bench": mc.load_corpus(bench_rows(mb), repair=True)}
    if NEWSMTSC.exists():
        rows = [json.loads(line) for line in NEWSMTSC.read_text(encoding="utf-8").splitlines() if line.strip()]
        frame = pd.DataFrame({"doc_id": [f"n{i:05d}" for i in range(len(rows))], "source": "NewsMTSC",
                              "text": [r["sentence_normalized"] for r in rows]})
        out["newsmtsc"] = mc.load_corpus(frame, repair=True)
    else:
        print(f"newsmtsc: {NEWSMTSC} absent, skipped")
    return out


def tables(corpus: mc.Corpus) -> dict[str, pd.DataFrame]:
    mentions = mc.find_mentions(corpus)
    return {
        "docs": corpus.docs,
        "load_report": corpus.load_report,
        "sentences": corpus.sentences(),
        "mentions": mentions,
        "mentions_noplaces": mc.find_mentions(corpus, places=False, metonymy=False),
        "stance": mc.score_stance(corpus, mentions=mentions),
    }


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.reset_index(drop=True).copy()
    frame.attrs = {}
    for col in frame.columns:
        if frame[col].dtype == object:
            frame[col] = frame[col].map(lambda v: json.dumps(v, default=str) if isinstance(v, list | tuple | dict)
                                        else v)
    return frame


def compare(name: str, old: pd.DataFrame, new: pd.DataFrame, atol: float) -> list[str]:
    problems = []
    if list(old.columns) != list(new.columns):
        problems.append(f"{name}: columns {list(old.columns)} -> {list(new.columns)}")
    if len(old) != len(new):
        problems.append(f"{name}: {len(old)} rows -> {len(new)} rows")
        return problems
    for col in old.columns:
        if col not in new.columns:
            continue
        a, b = old[col], new[col]
        if pd.api.types.is_float_dtype(a) and pd.api.types.is_float_dtype(b):
            av, bv = a.to_numpy(float), b.to_numpy(float)
            both_nan = np.isnan(av) & np.isnan(bv)
            diff = np.where(both_nan, 0.0, np.abs(av - bv))
            worst = float(np.nanmax(diff)) if len(diff) else 0.0
            bad = int(((diff > atol) | (np.isnan(av) != np.isnan(bv))).sum())
            if bad or worst:
                problems.append(f"{name}.{col}: {bad} values differ beyond atol={atol}; largest difference {worst:.3g}"
                                + ("" if bad else " (within tolerance)"))
            continue
        same = (a.astype(str).to_numpy() == b.astype(str).to_numpy()) | (a.isna().to_numpy() & b.isna().to_numpy())
        if not same.all():
            k = int(np.flatnonzero(~same)[0])
            problems.append(f"{name}.{col}: {int((~same).sum())} values differ; first at row {k}: "
                            f"{a.iloc[k]!r} -> {b.iloc[k]!r}")
        elif a.dtype != b.dtype:
            problems.append(f"{name}.{col}: dtype {a.dtype} -> {b.dtype}")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path)
    group.add_argument("--check", type=Path)
    ap.add_argument("--mb", type=float, default=2.0, help="size of the bench corpus (default 2 MB)")
    ap.add_argument("--atol", type=float, default=0.0)
    args = ap.parse_args(argv)
    problems: list[str] = []
    n_tables = 0
    for cname, corpus in corpora(args.mb).items():
        for tname, table in tables(corpus).items():
            path = (args.save or args.check) / f"{cname}.{tname}.parquet"
            table = _plain(table)
            n_tables += 1
            if args.save:
                path.parent.mkdir(parents=True, exist_ok=True)
                table.to_parquet(path, index=False)
                print(f"saved {path.name}: {len(table)} rows")
            else:
                if not path.exists():
                    problems.append(f"{cname}.{tname}: no saved table {path}")
                    continue
                found = compare(f"{cname}.{tname}", _plain(pd.read_parquet(path)), table, args.atol)
                print(f"{cname}.{tname}: {len(table)} rows, " + ("identical" if not found else "DIFFERS"))
                problems += found
    if args.check:
        for p in problems:
            print("  " + p)
        hard = [p for p in problems if "within tolerance" not in p]
        print(f"{n_tables} tables compared; {len(hard)} differences")
        return 1 if hard else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
