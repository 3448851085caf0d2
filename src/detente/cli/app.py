"""The shared Typer app; command modules register on it."""
from __future__ import annotations

import typer

app = typer.Typer(
    name="detente",
    help="Code news articles into evidence-linked political events (CAMEO/PLOVER).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _console():
    from rich.console import Console

    return Console(stderr=True)


def report(kind: str, message: object) -> None:
    """One line on stderr: `kind` is "error", "skipped" or "warning". The message is printed
    verbatim (paths may hold "[" and "]", which Rich would take for markup) and never
    hard-wrapped, so one problem is always one line a script can grep."""
    from rich.markup import escape

    colour = {"error": "red", "skipped": "yellow", "warning": "yellow"}.get(kind, "bold")
    _console().print(f"[{colour}]{kind}:[/{colour}] {escape(str(message))}", highlight=False, soft_wrap=True)
