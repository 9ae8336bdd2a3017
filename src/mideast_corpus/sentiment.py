"""Target-dependent sentiment: how a news sentence treats one actor it mentions.

The scorer answers, for a sentence and the character span of one *target* mention
in it, whether the sentence is negative, neutral or positive toward that target. It
is the average of two linear models (a multinomial logistic regression and
naive-Bayes-weighted one-vs-rest logistic regressions) over sparse features,
trained on NewsMTSC (Hamborg & Donnay, EACL 2021); see ``data/README-sentiment.md``
for provenance and figures.

The scorer does not read names or positions:

- the target mention is *masked* before anything is computed (the span is replaced
  by a placeholder token), so the name an outlet chooses for an actor ("regime" or
  "government", "rebels" or "terrorists") cannot move that actor's score; other
  targets are masked by a second placeholder when asked (``mask_others``);
- transliteration particles (:data:`PARTICLES`: *al-*, *el-*, *ad-*, *bin* ...) are
  dropped while tokenising, so "envoy from al-Hasakah" reads as "envoy from Hasakah";
- there is no feature of where the target stands in the sentence or of its length.

Features, all of tokens of the masked sentence (:data:`FEATURE_FIELDS` names them):

- words and Porter stems of the sentence (present or not);
- the words right before and after the target, the word pairs next to it and the stems of
  an 8-token window by side;
- words and word pairs of the clause holding the target (clauses end at punctuation and
  at words such as *but*, *while*, *who*), a rough grammatical role (clause subject,
  agent after *by*, object) and the words next to the target by role;
- VADER lexicon valences, extended by :data:`WAR_VALENCE` (negation scoped to three
  tokens), summed over the sentence, the clause, the left and the right context; and
  whether the target stands inside a quotation.

One implementation serves training (``scripts/train_sentiment.py``) and scoring: the
featuriser (``_Featuriser``) turns a batch of masked sentences into *entries* (row,
column, value, token the entry comes from) with NumPy and SciPy, and a sparse matrix
sums them. Cues (the evaluative words that moved a score) are the same entries weighted
by the model, summed per word, and are computed only when asked for.

Weights ship as plain arrays (``data/sentiment_model.npz``) plus a JSON vocabulary
(``data/sentiment_model.json``); nothing is unpickled.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .provenance import attach_provenance

__all__ = [
    "FEATURE_FIELDS",
    "PARTICLES",
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

#: Transliteration particles of Arabic names, dropped while tokenising (also when joined to the name by
#: a hyphen): whether an outlet writes "al-Hasakah" or "Hasakah", "Abu Bakr" or "Bakr" must not move a
#: score. Some are English words too ("as", "at", "an"); the model does without them.
PARTICLES: frozenset[str] = frozenset("al el ad ar as ash at az an bin ibn abu".split())

#: a masked sentence: the text around the masked spans and the placeholder of each span (:func:`_mask_pieces`)
_Piece = tuple[tuple[str, ...], tuple[str, ...]]

_TARGET = "qqtargetqq"
_OTHER = "qqotherqq"
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[^\sa-z0-9]")
#: a particle as a word of its own or joined to a name by a hyphen ("al-Hasakah")
_PARTICLE = re.compile(r"\b(?:" + "|".join(sorted(PARTICLES)) + r")\b(?:[-‐‑](?=[^\W\d_]))?")
_DIGITS = re.compile(r"\d")
_QUOTES = frozenset({'"', "“", "”", "«", "»"})
_BOUNDARY_PUNCT = frozenset({",", ";", ":", "(", ")", "—", "–", ".", "?", "!", "[", "]"}) | _QUOTES
_BOUNDARY_WORDS = frozenset(
    "but while although though whereas because since who whom whose which after before "
    "when where until unless if and or despite".split()
)
_DETERMINERS = frozenset(
    "the a this that these those his her its their our my your some many several all both "
    "former new top senior of s ' 's".split()
)
_NEGATIONS = frozenset(
    "not no never none nobody nothing neither nor without cannot n't nt dont didnt doesnt isnt "
    "wasnt werent arent cant couldnt wont wouldnt shouldnt hasnt havent hadnt".split()
)
#: Words of VADER's lexicon that are mostly function words or parts of names in news ("United Nations"):
#: not evaluative, so neither lexicon features nor cues.
_NOT_EVALUATIVE = frozenset("like well yes please ok okay united".split())
_FEATURE_VERSION = 5

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

#: Per-token feature fields, in this order (``field:token``; ``su``/``stL``/``stR`` hold the Porter stem):
#: sentence words and stems, clause words, the words right before and after the target, stems of an
#: 8-token window by side, words next to the target by role (object: left; subject, agent: right). Pair
#: fields (``a_b``): clause word pairs, the words either side of the target, the two words right and the
#: two words left of it. ``#`` features are lexicon sums and the quotation flag. (Distance-weighted windows
#: and the words at distance 2-3 measured no better in cross-validation: see ``data/README-sentiment.md``.)
FEATURE_FIELDS: tuple[str, ...] = (
    "u", "su", "c", "l1", "r1", "stL", "stR", "oL", "sR", "aR", "cb", "lr", "r12", "l21",
)
_F = {f: k for k, f in enumerate(FEATURE_FIELDS[:10])}
_STEM_FIELDS = frozenset({"su", "stL", "stR"})
_ROLES = ("subj", "obj", "agent")


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, float]:
    """VADER's word valences plus :data:`WAR_VALENCE`, divided by 4 (so within [-1, 1]), loaded once."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    lex = {w: float(v) for w, v in SentimentIntensityAnalyzer().lexicon.items() if " " not in w}
    for w, v in WAR_VALENCE.items():
        lex.setdefault(w, v)
    return {w: v / 4.0 for w, v in lex.items() if w not in _NEGATIONS and w not in _NOT_EVALUATIVE}


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
    """The text around the masked spans and the placeholder of each span (:func:`_join_pieces` joins them)."""
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


