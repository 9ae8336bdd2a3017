"""Target-dependent sentiment: how a news sentence treats one actor it mentions.

The scorer answers, for a sentence and the character span of one *target* mention
in it, whether the sentence is negative, neutral or positive toward that target. It
is the ``sentiment`` component of stance. It is the average of two linear models (a
multinomial logistic regression and naive-Bayes-weighted one-vs-rest logistic
regressions) over hand-built sparse features, trained on NewsMTSC (Hamborg & Donnay,
EACL 2021); see ``data/README-sentiment.md`` for provenance and figures.

The target mention is always *masked* before anything is computed: the span is
replaced by a placeholder token, so the name an outlet chooses for an actor
("regime" or "government", "rebels" or "terrorists") cannot move that actor's
score. Other targets of the same sentence are left as they are in the shipped model
(a model trained with ``mask_others`` masks them by a second placeholder).

Features (all computed with the standard library, :mod:`numpy` and :mod:`scipy`):

- words and Porter stems of the masked sentence;
- the words at distance 1-3 to the left and right of the target, and
  distance-weighted bags of the left and right context, stems of an 8-token window
  by side and character 4-grams of a 6-token window;
- words and word pairs of the clause holding the target (clauses end at
  punctuation and at words such as *but*, *while*, *who*);
- a rough grammatical role (clause subject, agent after *by*, object) combined
  with the words around the target;
- VADER lexicon valences, extended by :data:`WAR_VALENCE` (negation scoped to three
  tokens), summed over the sentence, the clause, the left and the right context;
- position, quotation and count features.

Weights ship as plain arrays (``data/sentiment_model.npz``) plus a JSON vocabulary
(``data/sentiment_model.json``); nothing is unpickled.

Many targets are scored as a batch: each distinct masked sentence once, each sentence tokenised
once for all its targets, and features and cues made with :mod:`numpy` for ``_CHUNK`` sentences
at a time from columns looked up once per distinct token. The row-by-row code (``_features``
here, used by ``scripts/train_sentiment.py``; ``_row_cues`` in ``tests/test_sentiment_batch.py``) is the
specification; the tests check the batch equals it bit for bit.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .provenance import attach_provenance

__all__ = [
    "SENTIMENT_LABELS",
    "WAR_VALENCE",
    "SentimentModel",
    "load_sentiment_model",
    "predict_proba",
    "predict_with_cues",
    "score_targets",
]

#: Class order of every probability array: column 0 negative, 1 neutral, 2 positive.
SENTIMENT_LABELS: tuple[str, str, str] = ("negative", "neutral", "positive")

_TARGET = "qqtargetqq"
_OTHER = "qqotherqq"
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[^\sa-z0-9]")
_DIGITS = re.compile(r"\d")
_QUOTES = frozenset({'"', "“", "”", "«", "»"})
_BOUNDARY_PUNCT = frozenset({",", ";", ":", "(", ")", "—", "–", ".", "?", "!", "[", "]"}) | _QUOTES
_BOUNDARY_WORDS = frozenset(
    "but while although though whereas because since who whom whose which after before "
    "when where until unless if and or as despite".split()
)
_DETERMINERS = frozenset(
    "the a an this that these those his her its their our my your some many several all both "
    "former new top senior of s ' 's".split()
)
_NEGATIONS = frozenset(
    "not no never none nobody nothing neither nor without cannot n't nt dont didnt doesnt isnt "
    "wasnt werent arent cant couldnt wont wouldnt shouldnt hasnt havent hadnt".split()
)
_FEATURE_VERSION = 4

#: Valences (VADER's -4..4 scale) of war-reporting words that VADER's lexicon lacks; added to it
#: (never overriding VADER) before featurising. Hand-made for this library; version with the model.
WAR_VALENCE: dict[str, float] = {
    **dict.fromkeys(
        "execute executed executes executing execution executions behead beheaded beheads beheading "
        "beheadings massacre massacred massacres slaughter slaughtered slaughtering atrocity atrocities "
        "genocide genocidal torturing shelled shelling bombed bombing bombings bombard bombarded "
        "bombardment airstrike airstrikes besieged siege starved starving gassed barbaric brutal "
        "brutality brutally abducted abduct kidnap kidnapped kidnapping hostage hostages enslaved "
        "persecuted persecution raped massacring looted looting ransacked razed destroyed "
        "displaced slain maimed wounded casualties "
        "crackdown".split(),
        -2.0,
    ),
    **dict.fromkeys(
        "liberate liberated liberates liberating liberation freed reclaimed recaptured retook "
        "rebuild rebuilt reconstruction ceasefire truce humanitarian evacuated sheltered".split(),
        1.5,
    ),
}


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, float]:
    """VADER's word valences (divided by 4, so within [-1, 1]), loaded once."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    lex = {w: float(v) for w, v in SentimentIntensityAnalyzer().lexicon.items() if " " not in w}
    for w, v in WAR_VALENCE.items():
        lex.setdefault(w, v)
    return {w: v / 4.0 for w, v in lex.items()}


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    from nltk.stem import PorterStemmer

    return PorterStemmer()


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """Porter stem of a lower-case token (cached)."""
    return _stemmer().stem(word)


