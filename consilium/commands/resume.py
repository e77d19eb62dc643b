"""`consilium resume THREAD_ID --decision approve|reject`: continue a paused case."""

from __future__ import annotations

from typing import Annotated, Literal

import typer

from consilium.commands._common import fail, finish, load_settings

app = typer.Typer()


@app.command()
def resume(
    thread_id: Annotated[str, typer.Argument(help="The thread id printed when the case paused.")],
    decision: Annotated[
        Literal["approve", "reject"],
        typer.Option("--decision", help="approve or reject the escalated plan."),
    ],
    note: Annotated[
        str, typer.Option("--note", help="Your reasoning, kept in the audit trail.")
    ] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON only.")] = False,
) -> None:
    """Continue a case paused for clinician sign-off (`run --review`)."""
    from consilium.api import UnknownThreadError
    from consilium.api import resume as resume_case

    try:
        report = resume_case(thread_id, decision, note, settings=load_settings())
    except UnknownThreadError as exc:
        raise fail(str(exc)) from None
    finish(report, as_json)
