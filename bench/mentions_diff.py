"""Every mention that one version of ``find_mentions`` finds and another does not, with the reason.

The tables compared are ``find_mentions`` on the five repaired seeds (``mc.load_seeds()``) and on the
AllSides articles (``../shared/data/allsides/allsides_me_dev.jsonl``, loaded with repair as
``bench/stance_allsides.py`` does; skipped with a message where absent), each with the defaults and
with ``places=False, metonymy=False``. The old version runs in a subprocess from another source tree
(an export of an older commit), the new one from this checkout::

    mkdir -p /tmp/old && git archive 49ae6fa src seeds | tar -x -C /tmp/old
    python bench/mentions_diff.py --old-src /tmp/old/src

A mention is its ``(doc_id, start, end, actor, mention_type, rule, alias)``; every one found by only one side
is printed with the text around it and the cause, read off the text by the checks in :func:`cause`
(``unexplained`` where none applies: read those). The exit status is 0 either way; the counts are
the result.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
ALLSIDES = HERE.parent.parent / "shared" / "data" / "allsides" / "allsides_me_dev.jsonl"
KEY = ["doc_id", "start", "end", "actor", "mention_type", "rule", "alias"]
SETTINGS = {"default": {}, "no_places": {"places": False, "metonymy": False}}


def corpora() -> dict:
    import mideast_corpus as mc

    out = {"seeds": mc.load_seeds()}
    if ALLSIDES.exists():
        rows = pd.read_json(ALLSIDES, lines=True, dtype={"ID": str})
        out["allsides"] = mc.load_corpus(rows, text="content_original", source="source", date="date", doc_id="ID",
                                         title="title")
    else:
        print(f"allsides: {ALLSIDES} absent, skipped")
    return out


def save(folder: Path) -> None:
    """Write every compared table of the version importable here to ``folder``."""
    import mideast_corpus as mc

    for cname, corpus in corpora().items():
        for sname, kwargs in SETTINGS.items():
            table = mc.find_mentions(corpus, **kwargs)
            table.attrs = {}
            table.to_parquet(folder / f"{cname}.{sname}.parquet", index=False)


def cause(text: str, start: int, end: int, alias: str, other: pd.DataFrame, matcher) -> str:
    """Why one side has this mention and the other not, read off the text (see the module docstring)."""
    before = text[start - 1] if start else ""
    if alias[:1].islower() and before and not before.isspace() and before not in "([{“\"‘'—–/-":
        return f"lower-case form after {before!r}: the old scan wanted white space or an opening mark there"
    overlapping = other[(other["start"] < end) & (other["end"] > start)]
    if len(overlapping):
        o = overlapping.iloc[0]
        return f"overlaps {o['alias']!r} ({o['actor']}, {o['rule']}) of the other side: another candidate won"
    for o in other[other["end"] <= start].tail(1).itertuples():
        longer = [matcher.forms[code] for s, neg_end, code in matcher.scanner.occurrences(text)
                  if o.start < s < o.end and -neg_end > start]
        if longer and o.alias[:1].islower():
            longer.sort(key=len, reverse=True)
            return (f"old two-scan merge: the upper-case scan had consumed {longer[0]!r}, which starts inside the "
                    f"lower-case {o.alias!r} that won, so it never saw the forms after it")
    return "unexplained"


def diff(old: pd.DataFrame, new: pd.DataFrame, texts: dict[str, str], matcher) -> list[tuple[str, str, str]]:
    """``(side, line, cause)`` for every mention found by one side only."""
    merged = old[KEY].merge(new[KEY], on=KEY, how="outer", indicator="side")
    out = []
    for row in merged[merged["side"] != "both"].itertuples(index=False):
        side, other = ("old only", new) if row.side == "left_only" else ("new only", old)
        text = texts[row.doc_id]
        context = (text[max(0, row.start - 50):row.start] + "[" + text[row.start:row.end] + "]"
                   + text[row.end:row.end + 50]).replace("\n", " ")
        same_doc = other[other["doc_id"] == row.doc_id]
        why = cause(text, row.start, row.end, row.alias, same_doc, matcher)
        line = f"{row.doc_id} {row.start}-{row.end} {row.actor} {row.mention_type} {row.rule}: …{context}…"
        out.append((side, line, why))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--old-src", type=Path, help="the src/ folder of the old version")
    ap.add_argument("--save", type=Path, help=argparse.SUPPRESS)  # used by the subprocess
    args = ap.parse_args(argv)
    if args.save:
        save(args.save)
        return 0
    if args.old_src is None:
        ap.error("--old-src is required")
    with tempfile.TemporaryDirectory() as tmp:
        old_dir, new_dir = Path(tmp, "old"), Path(tmp, "new")
        old_dir.mkdir()
        new_dir.mkdir()
        env = {**os.environ, "PYTHONPATH": str(args.old_src.resolve())}
        subprocess.run([sys.executable, __file__, "--save", str(old_dir)], env=env, check=True)
        env["PYTHONPATH"] = str(HERE.parent / "src")
        subprocess.run([sys.executable, __file__, "--save", str(new_dir)], env=env, check=True)
        import mideast_corpus as mc

        found = corpora()
        matcher = mc.default_actors().matcher()
        total: Counter[str] = Counter()
        for path in sorted(old_dir.glob("*.parquet")):
            cname, sname = path.name.split(".")[:2]
            old, new = pd.read_parquet(path), pd.read_parquet(new_dir / path.name)
            texts = dict(zip(found[cname].docs["doc_id"], found[cname].docs["text"], strict=True))
            rows = diff(old, new, texts, matcher)
            print(f"\n== {cname}, {sname}: {len(old):,} mentions old, {len(new):,} new; {len(rows)} differ")
            for side, line, why in rows:
                print(f"  {side}: {line}\n      cause: {why}")
                total[f"{cname}.{sname} {side}: {why.split(':')[0]}"] += 1
        print("\n== summary")
        for k, v in sorted(total.items()):
            print(f"  {v:5d}  {k}")
        print(f"(mideast_corpus {mc.__version__} from {HERE.parent / 'src'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
