"""Who is talked about, how often, and under which name: tables built on the mentions table.

* :func:`entity_frequency` -- mentions per actor (or parent, or root) per group, with rates;
* :func:`naming` -- which alias each group uses for one actor, as shares;
* :func:`kwic` -- keyword-in-context lines for one actor;
* :func:`discover_entities` -- frequent capitalised names the dictionary does not cover.

Every function takes a ``Corpus`` and returns a tidy DataFrame with provenance.
Pass ``mentions=`` (from :func:`~mideast_corpus.actors.find_mentions`) to reuse
one mentions table across calls.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .actors.dictionary import ActorDictionary, as_dictionary
from .actors.mentions import find_mentions
from .corpus import Corpus
from .grouping import group_labels
from .provenance import attach_provenance

__all__ = ["LEVELS", "NAME_CONNECTORS", "TITLES", "discover_entities", "entity_frequency", "kwic", "naming"]

#: ``level=`` values: the actor itself, its parent (itself for roots), or the top of its parent chain.
LEVELS = ("actor", "parent", "root")

ActorsArg = ActorDictionary | pd.DataFrame | str | Path | None


def _mentions(corpus: Corpus, actors: ActorsArg, mentions: pd.DataFrame | None, metonymy: bool = True) -> pd.DataFrame:
    return mentions if mentions is not None else find_mentions(corpus, actors, metonymy=metonymy)


def _roll_up(m: pd.DataFrame, dictionary: ActorDictionary, level: str) -> pd.Series:
    """The id each mention counts for at ``level``; places roll up through their country."""
    if level not in LEVELS:
        raise ValueError(f"level={level!r}: use one of {list(LEVELS)}")
    if level == "actor":
        return m["actor"]
    if level == "parent":
        return m["actor"].where(m["parent"] == "", m["parent"])
    roots = {a: dictionary.root(a) for a in m.loc[~m["is_place"], "actor"].unique()}
    place_root = m["actor"].where(m["parent"] == "", m["parent"])
    return m["actor"].map(roots).where(~m["is_place"], place_root)


def _poisson_interval(count: np.ndarray, exposure: np.ndarray, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood) interval of a Poisson rate ``count / exposure``."""
    from scipy.stats import chi2  # here, not at the top: scipy.stats takes ~1 s to import

    alpha = 1 - level
    low = np.where(count > 0, chi2.ppf(alpha / 2, 2 * count) / 2, 0.0)
    high = chi2.ppf(1 - alpha / 2, 2 * (count + 1)) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        return low / exposure, high / exposure


def _rate_name(per: float) -> str:
    return "per_1k_words" if per == 1000 else f"per_{per:g}_words"


