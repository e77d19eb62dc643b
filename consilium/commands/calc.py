"""`consilium calc`: run one clinical calculator.

consilium calc --list
consilium calc ckd_epi_2021 -p creatinine_mg_dl=1.4 -p age_years=72 -p sex=female [--json]
consilium calc bmi -p "weight_kg=154 lb" -p "height_cm=70 in"
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from consilium.commands._common import fail
from consilium.render import tools as show
from consilium.tools.calculators import (
    CalculatorInputError,
    get_spec,
    list_calculators,
    run_calculator,
)

app = typer.Typer(help="Clinical calculators, each with its published source.")


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
    show.calculators_table(specs)


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
        raise fail(f"no calculator {name!r} (consilium calc --list shows them)") from None
    if show_inputs:
        show.calculator_inputs(name, get_spec(name).input_model.model_json_schema())
        return
    try:
        params = dict(parse_param(text) for text in param or [])
        result = run_calculator(name, params)
    except (CalculatorInputError, ValueError) as error:
        raise fail(str(error)) from None
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
    else:
        show.calculator_result(result)
