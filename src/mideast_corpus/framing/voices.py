"""Whose voice an outlet carries: the speakers it quotes or cites, by kind.

Built on the stance module's attribution (:func:`mideast_corpus.stance.find_speech`: direct quotations
and reported speech with their speaker phrase and, where the phrase names a dictionary actor, its id).
This module adds three things:

1. **Checks** that drop what is not speech (``counted = False`` with a ``reason``): the country name
   "United States" read as the verb *states*; a possessive before a participle ("Iran’s stated
   objective"); a term in quotation marks (three words or fewer, no say-verb in the sentence: a
   scare quote such as “surge”, not a voice).
2. **Two small resolutions**: a quotation with no speaker that continues the previous sentence's
   quotation takes its speaker; a bare surname ("Adnan said") takes the actor of the earlier speaker
   whose name ends with it ("Sinan Adnan").
3. **Speaker kinds** (:func:`speaker_kind`): from the actor dictionary's ``kind``, walking up from a
   person to the institution above it, and from the nouns of the speaker phrase when no actor is
   named ("analysts", "defense officials"). State institutions become the officials of their state
   ("US officials", "Iraqi officials"), by the ``country`` column and the state's demonym.

The unit counted by :func:`voices` is a *speech sentence*: a sentence in which one speaker is quoted
or cited, counted once however many quotation marks or say-verbs it holds. A quotation running over
three sentences counts three times, because it takes three sentences of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from ..actors.dictionary import ActorDictionary, as_dictionary
from ..actors.mentions import find_mentions
from ..corpus import Corpus
from ..grouping import GROUP, group_labels, name_group_column
from ..provenance import attach_provenance
from ..stance import find_speech
from .naming import size_note

__all__ = [
    "ACTOR_KIND_SPEAKERS",
    "NOUN_SPEAKERS",
    "NO_SPEECH",
    "QUOTE_COLUMNS",
    "STATE_KINDS",
    "UNATTRIBUTED",
    "VOICE_COLUMNS",
    "quotes",
    "speaker_kind",
    "voices",
]

#: Dictionary kinds that are the state itself or its apparatus: their speakers are "<demonym> officials".
STATE_KINDS = frozenset({"state", "government", "ministry", "legislature", "military", "security_forces", "police",
                         "intelligence"})
#: Speaker kind of the other dictionary kinds (a person takes the kind of the institution above it).
ACTOR_KIND_SPEAKERS: dict[str, str] = {
    "militia": "militias",
    "armed_group": "armed groups",
    "think_tank": "analysts",
    "ngo": "NGOs, activists and monitors",
    "media": "media",
    "international_org": "international organisations",
    "coalition": "coalition officials",
    "regional_government": "regional government officials",
    "political_party": "political parties",
    "person": "other named people",
}
#: Speaker kind of a phrase that names no actor, by its nouns (first kind in this order wins).
NOUN_SPEAKERS: dict[str, tuple[str, ...]] = {
    "analysts": ("analyst", "analysts", "expert", "experts", "researcher", "researchers", "associate", "scholar",
                 "professor", "fellow"),
    "officials": ("official", "officials", "spokesman", "spokesperson", "spokeswoman", "spokesmen", "minister",
                  "ministers", "president", "premier", "commander", "commanders", "general", "diplomat",
                  "diplomats", "envoy", "ambassador", "secretary", "chief", "mp", "m.p", "lawmaker", "lawmakers",
                  "ministry", "pentagon", "director", "leader", "leaders", "advisor", "adviser", "advisors",
                  "advisers", "governor", "mayor", "officer", "officers"),
    "unnamed sources": ("source", "sources"),
    "NGOs, activists and monitors": ("activist", "activists", "observatory", "monitor", "monitors"),
    "residents and witnesses": ("resident", "residents", "witness", "witnesses"),
}
#: Kind of speech with no speaker found.
UNATTRIBUTED = "unattributed"
#: Speaker kind of the one row of a group in which no quotation or reported speech was found.
NO_SPEECH = "(no speech found)"
#: Officials of a state whose state the phrase does not say ("defense officials said").
UNNAMED_STATE = "officials (state not named)"
#: Demonyms used for a country code instead of the state's own first demonym.
DEMONYM_OVERRIDES: dict[str, str] = {"USA": "US"}
#: A direct quotation this short, with no say-verb in its sentence, is a term in quotation marks.
MAX_TERM_WORDS = 3

#: Columns of :func:`quotes` and :func:`voices` after the group column (named after ``by=``: ``source``, ...).
QUOTE_COLUMNS = ["doc_id", "sent_id", "quote_kind", "verb", "speaker", "speaker_actor", "speaker_kind",
                 "quote", "n_words", "counted", "reason"]
VOICE_COLUMNS = ["speaker_kind", "speaker_actor", "count", "share", "n_docs", "n_group", "speakers",
                 "note"]
_PRONOUNS = frozenset({"he", "she", "they", "we", "it"})
_WORD = re.compile(r"[A-Za-z][A-Za-z.’']*")


# -- speaker kinds ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Lookup:
    kind: dict[str, str]
    parent: dict[str, str]
    country: dict[str, str]
    demonym_of_country: dict[str, str]
    country_of_word: dict[str, str]


@lru_cache(maxsize=8)
def _lookup_cached(key: str, dictionary: ActorDictionary) -> _Lookup:
    table = dictionary.table.fillna("")
    kind = dict(zip(table["id"], table["kind"].astype(str), strict=True))
    parent = dict(zip(table["id"], table["parent"].astype(str), strict=True))
    country = dict(zip(table["id"], table["country"].astype(str), strict=True))
    demonym: dict[str, str] = {}
    words: dict[str, str] = {}
    for row in table[table["kind"] == "state"].itertuples(index=False):
        forms = [d.strip() for d in str(row.demonyms).split("|") if d.strip()]
        if row.country and forms:
            demonym.setdefault(row.country, DEMONYM_OVERRIDES.get(row.country, forms[0]))
            for form in forms:
                words[form.lower()] = row.country
    demonym.update({c: d for c, d in DEMONYM_OVERRIDES.items() if c in demonym or c == "USA"})
    words.update({"u.s": "USA", "u.s.": "USA", "us": "USA", "american": "USA"})
    return _Lookup(kind, parent, country, demonym, words)


def _lookup(dictionary: ActorDictionary) -> _Lookup:
    return _lookup_cached(dictionary.version, dictionary)


def _officials(country: str, look: _Lookup) -> str:
    name = look.demonym_of_country.get(country, "")
    return f"{name} officials" if name else UNNAMED_STATE


def speaker_kind(speaker: str, speaker_actor: str = "",
                 actors: ActorDictionary | pd.DataFrame | str | Path | None = None) -> str:
    """Classify a speaker: the kind of voice an outlet carries when it quotes or cites them.

    Parameters
    ----------
    speaker : str
        The speaker phrase as written ("Iraqi M.P. Hakim Al Zamili", "defense officials").
    speaker_actor : str, optional
        The dictionary actor the phrase names, if any.
    actors : ActorDictionary, DataFrame or path, optional
        The actor dictionary (default: the built-in one).

    Returns
    -------
    str
        With an actor: a person takes the kind of the institution above it; state kinds
        (:data:`STATE_KINDS`) give ``"<demonym> officials"`` ("US officials", "Iraqi officials"), other
        kinds map by :data:`ACTOR_KIND_SPEAKERS` ("militias", "analysts", ...). Without an actor, the
        phrase's nouns decide (:data:`NOUN_SPEAKERS`; officials take the state of a demonym in the
        phrase, else ``"officials (state not named)"``); a capitalised name the dictionary lacks is
        ``"other named speakers"``; an empty phrase or a bare pronoun is ``"unattributed"``.

    Examples
    --------
    >>> speaker_kind("Iraqi M.P. Hakim Al Zamili", "hakim_al_zamili")
    'Iraqi officials'
    >>> speaker_kind("Secretary of State John Kerry", "john_kerry")
    'US officials'
    >>> speaker_kind("Sinan Adnan", "sinan_adnan")
    'analysts'
    >>> speaker_kind("Kurdish officials"), speaker_kind("defense officials"), speaker_kind("analysts")
    ('officials (state not named)', 'officials (state not named)', 'analysts')
    >>> speaker_kind("Turkish diplomats"), speaker_kind(""), speaker_kind("Abu Ali")
    ('Turkish officials', 'unattributed', 'other named speakers')
    """
    dictionary = as_dictionary(actors)
    look = _lookup(dictionary)
    node = speaker_actor or ""
    if node in look.kind:
        # People speak for the institution above them: a minister for the government, an analyst for a think tank.
        while look.kind[node] == "person" and look.parent.get(node):
            node = look.parent[node]
        kind = look.kind[node]
        if kind in STATE_KINDS:
            chain = [node, *dictionary.ancestors(node)]
            country = next((look.country[a] for a in chain if look.country.get(a)), "")
            return _officials(country, look)
        return ACTOR_KIND_SPEAKERS.get(kind, "other speakers")
    words = [w.lower().rstrip(".’'") if w.lower() not in ("u.s.", "m.p.") else w.lower().rstrip(".")
             for w in _WORD.findall(speaker)]
    if not words or (len(words) == 1 and words[0] in _PRONOUNS):
        return UNATTRIBUTED
    for kind, nouns in NOUN_SPEAKERS.items():
        if any(w in nouns for w in words):
            if kind != "officials":
                return kind
            country = next((look.country_of_word[w] for w in words if w in look.country_of_word), "")
            return _officials(country, look)
    if speaker[:1].isupper():
        return "other named speakers"
    return "other speakers"


# -- quotes: the evidence ---------------------------------------------------------------------------

def _not_speech(row: Any) -> str:
    """Why a speech event is not someone's voice ('' when it is)."""
    speaker = str(row.speaker)
    words = speaker.split()
    if row.verb in ("states", "state") and words and words[-1] == "United":
        return "the country name 'United States', not speech"
    if speaker.endswith(("’s", "'s")):
        return "a possessive before a participle ('Iran’s stated objective'), not speech"
    return ""