def _tokens(text: str) -> list[str]:
    """Lower-case tokens of a piece of text, transliteration particles dropped and digits made ``0``.

    Examples
    --------
    >>> _tokens("Envoy from al-Hasakah, Abu Bakr's aide, met 12 officials.")
    ['envoy', 'from', 'hasakah', ',', "bakr's", 'aide', ',', 'met', '00', 'officials', '.']
    """
    low = _PARTICLE.sub(" ", text.lower().replace("’", "'").replace("‘", "'"))
    toks = _TOKEN.findall(low)
    if _DIGITS.search(low) is None:
        return toks
    return [t if t.isalpha() else _DIGITS.sub("0", t) for t in toks]  # letters hold no digit


#: distinct masked sentences featurised together: bounds the memory of a large call and keeps arrays in cache
_CHUNK = 2048


@dataclass
class _Batch:
    """Masked sentences as flat arrays of token numbers (see :func:`_batch`)."""

    types: list[str]  # distinct tokens of the batch, numbered in order of appearance
    tok: np.ndarray  # token number of every token, sentence after sentence
    row: np.ndarray  # sentence of every token
    off: np.ndarray  # first token of each sentence in ``tok``
    n: np.ndarray  # tokens per sentence
    t: np.ndarray  # target index in its sentence
    cs: np.ndarray  # clause start
    ce: np.ndarray  # clause end (exclusive)
    role: np.ndarray  # index in _ROLES
    val: np.ndarray  # lexicon valence of every token, negated after a negation


