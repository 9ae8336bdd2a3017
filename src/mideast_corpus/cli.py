"""Command line: ``mideast-corpus {info,report,entities,topics,stance,keyness} [PATH | --seeds] ...``.

A thin layer over the library: every subcommand calls the same public
functions a script would, and prints or writes their tables.

- ``info`` prints documents per source, words, dates, repairs and the fingerprint;
- ``report`` writes ``--out DIR/index.html`` (one self-contained page with every
  chart), ``DIR/tables/*.csv`` and ``DIR/provenance.json``;
- ``entities``, ``topics``, ``stance``, ``keyness`` write the same tidy tables
  the report uses into ``--out DIR`` as CSV (or Parquet with ``--format parquet``)
  for people who do not write Python.
"""

from __future__ import annotations

import argparse
import re
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ._version import __version__
from .corpus import Corpus
from .defaults import N_TOPICS
from .errors import CorpusInputError, MideastCorpusError, OutputDirError
from .loaders import load_corpus, load_seeds
from .progress import progress_enabled
from .report import (
    NAMING_ACTORS,
    _Stages,
    build_report,
    entity_tables,
    framing_tables,
    prepare_out_dir,
    stance_tables,
    topic_tables,
    write_tables,
)

__all__ = ["as_cli", "main"]


def _add_corpus_arguments(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("path", nargs="?", help="folder of text files, or a CSV/TSV/JSONL/Parquet table")
    where.add_argument("--seeds", action="store_true", help="use the five embedded seed articles")
    parser.add_argument("--manifest", help="manifest CSV for a folder (default: PATH/manifest.csv if present)")
    parser.add_argument("--text", help="column holding the article text (default: text)")
    parser.add_argument("--source", help="column holding the outlet name (default: source)")
    parser.add_argument("--title", help="column holding the title (default: title)")
    parser.add_argument("--date", help="column holding the publication date (default: published, else date)")
    parser.add_argument("--date-format", metavar="FORMAT",
                        help="strftime format of numeric dates, e.g. '%%m/%%d/%%y' for 4/5/17 (default: ISO dates, "
                             "month names; numeric dates need this)")
    parser.add_argument("--doc-id", help="column holding a unique document id (default: doc_id)")
    parser.add_argument("--default-source", help="source for documents that have none")
    parser.add_argument("--encoding", help="encoding of the files (default: UTF-8, or by BOM)")
    parser.add_argument("--errors", choices=["strict", "replace"], default="strict",
                        help="'replace' loads undecodable bytes as U+FFFD and records it")
    parser.add_argument("--no-repair", action="store_true", help="keep the text exactly as decoded")
    parser.add_argument("--no-furniture", action="store_true",
                        help="keep site furniture (lines a source repeats in many of its documents)")
    parser.add_argument("--furniture-min-docs", type=int, default=3, metavar="N",
                        help="a repeated line is furniture when in at least N of a source's documents (default: 3)")
    parser.add_argument("--furniture-min-share", type=float, default=0.02, metavar="SHARE",
                        help="... and in at least this share of them (default: 0.02)")
    parser.add_argument("--strict", action="store_true",
                        help="stop on the first unreadable, empty or unlisted item instead of skipping it")
    parser.add_argument("--name", help="name of the corpus in titles (default: the file or folder name)")


def corpus_from_args(args: argparse.Namespace) -> Corpus:
    """Load the corpus the command-line arguments describe; load warnings are printed with CLI flags."""
    if args.seeds:
        return load_seeds(repair=not args.no_repair)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = load_corpus(args.path, manifest=args.manifest, text=args.text, source=args.source, title=args.title,
                             date=args.date, doc_id=args.doc_id, default_source=args.default_source,
                             date_format=args.date_format, encoding=args.encoding, errors=args.errors,
                             repair=not args.no_repair, furniture=not args.no_furniture,
                             furniture_min_docs=args.furniture_min_docs,
                             furniture_min_share=args.furniture_min_share, strict=args.strict, name=args.name)
    for w in caught:
        print(f"mideast-corpus: warning: {as_cli(str(w.message))}", file=sys.stderr)
    return corpus


#: Python parameters that have a command-line flag of another form.
_SPECIAL_FLAGS = {"repair=False": "--no-repair", "furniture=False": "--no-furniture", "strict=True": "--strict",
                  "corpus.load_report": "`mideast-corpus info`"}
#: Parameters named in library messages, as flags.
_FLAGS = {"text", "source", "title", "date", "doc_id", "default_source", "date_format", "encoding", "errors",
          "manifest", "by", "n_topics", "n_boot", "random_state", "format", "furniture_min_docs",
          "furniture_min_share", "stop_terms", "method", "unit", "n_terms", "name", "out_dir", "min_count"}
_PARAM = re.compile(r"(?<![\w.-])([a-z_]+)=('[^']*'|\"[^\"]*\"|\[[^\]]*\]|[^\s,;:)]+)")


def as_cli(message: str) -> str:
    """Say a library message in command-line terms: ``source='column'`` becomes ``--source 'column'``.

    Examples
    --------
    >>> as_cli("give a 'source' column (or name one with source='column'), or default_source='Outlet'")
    "give a 'source' column (or name one with --source 'column'), or --default-source 'Outlet'"
    >>> as_cli("nothing left; load with furniture=False to keep it")
    'nothing left; load with --no-furniture to keep it'
    """
    for python, flag in _SPECIAL_FLAGS.items():
        message = message.replace(python, flag)

    def flag(match: re.Match[str]) -> str:
        name, value = match.group(1), match.group(2)
        if name not in _FLAGS:
            return match.group(0)
        return f"--{name.replace('_', '-')} {value}"

    # a message that names the flag for command-line users already needs no second spelling
    message = re.sub(r" \(command line: [^)]*\)", "", message)
    return _PARAM.sub(flag, message)


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
    warned = report[report["action"] == "warning"]
    if len(warned):
        print()
        print(f"warnings: {len(warned)}")
        for row in warned.itertuples(index=False):
            print(f"  {row.item}: {row.detail}")
    return 0


def _day(value: object) -> str:
    return "" if value is None or pd.isna(value) else f"{value:%Y-%m-%d}"


def _add_output_arguments(parser: argparse.ArgumentParser, *, by: bool = True) -> None:
    parser.add_argument("--out", required=True, metavar="DIR", help="folder to write (created if needed)")
    parser.add_argument("--format", choices=["csv", "parquet"], default="csv", help="table file format (default: csv)")
    if by:
        parser.add_argument("--by", default="source",
                            help="document column to compare, or published:year|quarter|month (default: source)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")


def _add_stop_terms_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--stop-terms", metavar="FILE",
                        help="a text file of your own terms to leave out of key terms and topics, one per line "
                             "(# starts a comment)")


