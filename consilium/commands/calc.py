"""`consilium calc` (run one calculator) and `consilium eval medcalc` (the MedCalc-Bench harness).

consilium calc --list
consilium calc ckd_epi_2021 -p creatinine_mg_dl=1.4 -p age_years=72 -p sex=female [--json]
consilium calc bmi -p "weight_kg=154 lb" -p "height_cm=70 in"
consilium eval medcalc ../shared/data/medcalc-bench/test_data.csv [--json]
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from consilium.evaluation.medcalc import evaluate, load_known_errors, summary
from consilium.tools.calculators import (
    CalculatorInputError,
    CalculatorResult,
    get_spec,
    list_calculators,
    run_calculator,
)

console = Console()
app = typer.Typer(help="Clinical calculators, each with its published source.")
eval_app = typer.Typer(help="Benchmarks of the clinical tools.")


def _fail(message: str) -> typer.Exit:
    console.print(f"[red]error:[/red] {message}", highlight=False)
    return typer.Exit(code=2)


def parse_param(text: str) -> tuple[str, Any]:
    """`name=value`; the value is read as JSON when it is JSON (1.4, true, [..]), else as text."""
    name, sep, raw = text.partition("=")
    if not sep or not name.strip():
        raise ValueError(f"parameter {text!r} is not name=value")
    try:
        value: Any = json.loads(raw)
    except json.JSONDecodeError:
        value = raw.strip()
    return name.strip().replace("-", "_"), value


def _render_list(as_json: bool) -> None:
    specs = list_calculators()
    if as_json:
        typer.echo(
            json.dumps(
                [
                    {
                        "id": s.id,
                        "name": s.name,
                        "category": s.category,
                        "unit": s.unit,
                        "source": s.source,
                        "formula": s.formula,
                    }
                    for s in specs
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    table = Table(title=f"{len(specs)} calculators")
    for column in ("id", "name", "category", "unit", "source"):
        table.add_column(column)
    for s in specs:
        table.add_row(s.id, s.name, s.category, s.unit or "", s.source)
    console.print(table)


def _render_inputs(name: str) -> None:
    schema = get_spec(name).input_model.model_json_schema()
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
    console.print(table)


def _render_result(result: CalculatorResult) -> None:
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


@app.callback(invoke_without_command=True, context_settings={"allow_interspersed_args": True})
def calc(
    name: Annotated[str | None, typer.Argument(help="Calculator id (see --list)")] = None,
    param: Annotated[
        list[str] | None,
        typer.Option(
            "-p", "--param", help="name=value; a value may carry its unit: 'weight_kg=154 lb'"
        ),
    ] = None,
    list_all: Annotated[bool, typer.Option("--list", help="List the calculators")] = False,
    show_inputs: Annotated[
        bool, typer.Option("--inputs", help="Show the calculator's parameters")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
) -> None:
    """Run one clinical calculator."""
    if list_all or name is None:
        _render_list(as_json)
        return
    try:
        get_spec(name)
    except KeyError:
        raise _fail(f"no calculator {name!r} (consilium calc --list shows them)") from None
    if show_inputs:
        _render_inputs(name)
        return
    try:
        params = dict(parse_param(text) for text in param or [])
        result = run_calculator(name, params)
    except (CalculatorInputError, ValueError) as error:
        raise _fail(str(error)) from None
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
    else:
        _render_result(result)


@eval_app.callback()
def eval_group() -> None:
    """Benchmarks of the clinical tools."""


@eval_app.command("medcalc")
def medcalc(
    csv_path: Annotated[Path, typer.Argument(metavar="CSV", help="MedCalc-Bench test_data.csv")],
    known_errors: Annotated[
        Path | None,
        typer.Option("--known-errors", help="YAML of known dataset errors (default: bundled)"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
) -> None:
    """Score every calculator on the MedCalc-Bench CSV."""
    if not csv_path.is_file():
        raise _fail(f"no such file: {csv_path}")
    try:
        known = load_known_errors(known_errors) if known_errors else None
        report = evaluate(csv_path, known)
    except (ValueError, KeyError, OSError) as error:
        raise _fail(str(error)) from None
    if as_json:
        typer.echo(json.dumps(summary(report), ensure_ascii=False, indent=2))
        return
    table = Table(title=f"MedCalc-Bench: {csv_path.name}")
    for column in ("calculator", "n", "correct", "accuracy"):
        table.add_column(column, justify="right" if column != "calculator" else "left")
    for calculator_name, score in report.per_calculator.items():
        style = "" if score.accuracy == 1 else "yellow"
        table.add_row(
            calculator_name, str(score.n), str(score.correct), f"{score.accuracy:.1%}", style=style
        )
    console.print(table)
    console.print(
        f"accuracy {report.accuracy:.2%} ({report.correct}/{report.n}); without the "
        f"{len(report.known_error_rows)} known dataset errors "
        f"{report.accuracy_without_known_errors:.2%} (n = {report.n_without_known_errors})",
        highlight=False,
    )
    if report.unexplained_failing_rows:
        console.print(f"[red]unexplained failing rows:[/red] {report.unexplained_failing_rows}")
