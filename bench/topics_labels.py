"""How well the library's default topic model recovers known document labels.

Usage::

    PYTHONPATH=src python bench/topics_labels.py CORPUS.csv --text text --label label [--k K]

Loads the CSV with ``mc.load_corpus`` and fits ``mc.fit_topics(corpus, n_topics=K,
unit="document")`` with every other setting at its default (what a user would
call; ``unit="document"`` because the labels are per document). Each document's
dominant topic is compared with its label. ``K`` defaults to the number of labels.

Prints one JSON line: NMI, ARI and purity of the dominant topics against the
labels, the mean NPMI coherence (window 10, top 10 terms), and fit seconds.
Documents the model leaves out (no term in the vocabulary) count as their own
wrong cluster, so they lower every score.

Without a labelled news corpus at hand, ``--make-synthetic OUT.csv`` writes a
semi-synthetic one (fixed seed): each document draws ``--noise`` of its words
from real news sentences (NewsMTSC, ``../shared/data/newsmtsc/train.jsonl``; a
fixed background vocabulary if absent), most of the rest from its label's
Zipf-weighted topic word list, and 10 % from another topic's list. Lengths vary
from 40 to 250 words.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

if importlib.util.find_spec("mideast_corpus") is None:  # run from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import mideast_corpus as mc

fit_topics = getattr(mc, "fit_topics", None)
if fit_topics is None:  # before mideast_corpus/__init__.py re-exports it
    from mideast_corpus.topics import fit_topics


def purity(labels: np.ndarray, clusters: np.ndarray) -> float:
    """Share of documents whose cluster's most common label is their own."""
    table = pd.crosstab(clusters, labels)
    return float(table.max(axis=1).sum() / len(labels))


SYNTHETIC_TOPICS = {
    "battle": "offensive troops artillery frontline airstrikes militants battle recaptured siege shelling fighters "
    "forces army military positions killed clashes mosul raqqa assault tanks".split(),
    "refugees": "refugees camps humanitarian aid shelter displaced food water winter unhcr families children "
    "border camp relief agencies donors civilians fled crisis".split(),
    "oil": "oil crude barrels refinery pipeline exports opec prices production output energy fields gas "
    "revenue smuggling market supply wells petroleum".split(),
    "elections": "election vote voters ballot parliament candidates polls campaign parties seats coalition "
    "turnout results referendum president government minister opposition".split(),
    "diplomacy": "talks negotiations ceasefire envoy geneva peace agreement diplomats summit foreign minister "
    "sanctions united nations resolution council deal meeting russia".split(),
    "terrorism": "attack bombing suicide explosion killed police suspects arrested plot terrorist security "
    "investigation victims blast cell authorities gunman europe".split(),
    "economy": "economy inflation currency bank budget debt investment growth unemployment prices markets "
    "trade reconstruction billion loans imf salaries".split(),
    "health": "cholera hospital doctors disease outbreak vaccine medical health patients clinics epidemic "
    "medicine who infection wounded supplies".split(),
}


def _background_words() -> list[str]:
    path = Path(__file__).resolve().parents[2] / "shared" / "data" / "newsmtsc" / "train.jsonl"
    if not path.exists():
        return ("the of and to in a that is for on with as was by said it at from his he be have has are an "
                "this they not but who were their had which been more would about after also one people").split()
    words: list[str] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            words.extend(w.lower() for w in json.loads(line)["sentence_normalized"].split() if w.isalpha())
    return words


def make_synthetic(path: Path, n_per_label: int = 250, noise: float = 0.6, seed: int = 0) -> None:
    """Write the semi-synthetic labelled corpus described in the module docstring."""
    rng = np.random.default_rng(seed)
    background = np.array(_background_words())
    names = list(SYNTHETIC_TOPICS)
    rows = []
    for label in names:
        words = np.array(SYNTHETIC_TOPICS[label])
        zipf = 1.0 / np.arange(1, len(words) + 1)
        zipf /= zipf.sum()
        for _ in range(n_per_label):
            length = int(rng.integers(40, 251))
            source = rng.choice(3, size=length, p=[noise, (1 - noise) * 0.9, (1 - noise) * 0.1])
            other_label = names[(names.index(label) + int(rng.integers(1, len(names)))) % len(names)]
            other = np.array(SYNTHETIC_TOPICS[other_label])
            tokens = np.where(
                source == 0,
                rng.choice(background, size=length),
                np.where(source == 1, rng.choice(words, size=length, p=zipf), rng.choice(other, size=length)),
            )
            sentences = [" ".join(tokens[i : i + 15]).capitalize() + "." for i in range(0, length, 15)]
            rows.append({"text": " ".join(sentences), "label": label})
    frame = pd.DataFrame(rows).sample(frac=1.0, random_state=seed).reset_index(drop=True)
    frame.to_csv(path, index=False)


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("csv", type=Path)
    parser.add_argument("--make-synthetic", action="store_true", help="write the semi-synthetic corpus to CSV first")
    parser.add_argument("--noise", type=float, default=0.6, help="share of background words (--make-synthetic)")
    parser.add_argument("--text", default="text")
    parser.add_argument("--label", default="label")
    parser.add_argument("--k", type=int, default=None, help="number of topics (default: number of labels)")
    parser.add_argument("--method", default="nmf")
    args = parser.parse_args(argv)
    if args.make_synthetic:
        make_synthetic(args.csv, noise=args.noise)

    frame = pd.read_csv(args.csv)
    frame = frame[frame[args.text].notna() & frame[args.label].notna()].reset_index(drop=True)
    frame = frame.assign(doc_id=[f"d{i:07d}" for i in range(len(frame))], _label=frame[args.label].astype(str))
    source = "source" if "source" in frame.columns else None
    corpus = mc.load_corpus(frame, text=args.text, doc_id="doc_id", source=source, default_source="bench")
    k = args.k or frame["_label"].nunique()

    started = time.perf_counter()
    tm = fit_topics(corpus, n_topics=k, method=args.method, unit="document")
    seconds = time.perf_counter() - started

    weights = tm.doc_topics
    dominant = weights.sort_values(["unit_id", "weight", "topic"], ascending=[True, False, True])
    dominant = dominant.drop_duplicates("unit_id").set_index("doc_id")["topic"]
    docs = corpus.docs[["doc_id", "_label"]]
    clusters = docs["doc_id"].map(dominant).fillna(-1).astype(int).to_numpy()
    labels = docs["_label"].to_numpy()
    result = {
        "n_docs": len(docs),
        "n_labels": int(pd.Series(labels).nunique()),
        "k": k,
        "method": args.method,
        "nmi": round(float(normalized_mutual_info_score(labels, clusters)), 4),
        "ari": round(float(adjusted_rand_score(labels, clusters)), 4),
        "purity": round(purity(labels, clusters), 4),
        "mean_npmi": round(float(tm.coherence()["npmi"].iloc[-1]), 4),
        "docs_left_out": int((clusters == -1).sum()),
        "fit_seconds": round(seconds, 2),
    }
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
