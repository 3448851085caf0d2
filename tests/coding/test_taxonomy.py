"""Tests for detente/coding/taxonomy.py and data/cameo/cameo.csv."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from detente.coding.taxonomy import (
    PLOVER_TYPES, ROOTS, CameoCode, load_taxonomy, parse_taxonomy, quad_class_of_root,
)
from detente.errors import DataFileError

SHARED = Path(__file__).resolve().parents[2].parent / "shared"

CODEBOOK = SHARED / "data" / "cameo_codebook" / "cameo-codes.csv"
CROSSWALK = SHARED / "data" / "plover_gsr" / "CAMEO2PLOVER-2021.txt"
RENAMED = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
# project decisions that differ from the crosswalk (documented in data/cameo/_SOURCE.txt)
CROSSWALK_OVERRIDES = {"163": "SANCTION", "1712": "COERCE", "08": "CONCEDE", "16": "SANCTION",
                       "17": "COERCE", "18": "ASSAULT", "19": "ASSAULT", "20": "ASSAULT"}
HEADER = "code,name,goldstein,quad_class,plover,root\n"


@pytest.fixture(scope="module")
def tax():
    return load_taxonomy()


@pytest.fixture(scope="module")
def codebook():
    if not CODEBOOK.exists():
        pytest.skip("shared CAMEO codebook not available")
    text = CODEBOOK.read_bytes().decode("latin-1")
    return {r["code"]: r for r in csv.DictReader(io.StringIO(text))}


def test_taxonomy_is_cached(tax):
    assert load_taxonomy() is tax


def test_taxonomy_covers_every_root(tax):
    assert [c.code for c in tax.roots()] == list(ROOTS)
    assert len(tax) > 300


@pytest.mark.parametrize("code,plover,quad,goldstein", [
    ("036", "AGREE", 1, 4.0), ("195", "ASSAULT", 4, -10.0), ("0874", "RETREAT", 2, 10.0),
    ("112", "ACCUSE", 3, -2.0), ("163", "SANCTION", 4, -8.0), ("020", "REQUEST", 1, 3.0),
    ("016", "REJECT", 1, -5.0), ("010", None, 1, 0.0), ("173", "COERCE", 4, -5.0),
    ("1831", "ASSAULT", 4, -10.0), ("090", "ACCUSE", 3, -2.0), ("154", "MOBILIZE", 4, -7.2),
])
def test_taxonomy_known_codes(tax, code, plover, quad, goldstein):
    c = tax[code]
    assert isinstance(c, CameoCode)
    assert (c.plover, c.quad_class, c.goldstein, c.root) == (plover, quad, goldstein, code[:2])


def test_taxonomy_rows_are_consistent(tax):
    for c in tax:
        assert c.root == c.code[:2]
        assert c.quad_class == quad_class_of_root(c.root)
        assert c.plover is None or c.plover in PLOVER_TYPES
        assert -10 <= c.goldstein <= 10
        assert c.name and c.name[0].isupper()
    # every PLOVER type the project emits is reachable
    assert {c.plover for c in tax} - {None} == set(PLOVER_TYPES)
    # only plain statements lack a PLOVER type
    assert {c.code for c in tax if c.plover is None} <= {"01", "010", "011", "012", "013", "014", "015", "017"}


@pytest.mark.parametrize("code,chain", [
    ("0874", ["087", "08"]), ("087", ["08"]), ("08", []), ("1831", ["183", "18"]), ("2042", ["204", "20"]),
])
def test_taxonomy_parent_chain(tax, code, chain):
    assert tax.ancestors(code) == chain
    assert tax.parent(code) == (chain[0] if chain else None)
    for a in chain:
        assert tax.is_ancestor(a, code)
        assert not tax.is_ancestor(code, a)
    assert not tax.is_ancestor(code, code)


def test_taxonomy_children_and_contains(tax):
    assert "0871" in tax.children("087")
    assert "0874" in tax and "9999" not in tax and 36 not in tax
    with pytest.raises(KeyError):
        tax["9999"]


def test_taxonomy_matches_codebook(tax, codebook):
    assert set(tax.codes()) == set(codebook)
    for code, row in codebook.items():
        assert tax[code].goldstein == float(row["goldstein"]), code
        assert tax[code].root == row["root_code"], code


def test_taxonomy_quad_class_is_gdelt_convention(tax):
    expected = {**{f"{r:02d}": 1 for r in range(1, 6)}, **{f"{r:02d}": 2 for r in range(6, 9)},
                **{f"{r:02d}": 3 for r in range(9, 14)}, **{f"{r:02d}": 4 for r in range(14, 21)}}
    for c in tax:
        assert c.quad_class == expected[c.root]


def test_taxonomy_plover_follows_crosswalk(tax):
    if not CROSSWALK.exists():
        pytest.skip("shared PLOVER crosswalk not available")
    seen = set()
    for line in CROSSWALK.read_text(encoding="utf-8", errors="replace").splitlines():
        m = re.match(r"^(\d{2,4}):\s*([A-Z]+)", line)
        if not m or m.group(1) in seen or m.group(1) not in tax:
            continue
        seen.add(m.group(1))
        code, ptype = m.group(1), RENAMED.get(m.group(2), m.group(2))
        assert tax[code].plover == CROSSWALK_OVERRIDES.get(code, ptype), code
    assert len(seen) > 200


@pytest.mark.parametrize("body,message", [
    ("036,Invite,4,1,AGREE,03\n036,Invite,4,1,AGREE,03\n", "line 4: duplicate code 036"),
    ("036,Invite,4,2,AGREE,03\n", "quad_class 2 does not fit root 03"),
    ("036,Invite,4,1,AGREED,03\n", "line 3: plover"),
    ("036,Invite,40,1,AGREE,03\n", "line 3"),
    ("036,Invite,4,1,AGREE,04\n", "line 3"),
    ("036,Invite,4,1\n", "line 3: wrong number of fields"),
])
def test_taxonomy_bad_rows_raise(body, message):
    with pytest.raises(DataFileError) as err:
        parse_taxonomy(HEADER + "03,Intent,4,1,AGREE,03\n" + body, path="x.csv")
    assert "x.csv" in str(err.value)
    assert message in str(err.value)


def test_taxonomy_bad_header_raises():
    with pytest.raises(DataFileError, match="columns"):
        parse_taxonomy("code,name\n01,x\n", path="x.csv")


def test_taxonomy_to_dict(tax):
    assert tax["036"].to_dict() == {"code": "036", "name": tax["036"].name, "goldstein": 4.0,
                                    "quad_class": 1, "plover": "AGREE", "root": "03"}
