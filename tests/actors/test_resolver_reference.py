"""detente.actors.resolver: back-references by rule: pair anaphors ("both sides"), definite
descriptions of organisations and groups ("the paramilitary group"), and nouns owned by a
possessive pronoun ("its forces"). All sentences are our own; none is from a news article."""
from __future__ import annotations

import pytest

from detente.actors import ActorResolver, actor_for_phrase, actors_for_phrase

from .words import token

pytestmark = pytest.mark.slow


def members(doc, word, nth=0):
    return [(m.actor.country, m.actor.sector, m.actor.org) for m in actors_for_phrase(doc, token(doc, word, nth))]


def assert_offsets(doc):
    """Every mention, every group member: its offsets are its own words in the text."""
    mentions = list(doc._.actors) + list((doc._.actor_heads or {}).values())
    mentions += [m for group in (doc._.actor_groups or {}).values() for m in group]
    for m in mentions:
        assert doc.text[m.actor.start:m.actor.end] == m.actor.text
        assert doc[m.start:m.end].text == m.actor.text


# -- 1. pair anaphors --------------------------------------------------------------------------

PAIRS = [
    # a national army and a rebel force of one country: two parties of one clause
    ("Sudan's army blamed the Rapid Support Forces for the looting of a clinic. Mediators from "
     "Kenya pressed both sides to reopen the road.", "sides",
     [("SDN", "MIL", None), ("SDN", "MIL", "RSF")]),
    # coordinated actors, two sentences back
    ("Serbia and Kosovo traded accusations over the border on Monday. Farmers waited at the "
     "crossing. The two rivals later agreed to meet in Brussels.", "rivals",
     [("SRB", None, None), ("XKX", None, None)]),
    # the subjects of two coordinated clauses
    ("Israeli troops shelled the camp overnight, and Hezbollah fired rockets at a base. The warring "
     "parties ignored the appeal.", "parties",
     [("ISR", "MIL", None), ("LBN", "REB", "HEZBOLLAH")]),
    # one phrase with coordinated demonyms: each country's troops
    ("Fighting between Armenian and Azerbaijani soldiers flared near the lake. Both countries "
     "reported casualties.", "countries", [("ARM", "MIL", None), ("AZE", "MIL", None)]),
    # people: subject and object of one clause
    ("Ghana's President Kwame Asante hosted Togolese President Faure Gnassingbé in Accra. The two "
     "leaders signed a customs pact.", "leaders", [("GHA", "GOV", None), ("TGO", "GOV", None)]),
    # a pair named through the passive agent
    ("The Colombian army was ambushed by ELN guerrillas near the river. Church leaders urged the "
     "two sides to free the hostages.", "sides", [("COL", "MIL", None), ("COL", "REB", None)]),
]


@pytest.mark.parametrize("text,word,expected", PAIRS)
def test_resolver_pair_anaphor_takes_the_pair_named_before(resolve, text, word, expected):
    doc = resolve(text)
    assert members(doc, word) == expected
    # one actor per mention for the coder of today: the first member
    one = actor_for_phrase(doc, token(doc, word))
    assert (one.actor.country, one.actor.sector, one.actor.org) == expected[0]
    assert one.kind == "description" and 0.5 <= one.confidence <= 0.7
    assert doc._.actor_groups[one.head] == actors_for_phrase(doc, token(doc, word))
    assert_offsets(doc)


def test_resolver_pair_members_carry_the_anaphors_own_words(resolve):
    doc = resolve("Sudan's army blamed the Rapid Support Forces for the looting of a clinic. Mediators "
                  "pressed both sides to reopen the road.")
    group = actors_for_phrase(doc, token(doc, "sides"))
    assert {m.actor.text for m in group} == {"both sides"}
    assert {m.actor.name for m in group} == {"Sudan", "Rapid Support Forces"}


def test_resolver_pair_addresser_is_not_a_member(resolve):
    # the one who urges both sides is not one of them, even when it is the nearest actor
    doc = resolve("Chad accused Niger of arming bandits. The African Union urged both sides to talk.")
    assert members(doc, "sides") == [("TCD", None, None), ("NER", None, None)]


def test_resolver_pair_of_countries_needs_two_countries(resolve):
    doc = resolve("Sudan's army blamed the Rapid Support Forces for the looting of a clinic. Both "
                  "countries denied it.")
    assert actors_for_phrase(doc, token(doc, "countries")) == []


