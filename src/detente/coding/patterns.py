"""The CAMEO pattern dictionary (verbs and nouns that trigger events) and the control frames.

`detente/data/cameo/patterns.jsonl` holds one `Pattern` per line: a trigger lemma (spaCy
en_core_web_sm lemma of the head word) with its part of speech, the CAMEO code it evokes and
optional constraints on its dependents:

- `particle`: a `prt` child that must be present ("step up", "pull out", "call off");
- `prep`: a preposition child that must be present ("call for", "meet with"); its object
  is the target unless `target_prep` says otherwise;
- `object`: the direct object's head lemma must be one of these; with `prep` set, the object
  of that preposition instead ("call for" + "ceasefire"); for nouns, the "of" complement or a
  compound/amod modifier of the trigger itself ("air strike", "military aid", "withdrawal of
  troops"); "military aid" means a modifier lemma (amod/compound) + the head lemma;
- `target_prep`: prepositions whose object is the target, besides the direct object;
- `of_role` (nouns): whether "the X of Y" makes Y the `source` or the `target`;
- `passive_ok`, `confidence` (default 0.8), `note`.

`load_patterns()` returns a `PatternIndex` keyed by (lemma, pos); `candidates()` lists the
patterns most specific first (see `Pattern.specificity`). The matcher takes the first whose
constraints hold.

`detente/data/cameo/frames.yaml` says how control verbs ("agreed to", "urged ... to",
"threatened to", "refused to", "began", "failed to", "plans to") combine with the act they
govern; `load_frames()` returns `Frames`.

Both files are checked against pydantic schemas when loaded; a bad line raises
`DataFileError` naming the file and line. Every code must exist in the CAMEO taxonomy.
"""
from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..errors import DataFileError
from .taxonomy import load_taxonomy

PATTERNS_FILE = "patterns.jsonl"
FRAMES_FILE = "frames.yaml"
DEFAULT_CONFIDENCE = 0.8
Pos = Literal["VERB", "NOUN", "ADJ"]


def _word(v: str, what: str) -> str:
    if not isinstance(v, str) or not v or v != v.strip() or v != v.lower():
        raise ValueError(f"{what} {v!r} must be a non-empty lowercase word")
    return v


class Pattern(BaseModel):
    """One trigger pattern: a lemma + part of speech + optional frame constraints -> CAMEO code."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    lemma: str
    pos: Pos
    particle: str | None = None
    prep: str | None = None
    object: tuple[str, ...] | None = None
    target_prep: tuple[str, ...] = ()
    of_role: Literal["source", "target"] | None = None
    passive_ok: bool = True
    confidence: float = Field(default=DEFAULT_CONFIDENCE, ge=0.0, le=1.0)
    note: str | None = None

    @field_validator("lemma")
    @classmethod
    def _lemma(cls, v: str) -> str:
        _word(v, "lemma")
        if " " in v:
            raise ValueError(f"lemma {v!r} must be one word (put particles in `particle`)")
        return v

    @field_validator("particle", "prep")
    @classmethod
    def _single(cls, v: str | None) -> str | None:
        if v is not None:
            _word(v, "particle/prep")
            if " " in v:
                raise ValueError(f"{v!r} must be one word")
        return v

    @field_validator("object")
    @classmethod
    def _objects(cls, v: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if v is None:
            return v
        if not v:
            raise ValueError("object list is empty (leave it out instead)")
        for o in v:
            _word(o, "object")
            if len(o.split()) > 2 or "  " in o:
                raise ValueError(f"object {o!r}: at most 'modifier head'")
        if len(set(v)) != len(v):
            raise ValueError("object list repeats an entry")
        return v

    @field_validator("target_prep")
    @classmethod
    def _tpreps(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for p in v:
            _word(p, "target_prep")
        if len(set(v)) != len(v):
            raise ValueError("target_prep repeats an entry")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> "Pattern":
        if self.of_role is not None and self.pos != "NOUN":
            raise ValueError("of_role is for nouns only")
        if self.particle is not None and self.pos != "VERB":
            raise ValueError("particle is for verbs only")
        return self

    @property
    def root(self) -> str:
        return self.code[:2]

    @property
    def specificity(self) -> int:
        """How constrained the pattern is: object 2 (3 with "modifier head" entries), particle 1,
        prep 1. Higher wins, so "provided military aid" meets 072 before 070's bare "aid"."""
        obj = 0 if not self.object else 3 if any(" " in o for o in self.object) else 2
        return obj + (self.particle is not None) + (self.prep is not None)

    @property
    def frame_key(self) -> tuple:
        """Patterns with the same key compete for the same words; the index forbids repeats."""
        return (self.lemma, self.pos, self.particle, self.prep)

    def object_match(self, head: str, modifiers: Iterable[str] = ()) -> int:
        """How well a dependent matches `object`: 2 modifier+head ("military aid"), 1 head, 0 none.

        A pattern without `object` matches anything with 0; callers treat None as unconstrained.
        """
        if not self.object:
            return 0
        mods = set(modifiers)
        best = 0
        for o in self.object:
            parts = o.split()
            if parts[-1] != head:
                continue
            if len(parts) == 1:
                best = max(best, 1)
            elif parts[0] in mods:
                best = 2
        return best

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(exclude_defaults=True) | {"code": self.code, "lemma": self.lemma, "pos": self.pos}


