"""Train the target-dependent sentiment model of ``mideast_corpus.sentiment`` on NewsMTSC.

Usage::

    PYTHONPATH=src python scripts/train_sentiment.py /path/to/newsmtsc/train.jsonl [--out DIR]

Steps: hold out 15 % of the sentences of ``train.jsonl`` (fixed seed, split by
``primary_gid``), fit on the rest and print held-out figures; then refit on all of
``train.jsonl`` with the same hyper-parameters and write
``sentiment_model.npz`` (coef, intercept, scale) and ``sentiment_model.json``
(vocabulary, version, metadata). Deterministic: the same input gives
byte-identical files. ``devtest_mt.jsonl`` is never read here.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_v] = "1"  # one BLAS thread: the fitted weights must not depend on the machine's cores

import argparse  # noqa: E402
import hashlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import zipfile  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import scipy.sparse as sp  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import accuracy_score, f1_score  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from mideast_corpus.sentiment import (  # noqa: E402
    _FEATURE_VERSION,
    SentimentModel,
    _Featuriser,
    _mask_pieces,
    _normalise,
    _raw_matrix,
)

VERSION = "newsmtsc-lr-nblr-5.0"
SEED = 20210419
TRAINED = "2026-12-07"  # date the shipped weights were made (fixed, so retraining is byte-identical)
HOLDOUT = 0.15
POLARITY = {2.0: 0, 4.0: 1, 6.0: 2}
DEFAULTS = {
    "C": 4.0,
    "C_ovr": 4.0,
    "ovr_weight": 0.5,
    "min_df": 2,
    "mask_others": False,
    "idf": True,
    "class_weight": None,
}


def load(path: Path) -> list[dict]:
    """Rows of (gid, text, start, end, other spans, label), one per target."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            text = d["sentence_normalized"]
            tg = d["targets"]
            for k, t in enumerate(tg):
                others = [(o["from"], o["to"]) for j, o in enumerate(tg) if j != k]
                rows.append(
                    {
                        "gid": d["primary_gid"],
                        "text": text,
                        "start": t["from"],
                        "end": t["to"],
                        "others": others,
                        "y": POLARITY[float(t["polarity"])],
                    }
                )
    return rows


