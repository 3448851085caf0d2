"""Settings: defaults in settings.toml; a user file overrides only the keys it sets."""
from __future__ import annotations

import functools
import os
import tomllib
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path

from .errors import DataFileError


@dataclass(frozen=True)
class NlpSettings:
    disable: tuple[str, ...] = ()
    batch_size: int = 32


@dataclass(frozen=True)
class IngestSettings:
    max_chars: int = 2_000_000
    max_file_bytes: int = 10_000_000
    min_english_share: float = 0.08


@dataclass(frozen=True)
class CodingSettings:
    emit_plain_statements: bool = False
    min_confidence: float = 0.0


@dataclass(frozen=True)
class StoreSettings:
    path: str = "detente.duckdb"


@dataclass(frozen=True)
class Settings:
    nlp: NlpSettings = field(default_factory=NlpSettings)
    ingest: IngestSettings = field(default_factory=IngestSettings)
    coding: CodingSettings = field(default_factory=CodingSettings)
    store: StoreSettings = field(default_factory=StoreSettings)


_SECTIONS = {"nlp": NlpSettings, "ingest": IngestSettings, "coding": CodingSettings, "store": StoreSettings}


def _merge(base: dict, over: dict, where: str) -> dict:
    out = {k: dict(v) for k, v in base.items()}
    for section, values in over.items():
        if section not in _SECTIONS or not isinstance(values, dict):
            raise DataFileError(f"unknown settings section [{section}]", path=where)
        known = {f.name for f in fields(_SECTIONS[section])}
        for key, value in values.items():
            if key not in known:
                raise DataFileError(f"unknown setting {section}.{key}", path=where)
            out.setdefault(section, {})[key] = value
    return out


def _build(raw: dict) -> Settings:
    parts = {}
    for section, cls in _SECTIONS.items():
        values = dict(raw.get(section, {}))
        for f in fields(cls):
            if f.name in values and isinstance(values[f.name], list):
                values[f.name] = tuple(values[f.name])
        parts[section] = cls(**values)
    return Settings(**parts)


def load_settings(user_file: str | None = None) -> Settings:
    """Defaults from the packaged settings.toml, overridden by `user_file` or $DETENTE_CONFIG
    (read at each call, so a changed variable is seen)."""
    return _load_settings(user_file or os.environ.get("DETENTE_CONFIG") or None)


@functools.lru_cache(maxsize=8)
def _load_settings(user_file: str | None) -> Settings:
    raw = tomllib.loads((resources.files("detente") / "settings.toml").read_text(encoding="utf-8"))
    if user_file:
        try:
            over = tomllib.loads(Path(user_file).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise DataFileError(f"cannot read settings: {exc}", path=user_file) from exc
        raw = _merge(raw, over, user_file)
    return _build(raw)