def stop_terms_from_args(args: argparse.Namespace) -> list[str] | None:
    """The terms of ``--stop-terms FILE``: one per line, blank lines and ``#`` comments ignored."""
    if not getattr(args, "stop_terms", None):
        return None
    path = Path(args.stop_terms)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusInputError(f"--stop-terms {args.stop_terms}: cannot be read as UTF-8 text "
                               f"({getattr(exc, 'strerror', None) or type(exc).__name__})") from None
    return [t for t in (line.split("#", 1)[0].strip() for line in lines) if t]


def _add_stats_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples for intervals (default: 1000)")
    parser.add_argument("--random-state", type=int, default=0, help="seed of every random step (default: 0)")


def _write(tables: dict[str, pd.DataFrame], args: argparse.Namespace, step: _Stages) -> int:
    paths = step.run("writing", lambda: write_tables(tables, args.out, format=args.format, run_name=args.command))
    for path in paths:
        print(path)
    return 0


def _load(args: argparse.Namespace) -> tuple[Corpus, _Stages]:
    # Refuse an unwritable --out before spending time on the analysis.
    _check_out(args.out)
    prepare_out_dir(args.out)
    step = _Stages(not args.quiet)
    corpus = step.run("loading corpus", lambda: corpus_from_args(args))
    if not len(corpus):
        skipped = corpus.load_report.query("action == 'skipped'")
        reasons = "; ".join(f"{r.item}: {r.detail}" for r in skipped.head(3).itertuples(index=False))
        more = f" and {len(skipped) - 3} more" if len(skipped) > 3 else ""
        raise CorpusInputError(f"no documents to analyse: all {len(skipped)} input item(s) were skipped "
                               f"({reasons}{more}); `mideast-corpus info` lists them all")
    return corpus, step


def _check_out(out: str) -> None:
    # An empty --out (an unset shell variable) would write into the current folder.
    if not out.strip():
        raise OutputDirError("--out is empty; give the folder to write, e.g. --out report/")
    if "\x00" in out:
        raise OutputDirError(f"--out {out!r} contains a NUL character; give a valid folder name")


def _report(args: argparse.Namespace) -> int:
    corpus, _ = _load(args)
    page = build_report(corpus, args.out, by=args.by, n_topics=args.n_topics, random_state=args.random_state,
                        n_boot=args.n_boot, format=args.format, stop_terms=stop_terms_from_args(args),
                        progress=not args.quiet)
    print(page)
    return 0


def _entities(args: argparse.Namespace) -> int:
    corpus, step = _load(args)
    return _write(entity_tables(corpus, by=args.by, naming_actors=args.naming or NAMING_ACTORS, step=step), args,
                  step)