def split(rows: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    gids = sorted({r["gid"] for r in rows})
    rng = np.random.default_rng(SEED)
    perm = rng.permutation(len(gids))
    held = {gids[i] for i in perm[: round(HOLDOUT * len(gids))]}
    is_held = np.array([r["gid"] in held for r in rows])
    return np.flatnonzero(~is_held), np.flatnonzero(is_held)


def pieces(rows: list[dict], mask_others: bool) -> list:
    """The masked sentence of every row, as the scorer makes it."""
    return [_mask_pieces(r["text"], r["start"], r["end"], r["others"] if mask_others else ()) for r in rows]


def fit(masked: list, y: np.ndarray, idx: np.ndarray, params: dict) -> SentimentModel:
    """Featurise the rows ``idx`` with the library's featuriser (every feature met gets a column), keep the
    features of at least ``min_df`` rows (all ``#`` features) in sorted order, scale and fit."""
    grow = _Featuriser({}, grow=True)
    raw = _raw_matrix([masked[i] for i in idx], grow).tocsc()
    names = np.array(list(grow.index), dtype=object)
    dense_all = np.array([k.startswith("#") for k in names])
    df = np.diff((raw != 0).tocsc().indptr)
    kept = np.flatnonzero((df >= params["min_df"]) | dense_all)
    kept = kept[np.argsort(names[kept].astype(str), kind="stable")]
    vocab = names[kept].tolist()
    raw = raw[:, kept].tocsr()
    df = df[kept]
    dense = dense_all[kept]
    n = len(idx)
    scale = np.ones(len(vocab))
    if params["idf"]:
        scale = np.where(dense, 1.0, np.log((1 + n) / (1 + df)) + 1.0)
    # dense features: divide by their standard deviation on the training rows
    Xd = raw[:, np.flatnonzero(dense)].toarray()
    sd = Xd.std(axis=0)
    sd[sd == 0] = 1.0
    scale[np.flatnonzero(dense)] = 1.0 / sd
    X = _normalise(raw, scale, ~dense)[0]
    meta = {"mask_others": params["mask_others"], "ovr_weight": params["ovr_weight"]}
    with threadpool_limits(1):
        clf = LogisticRegression(C=params["C"], max_iter=2000, class_weight=params["class_weight"], tol=1e-5)
        clf.fit(X, y[idx])
        # NB-weighted one-vs-rest heads (Wang & Manning 2012): features scaled by log-count ratios
        B = (X != 0).astype(np.float64)
        coef_ovr = np.zeros((3, len(vocab)))
        intercept_ovr = np.zeros(3)
        for c in range(3):
            yc = y[idx] == c
            pc = np.asarray(B[yc].sum(axis=0)).ravel() + 1.0
            qc = np.asarray(B[~yc].sum(axis=0)).ravel() + 1.0
            r = np.log((pc / pc.sum()) / (qc / qc.sum()))
            r = np.where(dense, 1.0, np.where(r == 0, 1e-3, r))
            head = LogisticRegression(C=params["C_ovr"], max_iter=2000, tol=1e-5)
            head.fit(X @ sp.diags(r), yc.astype(int))
            coef_ovr[c] = head.coef_[0] * r
            intercept_ovr[c] = head.intercept_[0]
    return SentimentModel(
        vocab,
        clf.coef_.astype(np.float32),
        clf.intercept_.astype(np.float32),
        scale.astype(np.float32),
        meta,
        coef_ovr.astype(np.float32),
        intercept_ovr.astype(np.float32),
    )


def evaluate(model: SentimentModel, rows: list[dict], y: np.ndarray, idx: np.ndarray) -> dict:
    """Figures of the model on the rows ``idx``, scored as the library scores them."""
    sub = [rows[i] for i in idx]
    X = model.transform([r["text"] for r in sub], [r["start"] for r in sub], [r["end"] for r in sub],
                        [r["others"] for r in sub])
    pred = model.predict_proba_matrix(X).argmax(1)
    f = f1_score(y[idx], pred, average=None, labels=[0, 1, 2])
    return {
        "f1_macro": round(float(f.mean()), 4),
        "accuracy": round(float(accuracy_score(y[idx], pred)), 4),
        "f1_negative": round(float(f[0]), 4),
        "f1_neutral": round(float(f[1]), 4),
        "f1_positive": round(float(f[2]), 4),
        "n_targets": len(idx),
    }


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """An ``.npz`` with fixed timestamps, so identical arrays give identical bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(arrays):
            b = io.BytesIO()
            np.lib.format.write_array(b, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, b.getvalue(), compresslevel=9)
    path.write_bytes(buf.getvalue())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("train", type=Path, help="NewsMTSC train.jsonl")
    data_dir = Path(__file__).resolve().parents[1] / "src" / "mideast_corpus" / "data"
    ap.add_argument("--out", type=Path, default=data_dir)
    ap.add_argument("--C", type=float, default=DEFAULTS["C"])
    ap.add_argument("--C-ovr", dest="C_ovr", type=float, default=DEFAULTS["C_ovr"])
    ap.add_argument("--ovr-weight", type=float, default=DEFAULTS["ovr_weight"])
    ap.add_argument("--min-df", type=int, default=DEFAULTS["min_df"])
    ap.add_argument("--mask-others", action="store_true")
    ap.add_argument("--no-idf", action="store_true")
    ap.add_argument("--balanced", action="store_true")
    ap.add_argument("--holdout-only", action="store_true", help="print held-out figures, write nothing")
    args = ap.parse_args(argv)
    params = {
        "C": args.C,
        "C_ovr": args.C_ovr,
        "ovr_weight": args.ovr_weight,
        "min_df": args.min_df,
        "mask_others": args.mask_others,
        "idf": not args.no_idf,
        "class_weight": "balanced" if args.balanced else None,
    }
    t0 = time.perf_counter()
    rows = load(args.train)
    y = np.array([r["y"] for r in rows])
    masked = pieces(rows, params["mask_others"])
    tr, ho = split(rows)
    model = fit(masked, y, tr, params)
    held = evaluate(model, rows, y, ho)
    print(json.dumps({"split": "held-out", **held, "params": params}), flush=True)
    if args.holdout_only:
        return 0
    final = fit(masked, y, np.arange(len(rows)), params)
    digest = hashlib.sha256(args.train.read_bytes()).hexdigest()
    meta = {
        "version": VERSION,
        "feature_version": _FEATURE_VERSION,
        "ovr_weight": params["ovr_weight"],
        "labels": ["negative", "neutral", "positive"],
        "mask_others": params["mask_others"],
        "model": "average of a multinomial logistic regression and three NB-weighted one-vs-rest logistic "
        "regressions (scikit-learn lbfgs) on masked-target sparse features",
        "hyper_parameters": params,
        "training_data": {
            "name": "NewsMTSC train.jsonl (Hamborg & Donnay, EACL 2021), MIT licence",
            "source": "github.com/fhamborg/NewsMTSC @ b9d9b797, NewsSentiment/controller_data/datasets/"
            "NewsMTSC-dataset/train.jsonl",
            "commit": "b9d9b797",
            "sha256": digest,
            "n_targets": len(rows),
        },
        "holdout": {"fraction": HOLDOUT, "seed": SEED, "split_by": "primary_gid", **held},
        "trained": TRAINED,
        "training_script": "scripts/train_sentiment.py",
        "vocabulary": final.vocabulary,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    write_npz(
        args.out / "sentiment_model.npz",
        {
            "coef": final.coef.astype(np.float32),
            "intercept": final.intercept.astype(np.float32),
            "scale": final.scale.astype(np.float32),
            "coef_ovr": final.coef_ovr.astype(np.float32),
            "intercept_ovr": final.intercept_ovr.astype(np.float32),
        },
    )
    text = json.dumps(meta, ensure_ascii=False, indent=0) + "\n"
    (args.out / "sentiment_model.json").write_text(text, "utf-8")
    print(
        f"wrote {args.out}/sentiment_model.npz/.json: {len(final.vocabulary)} features "
        f"in {time.perf_counter() - t0:.1f}s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
