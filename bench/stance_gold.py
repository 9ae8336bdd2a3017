"""Score ``score_stance`` against the readers' stance gold (``../shared/data/stance_gold/dev.csv``).

Usage::

    python bench/stance_gold.py [--gold PATH] [--show-errors] [--part all|tune|held-out]

Each gold sentence is loaded as its own document (no repair); a gold mention is matched to the library
row whose span overlaps it. Gold for polarity = items where both readers agree on polarity and both say
the span is a real mention of the actor (``valid = yes``); gold for role = items where both agree on the
role and both say ``valid = yes``. Prints macro-F1 and per-class F1 of ``label`` (negative / none /
positive), macro-F1 of ``role`` (agent / target / none), how many non-actor spans (both readers: place,
media, wrong_actor or other) are still scored as the actor the readers rejected, the library's coverage
(share of gold mentions with evidence) beside the readers' share of polar mentions, and the time taken.

The rules were tuned looking only at the items of outlets in the ``tune`` part; the ``held-out`` part
(outlets chosen by a hash of the outlet name, listed by ``--part held-out``) was read only through the
figures this script prints, to estimate how the rules carry to outlets they were not shaped on.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import sys
import time
from pathlib import Path

import pandas as pd
from sklearn.metrics import f1_score

if importlib.util.find_spec("mideast_corpus") is None:  # run from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import mideast_corpus as mc

GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "stance_gold" / "dev.csv"
POLARITY = {"neg": "negative", "pos": "positive", "none": "none"}
ROLE = {"agent": "agent", "target": "target", "none": "none"}


def held_out(source: str) -> bool:
    """The held-out outlets: a third of the outlets, chosen by a hash of the name (not by looking at items)."""
    return int(hashlib.sha256(source.encode("utf-8")).hexdigest(), 16) % 3 == 0


def score_gold(gold: pd.DataFrame) -> pd.DataFrame:
    """The gold table with the library's ``label``, ``role``, ``score`` and ``evidence`` of each item."""
    docs = pd.DataFrame({"doc_id": gold["item"], "source": gold["source"], "text": gold["sentence"]})
    corpus = mc.load_corpus(docs, text="text", source="source", doc_id="doc_id", repair=False)
    began = time.perf_counter()
    st = mc.score_stance(corpus)
    elapsed = time.perf_counter() - began
    rows = []
    for g in gold.itertuples(index=False):
        hit = st[(st["doc_id"] == g.item) & (st["start"] < g.m_end) & (st["end"] > g.m_start)]
        if len(hit):
            r = hit.iloc[0]
            rows.append({"scored": True, "scored_actor": r["actor"], "label": r["label"], "role": r["role"],
                         "score": r["score"], "evidence": r["evidence"]})
        else:
            rows.append({"scored": False, "scored_actor": "", "label": "none", "role": "none", "score": float("nan"),
                         "evidence": ""})
    out = pd.concat([gold.reset_index(drop=True), pd.DataFrame(rows)], axis=1)
    out.attrs["seconds"] = elapsed
    out.attrs["n_rows"] = len(st)
    return out


def report(m: pd.DataFrame, name: str) -> dict[str, float]:
    valid = (m["valid_a"] == "yes") & (m["valid_b"] == "yes")
    pol = m[valid & (m["polarity_a"] == m["polarity_b"])]
    y, p = pol["polarity_a"].map(POLARITY), pol["label"]
    classes = ["negative", "none", "positive"]
    f1 = f1_score(y, p, labels=classes, average=None, zero_division=0)
    rol = m[valid & (m["role_a"] == m["role_b"])]
    role_f1 = f1_score(rol["role_a"].map(ROLE), rol["role"], labels=["agent", "target", "none"], average="macro",
                       zero_division=0)
    non_actor = m[(m["valid_a"] == m["valid_b"]) & (m["valid_a"] != "yes")]
    # a non-actor span is still scored when a stance row covers it as the actor the readers rejected
    still = non_actor["scored"] & (non_actor["scored_actor"] == non_actor["actor"])
    coverage = float(pol["score"].notna().mean()) if len(pol) else float("nan")
    polar = float((pol["polarity_a"] != "none").mean()) if len(pol) else float("nan")
    figures = {"items": len(pol), "label_macro_f1": float(f1.mean()), "f1_negative": float(f1[0]),
               "f1_none": float(f1[1]), "f1_positive": float(f1[2]), "role_items": len(rol),
               "role_macro_f1": float(role_f1), "non_actor_scored": int(still.sum()),
               "non_actor": len(non_actor), "coverage": coverage, "readers_polar_share": polar}
    print(f"{name:9s} label macro-F1 {figures['label_macro_f1']:.3f} (neg {f1[0]:.2f}, none {f1[1]:.2f}, "
          f"pos {f1[2]:.2f}; n={len(pol)}) | role macro-F1 {role_f1:.3f} (n={len(rol)}) | non-actor spans scored "
          f"{figures['non_actor_scored']} of {len(non_actor)} | coverage {coverage:.2f} vs readers' polar share "
          f"{polar:.2f}")
    return figures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--part", choices=["all", "tune", "held-out"], default="all")
    ap.add_argument("--show-errors", action="store_true", help="print the tune part's disagreements")
    args = ap.parse_args(argv)
    if not args.gold.exists():
        print(f"stance gold not found at {args.gold}: it lives outside the package (../shared/data)")
        return 0
    gold = pd.read_csv(args.gold, dtype={"item": str, "doc_id": str})
    m = score_gold(gold)
    part = m["source"].map(held_out)
    print(f"score_stance on {len(gold)} sentences: {m.attrs['n_rows']} rows in {m.attrs['seconds']:.2f} s")
    if args.part == "held-out":
        print("held-out outlets:", ", ".join(sorted(m.loc[part, "source"].unique())))
    report(m, "all")
    report(m[~part], "tune")
    report(m[part], "held-out")
    if args.show_errors:
        t = m[~part & (m["valid_a"] == "yes") & (m["valid_b"] == "yes")]
        for r in t.itertuples(index=False):
            gp = POLARITY.get(r.polarity_a) if r.polarity_a == r.polarity_b else None
            gr = r.role_a if r.role_a == r.role_b else None
            if (gp is not None and gp != r.label) or (gr is not None and gr != r.role):
                s = r.sentence
                marked = s[:r.m_start] + "[[" + s[r.m_start:r.m_end] + "]]" + s[r.m_end:]
                print(f"\n{r.item} gold {gp}/{gr} got {r.label}/{r.role} {r.score}\n  {marked}\n  -> {r.evidence}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
