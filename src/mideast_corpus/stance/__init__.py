"""Stance toward actors: per-mention components (sentiment, label, role), their combination, and aggregates.

Use::

    st = score_stance(corpus)                       # one row per actor mention, every component a column
    stance_by_source(st, by="source")               # mean per source x actor with bootstrap intervals
    compare_stance(st, by="source", actor="russia") # pairwise differences, CI, permutation p, BH q

The lexicons behind ``label_valence`` and ``role_valence`` and the combination weights are data files
(``mideast_corpus/data/stance_*``, documented in ``data/README-stance.md``); see
:func:`load_stance_lexicons`.
"""

from .aggregate import compare_stance, stance_by_source
from .lexicons import StanceLexicons, load_stance_lexicons
from .quotes import attribute_speakers, find_speech, quote_spans
from .scoring import STANCE_COLUMNS, score_stance

__all__ = [
    "STANCE_COLUMNS",
    "StanceLexicons",
    "attribute_speakers",
    "compare_stance",
    "find_speech",
    "load_stance_lexicons",
    "quote_spans",
    "score_stance",
    "stance_by_source",
]
