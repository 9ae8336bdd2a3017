"""Command line: ``mideast-corpus info [PATH | --seeds]``.

A thin layer over the library: every subcommand calls the same public
functions a script would, and prints or writes their tables.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import pandas as pd

from ._version import __version__
from .corpus import Corpus
from .errors import MideastCorpusError
from .loaders import load_corpus, load_seeds

__all__ = ["main"]


def _add_corpus_arguments(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("path", nargs="?", help="folder of text files, or a CSV/TSV/JSONL/Parquet table")
    where.add_argument("--seeds", action="store_true", help="use the five embedded seed articles")
    parser.add_argument("--manifest", help="manifest CSV for a folder (default: PATH/manifest.csv if present)")
    parser.add_argument("--text", help="column holding the article text (default: text)")
    parser.add_argument("--source", help="column holding the outlet name (default: source)")
    parser.add_argument("--title", help="column holding the title (default: title)")
    parser.add_argument("--date", help="column holding the publication date (default: published, else date)")
    parser.add_argument("--doc-id", help="column holding a unique document id (default: doc_id)")
    parser.add_argument("--default-source", help="source for documents that have none")
    parser.add_argument("--encoding", help="encoding of the files (default: UTF-8, or by BOM)")
    parser.add_argument("--errors", choices=["strict", "replace"], default="strict",
                        help="'replace' loads undecodable bytes as U+FFFD and records it")
    parser.add_argument("--no-repair", action="store_true", help="keep the text exactly as decoded")


def corpus_from_args(args: argparse.Namespace) -> Corpus:
    """Load the corpus the command-line arguments describe."""
    if args.seeds:
        return load_seeds(repair=not args.no_repair)
    return load_corpus(args.path, manifest=args.manifest, text=args.text, source=args.source, title=args.title,
                       date=args.date, doc_id=args.doc_id, default_source=args.default_source,
                       encoding=args.encoding, errors=args.errors, repair=not args.no_repair)


def _info(args: argparse.Namespace) -> int:
    corpus = corpus_from_args(args)
    docs = corpus.docs
    report = corpus.load_report
    print(f"corpus: {corpus.name}")
    print(f"fingerprint: {corpus.fingerprint}")
    print(f"documents: {len(docs)}   sources: {docs['source'].nunique()}   words: {int(docs['n_words'].sum())}")
    dated = docs["published"].dropna()
    span = f"{dated.min():%Y-%m-%d} to {dated.max():%Y-%m-%d}" if len(dated) else "no dates"
    print(f"published: {span} ({len(dated)} of {len(docs)} dated)")
    print()
    print("documents per source:")
    summary = corpus.summary(by="source")
    print(summary.to_string(index=False, formatters={"first": _day, "last": _day}))
    repairs = report[report["action"] == "repaired"]
    print()
    if len(repairs):
        print("repairs made:")
        table = repairs.groupby("step", sort=True).agg(documents=("doc_id", "nunique"), changes=("count", "sum"))
        print(table.reset_index().to_string(index=False))
    else:
        print("repairs made: none")
    skipped = report[report["action"] == "skipped"]
    print()
    print(f"skipped items: {len(skipped)}")
    for row in skipped.itertuples(index=False):
        print(f"  {row.item}: {row.detail}")
    problems = report[(report["action"] == "metadata") & (report["step"] == "date_unparsed")]
    for row in problems.itertuples(index=False):
        print(f"  {row.item}: {row.detail}")
    return 0


def _day(value: object) -> str:
    return "" if value is None or pd.isna(value) else f"{value:%Y-%m-%d}"


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``mideast-corpus``."""
    parser = argparse.ArgumentParser(
        prog="mideast-corpus",
        description="How news coverage of the wars in Iraq and Syria differs by outlet.",
    )
    parser.add_argument("--version", action="version", version=f"mideast_corpus {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    info = commands.add_parser("info", help="documents per source, words, dates, repairs and fingerprint")
    _add_corpus_arguments(info)
    info.set_defaults(run=_info)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Examples
    --------
    >>> main(["info", "--seeds"])  # doctest: +ELLIPSIS
    corpus: seeds
    fingerprint: sha256:...
    0
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except (MideastCorpusError, FileNotFoundError, PermissionError) as exc:
        print(f"mideast-corpus: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