def entity_frequency(
    corpus: Corpus,
    by: str = "source",
    level: str = "actor",
    per: float = 1000,
    *,
    actors: ActorsArg = None,
    places: bool = False,
    metonymy: bool = True,
    mentions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Count mentions of each actor per group of documents, with rates and shares.

    Parameters
    ----------
    corpus : Corpus
    by : str, default "source"
        A document column or a time bin (``"published:year"``), see
        :func:`~mideast_corpus.group_labels`.
    level : {"actor", "parent", "root"}
        Count each mention for the actor itself, for its parent, or for the top
        of its parent chain (``syrian_arab_army`` -> ``syria_government``).
        Places roll up to their country.
    per : float, default 1000
        Rate base: ``per_1k_words = count / words in the group * per`` (the
        column is named ``per_<per>_words`` for other bases).
    actors : ActorDictionary, DataFrame or path, optional
        Default: the built-in dictionary.
    places : bool, default False
        Also count places (rows with ``is_place=True``); shares are computed
        separately for actors and for places, so places never dilute actors.
    metonymy : bool, default True
        Passed to :func:`~mideast_corpus.actors.find_mentions`.
    mentions : DataFrame, optional
        A mentions table already computed from ``corpus``.

    Returns
    -------
    pandas.DataFrame
        Columns ``<by>, actor, count, per_1k_words, share_of_mentions,
        n_docs_mentioning`` then ``is_place``, ``n_docs``, ``n_words`` (of the
        group) and ``per_1k_low``/``per_1k_high``, an exact 95 % Poisson
        interval of the rate (it assumes independent mentions, so it is too
        narrow when an actor is mentioned in bursts within few documents).
        Every actor mentioned anywhere in the corpus gets a row in every group,
        with zeros where a group never names it, so groups compare row by row.
        Sorted by group, then count (descending), then actor.

    Examples
    --------
    >>> import mideast_corpus as mc
    >>> from mideast_corpus.entities import entity_frequency
    >>> f = entity_frequency(mc.load_seeds(), by="source")
    >>> list(f.columns[:6])
    ['source', 'actor', 'count', 'per_1k_words', 'share_of_mentions', 'n_docs_mentioning']
    >>> f.groupby("source")["share_of_mentions"].sum().round(6).unique().tolist()
    [1.0]
    """
    dictionary = as_dictionary(actors)
    m = _mentions(corpus, dictionary, mentions, metonymy)
    if not places:
        m = m[~m["is_place"]]
    docs = corpus.docs
    labels = group_labels(docs, by)
    group_of = dict(zip(docs["doc_id"], labels, strict=True))
    groups = (
        pd.DataFrame({by: labels.to_numpy(), "n_words": docs["n_words"].to_numpy()})
        .groupby(by, sort=True)
        .agg(n_docs=("n_words", "size"), n_words=("n_words", "sum"))
        .reset_index()
    )
    key = pd.DataFrame({
        by: m["doc_id"].map(group_of).astype(str).to_numpy(),
        "actor": _roll_up(m, dictionary, level).astype(str).to_numpy(),
        "is_place": m["is_place"].to_numpy(),
        "doc_id": m["doc_id"].to_numpy(),
    })
    counts = (
        key.groupby([by, "actor", "is_place"], sort=True)
        .agg(count=("doc_id", "size"), n_docs_mentioning=("doc_id", "nunique"))
        .reset_index()
    )
    table = frequency_from_counts(counts, groups, by=by, per=per)
    return attach_provenance(
        table,
        function="entity_frequency",
        params={"by": by, "level": level, "per": per, "places": places, "metonymy": metonymy},
        corpus=corpus,
        data_versions={"actors": dictionary.version},
    )


def frequency_from_counts(counts: pd.DataFrame, groups: pd.DataFrame, *, by: str, per: float = 1000) -> pd.DataFrame:
    """The :func:`entity_frequency` table from mention counts and group sizes.

    Shared by the in-memory function and the streaming path, which adds up
    counts chunk by chunk (a document lies in one chunk, so counts and
    ``n_docs_mentioning`` add up).

    Parameters
    ----------
    counts : pandas.DataFrame
        Columns ``<by>, actor, is_place, count, n_docs_mentioning``.
    groups : pandas.DataFrame
        Columns ``<by>, n_docs, n_words``: every group, mentioned or not.
    by : str
    per : float, default 1000

    Returns
    -------
    pandas.DataFrame
        Every (group, actor) pair with zeros filled, rates, shares and exact
        Poisson intervals, sorted by group, places last, count descending, actor.

    Examples
    --------
    >>> import pandas as pd
    >>> counts = pd.DataFrame({"source": ["A"], "actor": ["isis"], "is_place": [False], "count": [3],
    ...                        "n_docs_mentioning": [1]})
    >>> groups = pd.DataFrame({"source": ["A", "B"], "n_docs": [1, 1], "n_words": [1000, 500]})
    >>> frequency_from_counts(counts, groups, by="source")[["source", "count", "per_1k_words"]].values.tolist()
    [['A', 3, 3.0], ['B', 0, 0.0]]
    """
    rate = _rate_name(per)
    seen = counts[["actor", "is_place"]].drop_duplicates()
    grid = groups[[by]].merge(seen, how="cross")
    table = grid.merge(counts, on=[by, "actor", "is_place"], how="left").merge(groups, on=by, how="left")
    table["count"] = table["count"].fillna(0).astype("int64")
    table["n_docs_mentioning"] = table["n_docs_mentioning"].fillna(0).astype("int64")
    words = table["n_words"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        table[rate] = table["count"].to_numpy() / words * per
    total = table.groupby([by, "is_place"])["count"].transform("sum").to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        table["share_of_mentions"] = np.where(total > 0, table["count"] / total, np.nan)
    low, high = _poisson_interval(table["count"].to_numpy(dtype=float), words)
    stem = rate.removesuffix("_words")
    table[f"{stem}_low"] = low * per
    table[f"{stem}_high"] = high * per
    table = table.sort_values([by, "is_place", "count", "actor"], ascending=[True, True, False, True], kind="stable")
    columns = [by, "actor", "count", rate, "share_of_mentions", "n_docs_mentioning", "is_place", "n_docs",
               "n_words", f"{stem}_low", f"{stem}_high"]
    table = table[columns].reset_index(drop=True)
    table[by] = table[by].astype(str)
    table["actor"] = table["actor"].astype(str)
    return table


def naming(
    corpus: Corpus,
    actor: str,
    by: str = "source",
    *,
    actors: ActorsArg = None,
    descendants: bool = False,
    mentions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Which name each group uses for one actor: counts and shares of each dictionary alias.

    Spelling variants of one alias (``Hashd Al Shaabi`` for ``Hashd
    al-Shaabi``, ``ISLAMIC STATE`` for ``Islamic State``) count as that alias;
    the ``surface_forms`` column lists what was actually written.

    Parameters
    ----------
    corpus : Corpus
    actor : str
        An actor id (``"isis"``) or place id.
    by : str, default "source"
    actors : ActorDictionary, DataFrame or path, optional
    descendants : bool, default False
        Also count mentions of actors below ``actor`` (their aliases appear as
        their own rows).
    mentions : DataFrame, optional

    Returns
    -------
    pandas.DataFrame
        Columns ``<by>, alias, count, share, n_docs, surface_forms``: one row
        per group and alias used anywhere in the corpus (zeros included),
        ``share`` = count / mentions of the actor in the group (NaN when the
        group never names it). Sorted by group, count (descending), alias.

    Examples
    --------
    >>> import mideast_corpus as mc
    >>> from mideast_corpus.entities import naming
    >>> t = naming(mc.load_seeds(), "isis", by="source")
    >>> row = t[t.source == "The New Arab"].iloc[0]
    >>> row.alias, int(row["count"]) > 5
    ('IS', True)
    """
    dictionary = as_dictionary(actors)
    _check_known(dictionary, actor)
    m = _mentions(corpus, dictionary, mentions)
    if descendants:
        keep = m["actor"].map(lambda a: a == actor or (a in dictionary and actor in dictionary.ancestors(a)))
    else:
        keep = m["actor"] == actor
    m = m[keep.astype(bool)]
    docs = corpus.docs
    labels = group_labels(docs, by)
    group_of = dict(zip(docs["doc_id"], labels, strict=True))
    key = pd.DataFrame({by: m["doc_id"].map(group_of).astype(str).to_numpy(), "alias": m["canonical"].to_numpy(),
                        "surface": m["alias"].to_numpy(), "doc_id": m["doc_id"].to_numpy()})
    counts = (
        key.groupby([by, "alias"], sort=True)
        .agg(count=("doc_id", "size"), n_docs=("doc_id", "nunique"),
             surface_forms=("surface", lambda s: "|".join(sorted(set(s)))))
        .reset_index()
    )
    # object dtype even when no alias was used, so the merges below never meet an empty float column
    aliases = pd.DataFrame({"alias": pd.Series(sorted(set(key["alias"])), dtype=object)})
    counts["alias"] = counts["alias"].astype(object)
    grid = pd.DataFrame({by: pd.Series(sorted(set(labels)), dtype=object)}).merge(aliases, how="cross")
    table = grid.merge(counts, on=[by, "alias"], how="left")
    table["count"] = table["count"].fillna(0).astype("int64")
    table["n_docs"] = table["n_docs"].fillna(0).astype("int64")
    table["surface_forms"] = table["surface_forms"].fillna("").astype(str)
    total = table.groupby(by)["count"].transform("sum").to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        table["share"] = np.where(total > 0, table["count"] / total, np.nan)
    table = table.sort_values([by, "count", "alias"], ascending=[True, False, True], kind="stable")
    table = table[[by, "alias", "count", "share", "n_docs", "surface_forms"]].reset_index(drop=True)
    return attach_provenance(
        table,
        function="naming",
        params={"actor": actor, "by": by, "descendants": descendants},
        corpus=corpus,
        data_versions={"actors": dictionary.version},
    )


def _check_known(dictionary: Any, actor: str) -> None:
    known = set(dictionary.table["id"]) | set(dictionary.places["id"])
    if actor not in known:
        close = sorted(k for k in known if actor.lower() in k or k in actor.lower())[:5]
        hint = f"; did you mean {close}?" if close else "; see mc.default_actors().table['id']"
        raise KeyError(f"actor={actor!r}: not an actor id of the dictionary{hint}")


_WORD = re.compile(r"\S+")


def kwic(
    corpus: Corpus,
    actor: str,
    window: int = 8,
    *,
    actors: ActorsArg = None,
    descendants: bool = True,
    mentions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Keyword in context: every mention of ``actor`` with ``window`` words either side.

    Parameters
    ----------
    corpus : Corpus
    actor : str
        Actor or place id.
    window : int, default 8
        Words of context on each side (white-space separated, within the document).
    actors : ActorDictionary, DataFrame or path, optional
    descendants : bool, default True
        Include mentions of actors below ``actor`` (``Russian warplanes`` for
        ``russia``); the ``actor`` column says which.
    mentions : DataFrame, optional

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id, sent_id, actor, alias, left, keyword, right, start, end, rule``
        in document and text order; ``keyword`` equals ``alias``; white space in
        the context is collapsed to single spaces.

    Examples
    --------
    >>> import mideast_corpus as mc
    >>> from mideast_corpus.entities import kwic
    >>> k = kwic(mc.load_seeds(), "russia", window=4)
    >>> row = k[k.alias == "Russian aircraft"].iloc[0]
    >>> row.actor, row.keyword
    ('russian_armed_forces', 'Russian aircraft')
    """
    if window < 0:
        raise ValueError(f"window={window!r}: use 0 or more words of context")
    dictionary = as_dictionary(actors)
    _check_known(dictionary, actor)
    m = _mentions(corpus, dictionary, mentions)
    if descendants:
        under = {a for a in m["actor"].unique() if a == actor or (a in dictionary and actor in dictionary.ancestors(a))}
        m = m[m["actor"].isin(under)]
    else:
        m = m[m["actor"] == actor]
    texts = dict(zip(corpus.docs["doc_id"], corpus.docs["text"], strict=True))
    span = 40 * (window + 1)
    lefts, rights = [], []
    for doc_id, start, end in zip(m["doc_id"], m["start"], m["end"], strict=True):
        text = texts[doc_id]
        left_words = _WORD.findall(text[max(0, start - span):start])
        if start > span and left_words:
            left_words = left_words[1:]  # the first may be cut
        lefts.append(" ".join(left_words[-window:]) if window else "")
        rights.append(" ".join(_WORD.findall(text[end:end + span])[:window]) if window else "")
    table = pd.DataFrame({
        "doc_id": m["doc_id"].to_numpy(), "sent_id": m["sent_id"].to_numpy(), "actor": m["actor"].to_numpy(),
        "alias": m["alias"].to_numpy(), "left": pd.array(lefts, dtype="str"), "keyword": m["alias"].to_numpy(),
        "right": pd.array(rights, dtype="str"), "start": m["start"].to_numpy(), "end": m["end"].to_numpy(),
        "rule": m["rule"].to_numpy(),
    })
    return attach_provenance(
        table,
        function="kwic",
        params={"actor": actor, "window": window, "descendants": descendants},
        corpus=corpus,
        data_versions={"actors": dictionary.version},
    )


# -- discovery --------------------------------------------------------------------------------------

#: Lower-case words allowed inside a name (``Institute for the Study of War``, ``Abu Bakr al-Baghdadi``).
NAME_CONNECTORS = frozenset("of the for on al el bin ibn de la du and-the".split())
#: Titles dropped from the front of a name (``President``, ``Prime Minister``): they are not names.
TITLES = frozenset(
    "president prime minister ministers foreign defense defence secretary deputy vice general gen maj "
    "lt col brig sheikh ayatollah king prince pm mp commander chairman director spokesman".split()
)
_TOKEN = re.compile(r"[A-Za-z0-9][\w'’.&-]*")
_CALENDAR = frozenset(
    "january february march april may june july august september october november december jan feb mar apr "
    "jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday".split()
)


def _name_runs(text: str, masked: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Runs of capitalised tokens (with connectors inside) that overlap no dictionary match."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    runs: list[tuple[int, int, str]] = []
    cur: list[tuple[int, int, str]] = []
    mi = 0

    def flush() -> None:
        while cur and cur[-1][2].lower() in NAME_CONNECTORS:
            cur.pop()
        while cur and (cur[0][2].lower() in ENGLISH_STOP_WORDS or cur[0][2].lower() in TITLES):
            cur.pop(0)
        if cur:
            words = [w for _, _, w in cur]
            upper = sum(w.isupper() and len(w) > 1 for w in words)
            if not (len(words) > 1 and upper == len(words)) and words[0].lower() not in _CALENDAR:
                runs.append((cur[0][0], cur[-1][1], " ".join(words)))
        cur.clear()

    prev_end = 0
    for tok in _TOKEN.finditer(text):
        s, e = tok.span()
        word = tok.group().rstrip(".").removesuffix("’s").removesuffix("'s")
        e = s + len(word)
        while mi < len(masked) and masked[mi][1] <= s:
            mi += 1
        inside = mi < len(masked) and masked[mi][0] < e
        gap = text[prev_end:s]
        if cur and (inside or gap.strip() != "" or "\n" in gap):
            flush()
        prev_end = e
        if inside or not word:
            continue
        if word[0].isupper() or (cur and word in NAME_CONNECTORS):
            cur.append((s, e, word))
        else:
            flush()
    flush()
    return runs


_OPENERS = "\"“‘'([—–-•"


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 4):start].rstrip().rstrip(_OPENERS).rstrip()
    return start == 0 or not before or before[-1] in ".!?:;\n" or text[max(0, start - 3):start].count("\n") > 0


def discover_entities(
    corpus: Corpus,
    top: int = 50,
    *,
    actors: ActorsArg = None,
    min_count: int = 2,
) -> pd.DataFrame:
    """List frequent proper-name sequences that the dictionary does not cover.

    A name is a run of capitalised words, with lower-case connectors inside
    (``of``, ``the``, ``al``: ``Institute for the Study of War``). Runs are cut
    at every dictionary or gazetteer match (all spellings, accepted or not), so
    what is listed is new. Leading stop words (``The``, ``But``) are dropped, so
    sentence-initial capitals do not make names; all-capitals multi-word runs
    (headings) and dates are skipped. No model is downloaded.

    Parameters
    ----------
    corpus : Corpus
    top : int, default 50
        Number of rows returned.
    actors : ActorDictionary, DataFrame or path, optional
        The dictionary whose coverage is subtracted.
    min_count : int, default 2
        Names seen fewer times are left out.

    Returns
    -------
    pandas.DataFrame
        Columns ``name, count, n_docs, example`` (``example``: the sentence
        of the first occurrence), sorted by count, n_docs (both
        descending) then name.

    Examples
    --------
    >>> import mideast_corpus as mc
    >>> from mideast_corpus.entities import discover_entities
    >>> d = discover_entities(mc.load_seeds(), top=5)
    >>> list(d.columns), "Islamic State" in set(d["name"])
    (['name', 'count', 'n_docs', 'example'], False)
    """
    dictionary = as_dictionary(actors)
    matcher = dictionary.matcher()
    counts: Counter[str] = Counter()
    docs_of: dict[str, set[str]] = {}
    first: dict[str, tuple[str, int]] = {}
    mid_sentence: set[str] = set()
    for doc_id, text in zip(corpus.docs["doc_id"], corpus.docs["text"], strict=True):
        masked = [(start, end) for start, end, _ in matcher.candidates(text)]
        for s, _e, name in _name_runs(text, masked):
            counts[name] += 1
            docs_of.setdefault(name, set()).add(doc_id)
            first.setdefault(name, (doc_id, s))
            if " " in name or not _sentence_initial(text, s):
                mid_sentence.add(name)
    # A single word seen capitalised only at sentence starts ("Today", "Given") is not a name.
    rows = [(n, c, len(docs_of[n])) for n, c in counts.items() if c >= min_count and n in mid_sentence]
    rows.sort(key=lambda r: (-r[1], -r[2], r[0]))
    rows = rows[:top]
    sentences = corpus.sentences()
    examples = []
    for name, _, _ in rows:
        doc_id, pos = first[name]
        s = sentences[(sentences["doc_id"] == doc_id) & (sentences["start"] <= pos) & (sentences["end"] > pos)]
        examples.append(str(s["text"].iloc[0]) if len(s) else "")
    table = pd.DataFrame({
        "name": pd.array([r[0] for r in rows], dtype="str"),
        "count": np.array([r[1] for r in rows], dtype=np.int64),
        "n_docs": np.array([r[2] for r in rows], dtype=np.int64),
        "example": pd.array(examples, dtype="str"),
    })
    return attach_provenance(
        table,
        function="discover_entities",
        params={"top": top, "min_count": min_count},
        corpus=corpus,
        data_versions={"actors": dictionary.version},
    )