def _batch(pieces: Sequence[tuple[tuple[str, ...], tuple[str, ...]]]) -> _Batch:
    """Tokenise masked sentences given as :func:`_mask_pieces` and find target, clause and role of each.

    The targets of one sentence masked with the same spans differ only in which placeholder stands where,
    so each text is tokenised once. A sentence without a target token (empty span, blank text) gets
    one at its start: it is scored on its words alone.
    """
    ids: dict[str, int] = {_TARGET: 0, _OTHER: 1}
    known: dict[tuple[str, ...], tuple[list[int], list[int]]] = {}
    tok: list[int] = []
    off: list[int] = []
    tpos: list[int] = []
    for texts, marks in pieces:
        base = known.get(texts)
        if base is None:
            words: list[int] = []
            slots: list[int] = []
            for k, tx in enumerate(texts):
                if k:
                    slots.append(len(words))
                    words.append(1)
                words.extend([ids.setdefault(w, len(ids)) for w in _tokens(tx)])
            base = known[texts] = (words, slots)
        words, slots = base
        row = words.copy()
        for slot, mark in zip(slots, marks, strict=True):
            row[slot] = 0 if mark == _TARGET else 1
        if 0 not in row:
            row.insert(0, 0)
        off.append(len(tok))
        tpos.append(row.index(0))
        tok.extend(row)
    types = list(ids)
    tok_a = np.asarray(tok, dtype=np.int64)
    off_a = np.asarray(off, dtype=np.int64)
    n = np.diff(np.append(off_a, len(tok_a)))
    t = np.asarray(tpos, dtype=np.int64)
    row_a = np.repeat(np.arange(len(off_a)), n)
    g = off_a + t  # the target, in the flat arrays

    def flags(words: frozenset[str]) -> np.ndarray:
        return np.array([w in words for w in types], dtype=bool)[tok_a]

    # clause: from after the last boundary before the target to before the first one after it (a boundary
    # word right after the target does not end the clause: "[X] and its allies")
    punct, word = flags(_BOUNDARY_PUNCT), flags(_BOUNDARY_WORDS)
    bound = np.flatnonzero(punct | word)
    k = np.searchsorted(bound, g) - 1
    prev = bound[np.maximum(k, 0)] if len(bound) else np.zeros_like(g)
    cs = np.where((k >= 0) & (prev >= off_a), prev + 1, off_a) - off_a
    end = off_a + n
    ce = end.copy()
    for where, first in ((np.flatnonzero(punct), g + 1), (np.flatnonzero(word), g + 2)):
        nxt = np.append(where, np.iinfo(np.int64).max)[np.searchsorted(where, first)]
        ce = np.minimum(ce, nxt)
    ce = ce - off_a
    # role: agent after "by", subject when only determiners precede it in the clause, else object
    other = np.concatenate([[0], np.cumsum(~flags(_DETERMINERS))])
    subj = other[g] - other[off_a + cs] == 0
    by = (t > 0) & (tok_a[np.maximum(g - 1, 0)] == ids.get("by", -1))
    role = np.where(by, 2, np.where(subj, 0, 1))
    # valences, negated (x -0.74, as VADER) when one of the three tokens before is a negation
    lex = _lexicon()
    val = np.array([lex.get(w, 0.0) for w in types])[tok_a]
    neg = np.concatenate([[0], np.cumsum(flags(_NEGATIONS))])
    at = np.arange(len(tok_a))
    negated = neg[at] - neg[np.maximum(at - 3, off_a[row_a])] > 0
    val = np.where(negated, -0.74 * val, val)
    return _Batch(types, tok_a, row_a, off_a, n, t, cs, ce, role, val)


