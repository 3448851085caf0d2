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
