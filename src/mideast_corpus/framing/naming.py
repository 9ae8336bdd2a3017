"""Naming as framing: which label each group uses for an actor, and which noun for armed opponents.

Built on :func:`mideast_corpus.entities.naming` (the dictionary alias of every mention) and a small
documented data file of label sets, ``data/naming_sets.csv`` (see ``data/README-frames.md``). Each
set is one choice an outlet makes:

- *actor sets* (``match`` = ``actor`` or ``descendants``) classify the aliases of an actor's mentions
  into labels: for ``syria_government``, "Assad regime" is *regime*, "Syrian government" is
  *government*, "Syrian warplanes" is *army or armed forces*; for ``isis``, *ISIS* vs *IS* vs
  *Islamic State* vs *Daesh*;
- *text sets* (``match`` = ``text``) count nouns in the running text with word boundaries:
  *terrorists* vs *militants* vs *rebels* vs *jihadists* for the fighters an outlet writes about.

Within a set, rows are tried in file order and the first label with a form occurring in the alias (as
whole words) wins, so "Assad regime" is *regime* before the leader's name can claim it. Forms written
in capitals (acronyms: ``IS``, ``SAA``) match case-sensitively, all others case-insensitively. Aliases
no label claims are counted as ``(other names)``, so shares always add up to 1 within a set and group.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..actors.dictionary import ActorDictionary, as_dictionary
from ..actors.mentions import find_mentions
from ..corpus import Corpus
from ..entities import naming
from ..grouping import GROUP, group_labels, name_group_column
from ..provenance import attach_provenance
from .datafiles import read_versioned_csv, table_and_version

__all__ = [
    "MATCHES",
    "NAMING_COLUMNS",
    "NAMING_SET_COLUMNS",
    "OTHER_TERM",
    "load_naming_sets",
    "naming_choices",
    "size_note",
]

#: Columns of a naming-set table.
NAMING_SET_COLUMNS = ["set", "term", "target", "match", "forms", "loaded", "note", "source"]
#: Columns of :func:`naming_choices` after the group column (named after ``by=``: ``source``, ...), in order.
NAMING_COLUMNS = ["set", "target", "term", "count", "share", "loaded", "n_docs", "n_set", "evidence",
                  "note"]
#: ``match`` values: mentions of the target, of the target and the actors below it, or words in the text.
MATCHES = ("actor", "descendants", "text")
#: The label of aliases that no row of an actor set claims.
OTHER_TERM = "(other names)"
#: Below these sizes a group's table describes its few texts: the note says so.
MIN_DOCS, MIN_WORDS, MIN_USES = 2, 1000, 5


# -- the data file ----------------------------------------------------------------------------------

def _check_sets(table: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in ("set", "term", "target", "match", "forms") if c not in table.columns]
    if missing:
        raise ValueError(f"naming sets lack columns {missing}; expected {NAMING_SET_COLUMNS}")
    sets = table.copy()
    for column in NAMING_SET_COLUMNS:
        if column not in sets.columns:
            sets[column] = ""
    sets = sets[NAMING_SET_COLUMNS].fillna("").astype(str).apply(lambda col: col.str.strip())
    bad = sorted(set(sets.loc[~sets["match"].isin(MATCHES), "match"]))
    if bad:
        raise ValueError(f"match values {bad} are not understood; use one of {list(MATCHES)}")
    if (sets["forms"] == "").any() or (sets["term"] == "").any():
        raise ValueError("every naming-set row needs a term and at least one form")
    loaded = sorted(set(sets["loaded"]) - {"yes", ""})
    if loaded:
        raise ValueError(f"loaded must be 'yes' or empty, not {loaded}")
    dupes = sets[sets.duplicated(["set", "term"])]
    if len(dupes):
        raise ValueError(f"duplicate terms within a set: {dupes[['set', 'term']].values.tolist()[:5]}")
    mixed = [s for s, g in sets.groupby("set", sort=False)
             if g["match"].nunique() > 1 or g["target"].nunique() > 1]
    if mixed:
        raise ValueError(f"sets {mixed} mix targets or match kinds; one set is one choice about one target")
    return sets.reset_index(drop=True)


def load_naming_sets(path: str | Path | None = None) -> pd.DataFrame:
    """Return the label sets of :func:`naming_choices`: the packaged ones, or a CSV of your own.

    Parameters
    ----------
    path : str or Path, optional
        A CSV with columns ``set, term, target, match, forms`` (and optionally ``loaded, note, source``).
        By default the packaged ``data/naming_sets.csv``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`NAMING_SET_COLUMNS`, in file order (the order in which labels are tried).
        ``attrs["version"]`` is the packaged version or ``"custom:<sha256 prefix>"``.

    Raises
    ------
    ValueError
        If a column is missing, ``match`` is unknown, a row has no form, or a set mixes targets.

    Examples
    --------
    >>> sets = load_naming_sets()
    >>> list(dict.fromkeys(sets["set"]))
    ['syria_government', 'isis', 'iraqi_shiite_militias', 'armed_opponents']
    >>> sets.loc[sets["set"] == "syria_government", "term"].tolist()[:3]
    ['regime', 'loyalists', 'government']
    >>> sets.attrs["version"]
    '1.0.0'
    """
    return read_versioned_csv("naming_sets", path, _check_sets)


def _sets_and_version(sets: pd.DataFrame | str | Path | None) -> tuple[pd.DataFrame, str]:
    return table_and_version(sets, load_naming_sets, _check_sets)


# -- matching ---------------------------------------------------------------------------------------

def _form_pattern(forms: str) -> re.Pattern[str]:
    """One regex for ``a|b|c``: whole words; acronyms (all capitals) case-sensitive, other forms not."""
    parts = []
    for form in sorted({f.strip() for f in forms.split("|") if f.strip()}, key=lambda f: (-len(f), f)):
        body = r"\s+".join(re.escape(w) for w in form.split())
        acronym = any(ch.isalpha() for ch in form) and form == form.upper()
        parts.append(body if acronym else f"(?i:{body})")
    # Letters, digits or an apostrophe right before or after mean another word ("ISIS" is not "IS").
    return re.compile(rf"(?<![\w'’])(?:{'|'.join(parts)})(?![\w'’])")


def _classify(alias: str, rules: list[tuple[str, re.Pattern[str]]]) -> str:
    normal = alias.replace("’", "'")
    for term, pattern in rules:
        if pattern.search(normal):
            return term
    return OTHER_TERM


def size_note(n_docs: int, n_words: int) -> str:
    """The note a group of this size gets in the framing tables ('' when it is large enough).

    Examples
    --------
    >>> size_note(1, 476)
    'one document: describes this article, not the outlet; only 476 words (< 1,000)'
    >>> size_note(12, 9000)
    ''
    """
    notes = []
    if n_docs < MIN_DOCS:
        notes.append("one document: describes this article, not the outlet")
    if n_words < MIN_WORDS:
        notes.append(f"only {n_words:,} words (< {MIN_WORDS:,})")
    return "; ".join(notes)


def _actor_counts(corpus: Corpus, rows: pd.DataFrame, mentions: pd.DataFrame, dictionary: ActorDictionary
                  ) -> pd.DataFrame:
    """Per document and label: mentions, from :func:`~mideast_corpus.entities.naming` by document."""
    match = rows["match"].iloc[0]
    targets = [t for t in rows["target"].iloc[0].split("|") if t]
    for t in targets:
        nested = [o for o in targets if o != t and o in dictionary and t in dictionary.ancestors(o)]
        if match == "descendants" and nested:
            raise ValueError(f"targets {nested} lie below {t!r}: their mentions would count twice")
    # People below an institution are not labels for it ("Bashar al-Assad" is not a name for the state).
    used = mentions if match == "actor" else mentions[mentions["kind"].astype(str) != "person"]
    rules = [(term, _form_pattern(forms)) for term, forms in zip(rows["term"], rows["forms"], strict=True)]
    seen = set(used["actor"].astype(str))
    parts = []
    for target in targets:
        below = {a for a in seen if a == target or (match == "descendants" and a in dictionary
                                                     and target in dictionary.ancestors(a))}
        if not below:
            continue  # entities.naming() cannot build its table for an actor never mentioned
        # Grouping naming() by document keeps exact document counts per label when labels pool aliases.
        per_doc = naming(corpus, actor=target, by="doc_id", descendants=match == "descendants",
                         actors=dictionary, mentions=used)
        per_doc = per_doc[per_doc["count"] > 0]
        parts.append(pd.DataFrame({"doc_id": per_doc["doc_id"].astype(str).to_numpy(),
                                   "term": [_classify(a, rules) for a in per_doc["alias"]],
                                   "count": per_doc["count"].to_numpy(dtype=np.int64),
                                   "evidence": per_doc["alias"].astype(str).to_numpy()}))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["doc_id", "term", "count",
                                                                                   "evidence"])


def _text_counts(corpus: Corpus, rows: pd.DataFrame) -> pd.DataFrame:
    """Per document and label: whole-word occurrences of the label's forms in the text."""
    rules = [(term, _form_pattern(forms)) for term, forms in zip(rows["term"], rows["forms"], strict=True)]
    out = []
    for doc_id, text in zip(corpus.docs["doc_id"], corpus.docs["text"], strict=True):
        normal = str(text).replace("’", "'")
        for term, pattern in rules:
            found = [m.group(0).lower() for m in pattern.finditer(normal)]
            for surface in found:
                out.append((str(doc_id), term, 1, " ".join(surface.split())))
    return pd.DataFrame(out, columns=["doc_id", "term", "count", "evidence"])


