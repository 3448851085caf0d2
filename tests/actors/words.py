"""Finding a word of a parsed test sentence, and the actor its phrase denotes."""
from __future__ import annotations

from detente.actors import actor_for_phrase


def token(doc, word, nth=0):
    """The `nth` token whose text is `word`."""
    return [t for t in doc if t.text == word][nth]


def phrase(doc, word, nth=0):
    """`actor_for_phrase` of the phrase headed by that token."""
    return actor_for_phrase(doc, token(doc, word, nth))
