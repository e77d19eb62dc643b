"""The two consoles: `stdout()` for output people read, `stderr()` for errors and progress.

Each resolves `sys.stdout` / `sys.stderr` when it prints, so a captured stream (tests, a
redirect) is honoured.
"""

from __future__ import annotations

from functools import cache

from rich.console import Console


@cache
def stdout() -> Console:
    return Console()


@cache
def stderr() -> Console:
    return Console(stderr=True)
