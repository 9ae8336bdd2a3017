"""Cross-source comparison of framing: keyness of terms and generic frames of war coverage.

- :func:`keyness`: which terms each group (outlet, year, ...) over- or under-uses.
- :func:`frame_sentences`: generic news frames found in each sentence, with the cue words.
- :func:`frames`: share of sentences carrying each frame, per group, with bootstrap intervals.
- :func:`load_frame_lexicon`: the packaged frame lexicon, or your own.

Methods and references: ``docs/methods/framing.md``.
"""

from __future__ import annotations

from .frames import frame_sentences, frames, load_frame_lexicon
from .keyness import keyness, log_likelihood, log_ratio

__all__ = ["frame_sentences", "frames", "keyness", "load_frame_lexicon", "log_likelihood", "log_ratio"]
