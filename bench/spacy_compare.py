"""Our actor counting vs spaCy ``blank("en")`` + EntityRuler with the same dictionary, on the same text.

spaCy is a benchmark-only dependency (``pip install spacy``; no model is downloaded: ``spacy.blank``).
The EntityRuler gets one phrase pattern per surface form our matcher accepts (every dictionary
alias, demonym, affiliation form and their generated case and transliteration variants,
``Matcher.surfaces``), labelled with the actor or place id, matched on ``ORTH`` (case-sensitive,
as ours). spaCy has no context rules (metonymy, "IS" licensing, demonym heads), so the counts
differ where those rules apply; agreement is reported per actor and as the share of our mentions
that spaCy finds at the same offsets.

Text: ``bench/pipeline.py`` (``generate_rows``) (resampled seed sentences, fixed seed; bench/README.md), ``--mb`` MB.
Timed (CPU seconds, median of ``--repeat``): ``find_mentions(corpus)`` from a fresh corpus (sentence
splitting included, since spaCy's figure includes its tokenizer) and ``find_mentions`` with
sentences cached; spaCy ``nlp.pipe(texts)`` (tokenizer + EntityRuler) counting ``doc.ents``.
Building the ruler (pattern compilation) is timed separately and excluded.

Run::

    taskset -c 1 python bench/spacy_compare.py --mb 2
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def cpu(fn, repeat):
    ts, out = [], None
    for _ in range(repeat):
        c = time.process_time()
        out = fn()
        ts.append(time.process_time() - c)
    return out, statistics.median(ts)


def main(argv: list[str] | None = None) -> int:
    import spacy
    from pipeline import bench_rows, machine, text_mb

    import mideast_corpus as mc
    from mideast_corpus.actors import default_actors

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=2.0)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    docs = mc.load_corpus(bench_rows(args.mb), repair=False).docs[["doc_id", "source", "text"]]
    texts = docs["text"].tolist()
    mb = text_mb(texts)
    dictionary = default_actors()
    matcher = dictionary.matcher()
    entries = matcher.entries

    t0 = time.process_time()
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
    ruler.add_patterns([{"label": entries[i].id, "pattern": form} for form, (i, _, _) in matcher.surfaces.items()])
    build = time.process_time() - t0

    fresh_corpora = [mc.load_corpus(docs, repair=False) for _ in range(args.repeat)]
    for c in fresh_corpora:
        _ = c.fingerprint  # the provenance hash (computed once per corpus) is not what is compared
    fresh = iter(fresh_corpora)

    def ours_cold():
        return mc.find_mentions(next(fresh), dictionary)

    corpus = mc.load_corpus(docs, repair=False)
    corpus.sentences()
    ours, t_cold = cpu(ours_cold, args.repeat)
    _, t_warm = cpu(lambda: mc.find_mentions(corpus, dictionary), args.repeat)

    def theirs():
        return [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in nlp.pipe(texts, batch_size=64)]

    spans, t_spacy = cpu(theirs, args.repeat)
    ours_count = Counter(ours["actor"])
    their_count = Counter(label for doc in spans for _, _, label in doc)
    ours_set = {(d, s, e, a) for d, s, e, a in ours[["doc_id", "start", "end", "actor"]].itertuples(index=False)}
    their_set = {(d, s, e, a) for d, doc in zip(docs["doc_id"], spans, strict=True) for s, e, a in doc}
    actors = sorted(set(ours_count) | set(their_count))
    same = sum(ours_count[a] == their_count[a] for a in actors)
    l1 = sum(abs(ours_count[a] - their_count[a]) for a in actors)
    print(f"text: {len(texts)} docs, {mb:.2f} MB; {len(matcher.surfaces)} surface forms; machine: {machine()}")
    print(f"spaCy {spacy.__version__} blank('en') + EntityRuler: ruler built in {build:.1f} s (not timed below)")
    print(f"ours  find_mentions incl. sentence split : {mb / t_cold:6.2f} MB/s cpu ({t_cold:.2f} s), "
          f"{len(ours)} mentions")
    print(f"ours  find_mentions, sentences cached   : {mb / t_warm:6.2f} MB/s cpu ({t_warm:.2f} s)")
    print(f"spaCy tokenizer + EntityRuler           : {mb / t_spacy:6.2f} MB/s cpu ({t_spacy:.2f} s), "
          f"{sum(map(len, spans))} entities")
    print(f"speed ratio ours/spaCy: {t_spacy / t_cold:.1f}x (incl. sentences), {t_spacy / t_warm:.1f}x (cached)")
    print(f"agreement: {same}/{len(actors)} actors with equal counts; sum |count difference| {l1} "
          f"({l1 / max(1, len(ours)):.1%} of our mentions); "
          f"same span and actor: {len(ours_set & their_set) / max(1, len(ours_set)):.1%} of ours, "
          f"{len(ours_set & their_set) / max(1, len(their_set)):.1%} of spaCy's")
    diff = sorted(actors, key=lambda a: -abs(ours_count[a] - their_count[a]))[:6]
    print("largest differences (ours, spaCy): " + ", ".join(f"{a} ({ours_count[a]}, {their_count[a]})" for a in diff))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
