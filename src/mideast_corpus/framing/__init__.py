"""Cross-source comparison of framing: keyness, generic frames, naming choices, voices and the framing profile.

- :func:`keyness`: which terms each group (outlet, year, ...) over- or under-uses.
- :func:`frame_sentences`: generic news frames found in each sentence, with the cue words.
- :func:`frames`: share of sentences carrying each frame, per group, with bootstrap intervals.
- :func:`load_frame_lexicon`: the packaged frame lexicon, or your own.
- :func:`naming_choices`: which label each group uses for an actor ("regime" vs "government",
  "ISIS" vs "Daesh") or for armed opponents ("terrorists" vs "militants"), from
  :func:`load_naming_sets`.
- :func:`quotes` and :func:`voices`: who each group quotes or cites, by speaker kind.
- :func:`framing_profile`: all of the above (with salience, stance and topics) in one long table.

Methods and references: ``docs/methods/framing.md``.
"""

from __future__ import annotations

from .frames import frame_sentences, frames, load_frame_lexicon
from .keyness import keyness, log_likelihood, log_ratio
from .naming import load_naming_sets, naming_choices
from .profile import MAJOR_ACTORS, framing_profile, major_actor
from .voices import quotes, speaker_kind, voices

__all__ = [
    "MAJOR_ACTORS",
    "frame_sentences",
    "frames",
    "framing_profile",
    "keyness",
    "load_frame_lexicon",
    "load_naming_sets",
    "log_likelihood",
    "log_ratio",
    "major_actor",
    "naming_choices",
    "quotes",
    "speaker_kind",
    "voices",
]