def test_resolver_pair_too_far_back_is_not_taken(resolve):
    doc = resolve("Serbia and Kosovo traded accusations over the border. Rain fell overnight. The "
                  "market opened late. Schools closed early. The two rivals met in Brussels.")
    assert actor_for_phrase(doc, token(doc, "rivals")) is None


def test_resolver_unresolved_pair_is_no_actor(resolve):
    # no pair before it: "the warring parties" are not a political party
    doc = resolve("The warring parties met in Geneva on Tuesday.")
    assert actor_for_phrase(doc, token(doc, "parties")) is None
    assert all(m.actor.sector != "PTY" for m in doc._.actors)


def test_resolver_indefinite_pair_is_not_an_anaphor(resolve):
    doc = resolve("Serbia and Kosovo traded accusations. Two countries in the region offered to mediate.")
    assert actor_for_phrase(doc, token(doc, "countries")) is None


def test_resolver_plural_pronoun_after_a_pair_has_every_member(resolve):
    doc = resolve("Ethiopian Prime Minister Abiy Ahmed met Eritrean President Isaias Afwerki in Asmara. "
                  "The two leaders signed a pact, and they promised to reopen the border.")
    assert members(doc, "they") == [("ETH", "GOV", None), ("ERI", "GOV", None)]
    assert actor_for_phrase(doc, token(doc, "they")).actor.country == "ETH"
    assert_offsets(doc)


def test_resolver_plural_pronoun_after_coordination_has_every_member(resolve):
    doc = resolve("Burkina Faso and Niger left the bloc in January, and they formed a new alliance.")
    assert members(doc, "they") == [("BFA", None, None), ("NER", None, None)]


def test_resolver_actors_for_phrase_of_ordinary_mentions(resolve):
    doc = resolve("Russian troops crossed the river at dawn near the old mill.")
    assert members(doc, "troops") == [("RUS", "MIL", None)]
    assert actors_for_phrase(doc, token(doc, "river")) == []
    assert doc._.actor_groups == {}


# -- 2. definite descriptions of organisations and groups ------------------------------------------

DESCRIPTIONS = [
    ("The Wagner Group sent fighters to guard the mine. The paramilitary group denied any abuses.",
     "group", 0, ("RUS", "MIL", "WAGNER")),
    ("M23 seized the hill above the town on Sunday. The rebel group said it would hold its positions.",
     "group", 0, ("COD", "REB", "M23")),
    ("ECOWAS suspended Guinea on Friday. The bloc gave the soldiers six months to hand over power.",
     "bloc", 0, (None, "IGO", "ECOWAS")),
    ("NATO agreed on Thursday to send more air defences. The alliance also warned Belarus.",
     "alliance", 0, (None, "IGO", "NATO")),
    ("The International Criminal Court issued a warrant for the general. The court said he had fled.",
     "court", 0, (None, "JUD", "ICC")),
    ("Kenya's foreign ministry summoned the Ugandan envoy. The ministry said the remarks were hostile.",
     "ministry", 1, ("KEN", "GOV", None)),
    ("Mali's military government expelled the French ambassador. The junta gave him 72 hours to leave.",
     "junta", 0, ("MLI", "GOV", None)),
    ("Human Rights Watch documented the killings in Tigray. The group called for an inquiry.",
     "group", 0, (None, "HRI", "HRW")),
    ("The World Health Organization sent vaccines to the camps. The agency said cases were rising.",
     "agency", 0, (None, "IGO", "WHO")),
    ("Hamas released two hostages on Sunday. The movement said more would follow.",
     "movement", 0, ("PSE", "REB", "HAMAS")),
    ("The African Union suspended Niger. The organisation demanded the release of the president.",
     "organisation", 0, (None, "IGO", "AFU")),
    ("Al-Shabaab attacked a base in Lower Shabelle. The militants then withdrew into the forest.",
     "militants", 0, ("SOM", "REB", "SHABAAB")),
]


@pytest.mark.parametrize("text,word,nth,expected", DESCRIPTIONS)
def test_resolver_definite_description_takes_a_compatible_earlier_actor(resolve, text, word, nth, expected):
    doc = resolve(text)
    m = actor_for_phrase(doc, token(doc, word, nth))
    assert (m.actor.country, m.actor.sector, m.actor.org) == expected
    assert m.kind == "description" and m.confidence == pytest.approx(0.6)
    assert_offsets(doc)