class PatternIndex:
    """Patterns keyed by (lemma, pos), most specific first."""

    def __init__(self, patterns: Iterable[Pattern]):
        self._all: list[Pattern] = list(patterns)
        by: dict[tuple[str, str], list[Pattern]] = {}
        for p in self._all:
            by.setdefault((p.lemma, p.pos), []).append(p)
        # stable sort keeps file order among equally specific patterns
        self._by = {k: tuple(sorted(v, key=lambda p: -p.specificity)) for k, v in by.items()}

    def candidates(self, lemma: str, pos: str) -> tuple[Pattern, ...]:
        return self._by.get((lemma, pos), ())

    def __contains__(self, key: object) -> bool:
        return key in self._by

    def __iter__(self) -> Iterator[Pattern]:
        return iter(self._all)

    def __len__(self) -> int:
        return len(self._all)

    def lemmas(self, pos: str | None = None) -> set[str]:
        return {l for (l, p) in self._by if pos is None or p == pos}

    def by_code(self, code: str) -> list[Pattern]:
        return [p for p in self._all if p.code == code]


def _read_builtin(name: str) -> str:
    try:
        return resources.files("detente.data.cameo").joinpath(name).read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError) as err:
        raise DataFileError(f"missing knowledge file: {err}", path=f"detente/data/cameo/{name}") from None


def _first_error(err: ValidationError) -> str:
    e = err.errors()[0]
    loc = ".".join(str(x) for x in e["loc"])
    return f"{loc}: {e['msg']}" if loc else e["msg"]


def parse_patterns(text: str, path: str) -> list[tuple[int, Pattern]]:
    """Parse and validate one patterns JSONL text; returns (line number, Pattern) pairs.

    Raises DataFileError on bad JSON, a schema error, an unknown CAMEO code, or a pattern that
    repeats another one's frame (same lemma, pos, particle, prep and an overlapping object
    entry, or two unconstrained-object patterns) in the same file.
    """
    tax = load_taxonomy()
    out: list[tuple[int, Pattern]] = []
    seen: dict[tuple, int] = {}
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            raise DataFileError(f"line {n}: not JSON ({err.msg})", path=path) from None
        if not isinstance(obj, dict):
            raise DataFileError(f"line {n}: not a JSON object", path=path)
        try:
            p = Pattern(**obj)
        except ValidationError as err:
            raise DataFileError(f"line {n}: {_first_error(err)}", path=path) from None
        except TypeError as err:
            raise DataFileError(f"line {n}: {err}", path=path) from None
        if p.code not in tax:
            raise DataFileError(f"line {n}: unknown CAMEO code {p.code!r}", path=path)
        if len(p.code) == 2:
            raise DataFileError(f"line {n}: use a three- or four-digit code, not the root {p.code}", path=path)
        for slot in p.object or (None,):
            key = (*p.frame_key, slot)
            if key in seen:
                what = f"object {slot!r}" if slot else "no object constraint"
                raise DataFileError(
                    f"line {n}: duplicates line {seen[key]} ({p.lemma}/{p.pos}, {what})", path=path)
            seen[key] = n
        out.append((n, p))
    return out


