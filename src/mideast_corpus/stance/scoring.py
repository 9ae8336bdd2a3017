"""Score stance toward each actor mention from the evidence attached to it, and say what fired.

Three components, each its own column and each NaN where no evidence of its kind is attached to *this*
mention (so a reader can tell "no evidence" from "neutral evidence" and see which component drives a
difference):

- ``label_valence``: the weight of the name used for the actor in its own noun phrase, apposition or
  predicate ("the Assad regime", "ISIS, the terror group", "Hezbollah is a terrorist organisation");
- ``role_valence``: who does what to whom (:mod:`.roles`): an agent of atrocities or of violence against
  civilians, a liberator, a loser; with ``role`` (``agent``, ``target``, ``none``) and ``counterpart``;
- ``evaluation``: evaluative words and verbs aimed at the actor (accused of, condemned, threatened,
  unjustifiable, murderous, praised, liberated, helped), valued by the mention's position (:mod:`.evidence`).

``score`` is the clipped weighted sum of the components that found evidence (weights in
``data/stance.meta.json``), NaN where none did; ``label`` is ``negative``, ``positive`` or ``none`` (no
evidence, or evidence too weak or balanced); ``evidence`` names every word and rule that fired. Only
mentions of actors are scored: places and news organisations named as sources (``mention_type``) are
skipped unless asked for. The masked-target sentiment model (:mod:`mideast_corpus.sentiment`) is not part
of the score: on the stance gold it reads negative news as negative stance toward every actor in it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..actors.dictionary import ActorDictionary
from ..corpus import Corpus
from ..provenance import attach_provenance
from .evidence import sentence_evidence
from .lexicons import StanceLexicons, load_stance_lexicons
from .quotes import attribute_speakers
from .roles import _mention_tokens, role_from_sites
from .roles import _roles as sentence_roles_of
from .roles import _Text as RoleText

__all__ = ["ROLES", "STANCE_COLUMNS", "STANCE_LABELS", "combine", "score_stance"]

#: Columns of :func:`score_stance`, in order (``sentiment`` is added at the end with ``sentiment=True``).
STANCE_COLUMNS = [
    "doc_id", "source", "sent_id", "actor", "parent", "kind", "mention_type", "alias", "start", "end",
    "label_valence", "role", "role_detail", "counterpart", "role_valence", "evaluation", "score", "label",
    "evidence", "quoted", "quote_kind", "speaker", "speaker_actor",
]
STANCE_LABELS = ("negative", "none", "positive")
#: ``role`` values and the ``role_detail`` values each covers.
ROLES = {"agent": ("agent_violence",), "target": ("target_violence",),
         "none": ("agent_cooperation", "backed_by", "fights", "other")}
_COMPONENTS = ("label_valence", "role_valence", "evaluation")

#: Signature of a sentiment scorer: (texts, starts, ends, other_spans), one entry per target, -> (values in
#: [-1, 1], cue strings). ``other_spans`` are spans to mask besides the target.
SentimentFn = Callable[[Sequence[str], Sequence[int], Sequence[int], Sequence[Sequence[tuple[int, int]]]],
                       tuple[np.ndarray, list[str]]]


def _model_sentiment(texts: Sequence[str], starts: Sequence[int], ends: Sequence[int],
                     others: Sequence[Sequence[tuple[int, int]]]) -> tuple[np.ndarray, list[str]]:
    """Masked-target sentiment from :mod:`mideast_corpus.sentiment`; the spans in ``others`` are masked too."""
    from ..sentiment import predict_with_cues

    if not texts:
        return np.zeros(0), []
    p, cues = predict_with_cues(texts, starts, ends, others, mask_others=True, top=0)  # the column needs no cues
    return p[:, 2] - p[:, 0], cues


def combine(label_valence: Any, role_valence: Any, evaluation: Any, lex: StanceLexicons | None = None
            ) -> tuple[np.ndarray, list[str]]:
    """Combine the components into ``score`` and ``label`` with the weights of ``stance.meta.json``.

    Components that are NaN (no evidence) are left out; a mention with no evidence scores NaN and is
    labelled ``none``.

    Examples
    --------
    >>> nan = float("nan")
    >>> score, label = combine([-0.6, nan, nan], [nan, 0.5, nan], [-0.5, nan, nan])
    >>> [round(float(x), 2) for x in score], label
    ([-1.0, 0.5, nan], ['negative', 'positive', 'none'])
    """
    lex = lex or load_stance_lexicons()
    w = lex.weights
    parts = np.vstack([w[name] * np.asarray(values, dtype=float)
                       for name, values in zip(_COMPONENTS, (label_valence, role_valence, evaluation), strict=True)])
    has = ~np.isnan(parts)
    total = np.where(has, parts, 0.0).sum(axis=0)
    s = np.where(has.any(axis=0), np.clip(total, -1.0, 1.0), np.nan)
    t = lex.threshold
    with np.errstate(invalid="ignore"):
        labels = np.where(s <= -t, "negative", np.where(s >= t, "positive", "none")).tolist()
    return s, labels


def _prepare_mentions(corpus: Any, mentions: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    need = {"doc_id", "actor", "start", "end"}
    missing = need - set(mentions.columns)
    if missing:
        raise ValueError(
            f"mentions table lacks columns {sorted(missing)}; make it with mideast_corpus.actors.find_mentions")
    m = mentions.copy()
    for col, default in (("parent", ""), ("kind", ""), ("is_place", False)):
        if col not in m.columns:
            m[col] = default
    m["parent"] = m["parent"].fillna("").astype(str)
    m["kind"] = m["kind"].fillna("").astype(str)
    m["is_place"] = m["is_place"].fillna(False).astype(bool)
    if "mention_type" not in m.columns:  # a table from elsewhere: the rule find_mentions applies
        from ..actors import mention_types

        m["mention_type"] = mention_types(m, dict(zip(corpus.docs["doc_id"], corpus.docs["text"], strict=False)))
    m["mention_type"] = m["mention_type"].fillna("actor").astype(str)
    if "alias" not in m.columns:
        texts = dict(zip(corpus.docs["doc_id"], corpus.docs["text"], strict=False))
        m["alias"] = [texts[d][int(s):int(e)] for d, s, e in zip(m["doc_id"], m["start"], m["end"], strict=False)]
    # (re)assign sentences by offset so a mentions table from elsewhere still lines up
    m["sent_id"] = _sentence_of(m, sentences)
    m = m[m["sent_id"] >= 0]
    return m.sort_values(["doc_id", "start", "end", "actor"], kind="stable").reset_index(drop=True)


def _sentence_of(mentions: pd.DataFrame, sentences: pd.DataFrame) -> np.ndarray:
    """``sent_id`` of the sentence of its document holding each mention's start, -1 when none does."""
    s_doc = sentences["doc_id"]
    docs = pd.Index(s_doc[s_doc.notna()].unique())
    s_code = np.where(s_doc.notna().to_numpy(), docs.get_indexer(s_doc), -1)
    m_doc = mentions["doc_id"]
    m_code = np.where(m_doc.notna().to_numpy(), docs.get_indexer(m_doc), -1)
    # sentences grouped by document, table order kept within a document (as the per-document search had it)
    order = np.argsort(s_code, kind="stable")
    s_code = s_code[order]
    s_start = sentences["start"].to_numpy().astype(np.int64)[order]
    s_end = sentences["end"].to_numpy().astype(np.int64)[order]
    s_id = sentences["sent_id"].to_numpy().astype(np.int64)[order]
    m_start = mentions["start"].to_numpy().astype(np.int64)
    keep = s_code >= 0
    s_code, s_start, s_end, s_id = s_code[keep], s_start[keep], s_end[keep], s_id[keep]
    out = np.full(len(mentions), -1, dtype=np.int64)
    if not len(s_code):
        return out
    # one search over (document, start) keys: each document's sentences start in order, so the keys sort
    lo = min(int(s_start.min()), int(m_start.min()) if len(m_start) else 0, 0)
    width = max(int(s_start.max()), int(m_start.max()) if len(m_start) else 0) - lo + 1
    s_key = s_code * width + (s_start - lo)
    if len(docs) * width >= 2 ** 62 or np.any(np.diff(s_key) < 0):
        return _sentence_of_by_doc(mentions, sentences)
    m_key = m_code * width + (m_start - lo)
    k = np.searchsorted(s_key, m_key, side="right") - 1
    kk = np.maximum(k, 0)
    ok = (m_code >= 0) & (k >= 0) & (s_code[kk] == m_code) & (m_start < s_end[kk])
    out[ok] = s_id[kk[ok]]
    return out


