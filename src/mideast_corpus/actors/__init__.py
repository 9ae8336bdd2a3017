"""Actors: the dictionary (reviewed data), surface forms, the compiled matcher, context rules and ``find_mentions``.

::

    from mideast_corpus.actors import default_actors, find_mentions
    mentions = find_mentions(corpus, actors=default_actors())
"""

from .dictionary import (
    ACTOR_COLUMNS,
    PLACE_COLUMNS,
    ActorDictionary,
    ActorDictionaryError,
    default_actors,
    load_actors,
)
from .matcher import MENTION_FIELDS, SCANNERS, Matcher, compile_matcher, mentions_in_text
from .mentions import MENTION_COLUMNS, MENTION_TYPES, find_mentions, mention_types

__all__ = [
    "ACTOR_COLUMNS",
    "MENTION_COLUMNS",
    "MENTION_FIELDS",
    "MENTION_TYPES",
    "PLACE_COLUMNS",
    "SCANNERS",
    "ActorDictionary",
    "ActorDictionaryError",
    "Matcher",
    "compile_matcher",
    "default_actors",
    "find_mentions",
    "load_actors",
    "mention_types",
    "mentions_in_text",
]