def _merge(base: list[Pattern], extra: list[Pattern]) -> list[Pattern]:
    """A user's pattern replaces built-in ones that compete for the same frame slot."""
    slots = {(*p.frame_key, s) for p in extra for s in (p.object or (None,))}
    kept = []
    for p in base:
        mine = [s for s in (p.object or (None,)) if (*p.frame_key, s) not in slots]
        if len(mine) == len(p.object or (None,)):
            kept.append(p)
        elif mine and p.object:
            kept.append(p.model_copy(update={"object": tuple(mine)}))
    return kept + extra


@functools.lru_cache(maxsize=None)
def load_patterns(extra: tuple[str | Path, ...] = ()) -> PatternIndex:
    """The built-in pattern dictionary, plus users' JSONL files in `extra` (cached).

    A pattern in an `extra` file overrides the built-in patterns for the same frame slot
    (lemma, pos, particle, prep, object entry).
    """
    builtin = [p for _, p in parse_patterns(_read_builtin(PATTERNS_FILE), f"detente/data/cameo/{PATTERNS_FILE}")]
    for path in extra:
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as err:
            raise DataFileError(f"cannot read pattern file: {err.strerror}", path=str(path)) from None
        builtin = _merge(builtin, [p for _, p in parse_patterns(text, str(path))])
    return PatternIndex(builtin)


# --------------------------------------------------------------------------- frames

Effect = Literal["recode", "pass", "attempt", "negate", "halt", "planned", "attribute", "deny"]
Factuality = Literal["asserted", "claimed", "negated", "denied", "planned", "hypothetical"]
FALLBACKS = ("negate", "pass", "planned", "none")


class ControlWord(BaseModel):
    """A control word: a lemma with optional particle/preposition ("call on", "step up")."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    lemma: str
    pos: Pos = "VERB"
    particle: str | None = None
    prep: str | None = None

    @field_validator("lemma", "particle", "prep")
    @classmethod
    def _w(cls, v: str | None) -> str | None:
        return v if v is None else _word(v, "word")


class FrameClass(BaseModel):
    """A family of control words and what they do to the act they govern.

    - effect `recode`: the pair becomes one event whose code comes from `by_inner_lemma`
      (the inner trigger's lemma), else `by_inner` (longest prefix of the inner act's code),
      else `default`; the inner act itself gets `inner_factuality`.
    - `pass`: the inner act is coded as is (aspect: began, continued, stepped up).
    - `attempt`: as `pass`, but the act was attempted; `by_inner` may recode ("186" -> "185").
    - `negate`: the inner act did not happen (failed to, refrained from).
    - `halt`: the act stopped; `by_inner` recodes where CAMEO has a code for stopping it
      (halting aid is 162), else the inner act is negated.
    - `planned`: the inner act is planned, not done (plans to, intends to, is set to).
    - `attribute`: reporting verbs; the inner act is `claimed` when attributed to another party.
    - `deny`: the inner act is `denied`; the denial itself is `default` (016).
    `otherwise` says what happens when no rule of `by_inner` applies and `default` is unset.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    effect: Effect
    description: str
    words: tuple[ControlWord, ...]
    default: str | None = None
    by_inner: dict[str, str] = Field(default_factory=dict)
    by_inner_lemma: dict[str, str] = Field(default_factory=dict)
    otherwise: Literal["negate", "pass", "planned", "none"] = "none"
    factuality: Factuality = "asserted"
    inner_factuality: Factuality | None = None
    confidence: float = Field(default=DEFAULT_CONFIDENCE, ge=0.0, le=1.0)

    @field_validator("words", mode="before")
    @classmethod
    def _words(cls, v: Any) -> Any:
        if not isinstance(v, list | tuple) or not v:
            raise ValueError("words must be a non-empty list")
        out = []
        for w in v:
            if isinstance(w, str):
                parts = w.split()
                if len(parts) == 1:
                    out.append({"lemma": parts[0]})
                elif len(parts) == 2:
                    # "call on" -> prep, "step up" -> particle: a small closed list decides
                    kind = "particle" if parts[1] in PARTICLES else "prep"
                    out.append({"lemma": parts[0], kind: parts[1]})
                else:
                    raise ValueError(f"control word {w!r}: at most 'lemma particle-or-prep'")
            else:
                out.append(w)
        return out