def _sentence_of_by_doc(mentions: pd.DataFrame, sentences: pd.DataFrame) -> np.ndarray:
    """:func:`_sentence_of` one mention at a time, for sentence tables whose starts are out of order."""
    sent_index: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    for d, g in sentences.groupby("doc_id", sort=False):
        sent_index[d] = (g["start"].to_numpy(), g["end"].to_numpy(), g["sent_id"].to_numpy())
    sid = []
    for d, s in zip(mentions["doc_id"], mentions["start"], strict=False):
        starts, ends, ids = sent_index.get(d, (np.zeros(0), np.zeros(0), np.zeros(0)))
        k = int(np.searchsorted(starts, int(s), side="right")) - 1
        sid.append(int(ids[k]) if k >= 0 and int(s) < int(ends[k]) else -1)
    return np.asarray(sid, dtype=np.int64)


def score_stance(
    corpus: Corpus,
    actors: ActorDictionary | pd.DataFrame | str | None = None,
    *,
    mentions: pd.DataFrame | None = None,
    lexicons: StanceLexicons | None = None,
    places: bool = False,
    media: bool = False,
    sentiment: bool | SentimentFn = False,
) -> pd.DataFrame:
    """Score how each sentence casts each actor it mentions, from the evidence attached to the mention.

    Parameters
    ----------
    corpus : Corpus
        The documents.
    actors : ActorDictionary or table, optional
        Passed to :func:`mideast_corpus.actors.find_mentions`; the default actor dictionary when omitted.
    mentions : pandas.DataFrame, optional
        A ready mentions table (``doc_id``, ``actor``, ``start``, ``end`` in document offsets; ``sent_id``,
        ``parent``, ``kind``, ``alias``, ``is_place``, ``mention_type`` used when present). Found with
        ``find_mentions`` when omitted.
    lexicons : StanceLexicons, optional
        From :func:`load_stance_lexicons`; the shipped lexicons when omitted.
    places : bool, default False
        Also score mentions that name a place (``mention_type == "place"``: "in Mosul").
    media : bool, default False
        Also score news organisations named as a source, credit or dateline (``mention_type == "media"``).
    sentiment : bool or callable, default False
        Add a ``sentiment`` column: the masked-target sentiment model (``True``) or a function
        ``(texts, starts, ends, other_spans) -> (values, cues)``. It is reported beside the evidence and is
        **not** part of ``score``.

    Returns
    -------
    pandas.DataFrame
        One row per scored mention, columns :data:`STANCE_COLUMNS`: ``label_valence``, ``role_valence`` and
        ``evaluation`` in [-1, 1] or NaN (no evidence of that kind); ``role`` (``agent``, ``target``,
        ``none`` of violence), ``role_detail`` (``agent_violence``, ``target_violence``,
        ``agent_cooperation``, ``backed_by``, ``fights`` (fighting an armed enemy: role ``none``), ``other``) and
        ``counterpart`` (an actor id or a class such as
        ``civilians``); ``score`` (see :func:`combine`; NaN where no component found evidence); ``label``
        (``negative``, ``positive``, ``none``); ``evidence`` (what fired, per component); ``quoted``,
        ``quote_kind``, ``speaker``, ``speaker_actor`` (see :func:`~mideast_corpus.stance.attribute_speakers`).
        ``attrs["provenance"]`` names the lexicon version.

    Examples
    --------
    >>> import mideast_corpus as mc
    >>> c = mc.load_corpus(pd.DataFrame({"doc_id": ["d1", "d2"], "source": ["A", "B"], "text": [
    ...     "The Syrian army liberated the town from terrorists.",
    ...     "Syrian troops killed terrorists near Palmyra."]}), text="text", source="source")
    >>> st = score_stance(c)
    >>> st[["actor", "role", "counterpart", "label"]].values.tolist()
    [['syrian_arab_army', 'agent', 'terrorists', 'positive'], ['syrian_arab_army', 'agent', 'terrorists', 'none']]
    >>> # liberating is winning; fighting an armed enemy is not by itself a judgement (the readers' guide), and
    >>> bool(np.isnan(st.loc[1, "label_valence"]))  # "terrorists" names the army's enemy, not the army
    True
    """
    lex = lexicons or load_stance_lexicons()
    sentences = corpus.sentences()
    if mentions is None:
        from ..actors import find_mentions

        mentions = find_mentions(corpus, actors)
    m = _prepare_mentions(corpus, mentions, sentences)
    sent_text = {(d, int(i)): (int(s), t) for d, i, s, t in zip(
        *(sentences[c].tolist() for c in ("doc_id", "sent_id", "start", "text")), strict=True)}
    scorer: SentimentFn | None = _model_sentiment if sentiment is True else (sentiment or None)

    n = len(m)
    wanted = {"actor"} | ({"place"} if places else set()) | ({"media"} if media else set())
    col_type = m["mention_type"].tolist()
    keep = np.fromiter((t in wanted for t in col_type), dtype=bool, count=n)
    nan = float("nan")
    label_v, eval_v, role_v = [nan] * n, [nan] * n, [nan] * n
    role_d, counterpart = ["other"] * n, [""] * n
    cue_label, cue_eval, cue_role = [""] * n, [""] * n, [""] * n
    s_texts: list[str] = []
    s_starts: list[int] = []
    s_ends: list[int] = []
    s_others: list[list[tuple[int, int]]] = []
    s_rows: list[int] = []
    # plain lists: per-sentence pandas indexing costs more than the scoring itself
    col_doc, col_sid = m["doc_id"].tolist(), m["sent_id"].tolist()
    col_start, col_end = m["start"].astype(int).tolist(), m["end"].astype(int).tolist()
    col_actor, col_kind = m["actor"].astype(str).tolist(), m["kind"].tolist()
    by_sentence: dict[tuple[str, int], list[int]] = {}
    for r, key in enumerate(zip(col_doc, col_sid, strict=True)):
        by_sentence.setdefault(key, []).append(r)
    for (d, sid), rows in by_sentence.items():
        scored = [k for k, r in enumerate(rows) if keep[r]]
        if not scored:
            continue
        off, text = sent_text[(d, int(sid))]
        spans = [(max(0, col_start[r] - off), min(len(text), col_end[r] - off)) for r in rows]
        # only actors act or are acted on: places and news organisations take no role
        not_actor = [col_type[r] != "actor" for r in rows]
        info = RoleText(text, lex)
        roles = sentence_roles_of(info, spans, [col_actor[r] for r in rows], not_actor, lex)
        words = [text[a:b] for a, b in zip(info.starts, info.ends, strict=True)]
        evidence = sentence_evidence(info.low, words, _mention_tokens(info, spans), [col_kind[r] for r in rows],
                                     lex, scored)
        for k, (lv, lc, ev, ec, sites) in zip(scored, evidence, strict=True):
            r = rows[k]
            res = roles[k]
            if res.role not in ("agent_violence", "target_violence"):
                # the attachment sites see what word order alone missed: "helped [X] reclaim the dam"
                alt = role_from_sites(info.low, words, sites, lex)
                if alt.role != "other":
                    res = alt
            role_d[r], counterpart[r] = res.role, res.counterpart
            if res.role_valence != 0.0:
                role_v[r], cue_role[r] = res.role_valence, res.cue
            label_v[r], cue_label[r], eval_v[r], cue_eval[r] = lv, lc, ev, ec
            if scorer is not None:
                s_rows.append(r)
                s_texts.append(text)
                s_starts.append(spans[k][0])
                s_ends.append(spans[k][1])
                s_others.append([sp for j, sp in enumerate(spans) if j != k])
    label_a, role_a, eval_a = (np.asarray(x, dtype=float) for x in (label_v, role_v, eval_v))
    score, labels = combine(label_a, role_a, eval_a, lex)
    speakers = attribute_speakers(sentences, m)
    detail_to_role = {d: r for r, ds in ROLES.items() for d in ds}
    out = pd.DataFrame({
        "doc_id": m["doc_id"].astype(str),
        "source": m["doc_id"].map(dict(zip(corpus.docs["doc_id"], corpus.docs["source"], strict=False))).astype(str),
        "sent_id": m["sent_id"].astype(int),
        "actor": m["actor"].astype(str),
        "parent": m["parent"],
        "kind": m["kind"],
        "mention_type": m["mention_type"],
        "alias": m["alias"].astype(str),
        "start": m["start"].astype(int),
        "end": m["end"].astype(int),
        "label_valence": label_a.round(6),
        "role": [detail_to_role.get(x, "none") for x in role_d],
        "role_detail": role_d,
        "counterpart": counterpart,
        "role_valence": role_a.round(6),
        "evaluation": eval_a.round(6),
        "score": np.round(score, 6),
        "label": labels,
        "evidence": [_evidence(*x) for x in zip(cue_label, cue_role, cue_eval, strict=True)],
        "quoted": speakers["quoted"].to_numpy(dtype=bool),
        "quote_kind": speakers["quote_kind"].astype(str),
        "speaker": speakers["speaker"].astype(str),
        "speaker_actor": speakers["speaker_actor"].astype(str),
    })
    columns = list(STANCE_COLUMNS)
    if scorer is not None:
        sent_v = np.full(n, np.nan)
        if s_rows:
            vals, _ = scorer(s_texts, s_starts, s_ends, s_others)
            sent_v[s_rows] = vals
        out["sentiment"] = np.round(sent_v, 6)
        columns.append("sentiment")
    out = out[keep].reset_index(drop=True)[columns]
    # the dictionary that found the targets is part of how the table was made
    versions = dict(mentions.attrs.get("provenance", {}).get("data_versions", {}))
    versions["stance_lexicons"] = lex.version
    if sentiment is True:
        from ..sentiment import load_sentiment_model

        versions["sentiment_model"] = load_sentiment_model().version
    return attach_provenance(
        out,
        function="score_stance",
        params={"actors": actors, "mentions": mentions, "places": places, "media": media, "sentiment": sentiment,
                "weights": lex.weights, "threshold": lex.threshold},
        corpus=corpus,
        data_versions=versions,
    )


def _evidence(label: str, role: str, evaluation: str) -> str:
    parts = []
    if label:
        parts.append(f"label: {label}")
    if role:
        parts.append(f"role: {role}")
    if evaluation:
        parts.append(f"evaluation: {evaluation}")
    return " | ".join(parts)
