"""Score stance toward each actor mention: separate components, then one documented combination.

Components (each its own column, so a reader sees which one drives a difference):

- ``sentiment``: evaluative polarity toward the target in its sentence, with the target *masked*
  (:mod:`mideast_corpus.sentiment`, trained on NewsMTSC), plus war-reporting cues VADER lacks;
- ``label_valence``: the weight of the name used ("regime", "terrorists" vs "government", "army");
- ``role`` / ``counterpart`` / ``role_valence``: who does what to whom (:mod:`.roles`).

``score = clip(w_s * sentiment + w_l * label_valence + w_r * role_valence, -1, 1)`` with the weights and the
label threshold of ``data/stance.meta.json``. In war reporting sentiment alone does not separate outlets
(every armed actor reads as negative), so framing (label and role) carries most of the weight.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..provenance import attach_provenance
from .labels import _labels as sentence_labels_of
from .labels import _Text as LabelText
from .labels import _war as war_cues_of
from .lexicons import StanceLexicons, load_stance_lexicons
from .quotes import attribute_speakers
from .roles import _roles as sentence_roles_of
from .roles import _Text as RoleText

__all__ = ["STANCE_COLUMNS", "STANCE_LABELS", "combine", "score_stance"]

#: Columns of :func:`score_stance`, in order.
STANCE_COLUMNS = [
    "doc_id", "source", "sent_id", "actor", "parent", "kind", "alias", "start", "end",
    "sentiment", "label_valence", "role", "counterpart", "role_valence", "score", "label", "cues",
    "quoted", "quote_kind", "speaker", "speaker_actor",
]
STANCE_LABELS = ("negative", "neutral", "positive")

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
    p, cues = predict_with_cues(texts, starts, ends, others, mask_others=True)
    return p[:, 2] - p[:, 0], cues


def _no_sentiment(texts: Sequence[str], starts: Sequence[int], ends: Sequence[int],
                  others: Sequence[Sequence[tuple[int, int]]]) -> tuple[np.ndarray, list[str]]:
    return np.zeros(len(texts)), [""] * len(texts)


def combine(sentiment: Any, label_valence: Any, role_valence: Any, lex: StanceLexicons | None = None
            ) -> tuple[np.ndarray, list[str]]:
    """Combine the components into ``score`` and ``label`` with the weights of ``stance.meta.json``.

    Examples
    --------
    >>> score, label = combine([0.5, -0.5], [0.0, -0.6], [0.6, -0.5])
    >>> [round(float(x), 2) for x in score], label
    ([0.35, -0.54], ['positive', 'negative'])
    """
    lex = lex or load_stance_lexicons()
    w = lex.weights
    s = (w["sentiment"] * np.asarray(sentiment, dtype=float)
         + w["label_valence"] * np.asarray(label_valence, dtype=float)
         + w["role_valence"] * np.asarray(role_valence, dtype=float))
    s = np.clip(s, -1.0, 1.0)
    t = lex.threshold
    labels = np.where(s <= -t, "negative", np.where(s >= t, "positive", "neutral")).tolist()
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
    corpus: Any,
    actors: Any = None,
    *,
    mentions: pd.DataFrame | None = None,
    lexicons: StanceLexicons | None = None,
    sentiment: bool | SentimentFn = True,
    places: bool = False,
) -> pd.DataFrame:
    """Score the stance of each sentence toward each actor it mentions.

    Parameters
    ----------
    corpus : Corpus
        The documents.
    actors : ActorDictionary or table, optional
        Passed to :func:`mideast_corpus.actors.find_mentions`; the default actor dictionary when omitted.
    mentions : pandas.DataFrame, optional
        A ready mentions table (``doc_id``, ``actor``, ``start``, ``end`` in document offsets; ``sent_id``,
        ``parent``, ``kind``, ``alias``, ``is_place`` used when present). Found with ``find_mentions``
        when omitted.
    lexicons : StanceLexicons, optional
        From :func:`load_stance_lexicons`; the shipped lexicons when omitted.
    sentiment : bool or callable, default True
        ``True``: the shipped masked-target sentiment model; ``False``: sentiment 0 (framing only);
        or a function ``(texts, starts, ends, other_spans) -> (values, cues)`` with one entry per target
        (:data:`SentimentFn`). The target, the other mentions and counterpart nouns ("civilians",
        "terrorists") are masked: their weight belongs to ``label_valence`` and ``role_valence``.
    places : bool, default False
        Also score mentions that are places (``is_place``), e.g. "Mosul" as a location.

    Returns
    -------
    pandas.DataFrame
        One row per mention, columns :data:`STANCE_COLUMNS`: ``sentiment``, ``label_valence`` and
        ``role_valence`` in [-1, 1]; ``role`` (``agent_violence``, ``target_violence``,
        ``agent_cooperation``, ``backed_by``, ``other``) and its ``counterpart`` (an actor id or a class
        such as ``civilians``, ``terrorists``); ``score`` (the combination, see :func:`combine`) and
        ``label``; ``cues`` (the words and rules behind each component); ``quoted``, ``quote_kind``,
        ``speaker``, ``speaker_actor`` (see :func:`~mideast_corpus.stance.attribute_speakers`).
        ``attrs["provenance"]`` names the lexicon and sentiment-model versions.

    Examples
    --------
    >>> import mideast_corpus as mc
    >>> c = mc.load_corpus(pd.DataFrame({"doc_id": ["d1"], "source": ["A"],
    ...     "text": ["The Syrian army liberated the town from terrorists."]}), text="text", source="source")
    >>> m = pd.DataFrame({"doc_id": ["d1"], "actor": ["syrian_arab_army"], "start": [4], "end": [15]})
    >>> st = score_stance(c, mentions=m)
    >>> st.loc[0, ["actor", "role", "counterpart", "label"]].tolist()
    ['syrian_arab_army', 'agent_violence', 'terrorists', 'positive']
    """
    lex = lexicons or load_stance_lexicons()
    sentences = corpus.sentences()
    if mentions is None:
        from ..actors import find_mentions

        mentions = find_mentions(corpus, actors)
    m = _prepare_mentions(corpus, mentions, sentences)
    sent_text = {(d, int(i)): (int(s), t) for d, i, s, t in zip(
        *(sentences[c].tolist() for c in ("doc_id", "sent_id", "start", "text")), strict=True)}
    scorer: SentimentFn = _model_sentiment if sentiment is True else (
        _no_sentiment if sentiment is False else sentiment)

    n = len(m)
    # plain lists while filling one value at a time (numpy item assignment is slower), arrays after the loop
    label_l = [0.0] * n
    role = ["other"] * n
    counterpart = [""] * n
    role_l = [0.0] * n
    war_l = [0.0] * n
    cue_label = [""] * n
    cue_role = [""] * n
    cue_war = [""] * n
    keep = (~m["is_place"]).to_numpy() if not places else np.ones(n, dtype=bool)
    s_texts: list[str] = []
    s_starts: list[int] = []
    s_ends: list[int] = []
    s_others: list[list[tuple[int, int]]] = []
    s_rows: list[int] = []
    # plain lists: per-sentence pandas indexing costs more than the scoring itself
    col_doc, col_sid = m["doc_id"].tolist(), m["sent_id"].tolist()
    col_start, col_end = m["start"].astype(int).tolist(), m["end"].astype(int).tolist()
    col_actor, col_kind, col_place = m["actor"].astype(str).tolist(), m["kind"].tolist(), m["is_place"].tolist()
    by_sentence: dict[tuple[str, int], list[int]] = {}
    for r, key in enumerate(zip(col_doc, col_sid, strict=True)):
        by_sentence.setdefault(key, []).append(r)
    want_sentiment = scorer is not _no_sentiment
    for (d, sid), rows in by_sentence.items():
        off, text = sent_text[(d, int(sid))]
        spans = [(max(0, col_start[r] - off), min(len(text), col_end[r] - off)) for r in rows]
        is_place = [col_place[r] for r in rows]
        scored = [k for k, r in enumerate(rows) if keep[r]]
        if not scored and all(is_place):
            continue  # places are never agents or targets: every role stays "other"
        # the sentence is analysed once here and handed to every component
        info = RoleText(text, lex)
        actors_ = [col_actor[r] for r in rows]
        for r, res in zip(rows, sentence_roles_of(info, spans, actors_, is_place, lex), strict=False):
            role[r], counterpart[r], role_l[r], cue_role[r] = res.role, res.counterpart, res.role_valence, res.cue
        if not scored:
            continue
        label_info = LabelText(info, lex)
        if lex.war_terms:
            for k, (v, c) in zip(scored, war_cues_of(label_info, [spans[k] for k in scored]), strict=False):
                war_l[rows[k]], cue_war[rows[k]] = v, c
        kinds = [col_kind[r] for r in rows]
        for k, (v, c) in zip(scored, sentence_labels_of(label_info, spans, kinds, scored), strict=True):
            label_l[rows[k]], cue_label[rows[k]] = v, c
        if not want_sentiment:
            continue  # framing only: sentiment 0 and no cue for every target, as _no_sentiment gives
        # counterpart nouns are masked for the sentiment model: their weight belongs to role_valence
        masked = info.counterpart_spans()
        for k in scored:
            others = [sp for j, sp in enumerate(spans) if j != k]
            s_rows.append(rows[k])
            s_texts.append(text)
            s_starts.append(spans[k][0])
            s_ends.append(spans[k][1])
            s_others.append(others + [sp for sp in masked if sp[1] <= spans[k][0] or sp[0] >= spans[k][1]])
    label_v, role_v, war_v = (np.asarray(x, dtype=float) for x in (label_l, role_l, war_l))
    model_v = np.zeros(n)
    cue_sent = [""] * n
    if s_rows:
        vals, cues = scorer(s_texts, s_starts, s_ends, s_others)
        model_v[s_rows] = vals
        for r, c in zip(s_rows, cues, strict=False):
            cue_sent[r] = c
    war_w = float(lex.meta.get("sentiment", {}).get("war_cue_weight", 1.0))
    sent_v = np.clip(model_v + war_w * war_v, -1.0, 1.0)
    score, labels = combine(sent_v, label_v, role_v, lex)

    speakers = attribute_speakers(sentences, m)
    out = pd.DataFrame({
        "doc_id": m["doc_id"].astype(str),
        "source": m["doc_id"].map(dict(zip(corpus.docs["doc_id"], corpus.docs["source"], strict=False))).astype(str),
        "sent_id": m["sent_id"].astype(int),
        "actor": m["actor"].astype(str),
        "parent": m["parent"],
        "kind": m["kind"],
        "alias": m["alias"].astype(str),
        "start": m["start"].astype(int),
        "end": m["end"].astype(int),
        "sentiment": sent_v.round(6),
        "label_valence": label_v.round(6),
        "role": role,
        "counterpart": counterpart,
        "role_valence": role_v.round(6),
        "score": np.round(score, 6),
        "label": labels,
        # places' rows are dropped below unless scored: no cue string for them
        "cues": [_cues(*x) if k else "" for k, *x in zip(keep, cue_sent, cue_war, cue_label, cue_role, strict=False)],
        "quoted": speakers["quoted"].to_numpy(dtype=bool),
        "quote_kind": speakers["quote_kind"].astype(str),
        "speaker": speakers["speaker"].astype(str),
        "speaker_actor": speakers["speaker_actor"].astype(str),
    })
    out = out[keep].reset_index(drop=True)[STANCE_COLUMNS]
    # the dictionary that found the targets is part of how the table was made
    versions = dict(mentions.attrs.get("provenance", {}).get("data_versions", {}))
    versions["stance_lexicons"] = lex.version
    if sentiment is True:
        from ..sentiment import load_sentiment_model

        versions["sentiment_model"] = load_sentiment_model().version
    return attach_provenance(
        out,
        function="score_stance",
        params={"actors": actors, "mentions": mentions,
                "sentiment": sentiment, "places": places,
                "weights": lex.weights, "threshold": lex.threshold},
        corpus=corpus,
        data_versions=versions,
    )


def _cues(sent: str, war: str, label: str, role: str) -> str:
    parts = []
    if sent:
        parts.append(f"sentiment: {sent}")
    if war:
        parts.append(f"war: {war}")
    if label:
        parts.append(f"label: {label}")
    if role:
        parts.append(f"role: {role}")
    return " | ".join(parts)
