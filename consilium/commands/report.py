"""`consilium report RUN_DIR [OTHER_RUN_DIR]`: Markdown + self-contained HTML of a batch run;
McNemar's paired test when two runs are compared."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from consilium.commands._common import fail

app = typer.Typer()


@app.command("report")
def report_command(
    run_dir: Annotated[Path, typer.Argument(help="A run directory written by `batch`.")],
    other_run_dir: Annotated[Path | None, typer.Argument(help="A second run to compare.")] = None,
    out: Annotated[Path | None, typer.Option(help="Where to write (default: RUN_DIR).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Paths and comparison as JSON.")] = False,
) -> None:
    """Write report.md and a self-contained report.html for one run, or two compared."""
    from consilium.evaluation.reporting import ReportInputError, write_reports

    try:
        written = write_reports(run_dir, other_run_dir, out or run_dir)
    except ReportInputError as exc:
        raise fail(str(exc)) from None
    if as_json:
        typer.echo(json.dumps(written, indent=2))
    else:
        from consilium.render.tables import line

        line(f"wrote {written['markdown']} and {written['html']}")