def test_resolver_description_prefers_a_named_actor_to_a_nearer_bare_noun(resolve):
    # "fighters" (no country, no organisation) is nearer, but the paramilitary group is Wagner
    doc = resolve("The Wagner Group sent fighters to the mine. The paramilitary group denied abuses.")
    assert actor_for_phrase(doc, token(doc, "group")).actor.org == "WAGNER"


@pytest.mark.parametrize("text,word", [
    # a national army is not a paramilitary group, and a country is not an alliance
    ("The Malian army shelled the village. The paramilitary group denied any role.", "group"),
    ("Germany sent two frigates to the strait. The alliance had asked for ships.", "alliance"),
    # an indefinite description introduces a new actor
    ("M23 seized the hill. A rebel group from the north later joined the fighting.", "group"),
    # further back than three sentences
    ("NATO met in Brussels. Rain fell. The market opened late. Schools closed. The alliance met again.",
     "alliance"),
])
def test_resolver_description_without_a_compatible_antecedent(resolve, text, word):
    doc = resolve(text)
    m = actor_for_phrase(doc, token(doc, word))
    assert m is None or (m.actor.org is None and m.kind != "description")


def test_resolver_description_chain_keeps_the_first_antecedent(resolve):
    doc = resolve("Boko Haram raided a school in Borno. The group took pupils. The militants later "
                  "released some of them.")
    assert members(doc, "militants") == [("NGA", "REB", "BOKOHARAM")]


def test_resolver_bare_court_without_antecedent_keeps_the_context_country(resolve):
    # no court before it: "the court" still takes the country the context makes clear
    doc = resolve("Ugandan President Yoweri Museveni spoke in Kampala. The court later ruled on the case.")
    assert actor_for_phrase(doc, token(doc, "court")).actor.country == "UGA"


def test_resolver_user_file_adds_a_description(nlp, tmp_path):
    f = tmp_path / "mine.yaml"
    f.write_text("descriptions:\n  - refers: one\n    terms: [outfit]\n    accepts: [org:REB]\n")
    doc = ActorResolver(extra_files=[f])(nlp("Hezbollah fired rockets on Tuesday. The outfit said it "
                                             "had hit a base."))
    m = actor_for_phrase(doc, token(doc, "outfit"))
    assert (m.actor.country, m.actor.org) == ("LBN", "HEZBOLLAH")


# -- 3. possessive pronouns before nouns --------------------------------------------------------

@pytest.mark.parametrize("text,word,expected", [
    ("Russia said its forces had pulled back from the river.", "forces", ("RUS", "MIL", None)),
    ("Moscow announced that its troops would stay.", "troops", ("RUS", "MIL", None)),
    ("Vladimir Putin said his government would respond.", "government", ("RUS", "GOV", None)),
    ("Kenyan opposition leader Raila Odinga urged his supporters to stay calm.", "supporters",
     ("KEN", "OPP", None)),
    ("The United Nations said its peacekeepers had left the town.", "peacekeepers", (None, "MIL", "UNO")),
    ("Hamas said its fighters had repelled the raid.", "fighters", ("PSE", "REB", None)),
])
def test_resolver_possessive_pronoun_gives_the_noun_its_owner(resolve, text, word, expected):
    doc = resolve(text)
    m = actor_for_phrase(doc, token(doc, word))
    assert (m.actor.country, m.actor.sector, m.actor.org) == expected
    assert m.actor.text.split()[0] in ("its", "his", "their")
    # the pronoun is part of the phrase, not a mention of its own in the listing
    assert all(m.actor.text not in ("its", "his") for m in doc._.actors)
    assert_offsets(doc)


def test_resolver_possessed_noun_that_names_no_actor_stays_none(resolve):
    doc = resolve("Egypt praised the talks and said its role was to help.")
    assert actor_for_phrase(doc, token(doc, "role")) is None


def test_resolver_possessive_plural_after_a_pair_gives_each_member(resolve):
    doc = resolve("Clashes between Armenian and Azerbaijani soldiers broke out on Monday. Both sides "
                  "blamed each other, and their defence ministries issued statements.")
    assert members(doc, "ministries") == [("ARM", "GOV", None), ("AZE", "GOV", None)]
    assert_offsets(doc)
