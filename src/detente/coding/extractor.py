"""Event extraction from the dependency parse.

For every sentence that is not page furniture, each token whose lemma starts a pattern in
the dictionary (data/cameo/patterns.jsonl) is a candidate trigger. Its frame is read off
the parse:

- who: the subject, the agent of a passive ("by X"), the subject inherited along control
  chains ("Moscow began providing": providing's subject is Moscow's), the object of an
  object-control verb ("invited Putin to visit": Putin visits), the noun a relative clause
  hangs from, a possessor or modifier of a noun trigger ("Russia's sanctions", "ECOWAS
  sanctions"), "by X" after a noun ("a visit by Putin");
- whom: the direct object, a dative, the object of a preposition the pattern names
  ("talks with Y", "sanctions on Z"), "of X" after a noun when the pattern says so;
- the act: the most specific pattern whose constraints (particle, preposition, object
  lemmas) hold. Control verbs combine with the act they govern (data/cameo/frames.yaml):
  "threatened to impose sanctions" is a threat of sanctions, "agreed to resume talks" an
  intent to meet.

Coordination gives one event per member on either side ("both sides" counts as two).
Factuality comes from `factuality.read_factuality`, attribution from the reporting verb above
the act or an "according to" beside it; an act told on another party's word is `claimed`.

When the clause names no target, the discourse rules of data/cameo/discourse.yaml are tried,
in this order (each event records which one in `EventMention.how`):

1. joint actors of a reciprocal act target each other ("A and B held talks");
2. force, coercion, measures, threats and retreats target the country of the place they
   happen in ("shelled Kharkiv", "lifted the curfew in Montenegro");
3. a denial or rejection answers the last accuser ("..., accusations Moscow denies");
4. a definite noun naming an earlier act is aimed at whoever did it ("welcomed the deal");
5. a domestic actor acting on a policy targets its own government ("criticised the reforms");
6. a domestic measure targets the source's own country ("lifted the curfew");
7. a protest targets the protesters' own government;
8. an actor in a framed pair ("relations between A and B") targets the other member.

Only protests and shows of force are kept with no target at all: for other acts a missing
target is more often a misreading than a finding.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from typing import Iterable, Iterator

from pydantic import BaseModel
from spacy.tokens import Doc, Span, Token

from ..actors import ActorMention, actor_for_phrase, actors_for_phrase
from ..models import Actor
from .datafile import load_yaml_model
from .factuality import FactualityReading, misparsed_noun, load_lexicon, read_factuality
from .patterns import Frames, FrameMatch, Pattern, PatternIndex, load_frames, load_patterns
from .taxonomy import Taxonomy, load_taxonomy

SUBJECT_DEPS = ("nsubj", "csubj")
PASSIVE_SUBJECT_DEPS = ("nsubjpass", "csubjpass")
# verbs whose object is the subject of their infinitive ("invited Putin to visit")
OBJECT_CONTROL = {"invite", "urge", "ask", "call", "press", "persuade", "encourage", "allow", "order",
                  "tell", "force", "help", "enable", "request", "push", "pressure", "permit", "instruct",
                  "authorize", "authorise", "convince", "appeal", "warn", "demand", "require", "compel",
                  "oblige", "challenge", "advise", "exhort", "implore", "beg", "lobby"}
# "calls by X", "an offer from Y", "the right of Z", "the border with W": who the thing belongs
# or leads to
OWNER_PREPS = ("by", "from", "of", "with", "between")
PLACE_TARGET_PREPS = ("on", "in", "at", "against", "into", "near", "across")
# prepositions through which a control word governs a gerund ("refrained from attacking")
GOVERNED_PREPS = ("to", "on", "upon", "for", "from", "of", "against", "with", "into", "in")
# "took part in the talks", "resorted to force", "gathered for a rally", "after fierce fighting":
# prepositions through which a subject does a noun act (unlike topics: "spoke about the war")
PARTICIPATION_PREPS = ("in", "into", "to", "for", "after", "during")
# nouns that introduce a named place ("the town of Soroti", "the capital, Niamey"); not "the Sea
# of Japan" or "the Gulf of Aden", which are not in the country they name
PLACE_NOUNS = {"town", "city", "village", "capital", "province", "region", "district", "state",
               "county", "port", "enclave", "suburb", "neighbourhood", "neighborhood", "municipality",
               "governorate", "prefecture", "island", "settlement", "camp", "area", "outskirts"}
# verbs whose subject undergoes the noun act they take ("faced criticism", "came under attack")
RECEIVING_VERBS = {"face", "receive", "draw", "suffer", "attract", "endure", "incur", "get", "sustain",
                   "weather", "withstand", "survive"}
BORDER_NOUNS = {"border", "frontier", "boundary"}
# a mediation "between A and B" is a third party's act
MEDIATION_CODES = {"045", "039", "028", "0356"}
# "joint patrols", "a joint operation": what joint actors do together, they do with each other
JOINT_WORDS = {"joint", "jointly", "together", "combined", "bilateral"}
# "talks on a troop pullback", "a proposal for a ceasefire": the act is only the topic
TOPIC_PREPS = {"on", "about", "over", "regarding", "concerning", "for"}
TOPIC_HEADS = {"talk", "negotiation", "negotiate", "discussion", "discuss", "dialogue", "meeting", "meet",
               "summit", "conference", "consultation", "plan", "proposal", "propose", "deal", "agreement",
               "accord", "framework", "roadmap", "debate", "call", "appeal", "demand", "request", "bid",
               "push", "effort", "initiative", "offer", "idea", "prospect", "possibility", "hope", "vote"}
# words that can be the particle of a phrasal verb
PARTICLE_WORDS = {"back", "out", "off", "up", "down", "away", "over", "in", "on"}
# "agreed to a ceasefire", "called for talks": prepositions that introduce a noun act
NOUN_ACT_PREPS = ("to", "on", "upon", "for")
# actor mentions that stand for a state as such
STATE_KINDS = ("country", "capital", "seat")
# violent acts whose unknown perpetrator is coded by the place they struck
UNATTRIBUTED_ROOTS = {"18", "19", "20"}
LOCATIVE_PREPS = ("in", "at", "throughout", "across", "near", "outside", "around", "inside", "within")
# sectors that belong to no country, so a place never gives them one
STATELESS_SECTORS = ("HRI", "NGO", "IGO", "MED")
# withdrawing, expelling, recalling, cutting ties: "from X" names who loses out
FROM_TARGET_ROOTS = {"08", "16"}
# acts whose content is another act ("offered to ...", "refused to ...", "threatened to ...")
INTENT_LIKE_ROOTS = ("02", "03", "10", "12", "13")
# threats and demands are aimed at whoever must meet their condition
CONDITIONAL_TARGET_ROOTS = ("10", "13")
# dependents that open a clause of their own
EMBEDDED_CLAUSES = ("advcl", "relcl", "ccomp", "acl", "csubj", "parataxis")
# documents and words through which a party speaks ("issued a statement demanding ...")
SPEECH_NOUNS = {"statement", "declaration", "communique", "communiqué", "letter", "message", "note",
                "resolution", "appeal", "warning", "ultimatum", "call", "report", "decree", "order",
                "reminder", "demand", "request"}
# proposals that exist once made, whatever answer they get
PROPOSAL_NOUNS = {"offer", "proposal", "invitation", "plan", "initiative", "bid", "overture", "ultimatum"}
# acts done with words: their target may be the subject of what they say
COMMUNICATION_ROOTS = {"01", "02", "10", "11", "12", "13"}
# "X said Y must/should ...": an obligation laid on Y by the speaker
OBLIGATION_MODALS = {"must", "should", "ought"}
DEMAND_FRAME = "demand"
# frames of frames.yaml whose planned act is announced by the speaker: "will withdraw" is an intent
ANNOUNCING_FRAMES = ("intent", "planned")
INTENT_FRAME = "intent"
REJECT_FRAME = "reject"
DENIALS = {"deny", "reject", "dismiss", "refute", "rebut", "dispute", "denial", "rejection", "contest"}
DEFAULT_VERB_TARGET_PREPS = ("with", "against", "on", "to", "toward", "towards", "at", "into")


class DiscourseRules(BaseModel):
    """Schema of data/cameo/discourse.yaml."""

    policy_nouns: frozenset[str]
    relation_nouns: frozenset[str]
    owner_preps: tuple[str, ...]
    targetless_roots: frozenset[str]
    partitive_nouns: frozenset[str]
    targetless_noun_roots: frozenset[str]
    state_recodes: dict[str, str]
    speech_verbs: frozenset[str]
    reciprocal_codes: tuple[str, ...]
    place_target_roots: frozenset[str]
    min_noun_confidence: float
    domestic_codes: tuple[str, ...]
    stative_passives: frozenset[str]
    refusal_aux: frozenset[str]
    home_sectors: frozenset[str]
    generic_event_nouns: frozenset[str]
    event_anaphor_window: int


@functools.lru_cache(maxsize=None)
def load_discourse_rules() -> DiscourseRules:
    return load_yaml_model("discourse.yaml", DiscourseRules)


@dataclass
class EventMention:
    """One coded event in a Doc, before dates and places are attached."""

    code: str
    trigger: Token
    sent: Span
    source: ActorMention | None
    target: ActorMention | None
    factuality: str
    attributed_to: ActorMention | None = None
    confidence: float = 0.5
    how: str = "verb"
    pattern: Pattern | None = None
    cue: str | None = None


@dataclass
class Frame:
    """The arguments of one trigger as read off the parse."""

    subjects: list[Token] = field(default_factory=list)
    objects: list[Token] = field(default_factory=list)
    preps: dict[str, list[Token]] = field(default_factory=dict)
    particles: set[str] = field(default_factory=set)
    passive: bool = False
    subject_inherited: bool = False
    verb: Token | None = None  # the trigger itself


def _conjuncts(tok: Token) -> list[Token]:
    return [tok, *[c for c in tok.conjuncts if c.pos_ in ("NOUN", "PROPN", "PRON") or c.tag_ in ("NNP", "NNPS")]]


def _is_relative(tok: Token) -> bool:
    return tok.tag_ in ("WDT", "WP", "WP$") or tok.lower_ in ("that", "which", "who", "whom")


def _own_clause(head: Token, keep: Token | None = None) -> Iterator[Token]:
    """The tokens of `head`'s clause, without the clauses embedded in it (conditions, relative
    and adverbial clauses, reported speech): "threatened ... if the US deploys missiles in
    Europe" does not happen in Europe. The branch holding `keep` is always walked."""
    stack = [head]
    while stack:
        t = stack.pop()
        yield t
        for c in t.children:
            if c.dep_ in EMBEDDED_CLAUSES and c is not keep and not (keep is not None and c.left_edge.i <= keep.i <= c.right_edge.i):
                continue
            stack.append(c)