def _spans(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row and position of every position in ``[lo, hi)`` of each row (none where ``hi <= lo``), in order."""
    count = np.maximum(hi - lo, 0)
    row = np.repeat(np.arange(len(lo)), count)
    pos = np.repeat(lo - (np.cumsum(count) - count), count) + np.arange(len(row))
    return row, pos


@dataclass
class _Entries:
    """Features of a batch before summing: entry k adds ``val[k]`` to ``(row[k], col[k])`` and comes from
    token ``src[k]`` of the flat batch (-1: from no word)."""

    row: np.ndarray
    col: np.ndarray
    val: np.ndarray
    src: np.ndarray


class _Featuriser:
    """Feature columns by name, looked up once per distinct token, and the entries of a batch.

    With ``grow`` (training) every feature met gets a new column; otherwise (scoring) features
    outside ``index`` are left out.
    """

    _MAX_TOKENS = 1 << 16  # remembered tokens (a streamed corpus keeps meeting new ones)

    def __init__(self, index: dict[str, int], grow: bool = False) -> None:
        self.index = index
        self.grow = grow
        self._known: dict[str, tuple[int, ...]] = {}

    def column(self, name: str) -> int:
        j = self.index.get(name)
        if j is None:
            if not self.grow:
                return -1
            j = self.index[name] = len(self.index)
        return j

    def _token_columns(self, types: list[str]) -> np.ndarray:
        """Columns of each token by the per-token :data:`FEATURE_FIELDS` (-1: none), shape (types, fields)."""
        out = np.empty((len(types), len(_F)), dtype=np.int64)
        column, known = self.column, self._known
        if len(known) >= self._MAX_TOKENS:
            known.clear()
        for k, w in enumerate(types):
            rec = known.get(w)
            if rec is None:
                st = _stem(w)
                rec = known[w] = tuple(column(f + ":" + (st if f in _STEM_FIELDS else w)) for f in _F)
            out[k] = rec
        return out

    def _pairs(self, field: str, b: _Batch, a: np.ndarray, c: np.ndarray) -> np.ndarray:
        """Columns of the pairs (token number ``a``, token number ``c``) of ``field``."""
        if not len(a):
            return np.zeros(0, dtype=np.int64)
        key, inv = np.unique(a * len(b.types) + c, return_inverse=True)
        ty = b.types
        w = len(ty)
        cols = np.array([self.column(f"{field}:{ty[k // w]}_{ty[k % w]}") for k in key.tolist()], dtype=np.int64)
        return cols[inv.ravel()]

    def entries(self, b: _Batch) -> _Entries:
        """Every feature entry of the batch (see the module docstring for the features)."""
        cols = self._token_columns(b.types)
        tok, off, n, t, cs, ce = b.tok, b.off, b.n, b.t, b.cs, b.ce
        parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        n_rows = len(n)

        def words(row: np.ndarray, pos: np.ndarray, field: int | np.ndarray) -> None:
            at = off[row] + pos
            parts.append((row, cols[tok[at], field], np.ones(len(row)), at))

        def pairs(field: str, row: np.ndarray, left: np.ndarray) -> None:
            """Pairs (left, left + 1); each half credited to one of the two words."""
            at = off[row] + left
            col = self._pairs(field, b, tok[at], tok[at + 1])
            half = np.full(len(row), 0.5)
            parts.append((row, col, half, at))
            parts.append((row, col, half, at + 1))

        # presence features: sentence words and stems, clause words (the target placeholder is no feature)
        present: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        row, pos = _spans(np.zeros_like(t), n)
        keep = pos != t[row]
        row, pos = row[keep], pos[keep]
        for f in ("u", "su"):
            present.append((row, cols[tok[off[row] + pos], _F[f]], np.ones(len(row)), off[row] + pos))
        row, pos = _spans(cs, ce)
        keep = pos != t[row]
        row, pos = row[keep], pos[keep]
        present.append((row, cols[tok[off[row] + pos], _F["c"]], np.ones(len(row)), off[row] + pos))
        r_, c_, v_, s_ = (np.concatenate(x) for x in zip(*present, strict=True))
        ok = c_ >= 0
        r_, c_, v_, s_ = r_[ok], c_[ok], v_[ok], s_[ok]
        _, first = np.unique(r_ * (1 << 32) + c_, return_index=True)
        parts.append((r_[first], c_[first], v_[first], s_[first]))

        # the words and pairs next to the target (none past the sentence's ends)
        rows = np.arange(n_rows)
        for f, i in (("l1", t - 1), ("r1", t + 1)):
            inside = (i >= 0) & (i < n)
            words(rows[inside], i[inside], _F[f])
        both = (t > 0) & (t + 1 < n)
        at = off[both] + t[both]
        col = self._pairs("lr", b, tok[at - 1], tok[at + 1])
        parts.append((rows[both], col, np.full(len(at), 0.5), at - 1))
        parts.append((rows[both], col, np.full(len(at), 0.5), at + 1))
        has = t + 2 < n
        pairs("r12", rows[has], t[has] + 1)
        has = t >= 2
        pairs("l21", rows[has], t[has] - 2)
        # stems of an 8-token window
        row, pos = _spans(np.maximum(0, t - 8), np.minimum(n, t + 9))
        keep = pos != t[row]
        row, pos = row[keep], pos[keep]
        words(row, pos, np.where(pos < t[row], _F["stL"], _F["stR"]))
        # clause word pairs; role and the words next to the target by role
        row, pos = _spans(cs, ce - 1)
        pairs("cb", row, pos)
        role_col = np.array([self.column("role:" + r) for r in _ROLES])
        parts.append((rows, role_col[b.role], np.ones(n_rows), np.full(n_rows, -1)))
        obj = b.role == 1
        row, pos = _spans(np.where(obj, np.maximum(cs, t - 4), t + 1), np.where(obj, t, np.minimum(ce, t + 5)))
        words(row, pos, np.array([_F["sR"], _F["oL"], _F["aR"]])[b.role[row]])
        parts += self._lexicon_entries(b)
        # the target inside a quotation: an odd number of quote marks before it and one after it
        quote = np.array([w in _QUOTES for w in b.types], dtype=bool)[tok]
        pos = np.arange(len(tok)) - off[b.row]
        before = np.bincount(b.row[quote & (pos < t[b.row])], minlength=n_rows)
        after = np.bincount(b.row[quote & (pos > t[b.row])], minlength=n_rows)
        inq = np.flatnonzero((before % 2 == 1) & (after > 0))
        parts.append((inq, np.full(len(inq), self.column("#inquote")), np.ones(len(inq)), np.full(len(inq), -1)))

        row, col, val, src = (np.concatenate(x) for x in zip(*parts, strict=True))
        keep = (col >= 0) & (val != 0)
        return _Entries(row[keep], col[keep], val[keep].astype(np.float64), src[keep])

    def _lexicon_entries(self, b: _Batch) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
        """Lexicon sums (sentence, clause, 10-token left and right windows, clause by role, sentence weighted by
        distance to the target) and lexicon words of the clause by side and role: one entry per lexicon word,
        linear in its valence, so each sum is credited to its words."""
        hit = np.flatnonzero(b.val)
        r = b.row[hit]
        i = hit - b.off[r]
        v = b.val[hit]
        t, cs, ce, n, role = b.t[r], b.cs[r], b.ce[r], b.n[r], b.role[r]
        sign = (v < 0).astype(np.int64)  # 0: positive, 1: negative
        mag = np.abs(v)
        col = self.column
        out = []
        in_clause = (cs <= i) & (i < ce)
        regions = {
            "s": np.ones(len(hit), dtype=bool),
            "c": in_clause,
            "l": (np.maximum(0, t - 10) <= i) & (i < t),
            "r": (t + 1 <= i) & (i < np.minimum(n, t + 11)),
        }
        for k, inside in regions.items():
            cols = np.array([col(f"#{k}p"), col(f"#{k}n")])
            out.append((r[inside], cols[sign[inside]], mag[inside], hit[inside]))
        by_role = np.array([[col(f"#{x}{s}") for s in "pn"] for x in _ROLES])
        out.append((r[in_clause], by_role[role, sign][in_clause], mag[in_clause], hit[in_clause]))
        out.append((r, np.full(len(r), col("#wsum")), v / (1.0 + 0.3 * np.abs(i - t)), hit))
        side = np.array([[[col(f"cl{d}:{x}:{s}") for s in "+-"] for x in _ROLES] for d in "<>"])
        which = side[(i > t).astype(np.int64), role, sign]
        out.append((r[in_clause], which[in_clause], mag[in_clause], hit[in_clause]))
        return out


def _matrix(e: _Entries, n_rows: int, n_cols: int) -> sp.csr_matrix:
    """Sum the entries into an (un-normalised) CSR matrix.

    Entries of one cell are added in the order they were made (a stable sort, then ``np.bincount``), so
    the sums do not depend on how columns are numbered: training and scoring get the same bits.
    """
    key = e.row * n_cols + e.col
    order = np.argsort(key, kind="stable")
    key = key[order]
    new = np.ones(len(key), dtype=bool)
    np.not_equal(key[1:], key[:-1], out=new[1:])
    cells = key[new]
    data = np.bincount(np.cumsum(new) - 1, weights=e.val[order], minlength=len(cells))
    indptr = np.concatenate([[0], np.cumsum(np.bincount(cells // n_cols, minlength=n_rows))])
    return sp.csr_matrix((data, cells % n_cols, indptr), shape=(n_rows, n_cols))


def _normalise(X: sp.csr_matrix, scale: np.ndarray, sparse_cols: np.ndarray) -> tuple[sp.csr_matrix, np.ndarray]:
    """Scale columns, then L2-normalise the non-``#`` columns of each row; also the row norms used."""
    X = sp.csr_matrix(X, dtype=np.float64, copy=True)
    X.sort_indices()
    X.data *= scale[X.indices]
    is_sparse = sparse_cols[X.indices]
    rows = np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))
    norms = np.sqrt(np.bincount(rows, weights=np.where(is_sparse, X.data**2, 0.0), minlength=X.shape[0]))
    norms[norms == 0] = 1.0
    X.data = np.where(is_sparse, X.data / norms[rows], X.data)
    return X, norms


