"""Tests for detente/coding/patterns.py, data/cameo/patterns.jsonl and data/cameo/frames.yaml."""
from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from detente.coding.patterns import (
    Pattern, PatternIndex, load_frames, load_patterns, parse_frames, parse_patterns,
)
from detente.coding.taxonomy import ROOTS, load_taxonomy
from detente.errors import DataFileError


@pytest.fixture(scope="module")
def index() -> PatternIndex:
    return load_patterns()


@pytest.fixture(scope="module")
def frames():
    return load_frames()


def test_patterns_file_validates_and_is_large(index):
    assert load_patterns() is index
    assert len(index) > 1000


def test_patterns_codes_exist(index):
    tax = load_taxonomy()
    for p in index:
        assert p.code in tax and len(p.code) >= 3


@pytest.mark.parametrize("root", ROOTS)
def test_patterns_every_root_has_verbs_and_nouns(index, root):
    pos = Counter(p.pos for p in index if p.root == root)
    assert pos["VERB"] >= 10, root
    assert pos["NOUN"] >= 3, root


def test_patterns_cover_most_leaf_codes(index):
    tax = load_taxonomy()
    used = {p.code for p in index}
    leaves = [c.code for c in tax if len(c.code) > 2 and not tax.children(c.code)]
    covered = [c for c in leaves if c in used]
    assert len(covered) / len(leaves) > 0.6


# Lemma sanity without loading a model: lowercase words, no inflections where a lemma is expected.
REAL_ED_VERBS = {"need", "feed", "embed", "shed", "seed", "speed", "bleed", "proceed", "succeed", "exceed",
                 "heed", "breed", "plead", "shred", "wed", "bed"}
REAL_S_NOUNS = {"news", "summons", "crisis", "status", "ceasefires", "consensus", "analysis", "thesis",
                "chaos", "alias", "bus", "gas", "campus", "census", "virus", "apparatus", "basis",
                "process", "congress", "access", "address", "progress", "impasse", "class", "stress",
                "mass", "press", "loss", "dismissal", "harass", "canvass", "amass", "bypass", "trespass",
                "surpass", "focus", "bonus", "genesis", "emphasis", "pass", "boss", "discuss", "express",
                "bless", "confess", "possess", "assess", "dispossess", "caress", "guess", "suppress",
                "repress", "oppress", "impress", "dress", "redress", "distress", "compass", "gross",
                "toss", "cross", "kiss", "miss", "dismiss", "hiss", "fuss", "truss", "plus", "chorus"}


def test_patterns_lemmas_look_like_lemmas(index):
    for p in index:
        assert re.fullmatch(r"[a-zé\-]+", p.lemma), p
        if p.pos == "VERB":
            assert not p.lemma.endswith("ing") or p.lemma in {"bring", "sing", "ring", "string", "swing", "sting", "cling", "fling", "wring", "spring"}, p
            if p.lemma.endswith("ed"):
                assert p.lemma in REAL_ED_VERBS, p
        if p.pos == "NOUN" and p.lemma.endswith("s") and not p.lemma.endswith(("ss", "us", "is")):
            assert p.lemma in REAL_S_NOUNS, p
        for o in p.object or ():
            head = o.split()[-1]
            assert head == head.lower()
            assert head not in {"talks", "sanctions", "forces", "troops", "arms", "rights", "media", "data", "men"}, p


@pytest.mark.parametrize("lemma,pos,code", [
    ("invite", "VERB", "036"), ("visit", "NOUN", "042"), ("accuse", "VERB", "112"), ("praise", "VERB", "051"),
    ("arrest", "NOUN", "173"), ("airstrike", "NOUN", "195"), ("ceasefire", "NOUN", "0871"),
    ("massacre", "VERB", "200"), ("deny", "VERB", "016"), ("veto", "VERB", "129"), ("ultimatum", "NOUN", "139"),
    ("mediate", "VERB", "045"), ("negotiate", "VERB", "046"), ("criticize", "VERB", "111"),
    ("deport", "VERB", "174"), ("assassinate", "VERB", "186"), ("kidnap", "VERB", "181"),
])
def test_patterns_general_fallbacks(index, lemma, pos, code):
    fallbacks = [p for p in index.candidates(lemma, pos) if p.specificity == 0]
    assert [p.code for p in fallbacks] == [code]


