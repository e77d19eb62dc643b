"""`consilium cases`: the bundled example cases."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from consilium.commands._common import bundled_cases_dir
from consilium.core.errors import CaseInputError

app = typer.Typer()


@app.command()
def cases(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List the bundled example cases."""
    from consilium.core.loaders import load_case
    from consilium.render.tables import rows_table

    rows = []
    for path in sorted(bundled_cases_dir().glob("*.y*ml")):
        try:
            case = load_case(path)
        except CaseInputError as exc:
            rows.append({"id": path.stem, "file": str(path), "title": f"(invalid: {exc})"})
            continue
        rows.append({"id": case.id, "file": str(path),
                     "title": case.title or case.presenting_complaint})
    if as_json:
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    rows_table(f"Bundled cases ({bundled_cases_dir()})", ("id", "title", "file"),
               [(row["id"], row["title"], row["file"]) for row in rows])