def _as_others(others: Any, n: int) -> list[Sequence[tuple[int, int]]]:
    if others is None:
        return [()] * n
    out = list(others)
    if len(out) != n:
        raise ValueError(f"other_spans: {len(out)} entries for {n} targets; give one list per target")
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


def _chunks(pieces: Sequence[_Piece], f: _Featuriser) -> Iterator[tuple[_Batch, _Entries]]:
    """:func:`_batch` and entries of ``pieces``, ``_CHUNK`` at a time (at least one chunk, maybe empty)."""
    for k in range(0, max(len(pieces), 1), _CHUNK):
        b = _batch(pieces[k : k + _CHUNK])
        yield b, f.entries(b)


def _raw_matrix(pieces: Sequence[_Piece], f: _Featuriser) -> sp.csr_matrix:
    """Un-normalised feature matrix of masked sentences, one column per entry of ``f.index``.

    The training script calls this with a growing featuriser (every feature met gets a column); scoring
    calls it with the model's vocabulary.
    """
    done = [(len(b.n), e) for b, e in _chunks(pieces, f)]
    n_cols = len(f.index)
    parts = [_matrix(e, n, n_cols) for n, e in done]
    return parts[0] if len(parts) == 1 else sp.vstack(parts, format="csr")


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
    coef_ovr, intercept_ovr : numpy.ndarray, optional
        The one-vs-rest heads, averaged with the multinomial one (weight ``meta["ovr_weight"]``).

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
        self._sparse_cols = np.array([not w.startswith("#") for w in self.vocabulary], dtype=bool)
        self.coef_ovr = None if coef_ovr is None else np.asarray(coef_ovr, dtype=np.float64)
        self.intercept_ovr = None if intercept_ovr is None else np.asarray(intercept_ovr, dtype=np.float64)
        self.ovr_weight = float(self.meta.get("ovr_weight", 0.5)) if coef_ovr is not None else 0.0
        heads = [self.coef] if self.coef_ovr is None else [self.coef, self.coef_ovr]
        self._coef_t = np.vstack(heads).T.copy()
        #: weight of each feature toward positive minus negative, for ``cues``
        self.polarity_weight = (1 - self.ovr_weight) * (self.coef[2] - self.coef[0])
        if self.coef_ovr is not None:
            self.polarity_weight += self.ovr_weight * (self.coef_ovr[2] - self.coef_ovr[0])
        self._featuriser = _Featuriser(self.index)

    def transform(
        self,
        texts: Sequence[str],
        starts: Sequence[int],
        ends: Sequence[int],
        other_spans: Sequence[Sequence[tuple[int, int]]] | None = None,
        mask_others: bool | None = None,
    ) -> sp.csr_matrix:
        """Feature matrix (CSR, ``(n, n_features)``, scaled and normalised) of the masked targets.

        ``mask_others`` (default: as the model was trained) replaces ``other_spans``
        by a second placeholder.
        """
        pieces, firsts, inverse = _prepare(texts, starts, ends, other_spans, self.mask_others if mask_others is None
                                           else mask_others)
        X = self.normalise(_raw_matrix([pieces[k] for k in firsts], self._featuriser))[0]
        return X if inverse is None else X[inverse]

    def normalise(self, raw: sp.csr_matrix) -> tuple[sp.csr_matrix, np.ndarray]:
        """Scaled, row-normalised matrix from :func:`_raw_matrix`, and the norm of each row."""
        return _normalise(raw, self.scale, self._sparse_cols)

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


