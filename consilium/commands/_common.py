"""What several commands share: the input-error exit, settings, and the bundled cases."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import typer
from pydantic import ValidationError

from consilium.core.errors import EXIT_INPUT_ERROR
from consilium.core.report import ConsensusReport
from consilium.core.settings import ConfigFileError, Settings
from consilium.render.errors import print_error

EXIT_APPROVED, EXIT_ESCALATED = 0, 3


def fail(message: str) -> typer.Exit:
    """Print `error: MESSAGE` (stderr, one line) and return the exit to raise (status 2)."""
    print_error(message)
    return typer.Exit(EXIT_INPUT_ERROR)


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment and config file, with the given non-None overrides."""
    try:
        values: dict[str, Any] = {k: v for k, v in overrides.items() if v is not None}
        return Settings(**values)
    except (ValidationError, ConfigFileError) as exc:
        raise fail(f"settings: {exc}") from None


def bundled_cases_dir() -> Path:
    """`CONSILIUM_CASES_DIR`, else the source tree's `cases/`, else `./cases`."""
    configured = os.environ.get("CONSILIUM_CASES_DIR")
    if configured:
        return Path(configured)
    in_repo = Path(__file__).resolve().parents[2] / "cases"
    return in_repo if in_repo.is_dir() else Path("cases")


def resolve_case_argument(value: str) -> Path:
    """A path, or the id / file stem of a bundled case."""
    path = Path(value)
    if path.exists():
        return path
    for candidate in sorted(bundled_cases_dir().glob("*.y*ml")):
        if candidate.stem == value:
            return candidate
    return path  # the loader reports it as not found


def finish(report: ConsensusReport, as_json: bool) -> NoReturn:
    """Show the report (JSON alone on stdout with `--json`) and exit 0 approved / 3 escalated."""
    if as_json:
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
    else:
        from consilium.render.console import stdout
        from consilium.render.report import render_report

        stdout().rule()
        render_report(stdout(), report)
    raise typer.Exit(EXIT_ESCALATED if report.status == "escalated" else EXIT_APPROVED)