def _topics(args: argparse.Namespace) -> int:
    corpus, step = _load(args)
    tables = topic_tables(corpus, by=args.by, n_topics=args.n_topics, method=args.method, unit=args.unit,
                          n_terms=args.n_terms, n_boot=args.n_boot, random_state=args.random_state,
                          stop_terms=stop_terms_from_args(args), step=step)
    return _write(tables, args, step)


def _stance(args: argparse.Namespace) -> int:
    corpus, step = _load(args)
    return _write(stance_tables(corpus, by=args.by, n_boot=args.n_boot, random_state=args.random_state, step=step),
                  args, step)


def _keyness(args: argparse.Namespace) -> int:
    corpus, step = _load(args)
    tables = framing_tables(corpus, by=args.by, n_boot=args.n_boot, random_state=args.random_state,
                            stop_terms=stop_terms_from_args(args), keyness_top=None, step=step)
    return _write(tables, args, step)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``mideast-corpus``."""
    parser = argparse.ArgumentParser(
        prog="mideast-corpus",
        description="How news coverage of the wars in Iraq and Syria differs by outlet.",
    )
    parser.add_argument("--version", action="version", version=f"mideast_corpus {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="on an error, show the full Python traceback (for bug reports) instead of one line")
    commands = parser.add_subparsers(dest="command", required=True)
    info = commands.add_parser("info", help="documents per source, words, dates, repairs and fingerprint")
    _add_corpus_arguments(info)
    info.set_defaults(run=_info)

    report = commands.add_parser("report", help="write DIR/index.html with every chart, DIR/tables/, provenance.json",
                                 description="Write a self-contained HTML report (opens offline), the tables behind "
                                             "it and their provenance. Same input, same bytes.")
    _add_corpus_arguments(report)
    _add_output_arguments(report)
    report.add_argument("--n-topics", type=int, default=N_TOPICS,
                        help=f"topics of the topic model (default: {N_TOPICS}; fewer when the corpus has few "
                             "paragraphs)")
    _add_stop_terms_argument(report)
    _add_stats_arguments(report)
    report.set_defaults(run=_report)

    entities = commands.add_parser("entities", help="write actor salience (entities) and naming tables",
                                   description="Write entities.csv (actor mentions per source: count, per 1,000 "
                                               "words, share) and naming.csv (which names each source uses).")
    _add_corpus_arguments(entities)
    _add_output_arguments(entities)
    entities.add_argument("--naming", nargs="+", metavar="ACTOR",
                          help=f"actor ids whose naming to compare (default: {' '.join(NAMING_ACTORS)})")
    entities.set_defaults(run=_entities)

    topics = commands.add_parser("topics", help="write topic terms, prevalence by source and coherence",
                                 description="Fit a topic model and write topic_terms, topic_prevalence (with "
                                             "bootstrap intervals) and topic_coherence.")
    _add_corpus_arguments(topics)
    _add_output_arguments(topics)
    topics.add_argument("--n-topics", type=int, default=N_TOPICS, help=f"number of topics (default: {N_TOPICS})")
    topics.add_argument("--method", choices=["nmf", "lda"], default="nmf", help="topic model (default: nmf)")
    topics.add_argument("--unit", choices=["paragraph", "document", "window", "sentence"], default="paragraph",
                        help="what one row of the model is (default: paragraph)")
    topics.add_argument("--n-terms", type=int, default=10, help="top terms per topic (default: 10)")
    _add_stop_terms_argument(topics)
    _add_stats_arguments(topics)
    topics.set_defaults(run=_topics)

    stance = commands.add_parser("stance", help="write stance per mention and by source with intervals",
                                 description="Write stance_mentions (one row per actor mention) and stance (mean "
                                             "per source and actor, per component, with bootstrap intervals).")
    _add_corpus_arguments(stance)
    _add_output_arguments(stance)
    _add_stats_arguments(stance)
    stance.set_defaults(run=_stance)

    keyness = commands.add_parser("keyness", help="write keyness of terms and frame shares by source",
                                  description="Write keyness (terms each source over- or under-uses) and frames "
                                              "(share of sentences per frame, with bootstrap intervals).")
    _add_corpus_arguments(keyness)
    _add_output_arguments(keyness)
    _add_stop_terms_argument(keyness)
    _add_stats_arguments(keyness)
    keyness.set_defaults(run=_keyness)
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
    with progress_enabled(not getattr(args, "quiet", True)):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    if args.debug:
        return args.run(args)
    try:
        return args.run(args)
    except (MideastCorpusError, OSError) as exc:
        # OSError covers files in the way, permissions and full disks while writing: one line, not a traceback.
        print(f"mideast-corpus: error: {as_cli(str(exc))}", file=sys.stderr)
        return 2
    except (ValueError, KeyError, TypeError) as exc:
        # The analyses refuse impossible parameters (--by that is not a column, more topics than text, one
        # group for keyness) with messages that say what to do: one line, in flags, not a traceback.
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        print(f"mideast-corpus: error: {as_cli(str(message))}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
