"""`consilium eval NAME PATH`: a harness for a published data set, run on the file or folder you
give (nothing is looked for in the repository or beside it).

consilium eval medcalc ../shared/data/medcalc-bench/test_data.csv [--json]
consilium eval ddi ../shared/data/ddi [--pairs 2000] [--json]
consilium eval vignettes tests/reasoning/vignettes.jsonl [--json]
consilium eval vignettes cases/eval/vignettes.jsonl --split dev [--misses]
consilium eval pairs cases/eval/ddi_gold.jsonl --split dev [--misses]
consilium eval agentclinic ../shared/data/agentclinic/agentclinic_medqa.jsonl [--json]
consilium eval simulation ../shared/data/agentclinic/agentclinic_medqa.jsonl --limit 20
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from consilium.commands._common import fail
from consilium.core.errors import InputError
from consilium.evaluation.benchmarks.frozen import Split

app = typer.Typer()


@app.command("eval")
def eval_command(
    name: Annotated[str, typer.Argument(
        metavar="NAME", help="medcalc, ddi, vignettes, pairs, agentclinic or simulation.")],
    path: Annotated[Path, typer.Argument(metavar="PATH", help="The data set's file or folder.")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
    known_errors: Annotated[Path | None, typer.Option(
        "--known-errors", help="medcalc: YAML of known dataset errors (default: bundled)")] = None,
    pairs: Annotated[int | None, typer.Option(
        "--pairs", min=1, help="ddi: random unlisted pairs for the false-flag rate")] = None,
    limit: Annotated[int | None, typer.Option(
        "--limit", min=1, help="agentclinic, simulation: only the first N records")] = None,
    budget: Annotated[float | None, typer.Option(
        "--budget", min=0, help="simulation: budget in USD per case")] = None,
    review: Annotated[bool, typer.Option(
        "--review", help="simulation: the critic reviews each committed plan")] = False,
    split: Annotated[Split | None, typer.Option(
        "--split", help="vignettes, pairs: one half of a frozen set (cases/eval/splits.json)")
    ] = None,
    misses: Annotated[bool, typer.Option(
        "--misses", help="vignettes, pairs: list the misses (never for the test half)")] = False,
) -> None:
    """Run a benchmark harness (medcalc, ddi, vignettes, pairs, agentclinic, simulation) on PATH."""
    from consilium.evaluation.benchmarks import HARNESSES, run_harness

    if name not in HARNESSES:
        raise fail(f"NAME must be one of {', '.join(HARNESSES)}, not {name!r}")
    if not path.exists():
        raise fail(f"{path}: no such file or folder")
    options = {"known_errors": known_errors, "pairs": pairs, "limit": limit, "budget": budget,
               "review": review or None, "split": split, "misses": misses or None}
    try:
        result = run_harness(name, path, {k: v for k, v in options.items() if v is not None})
    except (InputError, OSError, KeyError, ValueError) as error:
        raise fail(str(error)) from None
    if as_json:
        typer.echo(json.dumps(result.summary, ensure_ascii=False, indent=2))
    else:
        result.show()