# -- the table --------------------------------------------------------------------------------------

def naming_choices(
    corpus: Corpus,
    by: str = "source",
    *,
    sets: pd.DataFrame | str | Path | None = None,
    mentions: pd.DataFrame | None = None,
    actors: ActorDictionary | pd.DataFrame | str | Path | None = None,
) -> pd.DataFrame:
    """Which label each group uses for an actor (or for armed opponents): counts and shares per label set.

    Parameters
    ----------
    corpus : Corpus
        The documents.
    by : str, default "source"
        Grouping: any ``docs`` column or a time bin such as ``"published:year"``.
    sets : DataFrame or path, optional
        Label sets (see :func:`load_naming_sets`); the packaged ``data/naming_sets.csv`` by default.
    mentions : DataFrame, optional
        A mentions table already computed from ``corpus`` (:func:`~mideast_corpus.find_mentions`).
    actors : ActorDictionary, DataFrame or path, optional
        The actor dictionary (default: the built-in one).

    Returns
    -------
    pandas.DataFrame
        One row per group, set and label (labels in file order, zeros included; ``(other names)`` last
        when an actor set has aliases no label claims), columns ``<by>`` then :data:`NAMING_COLUMNS`: ``count`` uses
        of the label, ``share`` = count / ``n_set`` (the group's uses of any label of the set; NaN when
        the group never uses the set), ``loaded`` (``"yes"`` for delegitimising, sectarian or
        distancing labels), ``n_docs`` documents using the label, ``evidence`` the aliases or words
        counted (``|``-joined), ``note`` when the group is one document, under 1,000 words, or uses
        the set fewer than 5 times.

    Examples
    --------
    >>> import mideast_corpus as mc
    >>> t = naming_choices(mc.load_seeds())
    >>> row = t[(t.source == "War Is Boring") & (t.set == "syria_government") & (t.term == "regime")].iloc[0]
    >>> int(row["count"]), int(row["n_set"]), row["evidence"]
    (6, 22, 'Syrian regime|regime forces|the regime')
    >>> t[(t.source == "The New Arab") & (t.set == "isis") & (t["count"] > 0)][["term", "count"]].values.tolist()
    [['IS', 9], ['Islamic State', 1]]
    """
    table_sets, version = _sets_and_version(sets)
    dictionary = as_dictionary(actors)
    docs = corpus.docs
    labels = group_labels(docs, by)
    group_of = dict(zip(docs["doc_id"].astype(str), labels, strict=True))
    sizes = (pd.DataFrame({"group": labels.to_numpy(), "n_words": docs["n_words"].to_numpy()})
             .groupby("group", sort=True).agg(n_docs=("n_words", "size"), n_words=("n_words", "sum")))
    groups = sizes.index.tolist()
    need_mentions = (table_sets["match"] != "text").any()
    if need_mentions and mentions is None:
        mentions = find_mentions(corpus, dictionary)

    blocks = []
    for set_name, rows in table_sets.groupby("set", sort=False):
        text = rows["match"].iloc[0] == "text"
        per_doc = _text_counts(corpus, rows) if text else _actor_counts(corpus, rows, mentions, dictionary)
        per_doc = per_doc.assign(group=per_doc["doc_id"].map(group_of).astype(str))
        terms = rows["term"].tolist()
        if not text and (per_doc["term"] == OTHER_TERM).any():
            terms.append(OTHER_TERM)
        grid = pd.MultiIndex.from_product([groups, terms], names=["group", "term"])
        agg = per_doc.groupby(["group", "term"], sort=False).agg(
            count=("count", "sum"), n_docs=("doc_id", "nunique"),
            evidence=("evidence", lambda s: "|".join(sorted(set(s)))))
        block = agg.reindex(grid).reset_index()
        block["count"] = block["count"].fillna(0).astype("int64")
        block["n_docs"] = block["n_docs"].fillna(0).astype("int64")
        block["evidence"] = block["evidence"].fillna("").astype(str)
        block["n_set"] = block.groupby("group")["count"].transform("sum").astype("int64")
        with np.errstate(divide="ignore", invalid="ignore"):
            block["share"] = np.where(block["n_set"] > 0, block["count"] / block["n_set"].clip(lower=1), np.nan)
        meta = rows.set_index("term")
        block["loaded"] = block["term"].map(meta["loaded"]).fillna("").astype(str)
        block["set"] = set_name
        block["target"] = rows["target"].iloc[0]
        block["note"] = [_note(g, int(n), sizes) for g, n in zip(block["group"], block["n_set"], strict=True)]
        blocks.append(block)
    out = pd.concat(blocks, ignore_index=True) if blocks else pd.DataFrame(columns=[GROUP, *NAMING_COLUMNS])
    # Groups first, then sets and labels in file order: each group's choices read as one block.
    set_order = {s: i for i, s in enumerate(dict.fromkeys(table_sets["set"]))}
    out["_s"] = out["set"].map(set_order)
    out["_t"] = out.groupby(["group", "set"], sort=False).cumcount()
    out = out.sort_values(["group", "_s", "_t"], kind="stable")[[GROUP, *NAMING_COLUMNS]].reset_index(drop=True)
    out = out.astype({"group": str, "set": str, "target": str, "term": str, "loaded": str, "evidence": str,
                      "note": str, "share": float})
    return attach_provenance(
        name_group_column(out, by), function="naming_choices", params={"by": by, "sets": version}, corpus=corpus,
        data_versions={"naming_sets": version, "actors": dictionary.version},
    )


def _note(group: str, n_set: int, sizes: pd.DataFrame) -> str:
    notes = [size_note(int(sizes.loc[group, "n_docs"]), int(sizes.loc[group, "n_words"]))]
    if n_set == 0:
        notes.append("never uses this set: no share")
    elif n_set < MIN_USES:
        notes.append(f"only {n_set} use{'s' if n_set != 1 else ''} of this set: shares change with one more mention")
    return "; ".join(n for n in notes if n)
