"""`consilium worker`: a Celery worker that runs cases for `consilium batch --backend celery`."""

from __future__ import annotations

from typing import Annotated

import typer

from consilium.commands._common import fail

app = typer.Typer()


@app.command("worker")
def worker_command(
    concurrency: Annotated[int, typer.Option(min=1, help="Cases at once in this worker.")] = 1,
    hostname: Annotated[str | None, typer.Option(help="Worker name (default: celery's).")] = None,
) -> None:
    """Start a Celery worker that runs cases for `batch --backend celery`."""
    from consilium.evaluation.celery_app import BrokerUnavailableError, start_worker

    try:
        start_worker(concurrency=concurrency, hostname=hostname)
    except BrokerUnavailableError as exc:
        raise fail(str(exc)) from None