def _with_named_parts(tokens: Iterable[Token]) -> Iterator[Token]:
    """Each token, then the name it introduces: "the town of Soroti", "the capital, Niamey"."""
    for tok in tokens:
        yield tok
        yield from _named_parts(tok)


def _named_parts(tok: Token) -> Iterator[Token]:
    """The names a place noun introduces ("the town of Soroti", "the border with Guyana")."""
    if tok.pos_ != "NOUN":
        return
    if tok.lemma_.lower() in BORDER_NOUNS:
        # "near the border with Guyana": the neighbour named
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "with":
                yield from (p for p in c.children if p.dep_ == "pobj")
    if tok.lemma_.lower() in PLACE_NOUNS:
        for c in tok.children:
            if c.dep_ == "appos":
                yield c
            elif c.dep_ == "prep" and c.lower_ == "of":
                yield from (p for p in c.children if p.dep_ == "pobj" and p.pos_ == "PROPN")


def _prep_objects(head: Token) -> dict[str, list[Token]]:
    out: dict[str, list[Token]] = {}
    for child in head.children:
        if child.dep_ in ("prep", "agent", "dative") and child.pos_ in ("ADP", "PART", "SCONJ", "ADV"):
            pobjs = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if pobjs:
                out.setdefault(child.lower_, []).extend(pobjs)
        # "with the backing of", "on behalf of": multi-word preps hang a second prep off the pobj
    return out


