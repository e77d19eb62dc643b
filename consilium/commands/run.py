"""`consilium run CASE | --text TEXT`: one case through the full panel, live, then the report.

Exit codes: 0 approved (with or without warnings), 3 escalated, 2 input error.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from consilium.commands._common import fail, finish, load_settings, resolve_case_argument
from consilium.core.errors import CaseInputError
from consilium.core.report import ConsensusReport

app = typer.Typer()

JsonOption = Annotated[bool, typer.Option("--json", help="Print the report as JSON only.")]


@app.command()
def run(
    case: Annotated[
        str | None, typer.Argument(help="Case file (.yaml/.json/.txt) or bundled case id.")
    ] = None,
    text: Annotated[
        str | None, typer.Option("--text", help="A free-text vignette instead of a file.")
    ] = None,
    as_json: JsonOption = False,
    max_rounds: Annotated[
        int | None,
        typer.Option("--max-rounds", min=0, max=10, help="Critic revise rounds (default 2)."),
    ] = None,
    review: Annotated[
        bool, typer.Option("--review", help="Pause an escalated case for clinician sign-off.")
    ] = False,
) -> None:
    """Run one case through the full panel and show the consensus report."""
    from consilium.api import stream_case
    from consilium.core.loaders import case_from_text, load_case
    from consilium.render.console import stdout
    from consilium.render.report import render_entry

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
                render_entry(stdout(), event.entry)
            if event.report is not None:
                report = event.report
        return report

    report = asyncio.run(work())
    if report is None:  # the workflow always ends in a report or a pause
        raise fail("the panel finished without a report")
    finish(report, as_json)
