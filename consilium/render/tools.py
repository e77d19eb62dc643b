"""Clinical tools for people: calculators, medication checks and guideline search results."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rich.markup import escape
from rich.table import Table

from consilium.render.console import stdout

if TYPE_CHECKING:
    from consilium.tools.calculators import CalculatorResult
    from consilium.tools.guidelines import GuidelineSearchResult, IndexReport
    from consilium.tools.medication import MedicationReviewResult

SEVERITY_STYLE = {
    "contraindicated": "bold red",
    "major": "red",
    "moderate": "yellow",
    "minor": "cyan",
    "info": "dim",
}


def calculators_table(specs: Sequence[Any]) -> None:
    table = Table(title=f"{len(specs)} calculators")
    for column in ("id", "name", "category", "unit", "source"):
        table.add_column(column)
    for s in specs:
        table.add_row(s.id, s.name, s.category, s.unit or "", s.source)
    stdout().print(table)


def calculator_inputs(name: str, schema: Mapping[str, Any]) -> None:
    required = set(schema.get("required", []))
    table = Table(title=f"{name}: parameters (-p name=value)")
    for column in ("name", "required", "description"):
        table.add_column(column)
    for field, info in schema["properties"].items():
        text = (
            info.get("description")
            or " | ".join(str(v) for v in info.get("enum", []))
            or info.get("type", "")
        )
        table.add_row(field, "yes" if field in required else "", str(text))
    stdout().print(table)


def calculator_result(result: CalculatorResult) -> None:
    console = stdout()
    console.print(
        f"[bold]{result.name}[/bold]: [bold cyan]{result.display}[/bold cyan]", highlight=False
    )
    if result.interpretation:
        console.print(f"  {result.interpretation}", highlight=False)
    if result.components:
        parts = ", ".join(f"{k} {v:g}" for k, v in result.components.items())
        console.print(f"  [dim]components:[/dim] {parts}", highlight=False)
    for line in result.conversions:
        console.print(f"  [dim]converted:[/dim] {line}", highlight=False)
    for line in result.notes:
        console.print(f"  [yellow]note:[/yellow] {line}", highlight=False)
    console.print(f"  [dim]formula:[/dim] {result.formula}", highlight=False)
    console.print(f"  [dim]source:[/dim] {result.source}", highlight=False)


def medication_findings(result: MedicationReviewResult) -> None:
    if not result.findings:
        stdout().print("[green]No safety findings.[/green]")
        return
    table = Table(title="Medication safety findings (worst first)", show_lines=True)
    table.add_column("severity", no_wrap=True)
    for column in ("kind", "drugs", "finding", "management", "source"):
        table.add_column(column, overflow="fold")
    for f in result.findings:
        style = SEVERITY_STYLE[f.severity]
        table.add_row(
            f"[{style}]{f.severity}[/{style}]",
            f.kind,
            ", ".join(f.items),
            f.message,
            f.management or "",
            f.source,
        )
    stdout().print(table)


def key_values(title: str, info: Mapping[str, Any]) -> None:
    """A two-column table of names and values (lists joined with commas)."""
    table = Table(title=title, show_header=False)
    for key, value in info.items():
        shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        table.add_row(key, shown or "-")
    stdout().print(table)


def guideline_hits(result: GuidelineSearchResult) -> None:
    console = stdout()
    if not result.results:
        console.print("No matching guideline passage.")
        return
    for rank, hit in enumerate(result.results, start=1):
        # Passages and titles are data, not Rich markup: escape any square brackets.
        console.print(
            f"[bold]{rank}. {escape(hit.title)}[/bold] — {escape(hit.body)}, "
            f"{hit.year or 'n.d.'} [dim](score {hit.score:.2f})[/dim]\n"
            f"   [cyan]{escape(hit.id)}[/cyan]\n   {escape(hit.passage)}\n"
        )


def guideline_documents(documents: Sequence[Any]) -> None:
    table = Table(title=f"{len(documents)} guideline summaries")
    for column in ("id", "title", "body", "year", "passages"):
        table.add_column(column)
    for doc in documents:
        table.add_row(doc.id, doc.title, doc.body, str(doc.year), str(len(doc.passages)))
    stdout().print(table)


def guideline_index(report: IndexReport) -> None:
    stdout().print(
        f"Indexed {len(report.indexed)} file(s), reused {len(report.unchanged)} unchanged, "
        f"{report.passages} passages -> {report.index_file}"
    )