@pytest.mark.parametrize("lemma,pos,obj,code", [
    ("impose", "VERB", "sanction", "163"), ("withdraw", "VERB", "troop", "0874"),
    ("provide", "VERB", "weapon", "072"), ("hold", "VERB", "talk", "040"), ("sign", "VERB", "agreement", "057"),
    ("lift", "VERB", "curfew", "0813"), ("recall", "VERB", "ambassador", "161"), ("expel", "VERB", "diplomat", "166"),
    ("expel", "VERB", "journalist", "174"), ("strike", "NOUN", "hunger", "142"), ("strike", "NOUN", "air", "195"),
    ("express", "VERB", "condolence", "018"), ("reject", "VERB", "accusation", "016"),
])
def test_patterns_object_frames(index, lemma, pos, obj, code):
    hits = [p for p in index.candidates(lemma, pos) if p.prep is None and p.particle is None
            and p.object_match(obj) == 1]
    assert [p.code for p in hits] == [code]


def test_patterns_modifier_objects(index):
    hits = {p.code: p.object_match("aid", ["military"]) for p in index.candidates("provide", "VERB")
            if p.object_match("aid", ["military"])}
    assert hits.get("072") == 2


def test_patterns_candidates_most_specific_first(index):
    for key in {(p.lemma, p.pos) for p in index}:
        specs = [p.specificity for p in index.candidates(*key)]
        assert specs == sorted(specs, reverse=True)
    assert index.candidates("nonexistentword", "VERB") == ()


def test_patterns_particles_and_preps(index):
    assert any(p.code == "175" and p.particle == "down" for p in index.candidates("crack", "VERB"))
    assert any(p.code == "020" and p.prep == "on" for p in index.candidates("call", "VERB"))
    assert any(p.code == "0831" and p.particle == "down" for p in index.candidates("step", "VERB"))


def test_patterns_of_role_only_on_nouns(index):
    assert all(p.pos == "NOUN" for p in index if p.of_role)
    assert index.candidates("visit", "NOUN")[-1].of_role == "source"


def _write(tmp_path, rows):
    f = tmp_path / "extra.jsonl"
    f.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")
    return f


@pytest.mark.parametrize("row,message", [
    ('{"code": "036", "lemma": "invite"', "line 1: not JSON"),
    ({"code": "999", "lemma": "x", "pos": "VERB"}, "unknown CAMEO code"),
    ({"code": "03", "lemma": "x", "pos": "VERB"}, "not the root"),
    ({"code": "036", "lemma": "Invite", "pos": "VERB"}, "lowercase"),
    ({"code": "036", "lemma": "invite", "pos": "PROPN"}, "pos"),
    ({"code": "036", "lemma": "invite", "pos": "VERB", "of_role": "source"}, "nouns only"),
    ({"code": "036", "lemma": "invite", "pos": "VERB", "confidence": 2}, "confidence"),
    ({"code": "036", "lemma": "invite", "pos": "VERB", "colour": "red"}, "colour"),
    ({"code": "036", "lemma": "invite", "pos": "VERB", "object": ["a big red thing"]}, "modifier head"),
])
def test_patterns_bad_lines_raise(tmp_path, row, message):
    f = _write(tmp_path, [row])
    with pytest.raises(DataFileError) as err:
        parse_patterns(f.read_text(), str(f))
    assert str(f) in str(err.value) and message in str(err.value)


def test_patterns_duplicates_rejected(tmp_path):
    rows = [{"code": "036", "lemma": "invite", "pos": "VERB"},
            {"code": "042", "lemma": "tour", "pos": "VERB", "object": ["city"]},
            {"code": "040", "lemma": "tour", "pos": "VERB", "object": ["site", "city"]}]
    with pytest.raises(DataFileError, match="line 3: duplicates line 2"):
        parse_patterns(_write(tmp_path, rows).read_text(), "extra.jsonl")
    with pytest.raises(DataFileError, match="duplicates line 1"):
        parse_patterns(_write(tmp_path, rows[:1] * 2).read_text(), "extra.jsonl")


def test_patterns_extra_file_overrides(tmp_path):
    f = _write(tmp_path, [{"code": "040", "lemma": "invite", "pos": "VERB"},
                          {"code": "1712", "lemma": "zap", "pos": "VERB", "confidence": 0.5}])
    idx = load_patterns((str(f),))
    assert [p.code for p in idx.candidates("invite", "VERB") if p.specificity == 0] == ["040"]
    assert idx.candidates("zap", "VERB")[0].confidence == 0.5
    assert len(idx) == len(load_patterns()) + 1
    with pytest.raises(DataFileError, match="cannot read"):
        load_patterns((str(tmp_path / "missing.jsonl"),))


def test_pattern_to_dict_round_trips():
    p = Pattern(code="163", lemma="impose", pos="VERB", object=("sanction",), target_prep=("on",))
    assert Pattern(**p.to_dict()) == p
    assert p.specificity == 2


# ------------------------------------------------------------------ frames