PARTICLES = frozenset({"up", "out", "off", "down", "back", "away", "over"})  # "go on": write {lemma: go, particle: on}


@dataclass(frozen=True)
class FrameMatch:
    """What a control word does to an inner act.

    `code` is the event the pair makes (None: no recoding); `fallback` then says what happens
    to the inner act (none, negate, pass, planned).
    """

    frame: str
    effect: str
    code: str | None
    factuality: str
    inner_factuality: str | None
    fallback: str | None = None


class Frames:
    """The control-word table of frames.yaml."""

    def __init__(self, classes: dict[str, FrameClass]):
        self.classes = classes
        self._by: dict[tuple[str, str], list[tuple[str, ControlWord]]] = {}
        for name, fc in classes.items():
            for w in fc.words:
                self._by.setdefault((w.lemma, w.pos), []).append((name, w))
        for k in self._by:  # constrained words (call on) before bare ones (call)
            self._by[k].sort(key=lambda nw: -((nw[1].prep is not None) + (nw[1].particle is not None)))

    def lookup(self, lemma: str, pos: str = "VERB") -> list[tuple[str, ControlWord]]:
        """The frame classes a control lemma belongs to, most constrained word first."""
        return list(self._by.get((lemma, pos), ()))

    def __contains__(self, key: object) -> bool:
        return key in self.classes

    def __getitem__(self, name: str) -> FrameClass:
        return self.classes[name]

    def resolve(self, frame: str, inner_code: str | None, inner_lemma: str | None = None) -> FrameMatch:
        """Combine control frame `frame` with an inner act (its CAMEO code and trigger lemma)."""
        fc = self.classes[frame]
        code: str | None = None
        if inner_lemma and inner_lemma in fc.by_inner_lemma:
            code = fc.by_inner_lemma[inner_lemma]
        elif inner_code:
            for k in range(len(inner_code), 1, -1):
                if inner_code[:k] in fc.by_inner:
                    code = fc.by_inner[inner_code[:k]]
                    break
        if code is None:
            if fc.default is not None and (fc.otherwise == "none" or fc.effect in ("recode", "deny")):
                code = fc.default
        return FrameMatch(frame, fc.effect, code, fc.factuality, fc.inner_factuality,
                          None if code is not None else fc.otherwise)


def parse_frames(text: str, path: str) -> Frames:
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        raise DataFileError(f"{where}not YAML ({getattr(err, 'problem', err)})", path=path) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("frames"), dict):
        raise DataFileError("top level must be a mapping with a 'frames' mapping", path=path)
    tax = load_taxonomy()
    classes: dict[str, FrameClass] = {}
    for name, body in doc["frames"].items():
        try:
            fc = FrameClass(**(body or {}))
        except ValidationError as err:
            raise DataFileError(f"frame {name!r}: {_first_error(err)}", path=path) from None
        except TypeError as err:
            raise DataFileError(f"frame {name!r}: {err}", path=path) from None
        codes = [fc.default, *fc.by_inner.values(), *fc.by_inner_lemma.values()]
        for c in codes:
            if c is not None and c not in tax:
                raise DataFileError(f"frame {name!r}: unknown CAMEO code {c!r}", path=path)
        for k in fc.by_inner:
            if k not in tax:
                raise DataFileError(f"frame {name!r}: by_inner key {k!r} is not a CAMEO code", path=path)
        classes[name] = fc
    seen: dict[tuple, str] = {}
    for name, fc in classes.items():
        for w in fc.words:
            key = (w.lemma, w.pos, w.particle, w.prep)
            if key in seen:
                raise DataFileError(f"frame {name!r}: control word {w.lemma!r} already in frame {seen[key]!r}",
                                    path=path)
            seen[key] = name
    return Frames(classes)


@functools.lru_cache(maxsize=None)
def load_frames() -> Frames:
    """The built-in control frames (cached)."""
    return parse_frames(_read_builtin(FRAMES_FILE), f"detente/data/cameo/{FRAMES_FILE}")
