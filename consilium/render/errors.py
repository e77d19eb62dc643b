"""The one error printer: `error: MESSAGE` on stderr, never mixed into `--json` output.

The message is data, not Rich markup (`[bold]x[/bold].yaml` prints as written), and it stays
on one line however narrow the terminal (no hard wrapping), so scripts can grep it.
"""

from __future__ import annotations

from rich.text import Text

from consilium.render.console import stderr


def print_error(message: str) -> None:
    """`error: MESSAGE` on stderr, one unwrapped line."""
    _print("error:", "bold red", message)


def print_warning(message: str, label: str = "warning") -> None:
    """`LABEL: MESSAGE` on stderr (a skipped line, a missing API key), one unwrapped line."""
    _print(f"{label}:", "yellow", message)


def _print(label: str, style: str, message: str) -> None:
    stderr().print(Text.assemble((label, style), " ", message), soft_wrap=True, highlight=False)
