"""Tables and summaries for people: bundled cases, API keys, benchmark results, batch runs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from consilium.render.console import stderr, stdout


def rows_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A plain table: one column per name, one row per sequence of cells."""
    table = Table(title=title)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    stdout().print(table)


def line(text: str, style: str | None = None) -> None:
    """One line of plain text for people (never read as markup)."""
    stdout().print(text, style=style, highlight=False, markup=False, soft_wrap=True)


def medcalc_results(title: str, report: Any) -> None:
    """Per-calculator accuracy on MedCalc-Bench, then the totals with and without known errors."""
    table = Table(title=title)
    for column in ("calculator", "n", "correct", "accuracy"):
        table.add_column(column, justify="right" if column != "calculator" else "left")
    for calculator_name, score in report.per_calculator.items():
        style = "" if score.accuracy == 1 else "yellow"
        table.add_row(
            calculator_name, str(score.n), str(score.correct), f"{score.accuracy:.1%}", style=style
        )
    console = stdout()
    console.print(table)
    console.print(
        f"accuracy {report.accuracy:.2%} ({report.correct}/{report.n}); without the "
        f"{len(report.known_error_rows)} known dataset errors "
        f"{report.accuracy_without_known_errors:.2%} (n = {report.n_without_known_errors})",
        highlight=False,
    )
    if report.unexplained_failing_rows:
        console.print(f"[red]unexplained failing rows:[/red] {report.unexplained_failing_rows}")


def figures(title: str, values: Mapping[str, Any]) -> None:
    """A benchmark's figures, one per row."""
    table = Table(title=title, show_header=False)
    for key, value in values.items():
        table.add_row(key, f"{value:.4g}" if isinstance(value, float) else str(value))
    stdout().print(table)


def misses_table(misses: list[Mapping[str, Any]]) -> None:
    """Vignettes whose gold diagnosis is not in the top 3, or whose urgency is wrong."""
    table = Table(title=f"Misses ({len(misses)})")
    for column in ("id", "rank", "urgency (gold)", "top 3"):
        table.add_column(column)
    for miss in misses:
        table.add_row(miss["id"], str(miss["rank"] or "-"),
                      f"{miss['urgency']} ({miss['gold_urgency']})", "; ".join(miss["top"][:3]))
    stdout().print(table)


def batch_progress() -> Progress:
    """The batch progress bar on stderr: done of total, running score, elapsed and eta."""
    columns = (TextColumn("[bold]batch"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[score]}"), TimeElapsedColumn(), TextColumn("eta"),
               TimeRemainingColumn())
    return Progress(*columns, console=stderr())


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def batch_summary(summary: Any, headline: Mapping[str, Any], out: Path, fmt: str) -> None:
    console = stdout()
    console.print(
        f"[bold]{summary.total}[/bold] cases ({fmt}): {summary.ran} run, {summary.skipped} "
        f"already done, {summary.errors} errors, {summary.wall_s:.1f} s", highlight=False)
    if headline["diagnosis_n"]:
        console.print(f"top-1 {_percent(headline['top1'])} · top-3 {_percent(headline['top3'])} "
                      f"· top-5 {_percent(headline['top5'])} (n={headline['diagnosis_n']})")
    if headline["urgency_accuracy"] is not None:
        console.print(f"urgency {_percent(headline['urgency_accuracy'])} · over-triage "
                      f"{_percent(headline['over_triage'])} · under-triage "
                      f"{_percent(headline['under_triage'])}")
    if headline["mcq_n"]:
        console.print(f"MCQ {_percent(headline['mcq_accuracy'])} (n={headline['mcq_n']})")
    console.print(f"results in {out}/results.jsonl, metrics in {out}/metrics.json")


def new_api_key(record_id: str, name: str, key: str) -> None:
    console = stdout()
    console.print(f"Created API key [bold]{record_id}[/bold] for {name!r}:", highlight=False)
    console.print(key, style="green", highlight=False, soft_wrap=True, markup=False)
    console.print("Store it now; only its hash is kept.", style="dim")
