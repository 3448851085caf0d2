"""Actors: knowledge tables (countries, sectors, organisations, people) and the ActorResolver."""
from .knowledge import ActorKnowledge, load_knowledge
from .resolver import ActorMention, ActorResolver, actor_for_phrase, actors_for_phrase

__all__ = ["ActorKnowledge", "ActorMention", "ActorResolver", "actor_for_phrase", "actors_for_phrase",
           "load_knowledge"]
