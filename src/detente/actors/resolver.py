"""ActorResolver: a spaCy component that finds who is who in an article.

`__call__(doc)` runs in three passes over the parsed Doc:

1. match: every name, alias, demonym, capital, seat, title and sector noun of the knowledge
   tables, longest match first, on normalised token text (entity labels are hints only).
2. compose: for each noun-phrase head, combine what the phrase says: a country from an
   adjective, possessive, compound, "of"-complement or apposition, a sector from the head
   noun ("Russian troops" -> RUS MIL), a known or apposition-learned person.
3. refer: pronouns, descriptions ("the country", "the paramilitary group", "both sides"; the
   table is data/actors/descriptions.csv), nouns owned by a possessive pronoun ("its forces") and
   bare sector nouns ("the government") take an earlier actor, or stay honest (country null, low
   confidence).

`actor_for_phrase(doc, token)` then is a dictionary lookup. A pair or plural anaphor ("both
sides", "they" after "Ethiopia and Eritrea") holds one actor, its first member, and lists all its
members in `doc._.actor_groups`; `actors_for_phrase(doc, token)` returns them.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from typing import Iterable

from spacy.tokens import Doc, Token

from ..models import Actor
from .knowledge import REGION_CODES, ActorKnowledge, Description, Entry, load_knowledge, norm

for _name in ("actors", "published", "actor_heads", "actor_groups"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

MODIFIER_DEPS = frozenset({"amod", "compound", "poss", "nmod", "npadvmod", "nummod"})
PLURAL_TAGS = frozenset({"NNS", "NNPS"})
# Closed-class words, so grammar rather than knowledge.
PERSON_PRONOUNS = frozenset({"he", "him", "his", "himself", "she", "her", "hers", "herself"})
THING_PRONOUNS = frozenset({"it", "its", "itself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
LINK_WORDS = frozenset({"linked", "backed", "allied", "aligned", "supported", "sponsored", "led", "controlled",
                        "funded", "trained", "armed", "owned", "run", "based", "affiliated"})
ACTORISH_SECTOR_KINDS = frozenset({"title", "body", "group", "activist", "anaphor"})
GOV_KINDS = frozenset({"capital", "seat", "person", "title"})
# Prepositions whose object places the noun they hang on ("refugees in Liberia", "students
# throughout Indonesia"), and those that place an event or a person in a sentence ("in Algiers").
PHRASE_PLACE_PREPS = frozenset({"in", "inside", "throughout", "across", "within"})
SENTENCE_PLACE_PREPS = PHRASE_PLACE_PREPS | {"at", "near", "outside", "around"}
PLACE_KINDS = frozenset({"country", "capital", "seat"})
# How a phrase takes part in a clause as the other party of its subject: a core argument, or the
# object of a preposition of interaction ("threatened action against Russia", "met with Kenya").
CORE_ARGS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "iobj", "agent", "attr", "obj"})
INTERACTION_PREPS = frozenset({"with", "against", "to", "toward", "towards", "between", "from", "by", "on",
                               "into", "over"})
REFER_WINDOW = 3  # sentences a pronoun or description may look back
DESCRIPTION_CONFIDENCE = 0.6  # a description that took an earlier actor: likely, not certain
DEFINITE = frozenset({"the", "this", "that", "these", "those", "both"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "agent"})
CONTEXT_WINDOW = 2  # sentences a bare "the government" looks back


@dataclass
class ActorMention:
    start: int
    end: int
    head: int
    actor: Actor
    kind: str  # country|capital|seat|org|person|group|pronoun|description|title
    confidence: float


@dataclass
class _Match:
    start: int
    end: int
    head: int
    entry: Entry
    confidence: float


def _choose(entries: list[Entry], tokens: list[str], published: date | None) -> tuple[Entry, float] | None:
    """Pick the entry a matched phrase denotes, honouring case and the article date."""
    fits = [e for e in entries if all(_case_ok(c, t) for c, t in zip(e.case, tokens))]
    if not fits:
        return None
    people = [e for e in fits if e.kind == "person"]
    if people:
        active = [e for e in people if e.active_on(published)]
        if active:
            best = active[0]
            # Several people share a surname: prefer the full name, then the head of state.
            return best, (0.95 if best.full_name else (0.85 if len(active) == 1 else 0.6))
        if published is None:
            return max(people, key=lambda e: (e.end or date.max, e.start or date.min)), 0.7
        past = [e for e in people if e.start is None or e.start <= published]
        if past:
            # A former office-holder: still that country's actor, but an elite, not the government.
            latest = max(past, key=lambda e: (e.end or date.max, e.start or date.min))
            return replace(latest, sector="ELI", role=f"former {latest.role}"), 0.8
        # Not yet in office on the article's date: the country is known, the role is not.
        return replace(min(people, key=lambda e: e.start or date.min), sector=None), 0.6
    dated = [e for e in fits if e.start or e.end]
    if dated:
        active = [e for e in dated if e.active_on(published)]
        pick = active[0] if active else max(dated, key=lambda e: e.start or date.min)
        return pick, 0.9
    # An ethnonym outranks the same word as a plural demonym: "Albanians" are a people that
    # lives in several countries, so a place in the phrase may say which.
    order = {"org": 0, "seat": 1, "capital": 2, "country": 3, "ethnic": 3.5, "adjective": 4, "sector": 5}
    return min(fits, key=lambda e: order.get(e.kind, 9)), 0.9


def _case_ok(case: str | None, text: str) -> bool:
    if case == "upper":
        return text.isupper() or (len(text) > 1 and text.replace(".", "").isupper())
    if case == "title":
        return text[:1].isupper()
    return True


class ActorResolver:
    """spaCy component: sets `doc._.actors` (sorted by start) and the per-head index."""

    def __init__(self, knowledge: ActorKnowledge | None = None, extra_files: Iterable[str] = ()):
        self.kn = knowledge if knowledge is not None else load_knowledge(tuple(extra_files))

    # ---- pass 1: match -------------------------------------------------------------
    def match(self, doc: Doc) -> list[_Match]:
        kn = self.kn
        norms = [norm(t.text) for t in doc]
        published = doc._.published
        out: list[_Match] = []
        i, n = 0, len(doc)
        while i < n:
            if norms[i] not in kn.first_tokens:
                i += 1
                continue
            found = self._longest(doc, norms, i, published)
            if not found:
                i += 1
                continue
            length, (entry, conf) = found
            # A name that starts inside this one and reaches further wins: "the West Bank" is
            # "West Bank", not "the West" followed by "Bank".
            if any(norms[j] in kn.first_tokens and (longer := self._longest(doc, norms, j, published))
                   and j + longer[0] > i + length for j in range(i + 1, i + length)):
                i += 1
                continue
            span = doc[i:i + length]
            head = span.root.i
            if entry.kind == "sector" and (doc[head].pos_ not in ("NOUN", "PROPN")
                                           or (doc[head].pos_ == "PROPN" and doc[head].ent_type_ == "PERSON"
                                               and entry.sector_kind != "title")):
                # "military" as an adjective, "firm" as "steady", "General" inside a person's name;
                # a title the tagger swept into the name ("Queen Amara Lusenga") is still a title
                i += length
                continue
            if entry.kind in ("capital", "country") and i > 0 and doc[i - 1].pos_ == "PROPN" \
                    and doc[i - 1].is_title and doc[i - 1].dep_ == "compound" and doc[i - 1].head.i >= i \
                    and norms[i - 1] not in kn.first_tokens:
                # a capital inside a longer proper name is not the capital: "Lake Victoria",
                # "Fort Lincoln", "Mount Kenya"
                i += length
                continue
            out.append(_Match(i, i + length, head, entry, conf))
            i += length
        return out

    def _longest(self, doc: Doc, norms: list[str], i: int, published) -> tuple[int, tuple[Entry, float]] | None:
        kn = self.kn
        for length in range(min(kn.max_len, len(norms) - i), 0, -1):
            entries = kn.phrases.get(tuple(norms[i:i + length]))
            if entries:
                chosen = _choose(entries, [t.text for t in doc[i:i + length]], published)
                if chosen:
                    return length, chosen
        return None

    # ---- pass 2 and 3 ----------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        matches = self.match(doc)
        state = _DocState(self.kn, doc, matches, _dateline_span(doc.text))
        state.compose_all()
        state.place_titled_people()
        state.refer_all()
        doc._.actor_heads = state.exported_heads()
        doc._.actor_groups = {h: g for h, g in state.groups.items() if h not in state.dateline}
        doc._.actors = state.listing()
        return doc

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)


def _common_noun(tok: Token) -> bool:
    """A common noun as written: the tagger's PROPN on a lower-case word ("the jihadist group") is
    a mistake, a capitalised one ("the Alliance for Change") is a name."""
    return tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and tok.is_lower)


def _dateline_span(text: str) -> tuple[int, int]:
    """Character offsets of the article's dateline ("NAIROBI, June 2 -"), else (0, 0). It may
    follow a headline line, which stays codable."""
    from ..timeplace.dates import find_dateline

    dl = find_dateline(text)
    return (dl.place_start, dl.end) if dl is not None else (0, 0)


class _DocState:
    def __init__(self, kn: ActorKnowledge, doc: Doc, matches: list[_Match], dateline: tuple[int, int] = (0, 0)):
        self.kn = kn
        self.doc = doc
        # Tokens of the dateline are page furniture: the place where the story was filed, never
        # an actor of its first sentence (which the parser often hangs on the dateline's place).
        self.dateline = {t.i for t in doc if dateline[0] <= t.idx < dateline[1]}
        self.places: dict[int, tuple[str, int, float] | None] = {}  # token -> (country, end, confidence)
        self.by_head: dict[int, _Match] = {m.head: m for m in matches}
        self.covering: dict[int, _Match] = {i: m for m in matches for i in range(m.start, m.end)}
        self.heads: dict[int, ActorMention] = {}
        self.memo: dict[int, ActorMention | None] = {}
        self.folded: dict[int, int] = {}  # head of a modifier -> head of the phrase that absorbed it
        self.learned: dict[str, Actor] = {}  # normalised name or surname -> person learned from the text
        self.groups: dict[int, list[ActorMention]] = {}  # head of a pair/plural anaphor -> its members
        self.sources: dict[int, ActorMention] = {}  # head of a resolved description -> its antecedent
        self.sent_of = {}
        for si, sent in enumerate(doc.sents):
            for t in sent:
                self.sent_of[t.i] = si

    # -- helpers -----------------------------------------------------------------------
    def _actor(self, start: int, end: int, name, country, sector, org) -> Actor:
        span = self.doc[start:end]
        return Actor(text=span.text, name=name, country=country, sector=sector, org=org,
                     start=span.start_char, end=span.end_char)

    def _cname(self, code: str | None) -> str | None:
        return self.kn.country_names.get(code, code) if code else None

    def _name_span(self, tok: Token) -> tuple[int, int]:
        """The proper-name tokens of a PROPN head: its compound PROPN run ("Faustin-Archange Touadéra")."""
        start = tok.i
        for child in reversed(list(tok.lefts)):
            if child.i != start - 1:
                break
            if (child.dep_ in ("compound", "punct") and (child.pos_ == "PROPN" or child.text == "-")
                    and child.i not in self.covering):
                start = child.i
            else:
                break
        return start, tok.i + 1

    def _poss_left(self, child: Token, sub: ActorMention) -> int:
        """Where a possessive modifier starts: its whole phrase ("the Russian president's"), but
        never across punctuation or into the dateline ("NAIROBI, June 2 - Kenya's minister")."""
        left = child.left_edge.i
        for j in range(sub.start - 1, left - 1, -1):
            if self.doc[j].is_punct or j in self.dateline:
                return j + 1
        return left

    def _place(self, tok: Token) -> tuple[str, int, float] | None:
        """The country of a place named by the noun phrase headed by `tok`: a country or
        capital of the tables, else a city or region of the gazetteer. None for anything else."""
        if tok.i in self.places:
            return self.places[tok.i]
        self.places[tok.i] = None
        result = None
        sub = self.compose(tok) if (tok.i in self.by_head or tok.pos_ in ("NOUN", "PROPN")) else None
        if sub is not None and sub.kind in PLACE_KINDS:
            a = sub.actor
            if a.country and a.country not in REGION_CODES:
                result = (a.country, sub.end, sub.confidence)
        elif (sub is None or (sub.kind == "person" and sub.confidence <= 0.3)) and tok.i not in self.covering:
            # The tagger's PERSON/ORG on the object of "in" is a weak hint ("in Misrata"); a name
            # the text or the tables made a person is not looked up.
            # A proper name the tables do not know: "in Abidjan", "the Tyumen region".
            names = [t for t in tok.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
            if tok.pos_ == "PROPN":
                s, e = self._name_span(tok)
            elif names and names[-1].i == tok.i - 1:
                s, e = self._name_span(names[-1])
            else:
                s = e = tok.i
            if e > s and all(t.is_title or not t.is_alpha for t in self.doc[s:e]):
                from ..timeplace.places import get_gazetteer

                found = get_gazetteer().lookup(self.doc[s:e].text)
                if found is not None and found.country:
                    result = (found.country, tok.i + 1, 0.6)
        self.places[tok.i] = result
        return result

    def _learn(self, start: int, end: int, country, sector, role_name=None) -> Actor:
        actor = self._actor(start, end, self.doc[start:end].text, country, sector, None)
        names = [t for t in self.doc[start:end] if t.pos_ == "PROPN" or t.is_title]
        if names:
            self.learned[norm(self.doc[start:end].text)] = actor
            self.learned.setdefault(norm(names[-1].text), actor)
        return actor

    # -- pass 2: compose ---------------------------------------------------------------
    def compose_all(self) -> None:
        for tok in self.doc:
            if tok.i in self.by_head or tok.pos_ in ("NOUN", "PROPN"):
                self.compose(tok)

    def compose(self, tok: Token) -> ActorMention | None:
        if tok.i in self.memo:
            return self.memo[tok.i]
        self.memo[tok.i] = None  # guards cycles
        result = self._compose(tok)
        self.memo[tok.i] = result
        if result is not None:
            self.heads[tok.i] = result
        return result

    def _compose(self, tok: Token) -> ActorMention | None:
        m = self.by_head.get(tok.i)
        if m is None and tok.i in self.covering:
            return None  # inside a longer name; its head carries it
        entry = m.entry if m else None
        start = m.start if m else tok.i
        end = m.end if m else tok.i + 1
        conf = m.confidence if m else 0.0

        # What the modifiers say.
        mod_country = mod_org = mod_sector = None
        mod_person: Actor | None = None
        mod_conf = 0.0
        left = start
        for child in tok.children:
            if child.i in self.covering and self.covering[child.i] is m:
                continue
            sub = None
            if child.dep_ in MODIFIER_DEPS and child.i < tok.i:
                sub = self.compose(child) if (child.i in self.by_head or child.pos_ in ("NOUN", "PROPN")) else None
                if sub is None and child.dep_ == "amod" and child.lower_ in LINK_WORDS:
                    # "Russian-linked security personnel", "Kremlin-backed fighters"
                    for g in child.children:
                        if g.i in self.by_head:
                            sub = self.compose(g)
                            if sub:
                                break
                if sub is None:
                    continue
                left = min(left, sub.start, self._poss_left(child, sub) if child.dep_ == "poss" else sub.start)
                self.folded[sub.head] = tok.i
                a = sub.actor
                if sub.kind == "person" and child.dep_ != "poss":
                    mod_person = mod_person or a
                if a.country and not mod_country:
                    mod_country, mod_conf = a.country, sub.confidence
                elif a.org and not a.country and not mod_org:
                    mod_org, mod_conf = a.org, sub.confidence
                ethnic = child.i in self.by_head and self.by_head[child.i].entry.kind == "ethnic"
                if a.sector and sub.kind in ("title", "group") and not mod_sector and not ethnic:
                    # an ethnonym modifier ("Tamil rebels") gives a country, not a sector
                    mod_sector = a.sector

        of_actor = appos_actor = None
        place = None  # (country, end, confidence) of a place the phrase itself names
        has_of = False
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "for", "from") and child.i > tok.i:
                has_of = has_of or child.lower_ == "of"
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        sub = self.compose(pobj)
                        if sub and (sub.actor.country or sub.actor.org):
                            of_actor = sub
                        if child.lower_ == "of" and place is None:
                            # "Albanians of southern Serbia", "the governor of the Tyumen region"
                            place = self._place(pobj)
            elif child.dep_ == "prep" and child.lower_ in PHRASE_PLACE_PREPS and child.i > tok.i:
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and place is None:
                        place = self._place(pobj)
            elif child.dep_ == "appos":
                sub = self.compose(child)
                if sub:
                    appos_actor = sub

        if entry is None:
            return self._compose_unmatched(tok, left, end, mod_country, mod_org, mod_sector, mod_person,
                                           mod_conf, of_actor, appos_actor, place)

        kind = entry.kind
        if kind == "person":
            a = self._actor(left, end, entry.name, entry.country or mod_country, entry.sector,
                            entry.org or (mod_org if not entry.country else None))
            return ActorMention(left, end, tok.i, a, "person", conf)
        if kind == "org":
            country = entry.country
            a = self._actor(left, end, entry.name, country, entry.sector, entry.org)
            return ActorMention(left, end, tok.i, a, "org", conf)
        if kind == "ethnic":
            # A people: where the phrase says they live ("Iraqi Kurds", "Albanians in Serbia"),
            # else the country most of them live in (none for Kurds, Tuaregs...).
            country, c = entry.country, conf
            if mod_country:
                country, c = mod_country, min(conf, mod_conf)
            elif place is not None:
                country, c = place[0], place[2] * 0.9
            a = self._actor(left, end, entry.name, country, entry.sector, None)
            return ActorMention(left, end, tok.i, a, "group", c if country else conf * 0.5)
        if kind in ("country", "capital", "seat", "adjective"):
            sector = entry.sector
            if kind == "country" and mod_sector:
                sector = mod_sector
            name = self._cname(entry.country)
            if kind == "adjective" and entry.sector == "CVL":
                return ActorMention(left, end, tok.i, self._actor(left, end, name, entry.country, "CVL", None),
                                    "group", conf)
            return ActorMention(left, end, tok.i, self._actor(left, end, name, entry.country, sector, None),
                                "country" if kind == "adjective" else kind, conf)
        # A sector noun: title, body or group.
        sector = entry.sector
        kind_out = "title" if entry.sector_kind == "title" else ("description" if entry.sector_kind == "anaphor"
                                                                  else "group")
        if entry.sector_kind == "anaphor":
            if mod_country or (of_actor and of_actor.actor.country):
                country = mod_country or of_actor.actor.country
                return ActorMention(left, end, tok.i, self._actor(left, end, self._cname(country), country, None, None),
                                    "country", max(conf, mod_conf) * 0.9)
            if has_of:
                return None  # "a state of emergency", "a nation of farmers": not a back-reference
            return ActorMention(left, end, tok.i, self._actor(left, end, None, None, None, None), "description", 0.0)
        person = appos_actor if appos_actor and appos_actor.kind == "person" else None
        country = mod_country
        org = mod_org
        c = min(conf, mod_conf) if mod_conf else conf * 0.5
        if country is None and org is None and of_actor is not None:
            country, org, c = of_actor.actor.country, of_actor.actor.org if not of_actor.actor.country else None, \
                of_actor.confidence * 0.9
            end = max(end, of_actor.end)
        if country is None and org is None and place is not None and entry.placed:
            # "security forces in Guinea", "refugees in Liberia": the place in the phrase
            country, c = place[0], place[2] * 0.8
        if person is not None:
            pa = person.actor
            country = pa.country or country
            # A title names the person's role; learn it for later surname mentions.
            a = replace(pa, country=country, sector=pa.sector or sector, org=pa.org or org)
            if pa.country is None or pa.sector is None:
                self._register(person, a)
            return ActorMention(person.start, person.end, tok.i, a, "person", max(c, person.confidence))
        if mod_person is not None and sector:
            # "the Touadéra administration"
            country = country or mod_person.country
        name = self._cname(country) if country else (org and self._org_name(org))
        a = self._actor(left, end, name, country, sector, org if not country else None)
        return ActorMention(left, end, tok.i, a, kind_out, c if (country or org) else conf * 0.5)

    def _org_name(self, org: str) -> str:
        return org

    def _register(self, mention: ActorMention, actor: Actor) -> None:
        tok = self.doc[mention.head]
        s, e = self._name_span(tok)
        self.learned[norm(self.doc[s:e].text)] = actor
        self.learned[norm(tok.text)] = actor
        self.heads[mention.head] = replace(mention, actor=actor)
        self.memo[mention.head] = self.heads[mention.head]

    def _compose_unmatched(self, tok, left, end, mod_country, mod_org, mod_sector, mod_person, mod_conf,
                           of_actor, appos_actor, place=None) -> ActorMention | None:
        """A head the tables do not know: a person named in the text, or a phrase with a country adjective."""
        if tok.pos_ == "PROPN" and tok.is_title:
            s, e = self._name_span(tok)
            known = self.learned.get(norm(self.doc[s:e].text)) or self.learned.get(norm(tok.text))
            if known is not None:
                a = self._actor(min(s, left), e, known.name, known.country, known.sector, known.org)
                return ActorMention(min(s, left), e, tok.i, a, "person", 0.75)
            title = appos_actor if appos_actor and appos_actor.kind in ("title", "group") else None
            if mod_sector or title is not None or (tok.ent_type_ == "PERSON" and (mod_country or mod_org)):
                # "Russian President Vladimir Putin", "Ana Lima, Brazil's foreign minister"
                country = mod_country or (title.actor.country if title else None)
                sector = mod_sector or (title.actor.sector if title else None)
                phrase_end = e
                if country is None and of_actor is not None and of_actor.kind in PLACE_KINDS:
                    # "King Hassan Duvalo of Morocco"
                    country, phrase_end = of_actor.actor.country, max(e, of_actor.end)
                a = self._learn(s, e, country, sector)
                a = self._actor(min(s, left), phrase_end, a.name, country, sector, mod_org if not country else None)
                return ActorMention(min(s, left), phrase_end, tok.i, a, "person", 0.8 if country else 0.5)
            if tok.ent_type_ == "PERSON":
                a = self._actor(s, e, self.doc[s:e].text, None, None, None)
                return ActorMention(s, e, tok.i, a, "person", 0.3)
            return None
        if (mod_country or mod_org) and tok.pos_ in ("NOUN", "PROPN") and not any(
                c.dep_ == "poss" and c.i in self.folded for c in tok.children):
            # "Russian support", "U.N. helicopters": the country or organisation acts through it;
            # no sector claimed.
            if mod_country:
                a = self._actor(left, end, self._cname(mod_country), mod_country, None, None)
                return ActorMention(left, end, tok.i, a, "country", mod_conf * 0.6)
            a = self._actor(left, end, mod_org, None, None, mod_org)
            return ActorMention(left, end, tok.i, a, "org", mod_conf * 0.6)
        return None

    # -- between the passes: unknown titled people placed by their sentence ----------------
    def _sentence_countries(self) -> dict[int, list[tuple[str, int, bool]]]:
        """Per sentence: (country, head, is_a_government_person) for every country it mentions:
        an actor of any kind (modifiers too: "Moroccan" in "Moroccan officials") and the places
        of its locative phrases ("in Abidjan")."""
        out: dict[int, list[tuple[str, int, bool]]] = {}
        for h, m in self.heads.items():
            c = m.actor.country
            if c and c not in REGION_CODES and h not in self.dateline:
                top = m
                while top.head in self.folded and self.folded[top.head] in self.heads:
                    top = self.heads[self.folded[top.head]]  # "Brazilian" in "Brazilian President X"
                gov_person = top.kind in ("person", "title") and top.actor.sector == "GOV"
                out.setdefault(self.sent_of[h], []).append((c, top.head, gov_person))
        for tok in self.doc:
            if (tok.dep_ == "pobj" and tok.head.lower_ in SENTENCE_PLACE_PREPS and tok.pos_ == "PROPN"
                    and tok.i not in self.dateline and not (tok.i in self.heads and self.heads[tok.i].actor.country)):
                place = self._place(tok)
                if place is not None:
                    out.setdefault(self.sent_of[tok.i], []).append((place[0], tok.i, False))
        return out

    def _window_countries(self, si: int, skip: range = range(0), person: int | None = None) -> set[str]:
        """Countries mentioned in sentence `si` and the `CONTEXT_WINDOW` before it.

        For a government person (head `person`), the sentence's counterparts do not count: a country
        named through another government person or official ("President X met South African leader
        Y", "... told Moroccan officials"), or one that is the other party of the person's own
        clause ("President X threatened Russia", "Morocco welcomed President X")."""
        found: set[str] = set()
        for s in range(si - CONTEXT_WINDOW, si + 1):
            for c, h, gov_person in self._countries.get(s, ()):
                if h in skip:
                    continue
                if person is not None and s == si and (gov_person or self._counterpart(person, h)):
                    continue
                found.add(c)
        return found

    def _clause_arg(self, i: int) -> tuple[int, Token, int] | None:
        """How token i's phrase joins the nearest verb above it: (verb index, the verb's child on
        the way, 1 if the way passed a preposition of interaction else 2); None when it passed a
        locative preposition (a place is context, not a party) or reached no verb."""
        t = self.doc[i]
        via = 2
        while t.head.i != t.i:
            if t.dep_ == "prep":
                if t.lower_ in SENTENCE_PLACE_PREPS:
                    return None  # "in Algiers": a place, context rather than a party
                if t.lower_ in INTERACTION_PREPS:
                    via = 1
            if t.head.pos_ in ("VERB", "AUX"):
                return t.head.i, t, via
            t = t.head
        return None

    def _counterpart(self, person: int, other: int) -> bool:
        p = self._clause_arg(person)
        o = self._clause_arg(other)
        if p is None or o is None or p[0] != o[0] or p[1].i == o[1].i:
            return False
        return p[1].dep_ in CORE_ARGS and (o[1].dep_ in CORE_ARGS or o[2] == 1)

    def place_titled_people(self) -> None:
        """A person known only by a title ("President Tambalo Orikesi", "Prime Minister X") takes
        the country of their sentence and the two before it when that context names exactly one
        (confidence 0.5); with several candidates the country stays unknown. Later mentions of the
        same person (surname, repeated title) take it too."""
        self._countries = self._sentence_countries()
        placed: dict[str, Actor] = {}
        for h in sorted(self.heads):
            m = self.heads[h]
            a = m.actor
            if m.kind != "person" or a.country or a.org or not a.sector:
                continue
            if a.name in placed:
                new = replace(a, country=placed[a.name].country)
            else:
                cands = self._window_countries(self.sent_of[h], range(m.start, m.end), person=h)
                if len(cands) != 1:
                    continue
                new = replace(a, country=cands.pop())
                placed[a.name] = new
            self.heads[h] = replace(m, actor=new, confidence=min(m.confidence, 0.5) if m.confidence else 0.5)
            self.memo[h] = self.heads[h]
        if placed:
            for key, a in list(self.learned.items()):
                if a.country is None and a.name in placed:
                    self.learned[key] = replace(a, country=placed[a.name].country)

    # -- pass 3: refer -----------------------------------------------------------------
    def refer_all(self) -> None:
        doc = self.doc
        dominant = self._dominant_country()
        for tok in doc:
            low = tok.lower_
            if tok.pos_ == "PRON" or tok.tag_ in ("PRP", "PRP$"):
                if low in PERSON_PRONOUNS or low in THING_PRONOUNS or low in PLURAL_PRONOUNS:
                    ref = self._pronoun(tok, low)
                    if ref is not None:
                        conf = round(ref.confidence * 0.8, 3)
                        self.heads[tok.i] = self._echo(tok.i, tok.i + 1, tok.i, ref.actor, "pronoun", conf)
                        members = self._members(ref) if low in PLURAL_PRONOUNS else None
                        if members:
                            # "Ethiopia and Eritrea ... they": every member
                            self.groups[tok.i] = [self._echo(tok.i, tok.i + 1, tok.i, g.actor, "pronoun", conf)
                                                  for g in members]
                        if tok.dep_ == "poss" and tok.head.i > tok.i:
                            self._possessed(tok, self.heads[tok.i])
                continue
            if (tok.lower_ in self.kn.description_heads and _common_noun(tok)
                    and self._refer_description(tok)):
                continue
            mention = self.heads.get(tok.i)
            if mention is None:
                continue
            if mention.kind == "description" and mention.actor.country is None:
                self._describe(tok, mention, dominant)
            elif (mention.kind in ("group", "title") and mention.actor.country is None
                  and mention.actor.org is None):
                m = self.by_head.get(tok.i)
                if m is not None and m.entry.context_country:
                    self._contextual(tok, mention, dominant)
            elif mention.kind == "title" and mention.actor.country and mention.actor.name and \
                    any(c.lower_ == "the" for c in tok.children):
                # "the Russian leader": the person of that country last named with that role
                for prev in self._before(tok, REFER_WINDOW * 3):
                    pa = prev.actor
                    if prev.kind == "person" and pa.country == mention.actor.country and pa.sector == \
                            mention.actor.sector:
                        self.heads[tok.i] = replace(mention, actor=replace(mention.actor, name=pa.name),
                                                    kind="description")
                        break

    def _before(self, tok: Token, window: int) -> list[ActorMention]:
        """Mentions ending before `tok`, nearest first, within `window` sentences."""
        si = self.sent_of[tok.i]
        out = [m for h, m in self.heads.items()
               if h < tok.i and m.end <= tok.i + 1 and si - self.sent_of[h] <= window and m.head != tok.i
               and h not in self.folded]  # modifiers count through their phrase
        out.sort(key=lambda m: m.head, reverse=True)
        return out

    def _pronoun(self, tok: Token, low: str) -> ActorMention | None:
        if low in PERSON_PRONOUNS:
            for m in self._before(tok, REFER_WINDOW):
                if m.kind == "person" or (m.kind == "pronoun" and m.actor.name and
                                          self.doc[m.head].lower_ in PERSON_PRONOUNS):
                    return m
            return None
        sent = tok.sent
        if low in THING_PRONOUNS:
            subj = next((t for t in sent if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"
                         and t.i < tok.i and t.tag_ not in PLURAL_TAGS and t.i != tok.i), None)
            if subj is not None:
                m = self.heads.get(subj.i)
                if m is not None and m.kind in ("country", "capital", "seat", "org", "group", "title",
                                                "description", "pronoun") and m.actor.key != "?" \
                        and subj.lower_ not in PERSON_PRONOUNS:
                    return m
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "ROOT" and not any(
                    t.dep_ in ("nsubj", "nsubjpass") and t.i < tok.i for t in sent):
                # a sentence-initial "It" continues the previous sentence's subject, actor or not
                prev_sent = self.sent_of[tok.i] - 1
                subj = next((t for t in self.doc[sent.start - 1].sent if t.dep_ in ("nsubj", "nsubjpass")
                             and t.head.dep_ == "ROOT"), None) if sent.start > 0 and prev_sent >= 0 else None
                if subj is not None:
                    m = self.heads.get(subj.i)
                    return m if (m is not None and m.kind != "person" and m.actor.key != "?") else None
            return self._walk_back(tok, plural=False)
        return self._walk_back(tok, plural=True)

    def _walk_back(self, tok: Token, plural: bool) -> ActorMention | None:
        """The nearest noun phrase of the right number: an actor, or nothing if a non-actor is nearer."""
        si = self.sent_of[tok.i]
        for j in range(tok.i - 1, -1, -1):
            t = self.doc[j]
            if si - self.sent_of[j] > 1:
                return None
            if t.dep_ in ("compound", "poss", "amod") or t.pos_ not in ("NOUN", "PROPN"):
                continue
            m = self.heads.get(j)
            if m is None and j in self.covering:
                m = self.heads.get(self.covering[j].head)
            is_pair = any(c.dep_ == "conj" and c.i in self.heads for c in t.children)
            if plural:
                if t.tag_ in PLURAL_TAGS or is_pair:
                    return m if (m is not None and m.actor.key != "?") else None
                if t.dep_ == "conj" and t.head.i in self.heads and m is not None:
                    return self.heads[t.head.i]
            else:
                if t.tag_ not in PLURAL_TAGS:
                    if t.dep_ == "conj" or (m is not None and m.kind == "person"):
                        continue  # "it" is never a person
                    return m if (m is not None and m.actor.key != "?") else None
        return None

    # -- descriptions, pairs and possessed nouns (table: data/actors/descriptions.csv) ------
    def _echo(self, start: int, end: int, head: int, src: Actor, kind: str, conf: float, **changes) -> ActorMention:
        """A mention of the words doc[start:end] that stands for the actor `src` (a pronoun, a
        description): its own text and offsets, the antecedent's identity."""
        a = self._actor(start, end, src.name, src.country, src.sector, src.org)
        return ActorMention(start, end, head, replace(a, **changes) if changes else a, kind, conf)

    def _description_at(self, tok: Token) -> tuple[int, Description] | None:
        """The longest description term ending at `tok` ("the warring parties" -> "warring parties")."""
        kn = self.kn
        for s in range(max(tok.left_edge.i, tok.i - kn.description_len + 1), tok.i + 1):
            d = kn.descriptions.get(tuple(norm(t.text) for t in self.doc[s:tok.i + 1]))
            if d is not None:
                return s, d
        return None

    def _source(self, m: ActorMention) -> ActorMention:
        """What a mention stands for when it is itself a description: its antecedent."""
        return self.sources.get(m.head, m)

    def _accepts(self, d: Description, m: ActorMention) -> bool:
        src = self._source(m)
        return src.kind != "pronoun" and d.accepts(src.kind, src.actor.sector, norm(self.doc[src.head].lemma_))

    def _refer_description(self, tok: Token) -> bool:
        """A definite description of an organisation or group ("the paramilitary group") takes the
        most recent earlier actor its row accepts, within `REFER_WINDOW` sentences; a pair anaphor
        ("both sides") takes the pair named just before. True when `tok` was settled here; False
        leaves it to the other rules (a bare "the court" may still take the context's country)."""
        found = self._description_at(tok)
        if found is None or found[1].refers == "member":
            return False
        start, d = found
        if not DEFINITE.intersection(c.lower_ for c in tok.children if c.dep_ in ("det", "predet")):
            return False  # "a rebel group", "two countries": new actors, not back-references
        if any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "of") for c in tok.children):
            return False  # "the group's leader" is composed; "the group of experts" is not the group
        mention = self.heads.get(tok.i)
        if mention is not None and (mention.actor.country or mention.actor.org):
            return False  # the phrase names its actor itself ("the Malian junta")
        if d.refers == "pair":
            members = self._pair_before(tok, d)
            if not members:
                # an unresolved pair is no actor: "the warring parties" are not a political party
                self.heads[tok.i] = self._echo(start, tok.i + 1, tok.i, Actor("", None, None, None, None, 0, 0),
                                               "description", 0.0)
                return True
            self.groups[tok.i] = [self._echo(start, tok.i + 1, tok.i, g.actor, "description", DESCRIPTION_CONFIDENCE)
                                  for g in members]
            self.heads[tok.i] = self.groups[tok.i][0]
            return True
        fits = [p for p in self._before(tok, REFER_WINDOW) if p.actor.key != "?" and self._accepts(d, p)]
        # an actor the text names (an organisation, or a country it states) before a nearer bare or
        # context-placed sector noun: in "The Wagner Group sent fighters ... The paramilitary group",
        # the group is Wagner
        prev = next((p for p in fits if p.actor.org or (p.actor.country and p.confidence > 0.5)),
                    fits[0] if fits else None)
        if prev is None:
            return False
        src = self._source(prev)
        self.heads[tok.i] = self._echo(start, tok.i + 1, tok.i, src.actor, "description", DESCRIPTION_CONFIDENCE,
                                       sector=d.sector or src.actor.sector)
        self.sources[tok.i] = src
        return True

    def _top(self, i: int) -> ActorMention | None:
        m = self.heads.get(i)
        return m if (m is not None and i not in self.folded and m.actor.key != "?") else None

    def _coordinated(self, h: int) -> list[ActorMention]:
        """The actors coordinated with the phrase headed by h ("Bangui, Paris and Moscow"), in order."""
        t = self.doc[h]
        while t.dep_ == "conj" and t.head.i != t.i and self._top(t.head.i) is not None:
            t = t.head
        out, stack = [], [t]
        while stack:
            x = stack.pop()
            m = self._top(x.i)
            if m is not None:
                out.append(m)
            stack.extend(c for c in x.children if c.dep_ == "conj")
        return sorted(out, key=lambda m: m.head)

    def _members(self, m: ActorMention) -> list[ActorMention] | None:
        """The members a plural antecedent stands for: a resolved pair anaphor's, or a coordination's."""
        if m.head in self.groups:
            return self.groups[m.head]
        members = self._coordinated(m.head)
        if len(members) > 1:
            return members
        # coordinated modifiers: "Armenian and Azerbaijani troops" are the troops of each country
        tok = self.doc[m.head]
        for c in tok.children:
            if c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i and any(x.dep_ == "conj" for x in c.children):
                mods = [self.heads.get(x.i) for x in (c, *(x for x in c.children if x.dep_ == "conj"))]
                mods = [x for x in mods if x is not None and x.actor.country]
                if len({x.actor.country for x in mods}) > 1:
                    return [replace(m, actor=replace(m.actor, country=x.actor.country, org=None,
                                                     name=self._cname(x.actor.country))) for x in mods]
        return None

    def _addressees_subject(self, tok: Token) -> set[int]:
        """Heads of the actors that address a pair anaphor which is not a subject ("the UN urged
        both sides"): the subject of its clause (through coordinated verbs) and its conjuncts."""
        arg = self._clause_arg(tok.i)
        if arg is None or arg[1].dep_ in SUBJECT_DEPS:
            return set()
        verb = self.doc[arg[0]]
        while True:
            subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None or verb.dep_ not in ("conj", "xcomp") or verb.head.i == verb.i:
                break
            verb = verb.head
        if subj is None:
            return set()
        return {m.head for m in self._coordinated(subj.i)} | {subj.i}

    def _pair_before(self, tok: Token, d: Description) -> list[ActorMention] | None:
        """The pair (or group) named just before `tok`, within `REFER_WINDOW` sentences: actors
        coordinated with each other ("Ethiopia and Eritrea"), or the two parties of one clause
        ("the army accused the RSF of ..."): subject and object, or an object of interaction. Its
        members must be different actors (or countries, when the row says so) of accepted kinds."""
        before = [m for m in self._before(tok, REFER_WINDOW) if m.actor.key != "?"]
        skip = self._addressees_subject(tok)
        for m in before:
            if m.head in skip:
                continue
            candidates = []
            members = self._members(m)
            if members:
                candidates.append(members)
            pa = self._clause_arg(m.head)
            if pa is not None and (pa[1].dep_ in CORE_ARGS or pa[2] == 1):
                for o in before:
                    if o is m or o.head in skip or o.head > m.head:
                        continue
                    oa = self._clause_arg(o.head)
                    if oa is None or oa[1].i == pa[1].i:
                        continue
                    if ((oa[0] == pa[0] and (oa[1].dep_ in CORE_ARGS or oa[2] == 1)
                         and (oa[1].dep_ in SUBJECT_DEPS or pa[1].dep_ in SUBJECT_DEPS))
                            or (oa[1].dep_ in SUBJECT_DEPS and pa[1].dep_ in SUBJECT_DEPS
                                and self._conjoined_verbs(oa[0], pa[0]))):
                        # one clause's two parties, or the subjects of two coordinated clauses
                        # ("Israeli forces struck ..., and Hamas fired ...")
                        candidates.append([o, m])
                        break
            for group in candidates:
                if any(g.head in skip for g in group) or not all(self._accepts(d, g) for g in group):
                    continue
                if d.distinct == "country":
                    if any(not g.actor.country for g in group) or len({g.actor.country for g in group}) < 2:
                        continue
                ids = {(g.actor.country, g.actor.sector, g.actor.org, g.actor.name) for g in group}
                if len(ids) > 1:
                    return group
        return None

    def _conjoined_verbs(self, a: int, b: int) -> bool:
        va, vb = self.doc[a], self.doc[b]
        return (vb.dep_ == "conj" and vb.head.i == a) or (va.dep_ == "conj" and va.head.i == b)

    def _possessed(self, pron: Token, owner: ActorMention) -> None:
        """A noun owned by a possessive pronoun is the owner's: "its forces" after Russia is RUS MIL
        (the owner's country, the noun's sector); "their supporters" (a member noun of the table)
        takes the owner's sector as well. A noun that names no actor ("its role") stays none."""
        h = pron.head
        m = self.heads.get(h.i)
        sector = None
        if m is not None:
            entry = self.by_head[h.i].entry if h.i in self.by_head else None
            if (m.kind not in ("group", "title") or m.actor.country or m.actor.org or entry is None
                    or entry.kind != "sector"):
                return
            sector, end, start = m.actor.sector, m.end, min(pron.i, m.start)
        else:
            found = self._description_at(h)
            if found is None or found[1].refers != "member" or not _common_noun(h):
                return
            end, start = h.i + 1, pron.i
            sector = found[1].sector
        owners = self.groups.get(pron.i) or [owner]
        if not any(o.actor.country or o.actor.org for o in owners):
            return
        conf = round(owner.confidence * 0.9, 3)
        made = []
        for o in owners:
            a = o.actor
            name = self._cname(a.country) if a.country else a.name
            made.append(self._echo(start, end, h.i, a, "description", conf, name=name,
                                   sector=sector or a.sector, org=None if a.country else a.org))
        self.heads[h.i] = made[0]
        self.memo[h.i] = made[0]
        self.folded[pron.i] = h.i  # the pronoun is part of the phrase, as "Russia's" is of "Russia's forces"
        if len(made) > 1:
            self.groups[h.i] = made

    def _describe(self, tok: Token, mention: ActorMention, dominant: str | None) -> None:
        """"the country", "the nation": the nearest earlier country, else the article's main one."""
        m = self.by_head.get(tok.i)
        if m is None or m.entry.sector_kind != "anaphor" or mention.actor.org:
            return  # a description of descriptions.csv, settled (or left unknown) by its own rule
        for prev in self._before(tok, REFER_WINDOW):
            if prev.kind in ("country", "capital", "seat") and prev.actor.country and \
                    prev.actor.country not in REGION_CODES:
                a = prev.actor
                self.heads[tok.i] = replace(mention, actor=replace(mention.actor, name=a.name, country=a.country,
                                                                   sector=None), confidence=0.6)
                return
        if dominant:
            self.heads[tok.i] = replace(mention, actor=replace(mention.actor, name=self._cname(dominant),
                                                               country=dominant), confidence=0.4)

    def _contextual(self, tok: Token, mention: ActorMention, dominant: str | None) -> None:
        """A bare "the government"/"the army"/"opposition groups": the country the context makes clear.

        1. the most recent government-type actor (a leader, capital, seat, government body) of one
           country in this or the previous `CONTEXT_WINDOW` sentences;
        2. else the article's dominant country (>= 50% of country-bearing mentions, 2x the next);
        3. else no country.
        """
        country = None
        for prev in self._before(tok, CONTEXT_WINDOW):
            a = prev.actor
            if a.country and a.country not in REGION_CODES and (
                    a.sector == "GOV" or prev.kind in GOV_KINDS or prev.kind == "country"):
                if prev.kind == "country" and (a.sector not in (None, "GOV") or prev.head not in self.by_head):
                    continue
                country = a.country
                break
        if country is None and len(self._window_countries(self.sent_of[tok.i])) < 2:
            # never the article's main country when the context offers several candidates
            country = dominant
        if country:
            self.heads[tok.i] = replace(mention, actor=replace(mention.actor, name=self._cname(country),
                                                               country=country), confidence=0.5)

    def _dominant_country(self) -> str | None:
        # phrases as listed: "the U.S. embassy" is one mention of the USA, not two
        counts = Counter(m.actor.country for h, m in self.heads.items()
                         if m.actor.country and m.actor.country not in REGION_CODES
                         and h not in self.folded and h not in self.dateline)
        if not counts:
            return None
        ranked = counts.most_common(2)
        total = sum(counts.values())
        top, n = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0
        if n >= 2 and n * 2 >= total and n >= 2 * second:
            return top
        return None

    # -- output ------------------------------------------------------------------------
    def exported_heads(self) -> dict[int, ActorMention]:
        """The per-head index for `actor_for_phrase`. A dateline token is no actor; when the
        parser made it the head of the first sentence's subject ("NAIROBI, June 2 - Kenya's
        foreign minister met ..." with the minister in apposition), it stands for the actor
        hanging on it after the dateline."""
        out = {h: m for h, m in self.heads.items() if h not in self.dateline}
        for h in self.dateline:
            if h not in self.heads:
                continue
            tok = self.doc[h]
            kids = sorted((c for c in tok.children if c.i not in self.dateline and c.i in out),
                          key=lambda c: (c.dep_ != "appos", c.i))
            if kids and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "ROOT"):
                out[h] = out[kids[0].i]
        return out

    def listing(self) -> list[ActorMention]:
        """Mentions that stand as phrases of their own (modifiers folded into their heads)."""
        out = []
        for h, m in self.heads.items():
            if m.actor.key == "?" or h in self.dateline:
                continue
            parent = self.heads.get(self.folded.get(h, -1))
            if parent is not None and parent.actor.key != "?":
                continue  # part of a larger phrase that is listed
            out.append(m)
        out.sort(key=lambda m: (m.start, m.end, m.head))
        unique = []
        for m in out:
            if unique and (unique[-1].start, unique[-1].end) == (m.start, m.end):
                continue
            unique.append(m)
        return unique


def actor_for_phrase(doc: Doc, token: Token) -> ActorMention | None:
    """The actor the noun phrase headed by `token` denotes (None when it is not an actor). For a
    pair or plural anaphor this is its first member; `actors_for_phrase` gives them all."""
    heads = doc._.actor_heads
    if heads is None:
        return None
    m = heads.get(token.i)
    if m is None:
        # a token inside a longer name ("Vladimir" of "Vladimir Putin"): the name's head
        m = next((h for h in heads.values() if h.start <= token.i < h.end and h.kind != "pronoun"), None)
    if m is not None and m.actor.key != "?":
        return m
    return None


def actors_for_phrase(doc: Doc, token: Token) -> list[ActorMention]:
    """Every actor the noun phrase headed by `token` denotes: the members of a pair or plural
    anaphor ("both sides", "they" after "Ethiopia and Eritrea", "their forces"), else the one
    actor of `actor_for_phrase` (an empty list when the phrase is no actor)."""
    m = actor_for_phrase(doc, token)
    if m is None:
        return []
    members = (doc._.actor_groups or {}).get(m.head)
    return list(members) if members else [m]
