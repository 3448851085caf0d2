"""The CAMEO event taxonomy: every code with its name, Goldstein value, QuadClass and PLOVER type.

The table lives in `detente/data/cameo/cameo.csv` (see `_SOURCE.txt` beside it). It is read
once per process through importlib.resources and every row is checked against a pydantic
schema; a bad row raises `DataFileError` naming the file and line.

    >>> tax = load_taxonomy()
    >>> tax["036"].plover, tax["036"].quad_class
    ('AGREE', 1)
    >>> tax.parent("0874"), tax.parent("087"), tax.parent("08")
    ('087', '08', None)
"""
from __future__ import annotations

import csv
import functools
import io
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from ..errors import DataFileError

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
PloverType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]
ROOTS: tuple[str, ...] = tuple(f"{i:02d}" for i in range(1, 21))
CAMEO_FILE = "cameo.csv"
COLUMNS = ("code", "name", "goldstein", "quad_class", "plover", "root")


def quad_class_of_root(root: str) -> int:
    """GDELT's QuadClass: 01-05 verbal coop, 06-08 material coop, 09-13 verbal conflict, 14-20 material conflict."""
    r = int(root)
    if not 1 <= r <= 20:
        raise ValueError(f"not a CAMEO root: {root!r}")
    return 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO event code. `plover` is None where PLOVER has no event type (plain statements)."""

    code: str
    name: str
    goldstein: float
    quad_class: int
    plover: str | None
    root: str

    @property
    def depth(self) -> int:
        """1 for a root ("08"), 2 for a three-digit code ("087"), 3 for a four-digit code ("0874")."""
        return len(self.code) - 1

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class CameoRow(BaseModel):
    """Schema of one row of cameo.csv."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    name: str
    goldstein: float
    quad_class: int
    plover: PloverType | None = None
    root: str

    @field_validator("plover", mode="before")
    @classmethod
    def _empty_is_none(cls, v: Any) -> Any:
        return None if v in ("", None) else v

    @field_validator("name")
    @classmethod
    def _name_present(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("empty name")
        return v.strip()

    @model_validator(mode="after")
    def _consistent(self) -> "CameoRow":
        if not (self.code.isdigit() and 2 <= len(self.code) <= 4):
            raise ValueError(f"code {self.code!r} is not 2-4 digits")
        if self.root not in ROOTS or not self.code.startswith(self.root):
            raise ValueError(f"root {self.root!r} does not fit code {self.code!r}")
        if not -10.0 <= self.goldstein <= 10.0:
            raise ValueError(f"goldstein {self.goldstein} outside -10..10")
        if self.quad_class not in (1, 2, 3, 4) or self.quad_class != quad_class_of_root(self.root):
            raise ValueError(f"quad_class {self.quad_class} does not fit root {self.root}")
        return self


class Taxonomy:
    """The CAMEO table: `tax[code]`, `code in tax`, iteration in file order, and the code tree."""

    def __init__(self, codes: Iterator[CameoCode] | list[CameoCode]):
        self._codes: dict[str, CameoCode] = {c.code: c for c in codes}

    def __getitem__(self, code: str) -> CameoCode:
        try:
            return self._codes[code]
        except KeyError:
            raise KeyError(f"unknown CAMEO code {code!r}") from None

    def get(self, code: str, default: CameoCode | None = None) -> CameoCode | None:
        return self._codes.get(code, default)

    def __contains__(self, code: object) -> bool:
        return code in self._codes

    def __iter__(self) -> Iterator[CameoCode]:
        return iter(self._codes.values())

    def __len__(self) -> int:
        return len(self._codes)

    def codes(self) -> list[str]:
        return list(self._codes)

    def parent(self, code: str) -> str | None:
        """The code one level up ("0874" -> "087" -> "08"); None for a root."""
        self[code]  # raises KeyError for an unknown code
        if len(code) == 2:
            return None
        up = code[:-1]
        while len(up) > 2 and up not in self._codes:
            up = up[:-1]
        return up if up in self._codes else None

    def ancestors(self, code: str) -> list[str]:
        """Parents from nearest to the root: "0874" -> ["087", "08"]."""
        out = []
        up = self.parent(code)
        while up is not None:
            out.append(up)
            up = self.parent(up)
        return out

    def is_ancestor(self, a: str, b: str) -> bool:
        """True when `a` is a strict ancestor of `b` ("08" and "087" are ancestors of "0874")."""
        return a in self.ancestors(b)

    def children(self, code: str) -> list[str]:
        return [c for c in self._codes if len(c) > len(code) and self.parent(c) == code]

    def roots(self) -> list[CameoCode]:
        return [c for c in self._codes.values() if len(c.code) == 2]


def _read_text(name: str) -> str:
    try:
        return resources.files("detente.data.cameo").joinpath(name).read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError) as err:
        raise DataFileError(f"missing knowledge file: {err}", path=f"detente/data/cameo/{name}") from None


def parse_taxonomy(text: str, path: str = CAMEO_FILE) -> Taxonomy:
    """Parse and validate cameo.csv text; raise DataFileError on the first bad line."""
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise DataFileError(f"line 1: columns must be {','.join(COLUMNS)}, got {reader.fieldnames}", path=path)
    codes: dict[str, CameoCode] = {}
    for row in reader:
        line = reader.line_num
        if None in row or any(v is None for v in row.values()):
            raise DataFileError(f"line {line}: wrong number of fields", path=path)
        try:
            r = CameoRow(**row)
        except ValidationError as err:
            first = err.errors()[0]
            loc = ".".join(str(x) for x in first["loc"]) or "row"
            raise DataFileError(f"line {line}: {loc}: {first['msg']}", path=path) from None
        if r.code in codes:
            raise DataFileError(f"line {line}: duplicate code {r.code}", path=path)
        codes[r.code] = CameoCode(r.code, r.name, r.goldstein, r.quad_class, r.plover, r.root)
    if not codes:
        raise DataFileError("no codes", path=path)
    for code in codes:
        if len(code) > 2 and code[:2] not in codes:
            raise DataFileError(f"code {code} has no root row {code[:2]}", path=path)
    return Taxonomy(list(codes.values()))


@functools.lru_cache(maxsize=None)
def load_taxonomy() -> Taxonomy:
    """The built-in CAMEO table (cached per process)."""
    return parse_taxonomy(_read_text(CAMEO_FILE), path=f"detente/data/cameo/{CAMEO_FILE}")
