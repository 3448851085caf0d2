"""detente: evidence-linked political event coding (CAMEO/PLOVER) from news.

    >>> import detente
    >>> events = detente.extract("Kenya accused Uganda of arming rebels.", published="2025-03-10")

`extract` and `Pipeline` are imported lazily, so `import detente` stays cheap (spaCy loads on
first use).
"""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["extract", "Pipeline", "CodedArticle", "__version__"]


def __getattr__(name: str):
    if name in ("extract", "Pipeline", "CodedArticle"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'detente' has no attribute {name!r}")