def _shorten(text: str, limit: int = 160) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def quotes(
    corpus: Corpus,
    by: str = "source",
    *,
    mentions: pd.DataFrame | None = None,
    actors: ActorDictionary | pd.DataFrame | str | Path | None = None,
) -> pd.DataFrame:
    """Every quotation and reported statement, with its speaker, speaker kind and an excerpt: the evidence.

    Parameters
    ----------
    corpus : Corpus
        The documents.
    by : str, default "source"
        Grouping: any ``docs`` column or a time bin such as ``"published:year"``.
    mentions : DataFrame, optional
        A mentions table already computed from ``corpus``.
    actors : ActorDictionary, DataFrame or path, optional
        The actor dictionary (default: the built-in one).

    Returns
    -------
    pandas.DataFrame
        One row per speech event of :func:`~mideast_corpus.stance.find_speech`, columns
        ``<by>`` then :data:`QUOTE_COLUMNS`: ``quote_kind`` (``direct`` or ``reported``), ``verb``, ``speaker`` (as
        written), ``speaker_actor`` (dictionary id or ``""``), ``speaker_kind`` (:func:`speaker_kind`),
        ``quote`` (the quoted or reported words, at most 160 characters), ``n_words``, ``counted``
        (whether :func:`voices` counts it) and ``reason`` (why not, or which resolution gave the
        speaker). In document and text order.

    Examples
    --------
    >>> import mideast_corpus as mc
    >>> q = quotes(mc.load_seeds())
    >>> z = q[q["speaker_actor"] == "hakim_al_zamili"].iloc[0]
    >>> z["speaker_kind"], z["quote"]
    ('Iraqi officials', '“We find it extremely useful,”')
    >>> sorted(set(q.loc[~q["counted"], "reason"]))[0]
    "a possessive before a participle ('Iran’s stated objective'), not speech"
    """
    dictionary = as_dictionary(actors)
    if mentions is None:
        mentions = find_mentions(corpus, dictionary)
    speech = find_speech(corpus.sentences(), mentions)
    docs = corpus.docs
    group_of = dict(zip(docs["doc_id"].astype(str), group_labels(docs, by), strict=True))
    texts = dict(zip(docs["doc_id"].astype(str), docs["text"], strict=True))
    look = _lookup(dictionary)

    rows: list[dict] = []
    for ev in speech.itertuples(index=False):
        doc = str(ev.doc_id)
        a, b = int(ev.content_start), int(ev.content_end)
        quote = texts[doc][a:b] if 0 <= a < b else ""
        n_words = len(quote.split())
        actor = str(ev.speaker_actor or "")
        reason = _not_speech(ev)
        if not reason and ev.kind == "direct" and not ev.verb and n_words <= MAX_TERM_WORDS:
            reason = f"a term in quotation marks (≤ {MAX_TERM_WORDS} words, no say-verb), not a voice"
        if actor and actor not in look.kind:
            # A place read as the speaker ("a rebel group in Syria announced"): the phrase names no actor.
            actor, reason = "", reason or "speaker phrase ends in a place name: actor unknown"
        rows.append({"group": group_of[doc], "doc_id": doc, "sent_id": int(ev.sent_id), "quote_kind": ev.kind,
                     "verb": str(ev.verb), "speaker": str(ev.speaker), "speaker_actor": actor,
                     "quote": _shorten(quote), "n_words": n_words, "counted": not reason.endswith("not speech")
                     and not reason.endswith("not a voice"), "reason": reason})
    _resolve(rows)
    for row in rows:
        row["speaker_kind"] = speaker_kind(row["speaker"], row["speaker_actor"], dictionary)
    out = pd.DataFrame(rows, columns=[GROUP, *QUOTE_COLUMNS])
    out = out.astype({"group": str, "doc_id": str, "quote_kind": str, "verb": str, "speaker": str,
                      "speaker_actor": str, "speaker_kind": str, "quote": str, "reason": str,
                      "sent_id": "int64", "n_words": "int64", "counted": bool})
    return attach_provenance(name_group_column(out, by), function="quotes",
                             params={"by": by, "max_term_words": MAX_TERM_WORDS},
                             corpus=corpus, data_versions={"actors": dictionary.version})


