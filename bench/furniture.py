"""Site furniture on real text: top key terms and topics with and without the corpus-level repair.

Usage: python bench/furniture.py [PATH] [--outlets A B ...]

Loads the AllSides sample (``../shared/data/allsides/allsides_me_dev.jsonl`` by default) twice:
``furniture=False`` (every per-document repair, no corpus-level one) and the default (site furniture
removed), then prints for five outlets the 10 terms of largest log ratio against the rest
(``keyness(top=10)``, significant at q < 0.05), and the top terms of a 10-topic NMF model of each
load, so the two can be read side by side. Also prints how much text the repair removed and its time.
"""

from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

import mideast_corpus as mc

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "allsides" / "allsides_me_dev.jsonl"
OUTLETS = ("Fox News", "Politico", "Christian Science Monitor", "USA TODAY", "CNN (Web News)")


def load(path: Path, furniture: bool) -> tuple[mc.Corpus, float]:
    began = time.perf_counter()
    corpus = mc.load_corpus(path, text="content_original", source="source", date="date", furniture=furniture)
    return corpus, time.perf_counter() - began


def key_terms(corpus: mc.Corpus, outlets: list[str]) -> dict[str, list[str]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = mc.keyness(corpus, by="source")
    table = table[(table["log_ratio"] > 0) & (table["q"] < 0.05)]
    out = {}
    for outlet in outlets:
        rows = table[table["source"] == outlet].sort_values(["log_ratio", "term"], ascending=[False, True])
        out[outlet] = rows[rows["count_group"] >= 5]["term"].head(10).tolist()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT))
    parser.add_argument("--outlets", nargs="+", default=list(OUTLETS))
    args = parser.parse_args()
    before, t_before = load(Path(args.path), furniture=False)
    after, t_after = load(Path(args.path), furniture=True)
    words_before, words_after = int(before.docs["n_words"].sum()), int(after.docs["n_words"].sum())
    report = after.load_report
    per_source = report[(report["step"] == "site_furniture") & report["doc_id"].isna()]
    changed = report[(report["step"] == "site_furniture") & report["doc_id"].notna()]
    print(f"load without / with the furniture repair: {t_before:.1f} s / {t_after:.1f} s")
    print(f"furniture: {len(per_source)} lines or sentences in {per_source['item'].nunique()} sources, removed from "
          f"{changed['doc_id'].nunique()} of {len(after)} documents; words {words_before:,} -> {words_after:,} "
          f"({100 * (words_before - words_after) / words_before:.2f}% removed)")
    kb, ka = key_terms(before, args.outlets), key_terms(after, args.outlets)
    print("\nkey terms (log ratio vs the rest, q < 0.05, count >= 5): before | after")
    for outlet in args.outlets:
        print(f"\n{outlet}\n  before: {', '.join(kb[outlet])}\n  after:  {', '.join(ka[outlet])}")
    for name, corpus in (("before", before), ("after", after)):
        model = mc.fit_topics(corpus, n_topics=10, random_state=0)
        print(f"\ntopics {name}:")
        for topic, label in model.terms(n=6).groupby("topic")["term"]:
            print(f"  {topic}: {', '.join(label)}")


if __name__ == "__main__":
    main()