def _mask_pieces(
    text: str, start: int, end: int, others: Sequence[tuple[int, int]] = ()
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The text around the masked spans and the placeholder of each span: what :func:`_mask` joins."""
    spans = [(int(start), int(end), _TARGET)]
    for s, e in others:
        s, e = int(s), int(e)
        if e <= s or (s < end and e > start):
            continue
        spans.append((s, e, _OTHER))
    spans.sort()
    texts = []
    marks = []
    pos = 0
    for s, e, tok in spans:
        if s < pos:  # overlapping others: keep the first
            continue
        texts.append(text[pos:s])
        marks.append(tok)
        pos = e
    texts.append(text[pos:])
    return tuple(texts), tuple(marks)


def _join_pieces(texts: Sequence[str], marks: Sequence[str]) -> str:
    out = [texts[0]]
    for mark, tx in zip(marks, texts[1:], strict=True):
        out.append(f" {mark} ")
        out.append(tx)
    return "".join(out)


def _mask(text: str, start: int, end: int, others: Sequence[tuple[int, int]] = ()) -> str:
    """Replace the target span by ``_TARGET`` and non-overlapping other spans by ``_OTHER``."""
    return _join_pieces(*_mask_pieces(text, start, end, others))


def _tokens(masked: str) -> list[str]:
    low = masked.lower().replace("’", "'").replace("‘", "'")
    toks = _TOKEN.findall(low)
    if _DIGITS.search(low) is None:
        return toks
    return [t if t.isalpha() else _DIGITS.sub("0", t) for t in toks]  # letters hold no digit


#: what :func:`_context` returns: tokens, target index, valences, clause start and end, role
_Context = tuple[list[str], int, list[float], int, int, str]


def _context(masked: str) -> _Context:
    """Tokens, target index, negation-scoped lexicon valences, clause bounds and role of the target."""
    toks = _tokens(masked)
    return _context_of(toks, _valences(toks))


def _contexts(pieces: Sequence[tuple[tuple[str, ...], tuple[str, ...]]]) -> list[_Context]:
    """:func:`_context` of many masked sentences given as :func:`_mask_pieces`.

    The targets of one sentence, masked with the same spans, differ only in which placeholder stands
    where: the sentence is tokenised and its valences found once (placeholders are neither lexicon
    words nor negations, so they do not change a valence). The tokens equal those of the joined
    string: a placeholder is set off by spaces, which no token crosses.
    """
    known: dict[tuple[str, ...], tuple[list[str], list[int], list[float]]] = {}
    out = []
    for texts, marks in pieces:
        base = known.get(texts)
        if base is None:
            toks: list[str] = []
            slots: list[int] = []
            for k, tx in enumerate(texts):
                if k:
                    slots.append(len(toks))
                    toks.append(_OTHER)
                toks.extend(_tokens(tx))
            base = known[texts] = (toks, slots, _valences(toks))
        toks, slots, val = base
        toks = toks.copy()
        for slot, mark in zip(slots, marks, strict=True):
            toks[slot] = mark
        out.append(_context_of(toks, val))
    return out


#: distinct masked sentences featurised together: bounds the memory of a large call and keeps arrays in cache
_CHUNK = 2048


def _chunks(pieces: Sequence[tuple[tuple[str, ...], tuple[str, ...]]]) -> Iterator[list[_Context]]:
    """:func:`_contexts` of ``pieces``, ``_CHUNK`` at a time (at least one chunk, maybe empty)."""
    for k in range(0, max(len(pieces), 1), _CHUNK):
        yield _contexts(pieces[k : k + _CHUNK])


def _valences(toks: list[str]) -> list[float]:
    """Lexicon valence of each token, negated when one of the three tokens before it is a negation."""
    lex = _lexicon()
    val = [0.0] * len(toks)
    for i, w in enumerate(toks):
        v = lex.get(w)
        if v is not None:
            for j in range(max(0, i - 3), i):
                if toks[j] in _NEGATIONS:
                    v = -0.74 * v
                    break
            val[i] = v
    return val


def _context_of(toks: list[str], val: list[float]) -> _Context:
    """:func:`_context` from the tokens and their :func:`_valences` (``toks`` may be changed)."""
    try:
        t = toks.index(_TARGET)
    except ValueError:  # empty span or whitespace-only text: score the sentence alone
        toks.insert(0, _TARGET)
        val = [0.0, *val]  # no valence for the placeholder; it is no negation either
        t = 0
    n = len(toks)
    # clause holding the target
    cs = t
    while cs > 0 and toks[cs - 1] not in _BOUNDARY_PUNCT and toks[cs - 1] not in _BOUNDARY_WORDS:
        cs -= 1
    ce = t + 1
    while ce < n and toks[ce] not in _BOUNDARY_PUNCT and (toks[ce] not in _BOUNDARY_WORDS or ce == t + 1):
        ce += 1
    # rough role of the target in its clause
    if t > 0 and toks[t - 1] == "by":
        role = "agent"
    elif all(w in _DETERMINERS for w in toks[cs:t]):
        role = "subj"
    else:
        role = "obj"
    return toks, t, val, cs, ce, role


def _features(masked: str) -> tuple[list[str], list[float]]:
    """Feature names and values for one masked sentence (the target is ``_TARGET``)."""
    return _context_features(_context(masked))


def _context_features(ctx: _Context) -> tuple[list[str], list[float]]:
    """Feature names and values from the :func:`_context` of a masked sentence."""
    toks, t, val, cs, ce, role = ctx
    n = len(toks)
    names: list[str] = []
    vals: list[float] = []
    add_n = names.append
    add_v = vals.append

    # sentence bag of words and pairs (set semantics)
    seen = set()
    for w in toks:
        if w not in seen:
            seen.add(w)
            add_n("u:" + w)
            add_v(1.0)
    for w in {_stem(w) for w in toks}:
        add_n("su:" + w)
        add_v(1.0)

    # fixed positions around the target
    for d in (1, 2, 3):
        i = t - d
        add_n(f"l{d}:" + (toks[i] if i >= 0 else "<s>"))
        add_v(1.0)
        i = t + d
        add_n(f"r{d}:" + (toks[i] if i < n else "</s>"))
        add_v(1.0)
    add_n("lr:" + (toks[t - 1] if t > 0 else "<s>") + "_" + (toks[t + 1] if t + 1 < n else "</s>"))
    add_v(1.0)
    if t + 2 < n:
        add_n("r12:" + toks[t + 1] + "_" + toks[t + 2])
        add_v(1.0)
    if t >= 2:
        add_n("l21:" + toks[t - 2] + "_" + toks[t - 1])
        add_v(1.0)

    # distance-weighted left and right windows
    lo = max(0, t - 10)
    for i in range(lo, t):
        add_n("L:" + toks[i])
        add_v(1.0 / (1.0 + 0.25 * (t - i - 1)))
    hi = min(n, t + 11)
    for i in range(t + 1, hi):
        add_n("R:" + toks[i])
        add_v(1.0 / (1.0 + 0.25 * (i - t - 1)))

    # stems of an 8-token window by side; character 4-grams of a 6-token window
    for i in range(max(0, t - 8), min(n, t + 9)):
        if i != t:
            add_n(("stL:" if i < t else "stR:") + _stem(toks[i]))
            add_v(1.0)
    for i in range(max(0, t - 6), min(n, t + 7)):
        w = toks[i]
        if i != t and len(w) > 3:
            w = "<" + w + ">"
            for k in range(len(w) - 3):
                add_n("ch:" + w[k : k + 4])
                add_v(0.5)

    # clause holding the target
    clause = toks[cs:ce]
    for w in set(clause):
        add_n("c:" + w)
        add_v(1.0)
    for a, b in pairwise(clause):
        add_n("cb:" + a + "_" + b)
        add_v(1.0)

    # rough role of the target in its clause
    add_n("role:" + role)
    add_v(1.0)
    if role == "obj":
        for i in range(max(cs, t - 4), t):
            add_n("oL:" + toks[i])
            add_v(1.0)
    else:
        for i in range(t + 1, min(ce, t + 5)):
            add_n(role[0] + "R:" + toks[i])
            add_v(1.0)

    # lexicon aggregates
    def _pn(a: int, b: int) -> tuple[float, float]:
        p = q = 0.0
        for v in val[a:b]:
            if v > 0:
                p += v
            elif v < 0:
                q -= v
        return p, q

    sp_, sn_ = _pn(0, n)
    cp, cn = _pn(cs, ce)
    lp, ln = _pn(lo, t)
    rp, rn = _pn(t + 1, hi)
    wsum = 0.0
    for i in range(n):
        if val[i]:
            wsum += val[i] / (1.0 + 0.3 * abs(i - t))
    for k, v in (
        ("#sp", sp_),
        ("#sn", sn_),
        ("#cp", cp),
        ("#cn", cn),
        ("#lp", lp),
        ("#ln", ln),
        ("#rp", rp),
        ("#rn", rn),
        ("#wsum", wsum),
        ("#sent", (sp_ - sn_) / (abs(sp_ - sn_) + 1.0)),
        ("#clause", (cp - cn) / (abs(cp - cn) + 1.0)),
        (f"#{role}p", cp),
        (f"#{role}n", cn),
    ):
        add_n(k)
        add_v(v)
    # lexicon words in the clause, by side and role
    for i in range(cs, ce):
        if val[i]:
            add_n(("cl<:" if i < t else "cl>:") + role + ":" + ("+" if val[i] > 0 else "-"))
            add_v(abs(val[i]))

    # position, quotation, count
    nq = sum(1 for w in toks[:t] if w in _QUOTES)
    add_n("#inquote")
    add_v(float(nq % 2 == 1 and any(w in _QUOTES for w in toks[t + 1 :])))
    add_n("#first")
    add_v(float(t == 0))
    add_n("#relpos")
    add_v(t / max(n - 1, 1))
    add_n("#nother")
    add_v(float(min(toks.count(_OTHER), 4)))
    add_n("#ntok")
    add_v(min(n, 80) / 40.0)
    return names, vals


# Per-token feature columns, in this order (``_TOKEN_FIELDS[k]`` + ":" + token, or + stem for the st fields).
_TOKEN_FIELDS = ("u", "su", "L", "R", "stL", "stR", "c", "oL", "sR", "aR", "l1", "l2", "l3", "r1", "r2", "r3")
_F = {f: k for k, f in enumerate(_TOKEN_FIELDS)}
_STEM_FIELDS = frozenset({"su", "stL", "stR"})
_ROLES = ("subj", "obj", "agent")
_SUMMARY_FEATURES = (
    "#sp", "#sn", "#cp", "#cn", "#lp", "#ln", "#rp", "#rn", "#wsum", "#sent", "#clause",
    "#inquote", "#first", "#relpos", "#nother", "#ntok",
)


def _runs(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct values of a sorted array, and for each element the index of its value among them.

    (``np.unique`` hashes or sorts again; the arrays here are sorted already or sorted once by the caller.)
    """
    new = np.ones(len(a), dtype=bool)
    np.not_equal(a[1:], a[:-1], out=new[1:])
    return a[new], np.cumsum(new) - 1


def _group(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct values of ``a`` (sorted) and the index of each element's value among them."""
    order = np.argsort(a)
    values, run = _runs(a[order])
    inverse = np.empty(len(a), dtype=np.int64)
    inverse[order] = run
    return values, inverse


def _run_sums(run: np.ndarray, x: np.ndarray) -> np.ndarray:
    """For each element, the Python ``sum()`` of ``x`` over its run of equal ``run`` values (as
    the tests' reference ``_row_cues`` sums; since Python 3.12 ``sum`` of floats is compensated, unlike
    ``np.bincount``)."""
    cut = [0, *(np.flatnonzero(np.diff(run)) + 1).tolist(), len(x)]
    values = x.tolist()
    return np.repeat([sum(values[a:b]) for a, b in pairwise(cut)], np.diff(cut))


def _top_candidates(start: np.ndarray, x: np.ndarray, k: int) -> np.ndarray:
    """Mask of the elements of ``x`` not below the ``k``-th largest distinct value of their run (runs of
    ``x`` begin at ``start``): a superset of every run's ``k`` largest, so ranking them alone is enough."""
    run = np.repeat(np.arange(len(start)), np.diff(np.append(start, len(x))))
    left = x.copy()
    floor = np.full(len(start), -np.inf)
    for _ in range(k):
        floor = np.maximum.reduceat(left, start)
        left[left >= floor[run]] = -np.inf
    return x >= floor[run]


def _spans(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row and position of every position in ``[lo, hi)`` of each row (none where ``hi <= lo``), in order."""
    count = np.maximum(hi - lo, 0)
    row = np.repeat(np.arange(len(lo)), count)
    pos = np.repeat(lo - (np.cumsum(count) - count), count) + np.arange(len(row))
    return row, pos


def _expand(ptr: np.ndarray, flat: np.ndarray, which: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Items ``flat[ptr[w]:ptr[w + 1]]`` of each ``w`` in ``which``, in order, with the index into ``which``."""
    count = ptr[which + 1] - ptr[which]
    owner = np.repeat(np.arange(len(which)), count)
    at = np.repeat(ptr[which] - (np.cumsum(count) - count), count) + np.arange(len(owner))
    return owner, flat[at]


@dataclass
class _Batch:
    """Distinct masked sentences of one call, tokens numbered, as flat arrays (see :meth:`_Featuriser.batch`)."""

    types: list[str]  # distinct tokens of the batch, numbered in order of appearance
    tok: np.ndarray  # token number of every token, sentence after sentence
    val: np.ndarray  # its (negation-scoped) valence
    off: np.ndarray  # first token of each sentence in ``tok``
    n: np.ndarray  # tokens per sentence
    t: np.ndarray  # target index
    cs: np.ndarray  # clause start
    ce: np.ndarray  # clause end (exclusive)
    role: np.ndarray  # index in _ROLES
    dens: np.ndarray  # (|sum of valences| + 1) ** 2 over the sentence and over the clause, shape (rows, 2)
    extra: tuple[np.ndarray, np.ndarray, np.ndarray]  # (row, column, value) of the features made row by row


class _Featuriser:
    """The feature columns of a model looked up once per distinct token, so that :meth:`matrix` builds the
    features of many sentences with numpy; same matrix as :func:`_context_features`, row by row."""

    _MAX_TOKENS = 1 << 16  # remembered tokens, about 50 MB at most (a streamed corpus keeps meeting new ones)

    def __init__(self, m: SentimentModel) -> None:
        self.index = m.index
        self.n_cols = len(m.vocabulary)
        self.cue = _cue_columns(m)
        get = m.index.get
        self.edge = np.array([get(f"{f}:" + ("<s>" if f[0] == "l" else "</s>"), -1) for f in _TOKEN_FIELDS])
        self.role_col = np.array([get("role:" + r, -1) for r in _ROLES])
        self.named = {k: get(k, -1) for k in _SUMMARY_FEATURES}
        self.role_sums = np.array([[get(f"#{r}{x}", -1) for x in "pn"] for r in _ROLES])
        #: column of a lexicon word in the clause, by side (left, right), role and sign (+, -)
        self.clause_words = np.array(
            [[[get(f"cl{side}:{r}:{x}", -1) for x in "+-"] for r in _ROLES] for side in "<>"]
        )
        self._known: dict[str, tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]] = {}

    def token(self, tok: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
        """Columns of ``tok`` by :data:`_TOKEN_FIELDS` (-1: none) plus its cue stem number; its gram columns
        (in order, repeated as in the word) and its distinct gram columns."""
        rec = self._known.get(tok)
        if rec is None:
            get = self.index.get
            st = _stem(tok)
            cols = tuple(get(f + ":" + (st if f in _STEM_FIELDS else tok), -1) for f in _TOKEN_FIELDS)
            grams: tuple[int, ...] = ()
            if len(tok) > 3:
                w = "<" + tok + ">"
                grams = tuple(j for j in (get("ch:" + w[k : k + 4]) for k in range(len(w) - 3)) if j is not None)
            if len(self._known) >= self._MAX_TOKENS:
                self._known.clear()
            rec = self._known[tok] = ((*cols, self.cue.stem_ids.get(st, -1)), grams, tuple(dict.fromkeys(grams)))
        return rec

    def batch(self, contexts: Sequence[_Context]) -> _Batch:
        """Number the tokens of the sentences and look up their word-pair features, row by row."""
        get = self.index.get
        ids: dict[str, int] = {}
        tok: list[int] = []
        val: list[float] = []
        rows: list[tuple[int, int, int, int, int, int]] = []
        dens: list[tuple[float, float]] = []
        ex_row: list[int] = []
        ex_col: list[int] = []
        for r, ctx in enumerate(contexts):
            toks, t, v, cs, ce, role = ctx
            rows.append((len(tok), len(toks), t, cs, ce, _ROLES.index(role)))
            tok.extend([ids.setdefault(w, len(ids)) for w in toks])
            val.extend(v)
            dens.append(((abs(sum(v)) + 1.0) ** 2, (abs(sum(v[cs:ce])) + 1.0) ** 2))
            for name in _row_features(ctx):
                j = get(name)
                if j is not None:
                    ex_row.append(r)
                    ex_col.append(j)
        off, n, t_, cs_, ce_, role_ = np.array(rows, dtype=np.int64).reshape(-1, 6).T
        extra = (np.asarray(ex_row, dtype=np.int64), np.asarray(ex_col, dtype=np.int64), np.ones(len(ex_row)))
        return _Batch(list(ids), np.asarray(tok, dtype=np.int64), np.asarray(val, dtype=np.float64),
                      off, n, t_, cs_, ce_, role_, np.array(dens, dtype=np.float64).reshape(-1, 2), extra)

    def _summaries(self, b: _Batch) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Lexicon sums, lexicon words of the clause, quotation and position features of every row.

        Sums run over the lexicon words of a row in token order (``np.bincount`` adds in input order),
        as the loops of :func:`_context_features` do, so they are bitwise the same.
        """
        n, t, cs, ce = b.n, b.t, b.cs, b.ce
        rows = len(n)
        tok_row = np.repeat(np.arange(rows), n)
        hit = np.flatnonzero(b.val)
        r = tok_row[hit]
        i = hit - b.off[r]
        v = b.val[hit]
        t_, cs_, ce_ = t[r], cs[r], ce[r]

        def total(where: np.ndarray, x: np.ndarray) -> np.ndarray:
            return np.bincount(r[where], weights=x[where], minlength=rows)

        regions = {
            "s": np.ones(len(hit), dtype=bool),
            "c": (cs_ <= i) & (i < ce_),
            "l": (np.maximum(0, t_ - 10) <= i) & (i < t_),
            "r": (t_ + 1 <= i) & (i < np.minimum(n[r], t_ + 11)),
        }
        sums = {}
        for k, inside in regions.items():
            sums[f"#{k}p"] = total(inside & (v > 0), v)
            sums[f"#{k}n"] = total(inside & (v < 0), -v)  # q - v == q + (-v), exactly
        sums["#wsum"] = total(regions["s"], v / (1.0 + 0.3 * np.abs(i - t_)))
        d = sums["#sp"] - sums["#sn"]
        sums["#sent"] = d / (np.abs(d) + 1.0)
        d = sums["#cp"] - sums["#cn"]
        sums["#clause"] = d / (np.abs(d) + 1.0)
        # quotation: an odd number of quote marks before the target and one after it
        quote = np.array([w in _QUOTES for w in b.types], dtype=bool)[b.tok]
        pos = np.arange(len(b.tok)) - b.off[tok_row]
        before = np.bincount(tok_row[quote & (pos < t[tok_row])], minlength=rows)
        after = np.bincount(tok_row[quote & (pos > t[tok_row])], minlength=rows)
        sums["#inquote"] = ((before % 2 == 1) & (after > 0)).astype(np.float64)
        sums["#first"] = (t == 0).astype(np.float64)
        sums["#relpos"] = t / np.maximum(n - 1, 1)
        other = b.tok == (b.types.index(_OTHER) if _OTHER in b.types else -1)
        sums["#nother"] = np.minimum(np.bincount(tok_row[other], minlength=rows), 4).astype(np.float64)
        sums["#ntok"] = np.minimum(n, 80) / 40.0
        all_rows = np.arange(rows)
        out = []
        for k in ("#sp", "#sn", "#cp", "#cn", "#lp", "#ln", "#rp", "#rn", "#wsum", "#sent", "#clause"):
            out.append((all_rows, np.full(rows, self.named[k]), sums[k]))
        out.append((all_rows, self.role_sums[b.role, 0], sums["#cp"]))
        out.append((all_rows, self.role_sums[b.role, 1], sums["#cn"]))
        inside = regions["c"]
        side = (i >= t_).astype(np.int64)
        out.append((r[inside], self.clause_words[side, b.role[r], (v < 0).astype(np.int64)][inside], np.abs(v)[inside]))
        for k in ("#inquote", "#first", "#relpos", "#nother", "#ntok"):
            out.append((all_rows, np.full(rows, self.named[k]), sums[k]))
        return out

    def token_table(self, b: _Batch) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Per token number: columns (shape (types, fields + 1)), gram columns (pointer, flat), distinct grams."""
        recs = [self.token(w) for w in b.types]
        cols = np.array([r[0] for r in recs], dtype=np.int64).reshape(len(recs), len(_TOKEN_FIELDS) + 1)
        lens = np.array([len(r[1]) for r in recs], dtype=np.int64)
        dlens = np.array([len(r[2]) for r in recs], dtype=np.int64)
        gram_ptr = np.concatenate([[0], np.cumsum(lens)])
        dist_ptr = np.concatenate([[0], np.cumsum(dlens)])
        grams = np.fromiter((j for r in recs for j in r[1]), dtype=np.int64, count=int(gram_ptr[-1]))
        dist = np.fromiter((j for r in recs for j in r[2]), dtype=np.int64, count=int(dist_ptr[-1]))
        return cols, gram_ptr, grams, dist_ptr, dist

    def matrix(self, b: _Batch, table: tuple) -> sp.csr_matrix:
        """Un-normalised feature matrix of a batch: the features of :func:`_context_features`, each group in
        the order it makes them, so that a column met twice in a row sums in the same order."""
        cols, gram_ptr, grams, _dp, _d = table
        F = _F
        n, t, cs, ce, off = b.n, b.t, b.cs, b.ce, b.off
        parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        n_cols = self.n_cols

        def at(row: np.ndarray, pos: np.ndarray, field: int | np.ndarray) -> np.ndarray:
            return cols[b.tok[off[row] + pos], field]

        def once(row: np.ndarray, col: np.ndarray) -> None:  # set semantics: a column once per row
            key = _runs(np.sort(row[col >= 0] * n_cols + col[col >= 0]))[0]
            parts.append((key // n_cols, key % n_cols, np.ones(len(key))))

        # sentence bag of words and of stems
        row, pos = _spans(np.zeros_like(t), n)
        once(row, at(row, pos, F["u"]))
        once(row, at(row, pos, F["su"]))
        # fixed positions around the target (sentence edges past the ends)
        all_rows = np.arange(len(n))
        for d in (1, 2, 3):
            for f, i in ((f"l{d}", t - d), (f"r{d}", t + d)):
                inside = (i >= 0) & (i < n)
                col = np.full(len(n), self.edge[F[f]])
                col[inside] = at(all_rows[inside], i[inside], F[f])
                parts.append((all_rows, col, np.ones(len(n))))
        # distance-weighted left and right windows; stems of an 8-token window; 4-grams of a 6-token window
        row, pos = _spans(np.maximum(0, t - 10), t)
        parts.append((row, at(row, pos, F["L"]), 1.0 / (1.0 + 0.25 * (t[row] - pos - 1))))
        row, pos = _spans(t + 1, np.minimum(n, t + 11))
        parts.append((row, at(row, pos, F["R"]), 1.0 / (1.0 + 0.25 * (pos - t[row] - 1))))
        row, pos = _spans(np.maximum(0, t - 8), np.minimum(n, t + 9))
        keep = pos != t[row]
        row, pos = row[keep], pos[keep]
        parts.append((row, at(row, pos, np.where(pos < t[row], F["stL"], F["stR"])), np.ones(len(row))))
        row, pos = _spans(np.maximum(0, t - 6), np.minimum(n, t + 7))
        keep = pos != t[row]
        row, pos = row[keep], pos[keep]
        owner, col = _expand(gram_ptr, grams, b.tok[off[row] + pos])
        parts.append((row[owner], col, np.full(len(col), 0.5)))
        # words of the clause; words next to the target by role
        row, pos = _spans(cs, ce)
        once(row, at(row, pos, F["c"]))
        obj = b.role == _ROLES.index("obj")
        row, pos = _spans(np.where(obj, np.maximum(cs, t - 4), t + 1), np.where(obj, t, np.minimum(ce, t + 5)))
        field = np.array([F["sR"], F["oL"], F["aR"]])[b.role[row]]
        parts.append((row, at(row, pos, field), np.ones(len(row))))
        parts.append((all_rows, self.role_col[b.role], np.ones(len(n))))
        parts += self._summaries(b)
        parts.append(b.extra)

        # sum a column met more than once in a row in the order met (a stable sort keeps that order)
        row = np.concatenate([p[0] for p in parts])
        col = np.concatenate([p[1] for p in parts])
        x = np.concatenate([p[2] for p in parts]).astype(np.float64)
        keep = (col >= 0) & (x != 0)
        key = row[keep] * n_cols + col[keep]
        order = np.argsort(key, kind="stable")
        key, inv = _runs(key[order])
        data = np.bincount(inv, weights=x[keep][order], minlength=len(key))
        indptr = np.concatenate([[0], np.cumsum(np.bincount(key // n_cols, minlength=len(n)))])
        return sp.csr_matrix((data, key % n_cols, indptr), shape=(len(n), n_cols))


def _row_features(ctx: _Context) -> list[str]:
    """The word-pair features of :func:`_context_features` (value 1): around the target and in its clause."""
    toks, t, _val, cs, ce, _role = ctx
    n = len(toks)
    out = ["lr:" + (toks[t - 1] if t > 0 else "<s>") + "_" + (toks[t + 1] if t + 1 < n else "</s>")]
    if t + 2 < n:
        out.append("r12:" + toks[t + 1] + "_" + toks[t + 2])
    if t >= 2:
        out.append("l21:" + toks[t - 2] + "_" + toks[t - 1])
    out += ["cb:" + a + "_" + b for a, b in pairwise(toks[cs:ce])]
    return out


def _as_others(others: Any, n: int) -> list[Sequence[tuple[int, int]]]:
    if others is None:
        return [()] * n
    out = list(others)
    if len(out) != n:
        raise ValueError(f"other_spans has {len(out)} entries for {n} targets")
    return out


def _pieces(
    texts: Sequence[Any], starts: Sequence[int], ends: Sequence[int], others: Sequence[Sequence[tuple[int, int]]]
) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    return [_mask_pieces(str(tx), s, e, o) for tx, s, e, o in zip(texts, starts, ends, others, strict=True)]


def _dedupe(pieces: list[tuple[tuple[str, ...], tuple[str, ...]]]) -> tuple[list[int], np.ndarray | None]:
    """Index of the first of each distinct masked sentence and the number of each input among them
    (``None``: all distinct).

    A row's features, probabilities and cues depend on its masked sentence only, and a sentence is
    sometimes scored more than once (repeated wire copy, a target listed twice), so each is computed once.
    """
    seen: dict[tuple[tuple[str, ...], tuple[str, ...]], int] = {}
    firsts: list[int] = []
    inverse: list[int] = []
    for k, p in enumerate(pieces):
        j = seen.setdefault(p, len(firsts))  # equal pieces: equal masked sentence
        if j == len(firsts):
            firsts.append(k)
        inverse.append(j)
    if len(firsts) == len(pieces):
        return firsts, None
    return firsts, np.asarray(inverse, dtype=np.intp)


class SentimentModel:
    """A trained linear target-sentiment model rebuilt from plain arrays.

    Parameters
    ----------
    vocabulary : sequence of str
        Feature names, in column order.
    coef : numpy.ndarray
        Weights, shape ``(3, n_features)``, rows in :data:`SENTIMENT_LABELS` order.
    intercept : numpy.ndarray
        Biases, shape ``(3,)``.
    scale : numpy.ndarray
        Per-feature multiplier applied before the L2 normalisation, shape ``(n_features,)``.
    meta : dict
        Metadata: ``version``, training data, hyper-parameters, figures.

    Examples
    --------
    >>> m = load_sentiment_model()
    >>> m.coef.shape[0], len(m.vocabulary) == m.coef.shape[1]
    (3, True)
    >>> p = m.predict_proba_matrix(m.transform(["Militants executed civilians."], [0], [9]))
    >>> p.shape
    (1, 3)
    """

    def __init__(
        self,
        vocabulary: Sequence[str],
        coef: np.ndarray,
        intercept: np.ndarray,
        scale: np.ndarray,
        meta: dict[str, Any] | None = None,
        coef_ovr: np.ndarray | None = None,
        intercept_ovr: np.ndarray | None = None,
    ) -> None:
        self.vocabulary = list(vocabulary)
        self.index = {w: i for i, w in enumerate(self.vocabulary)}
        self.coef = np.asarray(coef, dtype=np.float64)
        self.intercept = np.asarray(intercept, dtype=np.float64)
        self.scale = np.asarray(scale, dtype=np.float64)
        self.meta = dict(meta or {})
        self.version = str(self.meta.get("version", "unversioned"))
        self.mask_others = bool(self.meta.get("mask_others", False))
        fv = self.meta.get("feature_version", _FEATURE_VERSION)
        if fv != _FEATURE_VERSION:
            raise ValueError(f"model has feature version {fv}, this code makes {_FEATURE_VERSION}")
        dense = np.array([w.startswith("#") for w in self.vocabulary], dtype=bool)
        self._sparse_cols = ~dense
        self.coef_ovr = None if coef_ovr is None else np.asarray(coef_ovr, dtype=np.float64)
        self.intercept_ovr = None if intercept_ovr is None else np.asarray(intercept_ovr, dtype=np.float64)
        self.ovr_weight = float(self.meta.get("ovr_weight", 0.5)) if coef_ovr is not None else 0.0
        heads = [self.coef] if self.coef_ovr is None else [self.coef, self.coef_ovr]
        self._coef_t = np.vstack(heads).T.copy()
        #: weight of each feature toward positive minus negative, for ``cues``
        self.polarity_weight = (1 - self.ovr_weight) * (self.coef[2] - self.coef[0])
        if self.coef_ovr is not None:
            self.polarity_weight += self.ovr_weight * (self.coef_ovr[2] - self.coef_ovr[0])

    def transform(
        self,
        texts: Sequence[str],
        starts: Sequence[int],
        ends: Sequence[int],
        other_spans: Sequence[Sequence[tuple[int, int]]] | None = None,
        mask_others: bool | None = None,
    ) -> sp.csr_matrix:
        """Feature matrix (CSR, ``(n, n_features)``) of the masked targets.

        ``mask_others`` (default: as the model was trained) replaces ``other_spans``
        by a second placeholder; the stance scorer forces it so that names and
        counterpart nouns ("terrorists") cannot carry their weight into sentiment.
        """
        n = len(texts)
        if not (len(starts) == n and len(ends) == n):
            raise ValueError("texts, starts and ends must have the same length")
        mask = self.mask_others if mask_others is None else mask_others
        pieces = _pieces(texts, starts, ends, _as_others(other_spans if mask else None, n))
        firsts, inverse = _dedupe(pieces)
        parts = [self._matrix(ctx) for ctx in _chunks([pieces[k] for k in firsts])]
        X = parts[0] if len(parts) == 1 else sp.vstack(parts, format="csr")
        return X if inverse is None else X[inverse]

    def _matrix(self, contexts: Sequence[_Context]) -> sp.csr_matrix:
        """Normalised feature matrix, one row per :func:`_context`."""
        return self._featurise(contexts)[0]

    def _featurise(self, contexts: Sequence[_Context]) -> tuple[sp.csr_matrix, _Batch, tuple]:
        """Normalised feature matrix of the contexts, with the batch and token table :func:`_cues` reuses."""
        f = _featuriser(self)
        batch = f.batch(contexts)
        table = f.token_table(batch)
        return _normalise(f.matrix(batch, table), self.scale, self._sparse_cols), batch, table

    def predict_proba_matrix(self, X: sp.csr_matrix) -> np.ndarray:
        """Class probabilities from a feature matrix made by :meth:`transform`."""
        zz = np.asarray(X @ self._coef_t)
        z = zz[:, :3] + self.intercept
        z -= z.max(axis=1, keepdims=True)
        np.exp(z, out=z)
        z /= z.sum(axis=1, keepdims=True)
        if self.coef_ovr is None:
            return z
        # one-vs-rest heads (NB-weighted logistic regressions): sigmoids normalised to sum to 1
        q = 1.0 / (1.0 + np.exp(-(zz[:, 3:] + self.intercept_ovr)))
        q /= q.sum(axis=1, keepdims=True)
        return (1.0 - self.ovr_weight) * z + self.ovr_weight * q


def _normalise(X: sp.csr_matrix, scale: np.ndarray, sparse_cols: np.ndarray) -> sp.csr_matrix:
    """Scale columns, then L2-normalise the non-``#`` columns of each row (in place on a copy)."""
    X = sp.csr_matrix(X, dtype=np.float64, copy=True)
    X.sort_indices()
    X.data *= scale[X.indices]
    is_sparse = sparse_cols[X.indices]
    sq = np.where(is_sparse, X.data**2, 0.0)
    rows = np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))
    norms = np.sqrt(np.bincount(rows, weights=sq, minlength=X.shape[0]))
    norms[norms == 0] = 1.0
    X.data = np.where(is_sparse, X.data / norms[rows], X.data)
    return X


def _read_model_files(npz_bytes: bytes, meta_text: str) -> SentimentModel:
    meta = json.loads(meta_text)
    with np.load(io.BytesIO(npz_bytes), allow_pickle=False) as z:
        coef, intercept, scale = z["coef"], z["intercept"], z["scale"]
        coef_ovr = z["coef_ovr"] if "coef_ovr" in z.files else None
        intercept_ovr = z["intercept_ovr"] if "intercept_ovr" in z.files else None
    vocab = meta.pop("vocabulary")
    return SentimentModel(vocab, coef, intercept, scale, meta, coef_ovr, intercept_ovr)


@lru_cache(maxsize=1)
def load_sentiment_model() -> SentimentModel:
    """Load the shipped model once (cached).

    Returns
    -------
    SentimentModel
        The model in ``mideast_corpus/data/sentiment_model.{npz,json}``.

    Examples
    --------
    >>> m = load_sentiment_model()
    >>> m.coef.shape[0]
    3
    """
    base = resources.files("mideast_corpus") / "data"
    npz = (base / "sentiment_model.npz").read_bytes()
    meta = (base / "sentiment_model.json").read_text(encoding="utf-8")
    return _read_model_files(npz, meta)


def predict_proba(
    texts: Sequence[str],
    starts: Sequence[int],
    ends: Sequence[int],
    other_spans: Sequence[Sequence[tuple[int, int]]] | None = None,
    *,
    model: SentimentModel | None = None,
) -> np.ndarray:
    """Probabilities of negative, neutral and positive sentiment toward many targets.

    Parameters
    ----------
    texts : sequence of str
        One sentence per target (repeat a sentence for each of its targets).
    starts, ends : sequence of int
        Character span of each target mention in its sentence (``end`` exclusive).
    other_spans : sequence of sequences of (int, int), optional
        For each target, spans of the *other* targets of its sentence; a model trained
        with ``mask_others`` masks them by a second placeholder, the shipped model
        ignores them. Leave out when unknown.
    model : SentimentModel, optional
        Defaults to the shipped model.

    Returns
    -------
    numpy.ndarray
        Shape ``(n, 3)``, columns in :data:`SENTIMENT_LABELS` order, rows summing to 1.

    Examples
    --------
    >>> p = predict_proba(["Militants executed dozens of civilians."], [0], [9])
    >>> p.shape, bool(abs(p.sum() - 1) < 1e-9)
    ((1, 3), True)
    """
    m = model or load_sentiment_model()
    if len(texts) == 0:
        return np.zeros((0, 3))
    return m.predict_proba_matrix(m.transform(texts, starts, ends, other_spans))


_LEX_SUM = {"#sp": (0, 1), "#sn": (0, -1), "#cp": (1, 1), "#cn": (1, -1), "#lp": (2, 1), "#ln": (2, -1)}
_LEX_SUM |= {"#rp": (3, 1), "#rn": (3, -1)}
_LEX_SUM |= {f"#{r}{x}": (1, 1 if x == "p" else -1) for r in ("subj", "obj", "agent") for x in "pn"}
_STRUCTURAL = {"#inquote": "[in quotes]", "#first": "[starts sentence]", "#relpos": "[position]"}
_STRUCTURAL |= {"#nother": "[other targets]", "#ntok": "[length]"}


def _show(tok: str) -> str:
    return {_TARGET: "TARGET", _OTHER: "OTHER"}.get(tok, tok)


# How the vectorised cues credit a feature column to words; each kind is one branch of the row-by-row
# reference in tests/test_sentiment_batch.py (_row_cues).
_FIXED, _LEXSUM, _WSUM, _SENT, _CLAUSE, _CLSIDE, _STEM, _GRAM = range(8)
_KIND_OF = {"#wsum": _WSUM, "#sent": _SENT, "#clause": _CLAUSE}


class _CueColumns:
    """Per feature column of a model: the kind of credit (``_FIXED`` ...) and what it needs.

    ``key`` is the word credited by a ``_FIXED`` column (and the fallback of a stem or gram column
    whose words are not in the sentence); ``region``/``sign`` select the valences summed by
    ``_LEXSUM`` and ``_CLSIDE`` columns; ``stem_ids`` numbers the stems of ``su``/``stL``/``stR`` columns
    and ``stem_cols`` gives the three columns of each stem.
    """

    def __init__(self, m: SentimentModel) -> None:
        n = len(m.vocabulary)
        kind = np.full(n, _FIXED, dtype=np.int8)
        region = np.zeros(n, dtype=np.int8)
        sign = np.zeros(n, dtype=np.int8)
        stem = np.full(n, -1, dtype=np.int64)
        self.key: list[str] = [""] * n
        self.stem_ids: dict[str, int] = {}
        for j, name in enumerate(m.vocabulary):
            head, _, rest = name.partition(":")
            if name in _LEX_SUM:
                kind[j] = _LEXSUM
                region[j], sign[j] = _LEX_SUM[name]
            elif name in _KIND_OF:
                kind[j] = _KIND_OF[name]
            elif name.startswith("#"):
                self.key[j] = _STRUCTURAL.get(name, name)
            elif head in ("cl<", "cl>"):
                kind[j] = _CLSIDE
                region[j] = 0 if head == "cl<" else 1
                sign[j] = 1 if rest.endswith("+") else -1
            elif head in ("su", "stL", "stR"):
                kind[j] = _STEM
                stem[j] = self.stem_ids.setdefault(rest, len(self.stem_ids))
                self.key[j] = _show(rest)
            elif head == "ch":
                kind[j] = _GRAM
                self.key[j] = _show(rest)
            elif head == "role":
                self.key[j] = f"[{rest}]"
            elif "_" in rest and head in ("cb", "lr", "r12", "l21"):
                self.key[j] = " ".join(_show(p) for p in rest.split("_"))
            else:
                self.key[j] = _show(rest)
        self.kind, self.region, self.sign = kind, region, sign
        #: distinct credited labels of the columns, numbered; the label number of each column
        self.key_names = list(dict.fromkeys(self.key))
        self.key_id = {k: i for i, k in enumerate(self.key_names)}
        self.col_key = np.array([self.key_id[k] for k in self.key], dtype=np.int64)
        #: the su, stL and stR column of each stem number (-1: not in the vocabulary)
        self.stem_cols = np.full((max(len(self.stem_ids), 1), 3), -1, dtype=np.int64)
        for j in np.flatnonzero(kind == _STEM).tolist():
            self.stem_cols[stem[j], ("su", "stL", "stR").index(m.vocabulary[j].partition(":")[0])] = j
        self.w = m.polarity_weight
        self.w_scaled = m.polarity_weight * m.scale


@lru_cache(maxsize=4)
def _cue_columns(m: SentimentModel) -> _CueColumns:
    return _CueColumns(m)


@lru_cache(maxsize=4)
def _featuriser(m: SentimentModel) -> _Featuriser:
    return _Featuriser(m)


def _join(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each value of ``left``, every position of the same value in ``right`` (sorted), in order.

    Returns the index into ``left`` and into ``right`` of each pair and the number of pairs of each ``left``.
    """
    lo = np.searchsorted(right, left, side="left")
    count = np.searchsorted(right, left, side="right") - lo
    li = np.repeat(np.arange(len(left)), count)
    starts = np.repeat(np.cumsum(count) - count, count)
    ri = np.repeat(lo, count) + (np.arange(len(li)) - starts)
    return li, ri, count


def _cues(m: SentimentModel, X: sp.csr_matrix, b: _Batch, table: tuple, top: int = 3) -> list[str]:
    """For each row, the ``top`` words (or ``[structural]`` features) that moved it most toward
    positive (``+``) or negative (``-``).

    Computes what the tests' reference ``_row_cues`` computes for each row, for the whole matrix at once: every
    credit ``put(word, value)`` becomes one entry (nonzero of ``X``, order, word, value), entries are
    put in the order ``_row_cues`` makes them and summed per row and word in that order (so sums are
    bitwise the same), then ranked. ``b`` and ``table`` are the batch and token table of ``X``.
    """
    cc = _cue_columns(m)
    tok_cols, _gp, _g, dist_ptr, dist = table
    n_cols = len(m.vocabulary)
    # words credited: the labels of the columns (numbered by the model) and other tokens (numbered after)
    extra: dict[str, int] = {}
    base = len(cc.key_names)

    def word_id(word: str) -> int:
        k = cc.key_id.get(word)
        return k if k is not None else base + extra.setdefault(word, len(extra))

    shown = np.array([word_id(_show(w)) for w in b.types], dtype=np.int64)
    tok_row = np.repeat(np.arange(len(b.n)), b.n)

    rows = np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))
    cols = X.indices.astype(np.int64)
    c = X.data * cc.w[cols]
    kind = cc.kind[cols]
    where = rows * n_cols + cols  # sorted: rows in order, columns sorted within a row

    def nonzero(r: np.ndarray, j: np.ndarray, of_kind: int) -> np.ndarray:
        """Index of the nonzero (r, j) of X, or -1; j is a column of kind ``of_kind`` or -1."""
        among = np.flatnonzero(kind == of_kind)  # a shorter array to search
        found = np.full(len(r), -1)
        if not len(among):
            return found
        q = r * n_cols + j
        k = np.minimum(np.searchsorted(where[among], q), len(among) - 1)
        hit = (j >= 0) & (where[among[k]] == q)
        found[hit] = among[k[hit]]
        return found

    # entries: (nonzero, order within it, credited word, value); nonzeros are in row, then column order
    e_nz: list[np.ndarray] = []
    e_seq: list[np.ndarray] = []
    e_key: list[np.ndarray] = []
    e_val: list[np.ndarray] = []

    def emit(nz: np.ndarray, seq: np.ndarray, k: np.ndarray, v: np.ndarray) -> None:
        e_nz.append(nz)
        e_seq.append(seq)
        e_key.append(k)
        e_val.append(v)

    sel = np.flatnonzero(kind == _FIXED)
    emit(sel, np.zeros(len(sel), dtype=np.int64), cc.col_key[cols[sel]], c[sel])

    # su/stL/stR columns: shared by the distinct tokens of the row with that stem, in order of appearance
    seen = tok_row * max(len(b.types), 1) + b.tok
    order = np.argsort(seen, kind="stable")
    first = np.ones(len(seen), dtype=bool)
    np.not_equal(seen[order][1:], seen[order][:-1], out=first[1:])
    first = np.sort(order[first])  # stable sort: the first of each run is the first appearance
    stem = tok_cols[b.tok[first], -1]
    first, stem = first[stem >= 0], stem[stem >= 0]
    sh_nz = [nonzero(tok_row[first], cc.stem_cols[stem, f], _STEM) for f in range(3)]
    sh_at = [first] * 3
    # gram columns: shared by the window tokens (6 each side, not the target) that hold the gram
    row, pos = _spans(np.maximum(0, b.t - 6), np.minimum(b.n, b.t + 7))
    at = (b.off[row] + pos)[pos != b.t[row]]
    owner, gram = _expand(dist_ptr, dist, b.tok[at])
    sh_nz.append(nonzero(tok_row[at][owner], gram, _GRAM))
    sh_at.append(at[owner])
    sh_nz_all = np.concatenate(sh_nz)
    sh_at_all = np.concatenate(sh_at)
    found = sh_nz_all >= 0
    sh_nz_all, sh_at_all = sh_nz_all[found], sh_at_all[found]
    count = np.bincount(sh_nz_all, minlength=len(cols))
    emit(sh_nz_all, sh_at_all, shown[b.tok[sh_at_all]], c[sh_nz_all] / count[sh_nz_all])
    sel = np.flatnonzero(((kind == _STEM) | (kind == _GRAM)) & (count == 0))  # no such word: the column's own
    emit(sel, np.zeros(len(sel), dtype=np.int64), cc.col_key[cols[sel]], c[sel])

    # lexicon columns: pair each with the lexicon words (nonzero valence) of its row
    hit = np.flatnonzero(b.val)
    lx_row = tok_row[hit]
    lx_key = np.array([word_id(b.types[k]) for k in b.tok[hit].tolist()], dtype=np.int64)
    sel = np.flatnonzero(np.isin(kind, (_LEXSUM, _WSUM, _SENT, _CLAUSE, _CLSIDE)))
    li, hi, _count = _join(rows[sel], lx_row)
    nz = sel[li]
    r = rows[nz]
    j = cols[nz]
    k_ = kind[nz]
    i = hit[hi] - b.off[r]
    v = b.val[hit[hi]]
    n, t, cs, ce = b.n[r], b.t[r], b.cs[r], b.ce[r]
    sign = cc.sign[j]
    region = cc.region[j]
    wj = cc.w_scaled[j]
    out = np.zeros(len(nz))
    keep = np.zeros(len(nz), dtype=bool)
    # _LEXSUM regions: sentence, clause, left window, right window
    a = np.select([region == 0, region == 1, region == 2], [0, cs, np.maximum(0, t - 10)], t + 1)
    e = np.select([region == 0, region == 1, region == 2], [n, ce, t], np.minimum(n, t + 11))
    m_ = (k_ == _LEXSUM) & (a <= i) & (i < e) & (v * sign > 0)
    out[m_] = wj[m_] * np.abs(v[m_])
    keep |= m_
    m_ = k_ == _WSUM
    out[m_] = wj[m_] * v[m_] / (1.0 + 0.3 * np.abs(i[m_] - t[m_]))
    keep |= m_
    m_ = k_ == _SENT
    out[m_] = wj[m_] * v[m_] / b.dens[r[m_], 0]
    keep |= m_
    m_ = (k_ == _CLAUSE) & (cs <= i) & (i < ce)
    out[m_] = wj[m_] * v[m_] / b.dens[r[m_], 1]
    keep |= m_
    # clause words by side: the column's value split in proportion to the words' valences
    a = np.where(region == 0, cs, t + 1)
    e = np.where(region == 0, t, ce)
    m_ = (k_ == _CLSIDE) & (a <= i) & (i < e) & (v * sign > 0)
    out[m_] = c[nz[m_]] * np.abs(v[m_]) / _run_sums(li[m_], np.abs(v[m_]))
    keep |= m_
    emit(nz[keep], hit[hi[keep]], lx_key[hi[keep]], out[keep])

    # sum per row and word, in the order of the entries
    nz = np.concatenate(e_nz)
    # (nonzero, order) pairs are distinct; each emitted block is mostly in order, which a stable sort exploits
    order = np.argsort(nz * (len(b.tok) + 1) + np.concatenate(e_seq), kind="stable")
    n_keys = base + len(extra)
    group, inv = _group(rows[nz[order]] * n_keys + np.concatenate(e_key)[order])
    total = np.bincount(inv, weights=np.concatenate(e_val)[order], minlength=len(group))
    g_row, g_key = group // n_keys, group % n_keys
    target = cc.key_id.get("TARGET", base + extra["TARGET"] if "TARGET" in extra else -1)
    g_row, g_key, total = g_row[g_key != target], g_key[g_key != target], total[g_key != target]
    # rank: strongest first, ties by word; a word below 0.005 is never shown and ranks after all shown ones
    per_row = np.bincount(g_row, minlength=X.shape[0])
    limit = np.maximum(per_row + top, 0) if top < 0 else np.full(X.shape[0], top)
    keep = np.abs(total) >= 0.005
    if 0 <= top <= 8 and keep.any():  # rank only what can make a row's top: its few largest
        g_row, g_key, total = g_row[keep], g_key[keep], total[keep]
        keep = _top_candidates(np.flatnonzero(np.diff(g_row, prepend=-1)), np.abs(total), top)
    g_row, g_key, total = g_row[keep], g_key[keep], total[keep]
    used = np.unique(g_key)
    extra_names = list(extra)
    names = [cc.key_names[k] if k < base else extra_names[k - base] for k in used.tolist()]
    rank = np.empty(len(used), dtype=np.int64)
    rank[sorted(range(len(names)), key=names.__getitem__)] = np.arange(len(names))
    order = np.lexsort((rank[np.searchsorted(used, g_key)], -np.abs(total), g_row))
    g_row, g_key, total = g_row[order], g_key[order], total[order]
    shown_n = np.bincount(g_row, minlength=X.shape[0])
    place = np.arange(len(g_row)) - np.repeat(np.cumsum(shown_n) - shown_n, shown_n)
    show = place < limit[g_row]
    out_rows: list[list[str]] = [[] for _ in range(X.shape[0])]
    name_of = dict(zip(used.tolist(), names, strict=True))
    for r_, k, v_ in zip(g_row[show].tolist(), g_key[show].tolist(), total[show].tolist(), strict=True):
        out_rows[r_].append(f"{name_of[k]}({v_:+.2f})")
    return ["; ".join(parts) for parts in out_rows]


def predict_with_cues(
    texts: Sequence[str],
    starts: Sequence[int],
    ends: Sequence[int],
    other_spans: Sequence[Sequence[tuple[int, int]]] | None = None,
    *,
    model: SentimentModel | None = None,
    top: int = 3,
    mask_others: bool | None = None,
) -> tuple[np.ndarray, list[str]]:
    """Probabilities as :func:`predict_proba` plus, per target, the words that moved it most.

    Parameters
    ----------
    texts, starts, ends, other_spans, model
        As in :func:`predict_proba`.
    top : int, default 3
        Number of cues per target.
    mask_others : bool, optional
        Mask ``other_spans`` too (default: as the model was trained).

    Returns
    -------
    tuple of numpy.ndarray and list of str
        Probabilities, shape ``(n, 3)``, and cue strings such as
        ``"executed(-2.11); dozens(+0.12)"``: words of the sentence (or ``[structural]``
        features) with their signed contribution to positive-minus-negative, strongest
        first. ``TARGET``/``OTHER`` stand for masked spans.

    Examples
    --------
    >>> p, cues = predict_with_cues(["Militants executed dozens of civilians."], [0], [9])
    >>> cues[0].split("(")[0]
    'executed'
    """
    m = model or load_sentiment_model()
    if len(texts) == 0:
        return np.zeros((0, 3)), []
    if not (len(starts) == len(texts) and len(ends) == len(texts)):
        raise ValueError("texts, starts and ends must have the same length")
    mask = m.mask_others if mask_others is None else mask_others
    pieces = _pieces(texts, starts, ends, _as_others(other_spans if mask else None, len(texts)))
    firsts, inverse = _dedupe(pieces)
    probs, cues = [], []
    for contexts in _chunks([pieces[k] for k in firsts]):
        X, batch, table = m._featurise(contexts)
        probs.append(m.predict_proba_matrix(X))
        cues += _cues(m, X, batch, table, top)
    p = np.vstack(probs)
    if inverse is None:
        return p, cues
    return p[inverse], [cues[k] for k in inverse.tolist()]


def score_targets(
    sentences: pd.DataFrame | Sequence[str],
    spans: Sequence[Sequence[tuple[int, int]]] | None = None,
    *,
    model: SentimentModel | None = None,
    mask_other_targets: bool = True,
    cues: bool = True,
) -> pd.DataFrame:
    """Score the sentiment of sentences toward target mentions.

    Parameters
    ----------
    sentences : pandas.DataFrame or sequence of str
        Either a table with columns ``text``, ``start``, ``end`` (one row per target;
        ``end`` exclusive; an optional ``target_id`` is carried over), or a list of
        sentences, in which case ``spans`` gives the ``(start, end)`` spans of the
        targets of each sentence.
    spans : sequence of sequences of (int, int), optional
        Target spans per sentence; required with a list of sentences.
    model : SentimentModel, optional
        Defaults to the shipped model (:func:`load_sentiment_model`).
    mask_other_targets : bool, default True
        Pass the other targets of the same sentence (rows with equal ``text`` in a
        table; the other spans of the same sentence in a list) to the model, which
        masks them if it was trained so (``model.mask_others``). The shipped model
        was not (held-out F1 was no better), so it ignores them.
    cues : bool, default True
        Compute the ``cues`` column (slower).

    Returns
    -------
    pandas.DataFrame
        One row per target, in input order (the table's index; for a list, a
        ``RangeIndex`` with columns ``sentence`` and ``target`` numbering the input),
        with columns ``sentiment`` (P(positive) - P(negative), in [-1, 1]),
        ``p_negative``, ``p_neutral``, ``p_positive``, ``label`` and ``cues`` (the
        strongest features with their signed contribution to positive-minus-negative;
        ``TARGET`` stands for the masked mention).

    Examples
    --------
    >>> text = "Iraqi forces liberated Hawija and were welcomed by cheering residents."
    >>> df = score_targets([text], [[(0, 12)]])
    >>> list(df.columns[:4])
    ['sentence', 'target', 'start', 'end']
    >>> list(df.columns[4:])
    ['sentiment', 'p_negative', 'p_neutral', 'p_positive', 'label', 'cues']
    >>> df.loc[0, "label"]
    'positive'
    >>> [cue.split("(")[0] for cue in df.loc[0, "cues"].split("; ")]
    ['welcomed', 'liberated', 'cheering']
    >>> t = pd.DataFrame({"text": ["Militants executed dozens of civilians."], "start": [0], "end": [9]})
    >>> score_targets(t)["label"].tolist()
    ['negative']
    """
    m = model or load_sentiment_model()
    if isinstance(sentences, pd.DataFrame):
        missing = {"text", "start", "end"} - set(sentences.columns)
        if missing:
            raise ValueError(f"missing columns: {sorted(missing)}")
        texts = sentences["text"].astype(str).tolist()
        starts = sentences["start"].astype(int).tolist()
        ends = sentences["end"].astype(int).tolist()
        others: list[list[tuple[int, int]]] | None = None
        if mask_other_targets:
            by_text: dict[str, list[tuple[int, int]]] = {}
            for tx, s, e in zip(texts, starts, ends, strict=True):
                by_text.setdefault(tx, []).append((s, e))
            spans_ = list(zip(texts, starts, ends, strict=True))
            others = [[o for o in by_text[tx] if o != (s, e)] for tx, s, e in spans_]
        out = pd.DataFrame(index=sentences.index)
        if "target_id" in sentences.columns:
            out["target_id"] = sentences["target_id"].to_numpy()
    else:
        if spans is None:
            raise ValueError("spans is required when sentences is a list of strings")
        sents = list(sentences)
        spans = list(spans)
        if len(spans) != len(sents):
            raise ValueError(f"{len(spans)} span lists for {len(sents)} sentences")
        texts, starts, ends, sid, tid = [], [], [], [], []
        others = [] if mask_other_targets else None
        for i, (tx, ss) in enumerate(zip(sents, spans, strict=True)):
            ss = [(int(s), int(e)) for s, e in ss]
            for k, (s, e) in enumerate(ss):
                texts.append(str(tx))
                starts.append(s)
                ends.append(e)
                sid.append(i)
                tid.append(k)
                if others is not None:
                    others.append([x for j, x in enumerate(ss) if j != k])
        out = pd.DataFrame({"sentence": sid, "target": tid, "start": starts, "end": ends})
    if cues:
        p, cue_strings = predict_with_cues(texts, starts, ends, others, model=m)
    else:
        p, cue_strings = predict_proba(texts, starts, ends, others, model=m), [""] * len(texts)
    out["sentiment"] = p[:, 2] - p[:, 0]
    out["p_negative"] = p[:, 0]
    out["p_neutral"] = p[:, 1]
    out["p_positive"] = p[:, 2]
    out["label"] = [SENTIMENT_LABELS[k] for k in p.argmax(axis=1)] if len(p) else []
    out["cues"] = cue_strings
    return attach_provenance(
        out,
        function="score_targets",
        params={"mask_other_targets": mask_other_targets, "n_targets": len(texts)},
        data_versions={"sentiment_model": m.version},
    )
