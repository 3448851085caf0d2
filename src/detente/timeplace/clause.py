"""The clause of an event trigger: the tokens whose time and place words belong to it.

Both the date and the place of an event come from the trigger's own clause first, so that
"Officials said on Monday that rebels attacked Kidal last week" dates the attack to last
week and the statement to Monday.
"""
from __future__ import annotations

# Child clauses carry their own time and place ("the deal signed in 2019"), so they are cut
# out of the parent's scope unless the trigger sits inside them.
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "xcomp", "conj", "parataxis", "csubj", "pcomp"})
# A noun trigger ("the attack on Tuesday killed ...") takes its time from the verb it serves.
_NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "compound", "conj",
                           "npadvmod", "oprd", "dative", "prep"})


def governing_verb(trigger):
    """The verb heading the trigger's clause (the trigger itself when it is a verb)."""
    tok = trigger
    for _ in range(8):  # a bounded climb: parses can be odd, never loop
        if tok.pos_ in ("VERB", "AUX") or tok.dep_ == "ROOT" or tok.head is tok:
            return tok
        if tok.dep_ not in _NOMINAL_DEPS:
            return tok
        tok = tok.head
    return tok


def clause_token_ids(sent, trigger) -> set[int]:
    """Token indices (doc-level) of the trigger's clause, child clauses excluded."""
    head = governing_verb(trigger)
    ids: set[int] = set()
    stack = [head]
    trigger_path = {t.i for t in trigger.ancestors} | {trigger.i}
    lo, hi = sent.start, sent.end
    while stack:
        tok = stack.pop()
        if not (lo <= tok.i < hi):
            continue
        ids.add(tok.i)
        for child in tok.children:
            if child.dep_ in CLAUSE_DEPS and child.pos_ in ("VERB", "AUX") and child.i not in trigger_path:
                continue
            stack.append(child)
    return ids
