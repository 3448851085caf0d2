"""Loading one YAML knowledge file of the coder into its pydantic schema."""
from __future__ import annotations

from importlib import resources
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import DataFileError

M = TypeVar("M", bound=BaseModel)


def load_yaml_model(name: str, model: type[M]) -> M:
    """detente/data/cameo/`name`, checked against `model`; a bad file raises DataFileError
    naming the file and the first offending key."""
    path = resources.files("detente") / "data" / "cameo" / name
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return model(**raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise DataFileError(f"{where}: {first['msg']}", path=str(path)) from None
    except (OSError, yaml.YAMLError, TypeError) as exc:
        raise DataFileError(f"cannot read {name}: {exc}".splitlines()[0], path=str(path)) from None
