"""detente's error hierarchy.

The library raises these; the boundaries (CLI, API, batch workers) translate them into an
exit code, an HTTP 4xx response or a dead-letter row. Each message carries a number
(E001...) so users can search for it, as spaCy's error catalogue does.
"""
from __future__ import annotations


class DetenteError(Exception):
    """Base class of every error detente raises on purpose."""

    code = "E000"

    def __init__(self, message: str, *, path: str | None = None):
        self.message = message
        self.path = path
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{where}{self.message} [{self.code}]"


class InputError(DetenteError):
    """An article or input file that cannot be read or coded."""

    code = "E100"


class DataFileError(DetenteError):
    """A knowledge file (built-in or a user's) that is missing or malformed."""

    code = "E200"


class StoreError(DetenteError):
    """The event store cannot be opened, written or queried."""

    code = "E300"


class FetchError(DetenteError):
    """A feed or page could not be fetched (network, robots.txt, size, type)."""

    code = "E400"
