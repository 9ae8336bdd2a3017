"""Fit the attached-word model of ``score_stance`` on NewsMTSC and write ``data/stance_attached_model.json``.

Usage::

    python scripts/train_stance_model.py [--newsmtsc ../shared/data/newsmtsc] [--out src/mideast_corpus/data]

Every NewsMTSC target is featurised exactly as ``score_stance`` featurises a mention
(:func:`mideast_corpus.stance.attached_model.attached_features` over the attachment sites; the other targets of
the sentence are the other mentions); a multinomial logistic regression (scikit-learn, lbfgs, L2, C=1, the
library's defaults, not tuned) is fitted on ``train.jsonl`` and measured on ``devtest_mt.jsonl``. Deterministic:
the same data give the same file. Features with all three weights below 0.01 in absolute value are dropped.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from mideast_corpus.stance.attached_model import attached_features
from mideast_corpus.stance.attachment import attachment_sites
from mideast_corpus.stance.lexicons import load_stance_lexicons
from mideast_corpus.stance.roles import _mention_tokens
from mideast_corpus.stance.roles import _Text as RoleText

POLARITY = {2.0: "negative", 4.0: "none", 6.0: "positive"}
VERSION = "2026.12.0"
THRESHOLD = 0.8  # used only where the rules found nothing: a confident model only


def load(path: Path) -> tuple[list[dict[str, int]], list[str]]:
    lex = load_stance_lexicons()
    X, y = [], []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            text = d["sentence_normalized"]
            info = RoleText(text, lex)
            words = [text[a:b] for a, b in zip(info.starts, info.ends, strict=True)]
            spans = [(int(t["from"]), int(t["to"])) for t in d["targets"]]
            sites = attachment_sites(info.low, words, _mention_tokens(info, spans), lex)
            for k, t in enumerate(d["targets"]):
                X.append({name: 1 for name, _ in attached_features(info.low, sites[k], lex)})
                y.append(POLARITY[float(t["polarity"])])
    return X, y


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    repo = Path(__file__).resolve().parents[1]
    repo = Path(__file__).resolve().parents[1]
    ap.add_argument("--newsmtsc", type=Path, default=repo.parent / "shared" / "data" / "newsmtsc")
    ap.add_argument("--out", type=Path, default=repo / "src" / "mideast_corpus" / "data")
    args = ap.parse_args(argv)
    train, test = args.newsmtsc / "train.jsonl", args.newsmtsc / "devtest_mt.jsonl"
    Xtr, ytr = load(train)
    Xte, yte = load(test)
    dv = DictVectorizer(sort=True)
    A = dv.fit_transform(Xtr)
    model = LogisticRegression(C=1.0, max_iter=5000).fit(A, ytr)
    macro = f1_score(yte, model.predict(dv.transform(Xte)), average="macro")
    names = np.asarray(dv.get_feature_names_out())
    keep = np.abs(model.coef_).max(axis=0) >= 0.01
    out = {
        "name": "mideast_corpus attached-word stance model",
        "version": VERSION,
        "classes": [str(c) for c in model.classes_],
        "threshold": THRESHOLD,
        "training_data": {"name": "NewsMTSC train.jsonl (Hamborg & Donnay 2021, MIT)",
                          "sha256": hashlib.sha256(train.read_bytes()).hexdigest(), "targets": len(ytr)},
        "estimator": "sklearn LogisticRegression(C=1.0, lbfgs, multinomial), DictVectorizer of attached_features",
        "newsmtsc_devtest_mt_macro_f1": round(float(macro), 4),
        "features": names[keep].tolist(),
        "coef": np.round(model.coef_[:, keep], 4).tolist(),
        "intercept": np.round(model.intercept_, 4).tolist(),
    }
    path = args.out / "stance_attached_model.json"
    path.write_text(json.dumps(out, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(ytr)} training targets, {int(keep.sum())} features kept of {len(names)}; "
          f"NewsMTSC devtest_mt macro-F1 {macro:.3f}; wrote {path} ({path.stat().st_size / 1e3:.0f} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