def verb_subjects(verb: Token, depth: int = 0) -> tuple[list[Token], bool, bool]:
    """(subjects, passive, inherited) of a verb, following control and coordination."""
    subs = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if len(subs) > 1:
        # "BRUSSELS - The European Union imposed ...": a dateline parsed as a second subject
        named = [c for c in subs if c.doc._.actor_heads is not None and actor_for_phrase(c.doc, c) is not None]
        subs = named or subs
    if subs:
        sub = subs[0]
        if _is_relative(sub) and verb.dep_ == "relcl":
            return [verb.head], False, True
        if sub.pos_ in ("VERB", "AUX"):
            # a participle parsed as the subject ("The Red Cross operating in Iraq said"):
            # its own subject is the speaker
            inner = [c for c in sub.children if c.dep_ == "nsubj"]
            if inner:
                return inner, False, False
        return [sub], False, False
    pass_subs = [c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
    if pass_subs:
        agents = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        if not agents and verb.lemma_.lower() in load_discourse_rules().stative_passives:
            return pass_subs, False, False
        return agents, True, False
    # "The Red Cross operating in Iraq said ...": the small parser often hangs the subject on
    # the participle before the verb; a subjectless verb takes the subject of a clause on its left
    for child in verb.lefts:
        if child.pos_ in ("VERB", "AUX") and child.dep_ in ("csubj", "ccomp", "advcl", "amod", "acl"):
            subs = [c for c in child.children if c.dep_ == "nsubj" and not _is_relative(c)]
            if subs:
                return subs, False, True
    if depth > 4 or verb.dep_ == "ROOT":
        return [], False, False
    head = verb.head
    if verb.dep_ == "xcomp":
        if head.lemma_ in OBJECT_CONTROL:
            objs = [c for c in head.children if c.dep_ in ("dobj", "dative")]
            if objs:
                return [objs[0]], False, True
        subs, passive, _ = verb_subjects(head, depth + 1)
        return subs, passive, True
    if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX") \
            and not any(c.dep_ == "auxpass" for c in verb.children):
        # "the premier was indicted by the court and will resign": an active verb joined to a
        # passive one shares its grammatical subject, not its agent
        pass_subs = [c for c in head.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
        if pass_subs:
            return pass_subs, False, True
    if verb.dep_ in ("conj", "advcl", "acomp", "oprd") and head.pos_ in ("VERB", "AUX"):
        # "Greece is opposed to ...": a participle after the copula takes the copula's subject
        subs, passive, _ = verb_subjects(head, depth + 1)
        return subs, passive, True
    if verb.dep_ == "acl":
        # "troops deployed by X": the agent acts; a present participle's noun acts ("groups fighting X")
        agents = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        if agents:
            return agents, True, True
        if verb.tag_ == "VBG":
            if head.dep_ == "dobj" and head.head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in SPEECH_NOUNS:
                # "issued a statement demanding ...": who issued the words says them
                subs, passive, _ = verb_subjects(head.head, depth + 1)
                return subs, passive, True
            return [head], False, True
    if verb.dep_ == "pcomp" and head.head.pos_ in ("VERB", "NOUN"):
        # "accused Paris of interfering": the object of the outer verb interferes
        outer = head.head
        objs = [c for c in outer.children if c.dep_ == "dobj"]
        if objs and outer.lemma_ in ("accuse", "blame", "charge", "suspect", "thank", "praise", "criticize",
                                     "criticise", "condemn"):
            return [objs[0]], False, True
        subs, passive, _ = verb_subjects(outer, depth + 1) if outer.pos_ in ("VERB", "AUX") else ([], False, False)
        return subs, passive, True
    return [], False, False


def read_frame(tok: Token) -> Frame:
    frame = Frame(verb=tok)
    frame.preps = _prep_objects(tok)
    frame.particles = {c.lemma_.lower() for c in tok.children if c.dep_ == "prt"}
    # "pushed back the forces", "backed out of talks": the small parser often hangs the particle
    # as an adverb or a preposition; right after the verb it is still the particle
    frame.particles |= {c.lower_ for c in tok.children if c.dep_ in ("advmod", "prep")
                        and c.i == tok.i + 1 and c.lower_ in PARTICLE_WORDS}
    if tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "oprd") and tok.head.pos_ in ("VERB", "AUX"):
        # "France is ready to contribute": the copula's subject is the adjective's
        subs, passive, inherited = verb_subjects(tok.head)
        frame.subjects, frame.subject_inherited = subs, True
    elif tok.pos_ in ("VERB", "AUX"):
        subs, passive, inherited = verb_subjects(tok)
        frame.subjects, frame.passive, frame.subject_inherited = subs, passive, inherited
        if passive:
            frame.objects = [c for c in tok.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
        else:
            frame.objects = [c for c in tok.children if c.dep_ in ("dobj", "dative", "attr", "oprd")]
            if not frame.objects and tok.dep_ == "relcl" and not any(_is_relative(c) for c in tok.children if c.dep_ in SUBJECT_DEPS):
                # "the accusations both capitals deny": the noun is the verb's object
                frame.objects = [tok.head]
            if not frame.objects and tok.dep_ == "acl" and tok.tag_ == "VBN":
                frame.objects = [tok.head]
        for c in tok.children:
            if c.dep_ == "dative" and c.pos_ in ("NOUN", "PROPN", "PRON"):
                frame.objects.insert(0, c)
    else:
        # a noun trigger: possessor and actor modifiers act; "by X" acts
        frame.subjects = [c for c in tok.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
        frame.subjects += frame.preps.get("by", [])
    return frame


class EventCoder:
    """Codes the events of a Doc whose actors have been resolved (`doc._.actors`)."""

    def __init__(self, patterns: PatternIndex | None = None, taxonomy: Taxonomy | None = None,
                 frames: Frames | None = None, emit_plain_statements: bool = False):
        self.patterns = patterns or load_patterns()
        self.taxonomy = taxonomy or load_taxonomy()
        self.frames = frames or load_frames()
        self.lexicon = load_lexicon()
        self.discourse = load_discourse_rules()
        # a noun's "of X" role is a fact about the noun, not the frame: "the withdrawal of troops"
        # has troops withdrawing whichever pattern of "withdrawal" matched
        roles: dict[str, set[str]] = {}
        for p in self.patterns:
            if p.pos == "NOUN" and p.of_role:
                roles.setdefault(p.lemma, set()).add(p.of_role)
        self.of_roles = {lemma: next(iter(r)) for lemma, r in roles.items() if len(r) == 1}
        # CAMEO's 010 is residual: a statement is coded as such only when asked for
        self.emit_plain_statements = emit_plain_statements
        self._demanded_of: dict[int, Token] = {}
        self._plain_refusal_idx: set[int] = set()
        self._country_hints: tuple[str, ...] = ()
        self._in_names: set[int] = set()
        self._recent_events: list[EventMention] = []
        if not Doc.has_extension("event_mentions"):
            Doc.set_extension("event_mentions", default=None)
        if not Doc.has_extension("skip_spans"):
            Doc.set_extension("skip_spans", default=())

    def __call__(self, doc: Doc) -> Doc:
        doc._.event_mentions = list(self.code_doc(doc))
        return doc

    # -- the act -------------------------------------------------------------------

    def _object_lemmas(self, tok: Token, frame: Frame) -> list[tuple[str, set[str]]]:
        """(head lemma, modifier lemmas) of the things a pattern's `object` may name."""
        heads: list[Token] = list(frame.objects)
        if tok.pos_ in ("NOUN", "PROPN"):
            heads += frame.preps.get("of", [])
            # "military assistance": the trigger's own modifiers qualify it
            heads.append(tok)
        for pobjs in frame.preps.values():
            heads += pobjs
        out = []
        # "5 million dollars of aid", "700 kg of medicine": the stuff, not the measure
        heads += [p for h in list(heads) if h.pos_ in ("NOUN", "NUM") for p in _prep_objects(h).get("of", [])]
        for h in heads:
            for member in [h, *h.conjuncts]:
                mods = {c.lemma_.lower() for c in member.children if c.dep_ in ("amod", "compound", "nmod")}
                out.append((member.lemma_.lower(), mods))
        return out

    def match(self, tok: Token, frame: Frame) -> Pattern | None:
        pos = "VERB" if tok.pos_ in ("VERB", "AUX") else tok.pos_
        candidates = self.patterns.candidates(tok.lemma_.lower(), pos)
        if not candidates and pos == "NOUN":
            candidates = self.patterns.candidates(tok.lower_, pos)
        if not candidates and pos == "PROPN":
            candidates = self.patterns.candidates(tok.lemma_.lower(), "NOUN")
        if not candidates:
            return None
        objects = None
        if pos != "VERB":
            candidates = [p for p in candidates if p.confidence >= self.discourse.min_noun_confidence]
        for pat in candidates:
            if pat.particle and pat.particle not in frame.particles:
                continue
            if pat.prep and pat.prep not in frame.preps:
                continue
            if frame.passive and getattr(pat, "passive_ok", True) is False:
                continue
            if pat.object:
                if objects is None:
                    objects = self._object_lemmas(tok, frame)
                if not any(self._object_fits(o, objects) for o in pat.object):
                    continue
            return pat
        return None

    @staticmethod
    @functools.lru_cache(maxsize=None)
    def _split_object(wanted: str) -> tuple[str, frozenset[str]]:
        parts = wanted.lower().split()
        return parts[-1], frozenset(parts[:-1])

    def _object_fits(self, wanted: str, objects: list[tuple[str, set[str]]]) -> bool:
        head, mods = self._split_object(wanted)
        return any(h == head and mods <= m for h, m in objects)

    def _obligations(self, doc: Doc, sent: Span, triggers: dict, inner_of: dict[int, int],
                     forced: dict[int, FactualityReading], recoded_inner: set[int]) -> None:
        """"X said Y must do Z" is X's demand on Y (CAMEO 10), whatever Z is; so is "X issued a
        reminder that Y must do Z" (the verb that issues the words carries the demand)."""
        for word in sent:
            if word.lemma_.lower() in self.discourse.speech_verbs and word.pos_ in ("VERB", "AUX"):
                tok, comps = word, [c for c in word.children if c.dep_ == "ccomp"]
            elif word.lemma_.lower() in SPEECH_NOUNS and word.dep_ == "dobj" and word.head.pos_ in ("VERB", "AUX"):
                tok, comps = word.head, [c for c in word.children if c.dep_ in ("ccomp", "acl")]
            else:
                continue
            if tok.i in triggers and triggers[tok.i][0].root != "01":
                continue
            for comp in comps:
                if comp.pos_ not in ("VERB", "AUX"):
                    continue
                modal = next((a for a in comp.children if a.dep_ == "aux" and a.lower_ in OBLIGATION_MODALS), None)
                if modal is None:
                    continue
                inner = triggers.get(comp.i)
                match = self.frames.resolve(DEMAND_FRAME, inner[0].code if inner else None, comp.lemma_.lower())
                if match.code is None:
                    continue
                triggers[tok.i] = (Pattern(code=match.code, lemma=tok.lemma_.lower(), pos="VERB", confidence=0.6),
                                   read_frame(tok))
                if inner is not None:
                    inner_of[tok.i] = comp.i
                    recoded_inner.add(comp.i)
                else:
                    self._demanded_of[tok.i] = comp
                # what must be done is only asked for: "must be ready to mediate"
                for t in comp.subtree:
                    if t.i != tok.i and (t.i == comp.i or t.dep_ in ("xcomp", "acomp")):
                        forced[t.i] = FactualityReading("planned", modal.lower_)

    def _control(self, doc: Doc, tok: Token, pat: Pattern) -> tuple[Token, FrameMatch] | None:
        """The control word governing trigger `tok` ("threatened to X", "refrained from X"), if any."""
        if tok.dep_ in ("xcomp", "ccomp"):
            # adverbial clauses ("refused to meet him, saying ...") are not what the verb governs
            head, via = tok.head, None
            if misparsed_noun(head):
                return None
        elif tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.head.lower_ in GOVERNED_PREPS:
            # "refrained from attacking", "accused of backing"; not "after meeting", "by visiting"
            head, via = tok.head.head, tok.head.lower_
        elif tok.dep_ == "pobj" and tok.head.dep_ == "prep":
            # "called for talks", "threatened with sanctions": a noun act after a control word
            head, via = tok.head.head, tok.head.lower_
        elif tok.dep_ == "dobj" and tok.pos_ in ("NOUN", "PROPN"):
            # "stopped negotiations", "refused aid", "threatened sanctions": a noun act as the
            # object of a control word
            head, via = tok.head, None
        else:
            return None
        if head.i == tok.i:
            return None
        pos = "VERB" if head.pos_ in ("VERB", "AUX") else ("NOUN" if head.pos_ in ("NOUN", "PROPN") else head.pos_)
        candidates = self.frames.lookup(head.lemma_.lower(), pos)
        if not candidates:
            return None
        particles = {c.lemma_.lower() for c in head.children if c.dep_ == "prt"}
        preps = {c.lower_ for c in head.children if c.dep_ == "prep"}
        for name, word in candidates:
            if word.particle and word.particle not in particles:
                continue
            if word.prep and word.prep != via and word.prep not in preps:
                continue
            if via is not None and tok.dep_ == "pobj" and word.prep != via \
                    and not (word.prep is None and via in NOUN_ACT_PREPS):
                continue
            return head, self.frames.resolve(name, pat.code, tok.lemma_.lower())
        return None

    # -- the actors -------------------------------------------------------------------

    def _actors(self, doc: Doc, toks: Iterable[Token]) -> list[ActorMention]:
        seen: list[ActorMention] = []
        for tok in toks:
            for member in _conjuncts(tok):
                # "both sides" stands for two actors: each is a source or target of its own
                found = actors_for_phrase(doc, member)
                preps = _prep_objects(member)
                if not found and (member.lemma_.lower() in self.discourse.partitive_nouns or member.pos_ == "NUM"):
                    # "thousands of Iraqi Kurds", "delegations from Sudan": the "of"/"from" phrase acts
                    of = preps.get("of", []) + preps.get("from", [])
                    found = actors_for_phrase(doc, of[0]) if of else []
                if len(found) <= 1 and member.pos_ == "NOUN":
                    # "the foreign ministers of Greece and Turkey": one actor per country named
                    of = [c for p in preps.get("of", []) + preps.get("from", []) for c in (p, *p.conjuncts)]
                    members = [a for p in of for a in actors_for_phrase(doc, p)]
                    if len(members) > 1:
                        found = members
                for am in found:
                    if all(am is not s for s in seen):
                        seen.append(am)
        return seen

    def _place_mention(self, doc: Doc, tokens: Iterable[Token]) -> ActorMention | None:
        """The first place among `tokens` (a country or capital mention, or a gazetteer place)
        as an actor mention of its country."""
        from ..timeplace.places import get_gazetteer

        named = {t.i for t0 in tokens for t in _named_parts(t0)}
        for tok in _with_named_parts(tokens):
            am = actor_for_phrase(doc, tok)
            if am is not None and am.kind in ("country", "capital") and am.actor.country:
                return am
            if tok.i not in named and am is not None:
                continue  # a person or a group is no place ("arrested Imran Khan")
            if tok.pos_ != "PROPN" and tok.ent_type_ not in ("GPE", "LOC"):
                continue
            left = tok.left_edge.i if tok.left_edge.pos_ == "PROPN" else tok.i
            # the whole name only: "Lake Victoria" is not the city of Victoria
            for start in (left,):
                name = doc[start:tok.i + 1].text
                place = get_gazetteer().lookup(name, self._country_hints)
                if place is not None and place.country:
                    span = doc[start:tok.i + 1]
                    actor = Actor(text=span.text, name=place.name, country=place.country, sector=None, org=None,
                                  start=span.start_char, end=span.end_char)
                    return ActorMention(start=start, end=tok.i + 1, head=tok.i, actor=actor, kind="place",
                                        confidence=0.5)
        return None

    def _clause_places(self, tok: Token) -> list[Token]:
        """Objects of locative prepositions in the trigger's clause, nearest first."""
        clause = tok if tok.pos_ in ("VERB", "AUX") else next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), tok)
        found = [t for t in _own_clause(clause, keep=tok) if t.dep_ == "pobj" and t.head.lower_ in LOCATIVE_PREPS]
        found.sort(key=lambda t: abs(t.i - tok.i))
        if clause.dep_ in ("advcl", "conj", "xcomp") and clause.head is not clause \
                and not any(c.dep_ in SUBJECT_DEPS for c in clause.children):
            # "attacked a post near Mandera, killing three officers": a clause without a subject
            # of its own happens where its governing clause does
            found += [t for t in _own_clause(clause.head, keep=clause)
                      if t.dep_ == "pobj" and t.head.lower_ in LOCATIVE_PREPS and t not in found]
        return found

    def _at_home(self, src: ActorMention, tgt: ActorMention) -> ActorMention:
        """A countryless target of a domestic sector is the source's compatriot."""
        actor = tgt.actor
        country = src.actor.country
        if actor.country or actor.org or actor.sector not in self.discourse.home_sectors \
                or not country or len(country) != 3:
            return tgt
        return ActorMention(start=tgt.start, end=tgt.end, head=tgt.head, actor=replace(actor, country=country),
                            kind=tgt.kind, confidence=min(tgt.confidence, 0.4))

    def _source_at_home(self, src: ActorMention, tgt: ActorMention | None) -> ActorMention:
        """A countryless non-state source (a judge, a party, rebels, protesters) acting on a
        country's own institutions or people is that country's ("a judge opened investigations
        into Chilean officials"). Governments and armies are not: they often act abroad."""
        actor = src.actor
        if tgt is None or actor.country or actor.org or actor.sector in (None, "GOV", "MIL", "COP", "SPY") \
                or actor.sector not in self.discourse.home_sectors:
            return src
        country = tgt.actor.country
        if not country or len(country) != 3:
            return src
        return ActorMention(start=src.start, end=src.end, head=src.head, actor=replace(actor, country=country),
                            kind=src.kind, confidence=min(src.confidence, 0.4))

    def _localize(self, doc: Doc, am: ActorMention, tok: Token) -> ActorMention:
        """A sector-only actor ("students", "refugees") takes the country of the place its act
        happens in ("students throughout Indonesia", "refugees in Liberia")."""
        actor = am.actor
        guessed = am.kind in ("group", "description") and am.confidence <= 0.5 and not actor.org
        if (actor.country and not guessed) or actor.org or actor.sector in STATELESS_SECTORS:
            return am
        near = [t for t in doc[am.start:am.end].root.subtree if t.dep_ == "pobj" and t.head.lower_ in LOCATIVE_PREPS]
        place = self._place_mention(doc, near + self._clause_places(tok))
        if place is None or place.actor.country == actor.country:
            # a country taken from context ("the police" after the last government named)
            # yields to the place the act happens in
            return am
        return ActorMention(start=am.start, end=am.end, head=am.head,
                            actor=replace(actor, country=place.actor.country),
                            kind=am.kind, confidence=min(am.confidence, 0.5))

    def _owners(self, doc: Doc, thing: Token) -> list[ActorMention]:
        """Who a non-actor noun belongs to: "Russia's role", "calls by Annan", "an offer from Kabul"."""
        owners = []
        for member in [thing, *thing.conjuncts]:
            owners += [c for c in member.children if c.dep_ in ("poss", "amod", "compound", "nmod")]
            preps = _prep_objects(member)
            for prep in OWNER_PREPS:
                owners += preps.get(prep, [])
        found = self._actors(doc, owners)
        if not found:
            # one level further: "the offices of the Palestinian administrators"
            found = self._actors(doc, [c for o in owners if o.pos_ == "NOUN" for c in o.children
                                       if c.dep_ in ("poss", "amod", "compound")])
        return found

    def _event_anaphor_target(self, src: ActorMention, frame: Frame, tok: Token) -> list[ActorMention]:
        """"welcomed the agreement", "condemned the attack": a definite noun naming an act told
        earlier is aimed at whoever did that act."""
        if tok.pos_ not in ("VERB", "AUX") or not self._recent_events:
            return []
        things = list(frame.objects)
        for prep in self.discourse.owner_preps:
            things += frame.preps.get(prep, [])
        sent_start = tok.sent.start
        for thing in things:
            if thing.pos_ != "NOUN" or any(c.dep_ in ("poss",) for c in thing.children):
                continue
            if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "these", "that", "those") for c in thing.children):
                continue
            lemma = thing.lemma_.lower()
            roots = {p.root for p in self.patterns.candidates(lemma, "NOUN")}
            if not roots and lemma not in self.discourse.generic_event_nouns:
                continue
            for m in reversed(self._recent_events):
                if m.trigger.i >= tok.i:
                    continue
                if sent_start - m.sent.start > 0 and self._sentences_between(m.sent, tok.sent) > self.discourse.event_anaphor_window:
                    break
                if roots and m.code[:2] not in roots:
                    continue
                if m.source.actor.key == src.actor.key:
                    continue
                doers = [x.source for x in self._recent_events if x.trigger.i == m.trigger.i and x.source is not None
                         and x.source.actor.key != src.actor.key]
                return list({d.actor.key: d for d in doers}.values())
        return []

    @staticmethod
    def _sentences_between(a: Span, b: Span) -> int:
        return sum(1 for s in a.doc.sents if a.start <= s.start < b.start)

    def _policy_target(self, source: ActorMention, frame: Frame, tok: Token) -> ActorMention | None:
        """A domestic actor acting on its government's policy ("criticised the reforms") targets
        that government."""
        actor = source.actor
        if not actor.country or actor.sector in ("GOV", None) or len(actor.country) != 3 or tok.pos_ not in ("VERB", "AUX"):
            return None
        things = list(frame.objects)
        for prep in self.discourse.owner_preps:
            things += frame.preps.get(prep, [])
        for thing in things:
            if thing.lemma_.lower() in self.discourse.policy_nouns and not any(c.dep_ == "poss" for c in thing.children):
                start, end = thing.left_edge.idx, thing.idx + len(thing.text)
                gov = Actor(text=thing.doc.text[start:end], name=None, country=actor.country, sector="GOV",
                            org=None, start=start, end=end)
                return ActorMention(start=thing.left_edge.i, end=thing.i + 1, head=thing.i, actor=gov,
                                    kind="description", confidence=0.5)
        return None

    def _dyads(self, doc: Doc, sent: Span) -> list[tuple[ActorMention, ActorMention]]:
        """Pairs framed by the sentence: "relations between A and B", "A's ties with B"."""
        pairs = []
        for tok in sent:
            if tok.lemma_.lower() not in self.discourse.relation_nouns or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            preps = _prep_objects(tok)
            members = self._actors(doc, preps.get("between", []))
            if len(members) < 2:
                members = self._owners(doc, tok) + self._actors(doc, preps.get("with", []))
            if len(members) >= 2 and members[0].actor.key != members[1].actor.key:
                pairs.append((members[0], members[1]))
        return pairs

    def _target_groups(self, doc: Doc, tok: Token, frame: Frame, pat: Pattern, root: str) -> Iterator[list[ActorMention]]:
        """Candidate targets, best first.

        Verbs: the object (unless the pattern names the object as the thing given or taken:
        "withdrew its troops from X", "imposed sanctions on Y"), the pattern's prepositions and
        the general ones, the subject of what was said ("demanded that Pyongyang ..."), the
        actors owning the thing acted on ("Serbia's suppression", "calls by X", "an offer from
        Y", "Israeli raids"), and last the addressee of a complaint ("complained to the UN").
        Nouns: their prepositions, then "of X" when the noun's patient follows "of".
        """
        if tok.pos_ not in ("VERB", "AUX", "ADJ"):
            if tok.dep_ == "dobj" and tok.head.lemma_.lower() in RECEIVING_VERBS:
                # "faced criticism from the EU": who faces it is its target
                subs, _, _ = verb_subjects(tok.head)
                yield self._actors(doc, subs)
            preps = list(pat.target_prep or ()) + ["against", "on", "with", "to", "toward", "towards", "into"]
            for prep in preps:
                if prep in frame.preps:
                    # "attacks on Ukraine's energy infrastructure": the owner of what is hit
                    yield self._actors(doc, frame.preps[prep]) or [o for p in frame.preps[prep]
                                                                   for o in self._owners(doc, p)]
            if self._of_role(pat) == "target":
                yield self._actors(doc, frame.preps.get("of", []))
            if root in COMMUNICATION_ROOTS:
                # "its demand that Israel ease ...", "a warning that Kigali would pay"
                for comp in tok.children:
                    if comp.dep_ in ("acl", "ccomp", "relcl") and comp.pos_ in ("VERB", "AUX"):
                        yield self._actors(doc, [c for c in comp.children if c.dep_ in SUBJECT_DEPS])
            return
        object_is_thing = bool(pat.object) and not pat.prep
        if not object_is_thing:
            yield self._actors(doc, frame.objects)
        preps = list(pat.target_prep or ()) + [p for p in DEFAULT_VERB_TARGET_PREPS if p not in (pat.target_prep or ())]
        if root in FROM_TARGET_ROOTS:
            preps.append("from")
        if pat.prep:
            preps.insert(0, pat.prep)
        late = []
        if root in ("11", "12"):
            # a complaint "to the UN over X's raids" is aimed at X, not the UN
            preps, late = [p for p in preps if p != "to"], ["to"]
        for prep in preps:
            if prep in frame.preps:
                yield self._actors(doc, frame.preps[prep])
        if root in COMMUNICATION_ROOTS:
            # "demanded that Pyongyang abandon ...", "reiterated its demand that Israel ease ..."
            comps = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp")]
            comps += [c for o in frame.objects for c in o.children if c.dep_ in ("acl", "ccomp")]
            if tok.i in self._demanded_of:
                comps.insert(0, self._demanded_of[tok.i])
            for comp in comps:
                yield self._actors(doc, [c for c in comp.children if c.dep_ in SUBJECT_DEPS + PASSIVE_SUBJECT_DEPS])
        if root in INTENT_LIKE_ROOTS:
            # "offered to hand over two suspects to Britain": the act intended, even when it is
            # no act of the dictionary, names whom it is for
            for comp in tok.children:
                if comp.dep_ == "xcomp" and comp.pos_ in ("VERB", "AUX"):
                    cframe = read_frame(comp)
                    yield self._actors(doc, cframe.objects)
                    for prep in ("to", "with", "between", "against", "on", "for", "from"):
                        if prep in cframe.preps:
                            yield self._actors(doc, cframe.preps[prep])
        if root in CONDITIONAL_TARGET_ROOTS:
            # "threatened a strike unless Israel rescinded ...": the one who must comply
            for c in tok.subtree:
                if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("unless", "if") for m in c.children):
                    yield self._actors(doc, [x for x in c.children if x.dep_ in SUBJECT_DEPS])
        things = list(frame.objects)
        if root == "14":
            # "blocked a road to show their anger at Washington's policies": what it protests
            for c in tok.children:
                if c.dep_ == "advcl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
                    purpose = read_frame(c)
                    things += purpose.objects + [p for ps in purpose.preps.values() for p in ps]
                    things += [p for o in purpose.objects for ps in _prep_objects(o).values() for p in ps]
        # "suspended part of a military aid programme for Bosnia": follow "of" down the object
        objects = list(frame.objects)
        for obj in list(objects):
            objects += [p for p in _prep_objects(obj).get("of", []) if p.pos_ == "NOUN"]
        for obj in objects:
            for prep, pobjs in _prep_objects(obj).items():
                if prep in self.discourse.owner_preps:
                    things += pobjs
        for prep in self.discourse.owner_preps:
            things += frame.preps.get(prep, [])
        for thing in things:
            yield self._actors(doc, [thing]) or self._owners(doc, thing)
        for prep in late:
            if prep in frame.preps:
                yield self._actors(doc, frame.preps[prep])
        if object_is_thing:
            # "expelled Russian diplomats": the people or things acted on stand for their country
            yield self._actors(doc, frame.objects)

    def _targets(self, doc: Doc, tok: Token, frame: Frame, pat: Pattern, root: str) -> list[ActorMention]:
        return next((g for g in self._target_groups(doc, tok, frame, pat, root) if g), [])

    def _of_role(self, pat: Pattern) -> str | None:
        return pat.of_role or self.of_roles.get(pat.lemma)

    def _sources(self, doc: Doc, tok: Token, frame: Frame, pat: Pattern) -> list[ActorMention]:
        if tok.pos_ in ("VERB", "AUX"):
            return self._actors(doc, frame.subjects)
        found: list[ActorMention] = []
        agents = list(frame.subjects)
        if pat.root in COMMUNICATION_ROOTS:
            agents += frame.preps.get("from", [])  # "criticism from the EU", "accusations from Israel"
        for of in frame.preps.get("of", []):
            # "the rejection of the plan by Russia": the agent may hang on the "of" phrase
            agents += _prep_objects(of).get("by", [])
        whole = actor_for_phrase(doc, tok)
        if whole is not None and whole.start < tok.i and whole.kind != "pronoun":
            # "an Israeli troop pullback": one actor for the whole phrase, not one per modifier
            agents = [t for t in agents if not whole.start <= t.i < whole.end]
            found.append(whole)
        for t in agents:
            am = actor_for_phrase(doc, t)
            if am is not None and all(am is not f for f in found):
                found.append(am)
        if not found and pat.code.startswith(self.discourse.reciprocal_codes) and pat.code not in MEDIATION_CODES:
            # "a meeting between the presidents of Kenya and Tanzania": both sides act
            found = self._actors(doc, frame.preps.get("between", []))
        if not found and self._of_role(pat) == "source":
            found = self._actors(doc, frame.preps.get("of", []))
        if not found and tok.dep_ in ("dobj", "compound", "nmod") and tok.head.i < tok.i:
            # a mis-tagged name right before the noun ("ECOWAS sanctions" parsed as verb + object)
            head_actor = actor_for_phrase(doc, tok.head)
            if head_actor is not None and head_actor.kind in ("org", "country", "capital", "seat", "group"):
                found = [head_actor]
        if not found and (tok.dep_ == "dobj" or (tok.dep_ == "pobj" and tok.head.lower_ in PARTICIPATION_PREPS)):
            # "X carried out strikes", "X announced sanctions", "X took part in talks": the light
            # verb's subject acts; a topic ("spoke about the fighting") is no act of the speaker
            verb = tok.head if tok.dep_ == "dobj" else tok.head.head
            if verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() not in RECEIVING_VERBS:
                subs, _, _ = verb_subjects(verb)
                found = self._actors(doc, subs)
        return found

    # -- the document ------------------------------------------------------------------

    def code_doc(self, doc: Doc) -> Iterator[EventMention]:
        skip = doc._.skip_spans or ()
        # the article's countries settle ambiguous place names (Tripoli in Lebanon or Libya)
        self._country_hints = tuple(dict.fromkeys(a.actor.country for a in (doc._.actors or [])
                                                  if a.actor.country and len(a.actor.country) == 3))
        # words inside a name are not acts: "Rapid Support Forces", "border patrol agents"
        self._in_names = {i for a in (doc._.actors or []) if a.kind != "pronoun"
                          for i in range(a.start, a.end) if i != a.head}
        # who accused whom lately: a denial with no target of its own answers them
        recent_accusers: list[ActorMention] = []
        self._recent_events = []
        for sent in doc.sents:
            if any(s <= sent.start_char and sent.end_char <= e + 1 for s, e in skip):
                continue
            for m in self.code_sentence(doc, sent, recent_accusers):
                if m.code in ("010",) and not self.emit_plain_statements:
                    continue
                yield m

    def code_sentence(self, doc: Doc, sent: Span, recent_accusers: list[ActorMention]) -> Iterator[EventMention]:
        triggers: dict[int, tuple[Pattern, Frame]] = {}
        self._demanded_of = {}
        self._plain_refusal_idx: set[int] = set()
        for tok in sent:
            if tok.pos_ not in ("VERB", "AUX", "NOUN", "PROPN", "ADJ"):
                continue
            if tok.i in self._in_names and tok.pos_ not in ("VERB", "AUX"):
                continue
            frame = read_frame(tok)
            pat = self.match(tok, frame)
            if pat is not None:
                triggers[tok.i] = (pat, frame)
        # a noun consumed by its light verb's pattern ("imposed sanctions") is not a second event
        consumed: set[int] = set()
        for i, (pat, frame) in triggers.items():
            if pat.object and doc[i].pos_ in ("VERB", "AUX"):
                for o in frame.objects:
                    if o.i in triggers:
                        consumed.add(o.i)
        # control verbs: "threatened to impose", "agreed to resume", "began providing"
        inner_of: dict[int, int] = {}
        forced: dict[int, FactualityReading] = {}
        recoded_inner: set[int] = set()
        # innermost first; a control word that becomes an act may itself be governed
        # ("threatened to stop negotiations": stop governs the talks, threaten governs stop)
        worklist = sorted(triggers, key=lambda i: -sum(1 for _ in doc[i].ancestors))
        done: set[int] = set()
        while worklist:
            i = worklist.pop(0)
            if i in done:
                continue
            done.add(i)
            control = self._control(doc, doc[i], triggers[i][0])
            if control is None:
                continue
            head, match = control
            inner_pat = triggers[i][0]
            if match.frame == INTENT_FRAME and any(c.dep_ == "neg" for c in doc[i].children):
                # "vowed not to return the Golan Heights": a promise not to act is a refusal
                match = self.frames.resolve(REJECT_FRAME, inner_pat.code, doc[i].lemma_.lower())
            if head.i in inner_of and doc[inner_of[head.i]].dep_ == "xcomp" and doc[i].dep_ != "xcomp":
                continue  # the infinitive a control verb governs wins over a looser complement
            if head.i in triggers and triggers[head.i][0].object and doc[i].dep_ in ("dobj", "pobj") \
                    and head.i not in inner_of:
                continue  # "offered its sympathy": the verb's own pattern already names this object
            if match.effect in ("recode", "deny", "halt") and match.code is not None and head.i != i:
                if head.i in triggers:
                    pat, frame = triggers[head.i]
                    triggers[head.i] = (pat.model_copy(update={"code": match.code}), frame)
                else:
                    triggers[head.i] = (Pattern(code=match.code, lemma=head.lemma_.lower() or "x",
                                                pos="NOUN" if head.pos_ in ("NOUN", "PROPN") else "VERB"),
                                        read_frame(head))
                inner_of[head.i] = i
                recoded_inner.add(i)
                made = doc[i].pos_ == "NOUN" and doc[i].lemma_.lower() in SPEECH_NOUNS | PROPOSAL_NOUNS
                if match.inner_factuality and not made:
                    forced[i] = FactualityReading(match.inner_factuality, head.lower_)
                # "rejected the demand by Kyiv": the demand itself was made; only what it asks is not done
                if head.i not in done:
                    worklist.insert(0, head.i)
            elif match.effect == "attempt" and match.code is not None:
                triggers[i] = (inner_pat.model_copy(update={"code": match.code}), triggers[i][1])
            elif match.effect in ("negate", "halt"):
                forced[i] = FactualityReading("negated", head.lower_)
            elif match.effect == "planned":
                forced[i] = FactualityReading(match.inner_factuality or "planned", head.lower_)
            elif match.effect == "attribute" and match.inner_factuality:
                if doc[i].dep_ == "dobj":
                    continue  # "announced the expulsion of ...": announcing an act is doing it
                forced[i] = FactualityReading(match.inner_factuality, head.lower_)
            elif match.inner_factuality and match.effect not in ("pass",):
                forced[i] = FactualityReading(match.inner_factuality, head.lower_)
        self._obligations(doc, sent, triggers, inner_of, forced, recoded_inner)
        self._plain_refusals(sent, triggers)
        dyads = self._dyads(doc, sent) if triggers else []
        # inner acts first, so a control verb can fall back on the target its act found
        inner_idx = set(inner_of.values())
        order = sorted(triggers, key=lambda i: (i not in inner_idx, i))
        found: dict[int, list[EventMention]] = {}
        for i in order:
            if i in consumed:
                continue
            pat, frame = triggers[i]
            inner_targets = []
            if i in inner_of and inner_of[i] in found:
                inner_targets = [[m.target for m in found[inner_of[i]] if m.target is not None]]
            tok = doc[i]
            if tok.dep_ == "conj" and tok.head.i in found:
                # "imposed sanctions on Niger and threatened to use force": a verb that shares
                # its subject with an earlier one shares its target when it names none
                inner_targets.append([m.target for m in found[tok.head.i]
                                      if m.target is not None and m.how in ("verb", "noun")])
            found[i] = list(self._events_for(doc, sent, doc[i], pat, frame, inner_of, recent_accusers, forced.get(i),
                                             dyads, announce=i not in recoded_inner, inner_targets=inner_targets))
            for m in found[i]:
                if m.code[:2] in ("10", "11") and m.source is not None and m.factuality in ("asserted", "claimed"):
                    recent_accusers[:] = [m.source] + [a for a in recent_accusers if a is not m.source][:3]
                if m.factuality in ("asserted", "claimed") and m.source is not None:
                    self._recent_events.append(m)
        for i in sorted(found):
            if found[i] and self._protest_purpose(doc[i], found):
                continue
            yield from found[i]

    def _events_for(self, doc: Doc, sent: Span, tok: Token, pat: Pattern, frame: Frame,
                    inner_of: dict[int, int], recent_accusers: list[ActorMention],
                    forced: FactualityReading | None = None,
                    dyads: list[tuple[ActorMention, ActorMention]] = (),
                    announce: bool = True,
                    inner_targets: list[list[ActorMention]] = ()) -> Iterator[EventMention]:
        code = pat.code
        root = code[:2]
        sources = self._sources(doc, tok, frame, pat)
        unknown_perpetrator = False
        if not sources and root in UNATTRIBUTED_ROOTS:
            # "three civilians were killed in a bombing in Baghdad", "a roadside bomb killed two
            # soldiers near Samarra": the unknown perpetrator is placed where it struck
            place = self._place_mention(doc, self._clause_places(tok))
            if place is not None:
                sources, unknown_perpetrator = [place], True
        if not sources:
            return
        sources = [self._localize(doc, s, tok) for s in sources]
        groups: list[list[ActorMention]] = []
        if tok.i in inner_of:
            # "invited Putin to visit", "urged Kigali to withdraw": the addressee is the target
            if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in OBJECT_CONTROL:
                groups.append(self._actors(doc, [c for c in tok.children if c.dep_ in ("dobj", "dative")]))
            inner = doc[inner_of[tok.i]]
            # "demanded that Hamas renounce ...", "said Minsk must release ...": the one who is
            # to act is the one addressed
            groups.append(self._actors(doc, [c for c in inner.children if c.dep_ in SUBJECT_DEPS]))
            inner_frame = read_frame(inner)
            inner_pat = self.match(inner, inner_frame)
            if inner_pat is not None and inner.pos_ in ("NOUN", "PROPN") and root in ("02", "10"):
                # "demanded the withdrawal of Serbian forces": those who must withdraw
                groups.append(self._sources(doc, inner, inner_frame, inner_pat))
            if inner_pat is not None:
                groups += list(self._target_groups(doc, inner, inner_frame, inner_pat, root))
        groups += list(self._target_groups(doc, tok, frame, pat, root))
        groups += list(inner_targets)
        groups = [g for g in groups if g]
        targets = groups[0] if groups else []
        is_noun = tok.pos_ not in ("VERB", "AUX")
        reading = forced or read_factuality(tok, self.lexicon)
        topic_of = tok.head.head if tok.dep_ == "pobj" else None
        if is_noun and reading.value == "asserted" and topic_of is not None and tok.head.lower_ in TOPIC_PREPS \
                and (topic_of.lemma_.lower() in TOPIC_HEADS
                     or any(c.dep_ == "dobj" and c.lemma_.lower() in TOPIC_HEADS for c in topic_of.children)):
            # "negotiations on an Israeli troop pullback": the topic of talks has not happened
            reading = FactualityReading("planned", tok.head.head.lower_)
        if tok.i in self._plain_refusal_idx and reading.value == "negated":
            reading = FactualityReading("asserted", reading.cue)
        if forced is not None and forced.value == "claimed":
            # "a statement said Finland will give ...": the act's own modality comes first
            own = read_factuality(tok, self.lexicon)
            if own.value != "asserted":
                reading = own
        attributed = self._attribution(doc, tok)
        if reading.value == "claimed" and forced is not None and attributed is not None \
                and any(attributed.actor.key == s.actor.key for s in sources):
            # "Ukraine said it would ...": a party reporting its own act asserts it
            reading = read_factuality(tok, self.lexicon)
        elif reading.value == "asserted" and attributed is not None \
                and all(attributed.actor.key != s.actor.key for s in sources):
            # "..., according to the health ministry", "..., officials in Kyiv said": another
            # party's account of the act
            reading = FactualityReading("claimed", attributed.actor.text)
        lemma = tok.lemma_.lower()
        confidence = self._confidence(pat, frame, is_noun, bool(targets), reading)
        intent_code = self._announced(tok, code, reading) if announce else None
        if announce and intent_code is None and self._refused(tok, reading):
            intent_code = self.frames.resolve(REJECT_FRAME, code, lemma).code
        for src in sources:
            src_code = code
            if code in self.discourse.state_recodes and not is_noun \
                    and (src.actor.sector == "GOV" or (src.kind in STATE_KINDS and doc[src.head].pos_ == "PROPN")):
                src_code = self.discourse.state_recodes[code]
            tgts = [self._at_home(src, self._localize(doc, t, tok)) for t in self._choose_targets(src, groups)]
            if tgts and all(t.actor.key == src.actor.key for t in tgts) and root in self.discourse.place_target_roots:
                # "massed its troops near the border with Guyana": its own troops are the means,
                # the place says whom the act is aimed at
                place = self._place_target(doc, frame, root) or self._place_mention(doc, self._clause_places(tok))
                if place is not None and place.actor.key != src.actor.key:
                    tgts = [place]
            if unknown_perpetrator and not tgts:
                continue
            if not tgts and targets:
                continue
            how = "noun" if is_noun else "verb"
            # only cooperation is done jointly with each other: a joint offensive is against a third party
            joint = len(sources) > 1 and root <= "08" and \
                any(c.lower_ in JOINT_WORDS for t in [tok, *frame.objects] for c in t.children)
            if joint or (not tgts and not targets and len(sources) > 1 and code.startswith(self.discourse.reciprocal_codes)
                         and (not is_noun or tok.dep_ == "dobj" or "between" in frame.preps)):
                # "A and B held talks", "A and B conducted joint patrols": each with the other
                tgts = [o for o in sources if o.actor.key != src.actor.key]
                how = "reciprocal"
            if not tgts:
                tgts, how = self._implicit_target(src, frame, tok, src_code, lemma, reading, recent_accusers, dyads)
                if not tgts:
                    allowed = self.discourse.targetless_noun_roots if is_noun else self.discourse.targetless_roots
                    if root not in allowed and not (root == "01" and self.emit_plain_statements and not is_noun):
                        continue
                    tgts = [None]
            for tgt in tgts:
                src = self._source_at_home(src, tgt)
                if announce and intent_code is not None:
                    yield EventMention(code=intent_code, trigger=tok, sent=sent, source=src, target=tgt,
                                       factuality="asserted", attributed_to=attributed,
                                       confidence=confidence - 0.1, how="announcement", pattern=pat,
                                       cue=reading.cue)
                yield EventMention(code=src_code, trigger=tok, sent=sent, source=src, target=tgt,
                                   factuality=reading.value, attributed_to=attributed,
                                   confidence=confidence if tgt is not None and how in ("verb", "noun") else confidence - 0.1,
                                   how=how, pattern=pat, cue=reading.cue)

    @staticmethod
    def _choose_targets(src: ActorMention, groups: list[list[ActorMention]]) -> list[ActorMention]:
        """The first candidate group that is someone other than the source; failing that, the
        source's own side ("its troops"), which makes a domestic event."""
        same: list[ActorMention] = []
        for group in groups:
            others = [t for t in group if t is not src and t.actor.start != src.actor.start]
            if not others:
                continue
            if any(t.actor.key != src.actor.key for t in others):
                return [t for t in others if t.actor.key != src.actor.key]
            same = same or others
        return same

    @staticmethod
    def _protest_purpose(tok: Token, found: dict[int, list[EventMention]]) -> bool:
        """"marched to demand reforms", "rallied, calling for his release": the demand is what
        the protest says, not a second event."""
        if found[tok.i][0].code[:2] not in ("02", "10") or tok.dep_ not in ("advcl", "acl", "xcomp", "conj"):
            return False
        for anc in tok.ancestors:
            if anc.i in found and any(m.code[:2] == "14" for m in found[anc.i]):
                return True
            if anc.dep_ not in ("advcl", "acl", "xcomp", "conj", "pobj", "prep", "dobj"):
                break
        return False

    def _plain_refusals(self, sent: Span, triggers: dict) -> None:
        """"Syria will not accept more refugees": a negated future of any verb is a refusal
        (CAMEO 12), even when the verb itself names no codable act."""
        for tok in sent:
            if tok.i in triggers or tok.pos_ != "VERB" or not any(c.dep_ == "neg" for c in tok.children):
                continue
            if not any(c.dep_ == "aux" and c.lower_ in self.discourse.refusal_aux for c in tok.children):
                continue
            if not any(c.dep_ in SUBJECT_DEPS for c in tok.children):
                continue
            frame = read_frame(tok)
            triggers[tok.i] = (Pattern(code=self.frames.resolve(REJECT_FRAME, None, tok.lemma_.lower()).code or "120",
                                       lemma=tok.lemma_.lower(), pos="VERB", confidence=0.5), frame)
            self._plain_refusal_idx.add(tok.i)

    def _refused(self, tok: Token, reading: FactualityReading) -> bool:
        """"will not accept", "would never negotiate": a negated future is a refusal."""
        if reading.value != "negated" or tok.pos_ not in ("VERB", "AUX"):
            return False
        return any(c.dep_ == "aux" and c.lower_ in self.discourse.refusal_aux for c in tok.children)

    def _announced(self, tok: Token, code: str, reading: FactualityReading) -> str | None:
        """The intent (CAMEO 03, or 13 for a hostile act) a planned act announces: "Japan will
        send aid" is Japan's intent to give aid now, and the aid itself is only planned."""
        if reading.value != "planned" or reading.cue is None or tok.pos_ not in ("VERB", "AUX", "NOUN"):
            return None
        if reading.cue not in self.lexicon.planned_aux and reading.cue not in self.lexicon.backshift_aux:
            cue = next((a for a in tok.ancestors if a.lower_ == reading.cue), None)
            if cue is None:
                return None
            frames = {name for name, _ in self.frames.lookup(cue.lemma_.lower(),
                                                              "VERB" if cue.pos_ in ("VERB", "AUX") else cue.pos_)}
            if not frames & set(ANNOUNCING_FRAMES):
                return None
        return self.frames.resolve(INTENT_FRAME, code, tok.lemma_.lower()).code

    def _place_target(self, doc: Doc, frame: Frame, root: str = "") -> ActorMention | None:
        """An act aimed at a place ("shelled Kharkiv", "struck targets in Gaza", "withdrew from
        the city of Kherson") targets the place's country."""
        candidates = list(frame.objects)
        preps = PLACE_TARGET_PREPS + (("from",) if root in FROM_TARGET_ROOTS else ())
        for prep in preps:
            candidates += frame.preps.get(prep, [])
        if frame.verb is not None:
            # "pulled out of Jenin": "of" hangs on the particle
            for out in frame.verb.children:
                if out.lower_ == "out":
                    candidates += _prep_objects(out).get("of", [])
        for obj in list(candidates):
            candidates += _prep_objects(obj).get("in", [])
        return self._place_mention(doc, candidates)

    def _implicit_target(self, src: ActorMention, frame: Frame, tok: Token, code: str, lemma: str,
                         reading: FactualityReading, recent_accusers: list[ActorMention],
                         dyads) -> tuple[list[ActorMention], str]:
        """A target the clause leaves implicit, from the discourse around it."""
        root = code[:2]
        if root in self.discourse.place_target_roots:
            place = self._place_target(tok.doc, frame, root) or self._place_mention(tok.doc, self._clause_places(tok))
            if place is not None:
                return [place], "place"
        if root in ("01", "12") and reading.value == "asserted" and recent_accusers and lemma in DENIALS:
            # the accuser may share the denier's country (an army and a militia of one state)
            accuser = next((a for a in recent_accusers
                            if a.actor.key != src.actor.key or (a.actor.name, a.actor.sector) != (src.actor.name, src.actor.sector)), None)
            if accuser is not None:
                return [accuser], "denial-of-accusation"
        told = self._event_anaphor_target(src, frame, tok)
        if told:
            return told, "event-anaphor"
        policy = self._policy_target(src, frame, tok)
        if policy is not None:
            return [policy], "policy-owner"
        country = src.actor.country
        if country and len(country) == 3 and code.startswith(self.discourse.domestic_codes):
            home = Actor(text=tok.text, name=None, country=country, sector=None, org=None,
                         start=tok.idx, end=tok.idx + len(tok.text))
            return [ActorMention(start=tok.i, end=tok.i + 1, head=tok.i, actor=home, kind="description",
                                 confidence=0.4)], "domestic"
        if root == "14" and src.actor.country and len(src.actor.country) == 3 and src.actor.sector != "GOV":
            # a protest with no stated target is aimed at the protesters' own government
            gov = Actor(text=tok.text, name=None, country=src.actor.country, sector="GOV", org=None,
                        start=tok.idx, end=tok.idx + len(tok.text))
            return [ActorMention(start=tok.i, end=tok.i + 1, head=tok.i, actor=gov, kind="description",
                                 confidence=0.4)], "protest-government"
        for a, b in dyads:
            if src.actor.key == a.actor.key:
                return [b], "dyad"
            if src.actor.key == b.actor.key:
                return [a], "dyad"
        return [], ""

    def _attribution(self, doc: Doc, tok: Token) -> ActorMention | None:
        """The speaker or accuser a reported act is attributed to: the subject of the speech
        verb it is reported under ("officials said"), or the source named by "according to"."""
        node = tok
        for _ in range(4):
            if node.dep_ in ("ROOT",) or node.head is node:
                return self._tagged_speaker(doc, node)
            head = node.head
            if misparsed_noun(head):
                return None
            if node.dep_ in ("ccomp", "xcomp", "pcomp", "pobj", "relcl", "acl") and head.lemma_.lower() in self.discourse.speech_verbs:
                subs, _, _ = verb_subjects(head) if head.pos_ in ("VERB", "AUX") else ([], False, False)
                found = self._actors(doc, subs)
                return found[0] if found else None
            if head.lemma_.lower() in self.lexicon.claim_nouns and node.dep_ in ("pobj", "acl", "relcl"):
                return None
            node = head
        return None

    def _tagged_speaker(self, doc: Doc, root: Token) -> ActorMention | None:
        """"X attacked Y, officials said" (a speech verb hung on the act) and "according to X"."""
        for child in root.children:
            if child.dep_ in ("parataxis", "advcl", "ccomp") and child.i > root.i \
                    and child.lemma_.lower() in self.discourse.speech_verbs:
                subs, _, _ = verb_subjects(child)
                found = self._actors(doc, subs)
                if found:
                    return found[0]
            if child.dep_ == "prep" and child.lower_ == "according":
                to = [p for c in child.children if c.lower_ == "to" for p in c.children if p.dep_ == "pobj"]
                found = self._actors(doc, to)
                if found:
                    return found[0]
        return None

    @staticmethod
    def _confidence(pat: Pattern, frame: Frame, is_noun: bool, has_target: bool, reading: FactualityReading) -> float:
        base = getattr(pat, "confidence", None) or 0.8
        if is_noun:
            base -= 0.1
        if frame.subject_inherited:
            base -= 0.05
        if not has_target:
            base -= 0.1
        if pat.object or pat.prep or pat.particle:
            base += 0.05
        return max(0.05, min(0.99, base))