def _resolve(rows: list[dict]) -> None:
    """Fill speakers the sentence alone cannot give: continued quotations and bare surnames (in place)."""
    last: dict[str, dict] = {}
    named: dict[str, dict[str, str]] = {}
    for row in rows:
        if not row["counted"]:
            continue
        doc = row["doc_id"]
        prev = last.get(doc)
        if (not row["speaker"] and row["quote_kind"] == "direct" and prev is not None and prev["speaker"]
                and prev["quote_kind"] == "direct" and prev["sent_id"] == row["sent_id"] - 1):
            row["speaker"], row["speaker_actor"] = prev["speaker"], prev["speaker_actor"]
            row["reason"] = "speaker carried from the quotation in the previous sentence"
        words = row["speaker"].split()
        if not row["speaker_actor"] and len(words) == 1 and words[0][:1].isupper():
            earlier = named.get(doc, {}).get(words[0])
            if earlier:
                row["speaker_actor"] = earlier
                row["reason"] = "surname of an earlier speaker"
        if row["speaker_actor"] and len(words) > 1:
            named.setdefault(doc, {})[words[-1]] = row["speaker_actor"]
        last[doc] = row


# -- voices: the table ------------------------------------------------------------------------------

def voices(
    corpus: Corpus,
    by: str = "source",
    *,
    mentions: pd.DataFrame | None = None,
    actors: ActorDictionary | pd.DataFrame | str | Path | None = None,
    quotes_table: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Who each group quotes or cites: speech sentences per speaker kind and actor, with shares.

    Parameters
    ----------
    corpus : Corpus
        The documents.
    by : str, default "source"
        Grouping: any ``docs`` column or a time bin such as ``"published:year"``.
    mentions : DataFrame, optional
        A mentions table already computed from ``corpus``.
    actors : ActorDictionary, DataFrame or path, optional
        The actor dictionary (default: the built-in one).
    quotes_table : DataFrame, optional
        :func:`quotes` of ``corpus`` with the same ``by``, if already computed.

    Returns
    -------
    pandas.DataFrame
        One row per group, speaker kind and speaker actor (``""`` when the phrase names no dictionary
        actor), columns ``<by>`` then :data:`VOICE_COLUMNS`: ``count`` speech sentences (a sentence in which the
        speaker is quoted or cited, once per speaker), ``share`` = count / ``n_group`` (the group's
        counted speech sentences, unattributed ones included, so shares add up to 1; a group with none
        gets one row of kind ``"(no speech found)"`` with count 0 and share NaN), ``n_docs``,
        ``speakers`` (the phrases as written, ``|``-joined) and ``note`` (one document, under 1,000
        words, or fewer than 5 speech sentences). Sorted by group, count (descending), kind, actor.

    Examples
    --------
    >>> import mideast_corpus as mc
    >>> v = voices(mc.load_seeds())
    >>> wib = v[v["source"] == "War Is Boring"]
    >>> wib[["speaker_kind", "speaker_actor", "count"]].head(2).values.tolist()
    [['Iraqi officials', 'nouri_al_maliki', 4], ['Iraqi officials', 'hakim_al_zamili', 3]]
    >>> round(float(wib["share"].sum()), 6)
    1.0
    """
    q = quotes_table if quotes_table is not None else quotes(corpus, by, mentions=mentions, actors=actors)
    if by not in q.columns:
        raise ValueError(f"quotes_table: it has no column {by!r}; pass quotes(corpus, by={by!r}) or leave it out")
    q = q[q["counted"].astype(bool)].rename(columns={by: GROUP})
    keys = ["group", "doc_id", "sent_id", "speaker", "speaker_actor", "speaker_kind"]
    units = q.drop_duplicates(keys)[keys]
    table = (units.groupby(["group", "speaker_kind", "speaker_actor"], sort=True)
             .agg(count=("doc_id", "size"), n_docs=("doc_id", "nunique"),
                  speakers=("speaker", lambda s: "|".join(sorted({x for x in s if x}))))
             .reset_index())
    table["n_group"] = table.groupby("group")["count"].transform("sum").astype("int64")
    table["share"] = table["count"] / table["n_group"].to_numpy(dtype=float)
    docs = corpus.docs
    labels = group_labels(docs, by)
    sizes = (pd.DataFrame({"group": labels.to_numpy(), "n_words": docs["n_words"].to_numpy()})
             .groupby("group").agg(n_docs=("n_words", "size"), n_words=("n_words", "sum")))
    # A group with no speech at all still gets a row, so it is visibly silent rather than missing.
    silent = sorted(set(sizes.index) - set(table["group"]))
    if silent:
        table = pd.concat([table, pd.DataFrame({
            "group": silent, "speaker_kind": NO_SPEECH, "speaker_actor": "", "count": 0, "n_docs": 0,
            "speakers": "", "n_group": 0, "share": float("nan")})], ignore_index=True)
    table["note"] = [_note(g, int(n), sizes) for g, n in zip(table["group"], table["n_group"], strict=True)]
    table = table.sort_values(["group", "count", "speaker_kind", "speaker_actor"],
                              ascending=[True, False, True, True], kind="stable")
    table = table[[GROUP, *VOICE_COLUMNS]].reset_index(drop=True).astype(
        {"group": str, "speaker_kind": str, "speaker_actor": str, "speakers": str, "note": str,
         "count": "int64", "n_docs": "int64", "share": float})
    dictionary_version = (q.attrs.get("provenance", {}).get("data_versions") or {}).get("actors") \
        or as_dictionary(actors).version
    return attach_provenance(
        name_group_column(table, by), function="voices",
        params={"by": by, "unit": "speech sentence (one per sentence and speaker)",
                "max_term_words": MAX_TERM_WORDS},
        corpus=corpus, data_versions={"actors": dictionary_version},
    )


def _note(group: str, n_group: int, sizes: pd.DataFrame) -> str:
    notes = [size_note(int(sizes.loc[group, "n_docs"]), int(sizes.loc[group, "n_words"]))
             if group in sizes.index else ""]
    if n_group == 0:
        notes.append("no quotation or reported speech found")
    elif n_group < 5:
        notes.append(f"only {n_group} speech sentence{'s' if n_group != 1 else ''}: shares change with one more")
    return "; ".join(n for n in notes if n)

