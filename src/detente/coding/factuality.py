"""Factuality: did the event happen as the text reports it?

The cues are read off the dependency parse around the trigger, nearest first:

1. the trigger's own modifiers: negation ("not", "never", "no"), hedges on a noun
   ("potential visit", "proposed talks"), adverbs ("reportedly", "allegedly");
2. its auxiliaries: would/could/might/may -> hypothetical, will/shall -> planned;
3. an "if"/"unless" clause it sits in -> hypothetical;
4. the governing words up the chain (xcomp, ccomp, relcl, the verb a noun trigger hangs
   from): "deny" makes it denied, "accuse"/"allege"/"claim" claimed, "plan"/"intend"
   planned, "fail"/"refuse" negated.

The word lists live in data/cameo/factuality.yaml so a user can extend them.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pydantic import BaseModel

from .datafile import load_yaml_model


class FactualityLexicon(BaseModel):
    negation: set[str]
    hypothetical_aux: set[str]
    planned_aux: set[str]
    hypothetical_mod: set[str]
    planned_mod: set[str]
    claimed_adv: set[str]
    conditional_marks: set[str]
    denial_heads: set[str]
    claim_heads: set[str]
    claim_nouns: set[str]
    planned_heads: set[str]
    hypothetical_heads: set[str]
    negating_heads: set[str]
    planned_copular: set[str]
    backshift_aux: set[str]
    backshift_heads: set[str]


@functools.lru_cache(maxsize=None)
def load_lexicon() -> FactualityLexicon:
    return load_yaml_model("factuality.yaml", FactualityLexicon)


@dataclass(frozen=True)
class FactualityReading:
    value: str  # one of detente.models.FACTUALITIES
    cue: str | None  # the word that decided it


ASSERTED = FactualityReading("asserted", None)


def _own_cues(tok, lex: FactualityLexicon) -> FactualityReading | None:
    """Cues attached directly to one token (a verb or a noun trigger)."""
    for child in tok.children:
        low = child.lower_
        if child.dep_ == "neg" or (low in lex.negation and child.dep_ in ("advmod", "det", "neg")):
            return FactualityReading("negated", low)
    for child in tok.children:
        low = child.lower_
        if child.dep_ in ("aux", "auxpass"):
            if low in lex.hypothetical_aux:
                return FactualityReading("hypothetical", low)
            if low in lex.planned_aux:
                return FactualityReading("planned", low)
        if child.dep_ in ("amod", "compound") and child.lemma_.lower() in lex.hypothetical_mod:
            return FactualityReading("hypothetical", low)
        if child.dep_ in ("amod", "compound", "advmod") and child.lemma_.lower() in lex.planned_mod:
            return FactualityReading("planned", low)
        if child.dep_ == "advmod" and low in lex.claimed_adv:
            return FactualityReading("claimed", low)
        if child.dep_ == "mark" and low in lex.conditional_marks:
            return FactualityReading("hypothetical", low)
    # "is to visit", "is due to sign": a copula or "due/set" governing the act
    if tok.dep_ == "xcomp" and tok.head.lemma_ in lex.planned_copular:
        return FactualityReading("planned", tok.head.lower_)
    return None


def _conditional_clause(tok, lex: FactualityLexicon) -> FactualityReading | None:
    for anc in [tok, *tok.ancestors]:
        if anc.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in lex.conditional_marks for c in anc.children):
            return FactualityReading("hypothetical", "if")
        if anc.dep_ in ("ROOT",):
            break
    return None


def misparsed_noun(verb) -> bool:
    """"..., claims France has rejected": a plural noun after a comma that the small parser
    took for a verb conjoined with the main one, with no subject of its own."""
    if verb.dep_ != "conj" or verb.tag_ != "VBZ" or verb.i == 0:
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return False
    return verb.doc[verb.i - 1].text == ","


def _reported(tok, lex: FactualityLexicon) -> bool:
    """Is `tok` the head of what a reporting verb reports ("said it would ...")?"""
    node = tok
    for _ in range(3):
        if node.dep_ in ("ccomp", "xcomp", "conj") and node.head is not node:
            if node.head.lemma_.lower() in lex.backshift_heads:
                return True
            node = node.head
            continue
        return False
    return False


def read_factuality(trigger, lex: FactualityLexicon | None = None, max_hops: int = 4) -> FactualityReading:
    """The factuality of the event whose trigger is `trigger`, with the cue that decided it."""
    lex = lex or load_lexicon()
    own = _own_cues(trigger, lex)
    cond = _conditional_clause(trigger, lex)
    if own and own.value == "hypothetical" and own.cue in lex.backshift_aux and cond is None \
            and _reported(trigger, lex):
        return FactualityReading("planned", own.cue)
    if own:
        return own
    if cond:
        return cond
    tok = trigger
    for _ in range(max_hops):
        if tok.dep_ == "ROOT" or tok.head is tok:
            break
        dep, head = tok.dep_, tok.head
        lemma = head.lemma_.lower()
        if dep == "pobj" and head.dep_ == "prep" and head.head.lemma_.lower() in lex.claim_nouns:
            # "allegations of abuses by ...": the act is what the allegation says
            return FactualityReading("claimed", head.head.lower_)
        if dep in ("xcomp", "ccomp", "relcl", "dobj", "pobj", "nsubj", "nsubjpass", "pcomp", "acl", "advcl", "conj"):
            if lemma in lex.denial_heads and dep not in ("nsubj", "conj", "advcl"):
                return FactualityReading("denied", head.lower_)
            if lemma in lex.claim_heads and head.pos_ in ("VERB", "AUX") and dep in ("ccomp", "xcomp", "pcomp", "dobj") \
                    and not misparsed_noun(head):
                return FactualityReading("claimed", head.lower_)
            # "allegations of abuses", "claims that X attacked": the act is the claim's content.
            # A relative clause ("the claims France rejected") is not: there the noun is its object.
            if lemma in lex.claim_nouns and dep in ("pobj", "pcomp", "acl"):
                return FactualityReading("claimed", head.lower_)
            if lemma in lex.negating_heads and dep in ("xcomp", "pcomp", "pobj"):
                return FactualityReading("negated", head.lower_)
            if lemma in lex.planned_heads and (dep in ("xcomp", "dobj", "pobj")
                                               or (dep == "ccomp" and lemma not in lex.backshift_heads)
                                               or (dep == "acl" and head.pos_ == "NOUN")):
                # "told AFP that the army lifted ...": a reported fact, not an order; but "a
                # demand that Israel ease ..." is still only asked for
                return FactualityReading("planned", head.lower_)
            if lemma in lex.hypothetical_heads and dep in ("xcomp", "ccomp"):
                return FactualityReading("hypothetical", head.lower_)
            # a noun trigger takes the modality of the verb it hangs from ("a visit would be")
            if dep in ("nsubj", "nsubjpass", "dobj", "pobj", "xcomp", "ccomp", "conj", "relcl", "acl", "pcomp"):
                head_cue = _own_cues(head, lex)
                if head_cue and head_cue.value == "hypothetical" and head_cue.cue in lex.backshift_aux \
                        and _reported(head, lex) and _conditional_clause(head, lex) is None:
                    head_cue = FactualityReading("planned", head_cue.cue)
                if head_cue and head_cue.value != "claimed":
                    # a negated reporting verb does not negate what it reports as a matter of course,
                    # but "did not sign the deal" does negate the deal's signing: keep it for
                    # direct objects and xcomps only.
                    if head_cue.value != "negated" or dep in ("dobj", "xcomp", "nsubjpass"):
                        return head_cue
        if dep in ("prep",):
            pass
        tok = head
    return ASSERTED