def _prepare(
    texts: Sequence[Any], starts: Sequence[int], ends: Sequence[int], other_spans: Any, mask: bool
) -> tuple[list[tuple[tuple[str, ...], tuple[str, ...]]], list[int], np.ndarray | None]:
    """Masked pieces of every target, the first of each distinct one and the inverse (see :func:`_dedupe`)."""
    n = len(texts)
    if not (len(starts) == n and len(ends) == n):
        raise ValueError("texts, starts and ends must have the same length")
    pieces = _pieces(texts, starts, ends, _as_others(other_spans if mask else None, n))
    firsts, inverse = _dedupe(pieces)
    return pieces, firsts, inverse


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
    mask_others: bool | None = None,
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
    mask_others : bool, optional
        Mask ``other_spans`` too (default: as the model was trained); what
        :func:`predict_with_cues` gives without the cues.

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
    return m.predict_proba_matrix(m.transform(texts, starts, ends, other_spans, mask_others))


def _cues(m: SentimentModel, b: _Batch, e: _Entries, norms: np.ndarray, top: int) -> list[str]:
    """For each row, the ``top`` evaluative words that moved it most toward positive (``+``) or negative (``-``).

    A word's credit is the sum, over the feature entries it made, of entry value x scale x (row norm) x the
    feature's weight toward positive minus negative: the entries sum to the row's score, so credits are
    exact shares of it. Only words of the valence lexicon are shown (no function words, no placeholders).
    """
    n_rows = len(b.n)
    lex = _lexicon()
    evaluative = np.array([w in lex for w in b.types], dtype=bool)
    ok = e.src >= 0
    ok[ok] = evaluative[b.tok[e.src[ok]]]
    row, col, src = e.row[ok], e.col[ok], e.src[ok]
    credit = e.val[ok] * m.scale[col] * m.polarity_weight[col]
    credit = np.where(m._sparse_cols[col], credit / norms[row], credit)
    n_types = len(b.types)
    key, inv = np.unique(row * n_types + b.tok[src], return_inverse=True)
    total = np.bincount(inv.ravel(), weights=credit, minlength=len(key))
    keep = np.abs(total) >= 0.005
    key, total = key[keep], total[keep]
    g_row, g_word = key // n_types, key % n_types
    rank = np.empty(n_types, dtype=np.int64)
    rank[sorted(range(n_types), key=b.types.__getitem__)] = np.arange(n_types)
    order = np.lexsort((rank[g_word], -np.abs(total), g_row))  # strongest first, ties by word
    g_row, g_word, total = g_row[order], g_word[order], total[order]
    count = np.bincount(g_row, minlength=n_rows)
    place = np.arange(len(g_row)) - np.repeat(np.cumsum(count) - count, count)
    show = place < top
    out: list[list[str]] = [[] for _ in range(n_rows)]
    for r, w, v in zip(g_row[show].tolist(), g_word[show].tolist(), total[show].tolist(), strict=True):
        out[r].append(f"{b.types[w]}({v:+.2f})")
    return ["; ".join(parts) for parts in out]


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
    """Probabilities as :func:`predict_proba` plus, per target, the evaluative words that moved it most.

    Parameters
    ----------
    texts, starts, ends, other_spans, model
        As in :func:`predict_proba`.
    top : int, default 3
        Number of cues per target (0: none, and none are computed).
    mask_others : bool, optional
        Mask ``other_spans`` too (default: as the model was trained).

    Returns
    -------
    tuple of numpy.ndarray and list of str
        Probabilities, shape ``(n, 3)``, and cue strings such as
        ``"executed(-2.11); brutal(-0.40)"``: words of the valence lexicon (VADER's plus
        :data:`WAR_VALENCE`) in the sentence with their signed contribution to
        positive-minus-negative, strongest first; empty when no such word moved the score.

    Examples
    --------
    >>> p, cues = predict_with_cues(["Militants executed dozens of civilians."], [0], [9])
    >>> cues[0].split("(")[0]
    'executed'
    """
    if top < 0:
        raise ValueError(f"top={top!r}: the number of cues per target must be 0 or more")
    m = model or load_sentiment_model()
    if len(texts) == 0:
        return np.zeros((0, 3)), []
    mask = m.mask_others if mask_others is None else mask_others
    pieces, firsts, inverse = _prepare(texts, starts, ends, other_spans, mask)
    probs, cues = [], []
    for b, e in _chunks([pieces[k] for k in firsts], m._featuriser):
        X, norms = m.normalise(_matrix(e, len(b.n), len(m.vocabulary)))
        probs.append(m.predict_proba_matrix(X))
        cues += _cues(m, b, e, norms, top) if top else [""] * len(b.n)
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
        ``p_negative``, ``p_neutral``, ``p_positive``, ``label`` and ``cues`` (the three
        evaluative words, of the valence lexicon, that moved the score most, with their signed
        contribution to positive-minus-negative; empty without ``cues``).

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
    >>> sorted(cue.split("(")[0] for cue in df.loc[0, "cues"].split("; "))
    ['cheering', 'liberated', 'welcomed']
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
            raise ValueError("spans=None: give the target spans (one list per sentence) when sentences is a list of "
                             "strings")
        sents = list(sentences)
        spans = list(spans)
        if len(spans) != len(sents):
            raise ValueError(f"spans: {len(spans)} span lists for {len(sents)} sentences; give one list per sentence")
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
