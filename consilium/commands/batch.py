"""`consilium batch INPUT --out RUN_DIR`: evaluation at scale, resumable.

consilium batch cases.jsonl --out runs/a [--concurrency 4] [--limit 100] [--format medqa]
                [--model gpt-4o-mini] [--backend local|celery] [--json] [--quiet]

`consilium report` writes the run's report; `consilium worker` serves `--backend celery`.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Annotated, Any, Literal, NoReturn, cast

import typer

from consilium.commands._common import fail
from consilium.core.settings import ConfigFileError, Settings
from consilium.evaluation.batch import (
    BatchConfig,
    BatchSummary,
    Evaluator,
    LocalEvaluator,
    PanelRunner,
    RunMismatchError,
    file_sha256,
    openai_judge,
    run_batch,
)
from consilium.evaluation.formats import FORMATS, BadLine, FormatError, InputFormat, read_items
from consilium.evaluation.metrics import gold_rank
from consilium.evaluation.store import ResultRecord
from consilium.render import tables
from consilium.render.errors import print_warning

app = typer.Typer()


def _fail(message: str) -> NoReturn:
    raise fail(message)


class RunningScore:
    """Accuracy and spend so far, for the progress bar."""

    def __init__(self) -> None:
        self.scored = self.correct = self.errors = 0
        self.cost = 0.0

    def add(self, record: ResultRecord) -> None:
        report = record.report or {}
        self.errors += record.status == "error"
        self.cost += float((report.get("usage") or {}).get("cost_usd", 0.0))
        if record.mcq is not None:
            self.scored += 1
            self.correct += record.mcq.get("chosen") == record.mcq.get("answer_idx")
        elif record.gold.get("diagnosis"):
            self.scored += 1
            rank = gold_rank(record.gold, report.get("differential") or [])
            self.correct += rank == 1

    def describe(self) -> str:
        accuracy = f"{self.correct / self.scored:.0%}" if self.scored else "-"
        return f"acc {accuracy} · ${self.cost:.4f} · {self.errors} err"


STOPPED_BY_CAP = 3  # exit status: a batch cap left cases unrun


def _settings(model: str | None) -> Settings:
    try:
        return Settings(model=model) if model else Settings()
    except (ConfigFileError, ValueError) as exc:
        _fail(str(exc))


def _evaluator(backend: str, settings: Settings, max_rounds: int | None) -> Evaluator:
    if backend == "local":
        from consilium.runtime import warm_up

        warm_up()  # the cases run in this process: load and freeze the knowledge once
        judge = openai_judge(settings) if settings.llm_enabled else None
        return LocalEvaluator(PanelRunner(settings, max_rounds), judge, settings.model)
    from consilium.evaluation.celery_app import BrokerUnavailableError, celery_evaluator

    try:
        return celery_evaluator(settings, max_rounds)
    except BrokerUnavailableError as exc:
        _fail(str(exc))


def _report_bad_lines(bad: list[BadLine], source: Path) -> None:
    for line in bad:
        print_warning(f"{source}:{line.line}: {line.error}", label="skipped")


def _run_with_progress(items: list[Any], out: Path, config: BatchConfig, evaluate: Evaluator,
                       quiet: bool) -> BatchSummary:
    if quiet:
        return asyncio.run(run_batch(items, out, config, evaluate=evaluate))
    score = RunningScore()
    with tables.batch_progress() as progress:
        task = progress.add_task("batch", total=None, score="")

        def started(total: int, skipped: int) -> None:
            progress.update(task, total=total, completed=skipped, score=score.describe())

        def finished(record: ResultRecord) -> None:
            score.add(record)
            progress.update(task, advance=1, score=score.describe())

        return asyncio.run(run_batch(items, out, config, evaluate=evaluate, on_start=started,
                                     on_record=finished))


def _headline(metrics: dict[str, Any]) -> dict[str, Any]:
    dx, urgency, mcq = metrics["diagnosis"], metrics["urgency"], metrics["mcq"]
    return {"top1": dx["top1"]["value"], "top3": dx["top3"]["value"], "top5": dx["top5"]["value"],
            "diagnosis_n": dx["n"], "urgency_accuracy": urgency["accuracy"]["value"],
            "over_triage": urgency["over_triage"], "under_triage": urgency["under_triage"],
            "mcq_accuracy": mcq["value"], "mcq_n": mcq["n"],
            "cost_usd": metrics["usage"]["cost_usd"]["total"]}


@app.command("batch")
def batch_command(
    input_path: Annotated[Path, typer.Argument(metavar="INPUT", help="A JSONL file of cases.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Run directory (resumable).")],
    concurrency: Annotated[int, typer.Option(min=1, help="Cases in flight at once.")] = 4,
    limit: Annotated[int | None, typer.Option(min=1, help="Only the first N cases.")] = None,
    model: Annotated[str | None, typer.Option(help="LLM model; unset = knowledge engine.")] = None,
    input_format: Annotated[str | None, typer.Option(
        "--format", help=f"One of {', '.join(FORMATS)}; detected when unset.")] = None,
    backend: Annotated[Literal["local", "celery"], typer.Option(
        help="local: asyncio here; celery: workers over CONSILIUM_REDIS_URL.")] = "local",
    max_rounds: Annotated[int | None, typer.Option(min=0, help="Critic revise rounds.")] = None,
    max_cost_usd: Annotated[float | None, typer.Option(
        min=0, help="Batch cap: no new case starts once the run's LLM cost reaches it.")] = None,
    max_tokens: Annotated[int | None, typer.Option(
        min=0, help="Batch cap on the run's LLM tokens.")] = None,
    max_llm_calls: Annotated[int | None, typer.Option(
        min=0, help="Batch cap on the run's LLM calls.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON summary on stdout.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Run every case of INPUT through the panel; re-running resumes where it stopped.

    Exit status 0 when every case ran (errors are recorded per case), 3 when a batch cap left
    cases unrun (re-run with a higher cap to go on), 2 for bad input."""
    if input_format is not None and input_format not in FORMATS:
        _fail(f"--format must be one of {', '.join(FORMATS)}, not {input_format!r}")
    try:
        items, bad, fmt = read_items(input_path, cast(InputFormat | None, input_format))
    except FormatError as exc:
        _fail(str(exc))
    if not as_json:
        _report_bad_lines(bad, input_path)
    settings = _settings(model)
    config = BatchConfig(input=str(input_path), format=fmt, input_sha256=file_sha256(input_path),
                         concurrency=concurrency, limit=limit, model=settings.model,
                         max_rounds=max_rounds, backend=backend, max_cost_usd=max_cost_usd,
                         max_tokens=max_tokens, max_llm_calls=max_llm_calls)
    evaluate = _evaluator(backend, settings, max_rounds)
    try:
        summary = _run_with_progress(items, out, config, evaluate, quiet or as_json)
    except RunMismatchError as exc:
        _fail(str(exc))
    headline = _headline(summary.metrics)
    if as_json:
        typer.echo(json.dumps({**summary.model_dump(exclude={"metrics"}), "format": fmt,
                               "out": str(out), "bad_lines": [b.model_dump() for b in bad],
                               "metrics": headline}, indent=2))
    elif not quiet:
        tables.batch_summary(summary, headline, out, fmt)
    if summary.stopped:
        if not as_json:
            print_warning(f"{summary.stopped}; {summary.not_run} cases not run (re-run with a "
                          "higher cap to go on)", label="stopped")
        raise typer.Exit(STOPPED_BY_CAP)
