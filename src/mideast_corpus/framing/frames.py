"""Generic frames of war coverage, found per sentence by a cue lexicon and compared by group.

The lexicon (``data/frames.csv``, described in ``data/README-frames.md``) lists
cue words and phrases for seven frames: security, humanitarian, political,
sectarian, legality, terrorism, economic. A sentence carries a frame when at
least one of its cues occurs in it; a sentence can carry several frames, or
none. :func:`frame_sentences` shows every sentence with its frames and the cue
words that triggered them, so a reader can check the evidence;
:func:`frames` reports, per group, the share of sentences carrying each frame
with a bootstrap interval.

Matching rules (case-insensitive, on a normalised copy of the text in which
curly apostrophes become ``'`` and hyphens and dashes become spaces, so
``air-strike`` and ``air strike`` are one cue):

- a cue matches whole words only (a possessive ``'s`` may follow); ``*`` at the
  end of a cue word matches any continuation (``strike*``: strike, strikes, striker);
- the words of a phrase cue match across any run of white space.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..corpus import Corpus
from ..grouping import GROUP, group_labels, name_group_column
from ..progress import progress
from ..provenance import attach_provenance
from ..resampling import bootstrap_sums, percentile_interval
from ..rng import group_rng
from .datafiles import read_versioned_csv, table_and_version

__all__ = [
    "FRAME_COLUMNS",
    "LEXICON_COLUMNS",
    "frame_sentences",
    "frames",
    "load_frame_lexicon",
]

#: Columns of a frame lexicon.
LEXICON_COLUMNS = ["frame", "cue", "type", "source", "note"]
#: Columns of :func:`frames` after the group column (named after ``by=``: ``source``, ...), in order.
FRAME_COLUMNS = [
    "frame", "share_of_sentences", "ci_low", "ci_high", "n_flagged", "n_sentences", "n_docs", "note",
]
#: Below this many documents a document bootstrap has few distinct resamples: the table says so.
FEW_DOCS = 10
_RESERVED = {"doc_id", "sent_id", "start", "end", "text", "frames", "cues", "n_frames"}
_NORMALISE = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "-": " ", "‐": " ", "‑": " ", "–": " ", "—": " "})
_CUE_WORD = re.compile(r"^[a-z0-9'.$&]+\*?$")


def _normalise(text: str) -> str:
    return text.lower().translate(_NORMALISE)


# -- the lexicon ------------------------------------------------------------------------------------


def _check_lexicon(lexicon: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in ("frame", "cue") if c not in lexicon.columns]
    if missing:
        raise ValueError(f"frame lexicon lacks columns {missing}; expected {LEXICON_COLUMNS}")
    lex = lexicon.copy()
    for column in LEXICON_COLUMNS:
        if column not in lex.columns:
            lex[column] = ""
    lex = lex[LEXICON_COLUMNS].fillna("").astype(str)
    lex["frame"] = lex["frame"].str.strip()
    lex["cue"] = lex["cue"].map(lambda c: " ".join(_normalise(c).split()))
    bad_frames = sorted({f for f in lex["frame"] if not f.isidentifier() or f in _RESERVED})
    if bad_frames:
        raise ValueError(
            f"frame names {bad_frames} cannot be used: frames become columns, so use identifiers "
            f"(letters, digits, _) other than {sorted(_RESERVED)}"
        )
    bad_cues = [c for c in lex["cue"] if not c or not all(_CUE_WORD.match(w) for w in c.split())]
    if bad_cues:
        raise ValueError(
            f"cues {bad_cues[:5]} are not words or phrases; a cue is words of letters/digits, "
            "each optionally ending in '*'"
        )
    expected_type = np.where(lex["cue"].str.contains(" "), "phrase", "word")
    wrong = lex.loc[(lex["type"] != "") & (lex["type"] != expected_type), "cue"].tolist()
    if wrong:
        raise ValueError(f"type must be 'phrase' for cues with spaces and 'word' otherwise; check {wrong[:5]}")
    dupes = lex[lex.duplicated(["frame", "cue"])]
    if len(dupes):
        raise ValueError(f"duplicate cues within a frame: {dupes[['frame', 'cue']].values.tolist()[:5]}")
    return lex.reset_index(drop=True)


def load_frame_lexicon(path: str | Path | None = None) -> pd.DataFrame:
    """Return a frame lexicon: the packaged one, or a CSV of your own.

    Parameters
    ----------
    path : str or Path, optional
        A CSV with columns ``frame, cue`` (and optionally ``type, source, note``).
        By default the packaged ``data/frames.csv``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`LEXICON_COLUMNS`, cues normalised (lower case, hyphens as
        spaces). ``attrs["version"]`` holds the packaged version, or
        ``"custom:<sha256 prefix>"`` of the file's content.

    Raises
    ------
    ValueError
        If a column is missing, a frame name is not an identifier or a cue is malformed.

    Examples
    --------
    >>> lex = load_frame_lexicon()
    >>> sorted(lex["frame"].unique())
    ['economic', 'humanitarian', 'legality', 'political', 'sectarian', 'security', 'terrorism']
    >>> lex.attrs["version"]
    '1.0.0'
    """
    return read_versioned_csv("frames", path, _check_lexicon)


def _lexicon_and_version(lexicon: pd.DataFrame | str | Path | None) -> tuple[pd.DataFrame, str]:
    return table_and_version(lexicon, load_frame_lexicon, _check_lexicon)


def _cue_pattern(cue: str) -> str:
    parts = [re.escape(w[:-1]) + r"[\w']*" if w.endswith("*") else re.escape(w) for w in cue.split()]
    return r"\s+".join(parts)


def _compile(lex: pd.DataFrame) -> dict[str, re.Pattern[str]]:
    patterns = {}
    for frame, cues in lex.groupby("frame", sort=False)["cue"]:
        # Longest first, so a phrase wins over a word it starts with.
        alternatives = sorted(cues, key=lambda c: (-len(c), c))
        body = "|".join(_cue_pattern(c) for c in alternatives)
        # A possessive ending still counts ("UN's"); letters right before or after do not ("aide", "unaided").
        patterns[frame] = re.compile(rf"(?<![\w'])(?:{body})(?:'s|')?(?![\w'])")
    return patterns


# -- per sentence -----------------------------------------------------------------------------------


def frame_sentences(data: Corpus | pd.DataFrame, lexicon: pd.DataFrame | str | Path | None = None
                    ) -> pd.DataFrame:
    """Find the frames of every sentence, with the cue words that show them.

    Parameters
    ----------
    data : Corpus or pandas.DataFrame
        A corpus (its :meth:`~mideast_corpus.Corpus.sentences` are scored) or
        any table with a ``text`` column (one sentence per row).
    lexicon : DataFrame or path, optional
        A frame lexicon (see :func:`load_frame_lexicon`); the packaged one by default.

    Returns
    -------
    pandas.DataFrame
        The input rows (for a corpus: ``doc_id, sent_id, start, end, text``),
        then ``n_frames``, ``frames`` (frame names joined by ``;`` in lexicon
        order, ``""`` for none), ``cues`` (``"frame: cue, cue | frame: cue"``,
        the matched text of each cue) and one boolean column per frame.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"text": ["Air strikes killed 12 civilians near Mosul.", "He said so."]})
    >>> out = frame_sentences(s)
    >>> out[["frames", "cues"]].values.tolist()
    [['security;humanitarian', 'security: air strikes, killed | humanitarian: civilians'], ['', '']]
    >>> bool(out.loc[0, "humanitarian"])
    True
    """
    lex, version = _lexicon_and_version(lexicon)
    patterns = _compile(lex)
    is_corpus = not isinstance(data, pd.DataFrame)
    table = data.sentences() if is_corpus else data.copy(deep=False)
    if "text" not in table.columns:
        raise ValueError("data: the table has no 'text' column; pass a Corpus or a table of sentences with a 'text' "
                         "column (one sentence per row)")
    clash = sorted(set(patterns) & set(table.columns))
    if clash:
        raise ValueError(f"data: the table already has columns named like frames {clash}; rename them first")

    normalised = [_normalise(t) if isinstance(t, str) else "" for t in table["text"]]
    flags = {}
    cue_lists: list[list[str]] = [[] for _ in normalised]
    frame_lists: list[list[str]] = [[] for _ in normalised]
    for frame, pattern in patterns.items():
        column = []
        for i, text in enumerate(normalised):
            found = list(dict.fromkeys(" ".join(m.group(0).split()) for m in pattern.finditer(text)))
            column.append(bool(found))
            if found:
                frame_lists[i].append(frame)
                cue_lists[i].append(f"{frame}: {', '.join(found)}")
        flags[frame] = column
    out = table.assign(
        n_frames=np.array([len(f) for f in frame_lists], dtype="int64"),
        frames=[";".join(f) for f in frame_lists],
        cues=[" | ".join(c) for c in cue_lists],
        **{frame: np.array(col, dtype=bool) for frame, col in flags.items()},
    )
    out.attrs = {}
    return attach_provenance(
        out,
        function="frame_sentences",
        params={"lexicon": version},
        corpus=data if is_corpus else None,
        data_versions={"frames": version},
    )


# -- per group --------------------------------------------------------------------------------------


def frames(
    corpus: Corpus,
    by: str = "source",
    *,
    lexicon: pd.DataFrame | str | Path | None = None,
    n_boot: int = 2000,
    ci: float = 0.95,
    random_state: int = 0,
) -> pd.DataFrame:
    """Share of sentences carrying each frame, per group, with bootstrap intervals.

    Parameters
    ----------
    corpus : Corpus
        The documents.
    by : str, default "source"
        Grouping: any ``docs`` column or a time bin such as ``"published:year"``.
    lexicon : DataFrame or path, optional
        A frame lexicon; the packaged one by default.
    n_boot : int, default 2000
        Bootstrap resamples.
    ci : float, default 0.95
        Coverage of the percentile interval.
    random_state : int, default 0
        Seed. Each group draws from its own generator seeded by ``random_state``
        and its label, so results do not depend on which other groups exist.

    Returns
    -------
    pandas.DataFrame
        One row per group and frame (groups sorted, frames in lexicon order),
        columns ``<by>`` then :data:`FRAME_COLUMNS`: ``share_of_sentences`` = ``n_flagged /
        n_sentences``; ``ci_low``/``ci_high`` a percentile bootstrap interval
        that resamples the group's documents (a cluster bootstrap: sentences of
        one article are not independent), or its sentences when the group is a
        single document, which ``note`` then says.

    Examples
    --------
    >>> import mideast_corpus as mc
    >>> from mideast_corpus.framing import frames
    >>> f = frames(mc.load_seeds(), by="source", n_boot=200)
    >>> f.columns.tolist()
    ['source', 'frame', 'share_of_sentences', 'ci_low', 'ci_high', 'n_flagged', 'n_sentences', 'n_docs', 'note']
    >>> bool(((f["ci_low"] <= f["share_of_sentences"]) & (f["share_of_sentences"] <= f["ci_high"])).all())
    True
    >>> f["note"].iloc[0][:42]
    'one document: interval resamples sentences'
    """
    if not 0 < ci < 1:
        raise ValueError(f"ci={ci!r}: give the interval's coverage as a fraction, e.g. 0.95")
    if n_boot < 1:
        raise ValueError(f"n_boot={n_boot!r}: must be a positive number of resamples")
    if isinstance(random_state, bool) or not isinstance(random_state, (int, np.integer)) or random_state < 0:
        raise ValueError(f"random_state={random_state!r}: use a non-negative integer seed")
    lex, version = _lexicon_and_version(lexicon)
    frame_names = list(dict.fromkeys(lex["frame"]))
    sents = frame_sentences(corpus, lex)
    docs = corpus.docs
    doc_group = pd.Series(group_labels(docs, by).to_numpy(), index=docs["doc_id"].to_numpy())

    rows = []
    for group in progress(sorted(doc_group.unique()), desc="frames: bootstrap", unit="groups"):
        doc_ids = doc_group.index[doc_group.to_numpy() == group]
        in_group = sents[sents["doc_id"].isin(doc_ids)]
        flags = in_group[frame_names].to_numpy(dtype=np.int64)
        n_sent, n_docs = len(in_group), len(doc_ids)
        n_flagged = flags.sum(axis=0)
        if n_sent == 0:
            share = low = high = np.full(len(frame_names), np.nan)
            base_note = "no sentences"
        else:
            if n_docs == 1:
                units = np.column_stack([flags, np.ones(n_sent, dtype=np.int64)])
                base_note = ("one document: interval resamples sentences, so it shows variation within this "
                             "article, not across the group's coverage")
            else:
                per_doc = in_group.groupby("doc_id", sort=True)[frame_names].sum()
                per_doc = per_doc.reindex(sorted(doc_ids), fill_value=0)
                n_per_doc = in_group.groupby("doc_id").size().reindex(per_doc.index, fill_value=0)
                units = np.column_stack([per_doc.to_numpy(dtype=np.int64), n_per_doc.to_numpy(dtype=np.int64)])
                base_note = (f"only {n_docs} documents: the document bootstrap understates uncertainty"
                             if n_docs < FEW_DOCS else "")
            # units: one row per document (or sentence): flag counts per frame, then the sentence count
            totals = bootstrap_sums(units, n_boot, group_rng(random_state, group))
            with np.errstate(invalid="ignore", divide="ignore"):
                low, high = percentile_interval(totals[:, :-1] / totals[:, -1:], ci)
            share = n_flagged / n_sent
        for k, frame in enumerate(frame_names):
            notes = [base_note] if base_note else []
            if n_sent and n_flagged[k] == 0:
                notes.append("no sentence carries this frame: the interval is degenerate")
            rows.append((group, frame, share[k], low[k], high[k], int(n_flagged[k]), n_sent, n_docs, "; ".join(notes)))

    table = pd.DataFrame(rows, columns=[GROUP, *FRAME_COLUMNS]).astype(
        {"group": str, "frame": str, "n_flagged": "int64", "n_sentences": "int64", "n_docs": "int64", "note": str}
    )
    return attach_provenance(
        name_group_column(table, by),
        function="frames",
        params={"by": by, "lexicon": version, "n_boot": n_boot, "ci": ci},
        corpus=corpus,
        data_versions={"frames": version},
        random_state=random_state,
    )
