"""spaCy factories for detente's Doc-level stages, with versioned names (spaCy allows no dots in factory names, so `detente_actor_resolver_v1` rather than `detente.actor_resolver.v1`)."""
from __future__ import annotations

from spacy.language import Language


@Language.factory(
    "detente_actor_resolver_v1",
    default_config={"actor_files": []},
    assigns=["doc._.actors", "doc._.actor_heads", "doc._.actor_groups"],
    requires=["token.dep", "token.lemma", "doc.ents"],
)
def make_actor_resolver(nlp: Language, name: str, actor_files: list[str]):
    from ..actors import ActorResolver

    return ActorResolver(extra_files=tuple(actor_files))


@Language.factory(
    "detente_event_coder_v1",
    default_config={"emit_plain_statements": False},
    assigns=["doc._.event_mentions"],
    requires=["doc._.actors", "token.dep", "token.lemma"],
)
def make_event_coder(nlp: Language, name: str, emit_plain_statements: bool):
    from ..coding.extractor import EventCoder

    return EventCoder(emit_plain_statements=emit_plain_statements)


@Language.component("detente_line_breaks_v1", assigns=["token.is_sent_start"])
def line_breaks(doc):
    """A line break ends a sentence: titles, datelines and paragraphs of news text are lines,
    and the parser would otherwise run a headline into the first sentence. The dateline
    ("NAIROBI, May 5 -") is set apart too, or the parser makes the city the subject of the
    first sentence and its real subject a conjunct of the date."""
    from ..timeplace.dates import find_dateline

    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    dateline = find_dateline(doc.text)
    if dateline is not None:
        after = next((t for t in doc if t.idx >= dateline.end and not t.is_space), None)
        if after is not None and after.i > 0:
            after.is_sent_start = True
            # and the sentence after it runs to its first full stop: left alone, the parser
            # splits the fragment's neighbourhood again ("Kenya" | "on Wednesday accused ...")
            for tok in doc[after.i + 1:]:
                if tok.is_space and "\n" in tok.text or doc[tok.i - 1].text in (".", "!", "?"):
                    break
                tok.is_sent_start = False
    return doc
