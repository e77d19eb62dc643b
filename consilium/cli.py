"""The `consilium` command. Thin: parsing here, rendering in `render`, work in `api`.

Exit codes: 0 approved (with or without warnings), 3 escalated, 2 input error.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from importlib import import_module
from pathlib import Path
from typing import Annotated, Any, Literal, NoReturn

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from consilium import __version__
from consilium.core.errors import CaseInputError
from consilium.core.report import ConsensusReport
from consilium.core.settings import ConfigFileError, Settings

EXIT_APPROVED, EXIT_INPUT_ERROR, EXIT_ESCALATED = 0, 2, 3

app = typer.Typer(
    name="consilium",
    help="A panel of clinical agents (triage, diagnostician, pharmacist, critic) works a case "
    "up to one consensus recommendation, behind a deterministic safety gate. Decision support "
    "for clinicians, not a diagnosis for patients.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
console = Console()
errors = Console(stderr=True)

# Sub-commands that live in their own modules: (module, attribute, command name).
SUB_APPS: tuple[tuple[str, str, str], ...] = (
    ("consilium.commands.calc", "app", "calc"),
    ("consilium.commands.drugs", "app", "drugs"),
    ("consilium.commands.guidelines", "app", "guidelines"),
    ("consilium.commands.calc", "eval_app", "eval"),
    ("consilium.commands.serve", "keys_app", "keys"),
)
for module_name, attribute, command_name in SUB_APPS:
    sub_app = getattr(import_module(module_name), attribute)
    app.add_typer(sub_app, name=command_name)
# Single commands that live in their own modules: (module, function, command name).
SUB_COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("consilium.commands.simulate", "simulate_command", "simulate"),
    ("consilium.commands.batch", "batch_command", "batch"),
    ("consilium.commands.batch", "report_command", "report"),
    ("consilium.commands.batch", "worker_command", "worker"),
    ("consilium.commands.serve", "serve_command", "serve"),
    ("consilium.commands.serve", "mcp_command", "mcp"),
)
for module_name, attribute, command_name in SUB_COMMANDS:
    app.command(command_name)(getattr(import_module(module_name), attribute))


def fail(message: str) -> typer.Exit:
    errors.print(f"[bold red]error:[/bold red] {message}")
    return typer.Exit(EXIT_INPUT_ERROR)


def bundled_cases_dir() -> Path:
    """`CONSILIUM_CASES_DIR`, else the repository's `cases/`, else `./cases`."""
    configured = os.environ.get("CONSILIUM_CASES_DIR")
    if configured:
        return Path(configured)
    in_repo = Path(__file__).resolve().parents[1] / "cases"
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


def load_settings(**overrides: Any) -> Settings:
    try:
        values: dict[str, Any] = {k: v for k, v in overrides.items() if v is not None}
        return Settings(**values)
    except (ValidationError, ConfigFileError) as exc:
        raise fail(f"settings: {exc}") from None


def _version(value: bool) -> None:
    if value:
        console.print(f"consilium {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """consilium — multi-agent clinical decision support."""


CaseArgument = Annotated[
    str | None, typer.Argument(help="Case file (.yaml/.json/.txt) or bundled case id.")
]
TextOption = Annotated[
    str | None, typer.Option("--text", help="A free-text vignette instead of a file.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the report as JSON only.")]
RoundsOption = Annotated[
    int | None,
    typer.Option("--max-rounds", min=0, max=10, help="Critic revise rounds (default 2)."),
]
ReviewOption = Annotated[
    bool, typer.Option("--review", help="Pause an escalated case for clinician sign-off.")
]
DecisionOption = Annotated[
    Literal["approve", "reject"],
    typer.Option("--decision", help="approve or reject the escalated plan."),
]
NoteOption = Annotated[str, typer.Option("--note", help="Your reasoning, kept in the audit trail.")]


def finish(report: ConsensusReport, as_json: bool) -> NoReturn:
    from consilium.render import render_report

    if as_json:
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
    else:
        console.rule()
        render_report(console, report)
    raise typer.Exit(EXIT_ESCALATED if report.status == "escalated" else EXIT_APPROVED)


@app.command()
def run(
    case: CaseArgument = None,
    text: TextOption = None,
    as_json: JsonOption = False,
    max_rounds: RoundsOption = None,
    review: ReviewOption = False,
) -> None:
    """Run one case through the full panel and show the consensus report."""
    from consilium.api import stream_case
    from consilium.core.loaders import case_from_text, load_case
    from consilium.render import render_entry

    if (case is None) == (text is None):
        raise fail("give exactly one of CASE or --text")
    try:
        loaded = (
            case_from_text(text) if text is not None
            else load_case(resolve_case_argument(case or ""))
        )
    except CaseInputError as exc:
        raise fail(str(exc)) from None
    settings = load_settings(max_rounds=max_rounds)

    async def work() -> ConsensusReport | None:
        report = None
        async for event in stream_case(loaded, settings=settings, review=review):
            if event.entry is not None and not as_json:
                render_entry(console, event.entry)
            if event.report is not None:
                report = event.report
        return report

    report = asyncio.run(work())
    if report is None:  # the workflow always ends in a report or a pause
        raise fail("the panel finished without a report")
    finish(report, as_json)


@app.command()
def resume(
    thread_id: Annotated[str, typer.Argument(help="The thread id printed when the case paused.")],
    decision: DecisionOption,
    note: NoteOption = "",
    as_json: JsonOption = False,
) -> None:
    """Continue a case paused for clinician sign-off (`run --review`)."""
    from consilium.api import UnknownThreadError
    from consilium.api import resume as resume_case

    try:
        report = resume_case(thread_id, decision, note, settings=load_settings())
    except UnknownThreadError as exc:
        raise fail(str(exc)) from None
    finish(report, as_json)


@app.command()
def cases(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List the bundled example cases."""
    from consilium.core.loaders import load_case

    rows = []
    for path in sorted(bundled_cases_dir().glob("*.y*ml")):
        try:
            case = load_case(path)
        except CaseInputError as exc:
            rows.append({"id": path.stem, "file": str(path), "title": f"(invalid: {exc})"})
            continue
        rows.append({"id": case.id, "file": str(path),
                     "title": case.title or case.presenting_complaint})
    if as_json:
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    table = Table(title=f"Bundled cases ({bundled_cases_dir()})")
    for column in ("id", "title", "file"):
        table.add_column(column)
    for row in rows:
        table.add_row(row["id"], row["title"], row["file"])
    console.print(table)