@pytest.mark.parametrize("frame,inner,lemma,code", [
    ("intent", "042", None, "036"), ("intent", "061", None, "0311"), ("intent", "072", None, "0332"),
    ("intent", "0871", None, "0356"), ("intent", "0841", None, "0353"), ("intent", "05", None, "032"),
    ("intent", "163", None, "1312"), ("intent", None, "settle", "037"), ("intent", "120", None, "130"),
    ("appeal", "0871", None, "0256"), ("appeal", "046", None, "026"), ("appeal", "073", None, "0233"),
    ("appeal", "0831", None, "0241"), ("appeal", "111", None, "020"),
    ("demand", "0874", None, "1056"), ("demand", "0841", None, "1053"), ("demand", "111", None, "100"),
    ("threaten", "163", None, "1312"), ("threaten", "161", None, "1313"), ("threaten", "195", None, "1384"),
    ("threaten", "1723", None, "1323"), ("threaten", "2041", None, "1385"), ("threaten", "141", None, "133"),
    ("reject", "046", None, "125"), ("reject", "112", None, "016"), ("reject", "0874", None, "1246"),
    ("reject", None, "comment", "011"), ("reject", "072", None, "1222"),
    ("attempt", "186", None, "185"), ("halt", "073", None, "1623"), ("halt", "046", None, "164"),
    ("deny", "190", None, "016"),
])
def test_frames_resolve(frames, frame, inner, lemma, code):
    assert frames.resolve(frame, inner, lemma).code == code


@pytest.mark.parametrize("frame,fallback", [
    ("halt", "negate"), ("negative", "negate"), ("aspect", "pass"), ("planned", "planned"), ("attempt", "pass"),
])
def test_frames_fallbacks(frames, frame, fallback):
    m = frames.resolve(frame, "111")
    assert m.code is None and m.fallback == fallback


def test_frames_factuality(frames):
    assert frames["intent"].inner_factuality == "planned"
    assert frames["threaten"].inner_factuality == "hypothetical"
    assert frames["reject"].inner_factuality == "negated"
    assert frames["deny"].inner_factuality == "denied"
    assert frames["planned"].factuality == "planned"


def test_frames_lookup(frames):
    assert [n for n, _ in frames.lookup("agree")] == ["intent"]
    call = frames.lookup("call")
    assert call[0][1].prep is not None or call[0][1].particle is not None
    assert ("halt", "off") in {(n, w.particle) for n, w in call}
    assert [n for n, w in frames.lookup("go")] == ["aspect"]
    assert frames.lookup("plan", "NOUN") and frames.lookup("zzz") == []


@pytest.mark.parametrize("text,message", [
    ("frames: [", "not YAML"),
    ("x: 1", "'frames' mapping"),
    ("frames:\n  a: {effect: recode, description: d, words: [go], default: '999'}", "unknown CAMEO code"),
    ("frames:\n  a: {effect: fly, description: d, words: [go]}", "effect"),
    ("frames:\n  a: {effect: pass, description: d, words: []}", "non-empty"),
    ("frames:\n  a: {effect: pass, description: d, words: [go]}\n  b: {effect: pass, description: d, words: [go]}",
     "already in frame"),
    ("frames:\n  a: {effect: recode, description: d, words: [go], by_inner: {'9x': '036'}}", "by_inner key"),
])
def test_frames_bad_files_raise(text, message):
    with pytest.raises(DataFileError) as err:
        parse_frames(text, "frames.yaml")
    assert "frames.yaml" in str(err.value) and message in str(err.value)


def _first_fit(index, lemma, pos, objects):
    """The matcher's rule: the first candidate (most specific first) whose object constraint fits."""
    for p in index.candidates(lemma, pos):
        if p.particle or p.prep:
            continue
        if p.object and not any(p.object_match(h, m) == len(o.split())
                                for o in p.object for h, m in objects if o.split()[-1] == h):
            continue
        return p.code
    return None


@pytest.mark.parametrize("lemma,pos,objects,code", [
    ("provide", "VERB", [("aid", {"military"})], "072"),
    ("provide", "VERB", [("aid", {"humanitarian"})], "073"),
    ("provide", "VERB", [("aid", set())], "070"),
    ("strike", "NOUN", [("strike", {"air"})], "195"),
    ("strike", "NOUN", [("strike", {"hunger"})], "142"),
    ("talk", "NOUN", [("talk", {"peace"})], "046"),
    ("talk", "NOUN", [("talk", set())], "040"),
    ("aid", "NOUN", [("aid", {"military"})], "072"),
    ("withdrawal", "NOUN", [("withdrawal", {"troop"})], "0874"),
    ("withdrawal", "NOUN", [("troop", set())], "0874"),
    ("sanction", "NOUN", [("sanction", set())], "163"),
])
def test_patterns_first_fit(index, lemma, pos, objects, code):
    assert _first_fit(index, lemma, pos, objects) == code


def test_patterns_object_lists_are_homogeneous(index):
    for p in index:
        if p.object:
            assert len({len(o.split()) for o in p.object}) == 1, p
