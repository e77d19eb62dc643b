"""`consilium guidelines`: search the guideline corpus, list it, index a user's own folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from consilium.commands._common import fail
from consilium.render import tools as show
from consilium.render.errors import print_warning
from consilium.tools.guidelines import (
    GuidelineCorpusError,
    GuidelineQuery,
    default_index_path,
    index_directory,
    search_guidelines,
    shipped_documents,
)

app = typer.Typer(
    name="guidelines",
    help="Search the guideline summaries, list them, or index your own folder of guidelines.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
IndexFileOption = Annotated[
    Path | None, typer.Option("--index-file", help="User index file (default: state dir).")
]


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Clinical question or keywords.")],
    k: Annotated[int, typer.Option("--k", help="How many passages.")] = 5,
    topic: Annotated[str | None, typer.Option(help="Only documents with this topic.")] = None,
    body: Annotated[str | None, typer.Option(help="Only this issuing body (substring).")] = None,
    year_min: Annotated[int | None, typer.Option(help="Only documents from this year on.")] = None,
    corpus: Annotated[str, typer.Option(help="shipped, user or both.")] = "shipped",
    index_file: IndexFileOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for programs.")] = False,
    rerank: Annotated[
        bool, typer.Option(help="Re-rank with the local embedding model when it is installed.")
    ] = True,
) -> None:
    """Search guideline passages; every hit carries its citation id."""
    try:
        request = GuidelineQuery(
            query=query, k=k, topic=topic, body=body, year_min=year_min, corpus=corpus
        )
        result = search_guidelines(request, user_index=index_file, rerank=rerank)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "query"
        raise fail(f"{field}: {first['msg']}") from None
    except GuidelineCorpusError as exc:
        raise fail(str(exc)) from None
    if as_json:
        fields = {"id", "title", "body", "year", "section", "passage", "score", "url"}
        payload = {
            "query": result.query,
            "results": [hit.model_dump(include=fields) for hit in result.results],
            "reranked": result.reranked,
            "warnings": result.warnings,
        }
        typer.echo(json.dumps(payload, indent=2))
        return
    for warning in result.warnings:
        print_warning(warning)
    show.guideline_hits(result)


@app.command("list")
def list_documents(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for programs.")] = False,
) -> None:
    """List the shipped guideline summaries."""
    try:
        documents = shipped_documents()
    except GuidelineCorpusError as exc:
        raise fail(str(exc)) from None
    if as_json:
        rows = [d.model_dump(include={"id", "title", "body", "year", "url"}) for d in documents]
        typer.echo(json.dumps({"documents": rows}, indent=2))
        return
    show.guideline_documents(documents)


@app.command()
def index(
    folder: Annotated[Path, typer.Argument(help="Folder of Markdown, text and PDF files.")],
    index_file: IndexFileOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for programs.")] = False,
) -> None:
    """Index your own guideline folder; unchanged files are skipped on re-index."""
    if not folder.is_dir():
        raise fail(f"not a folder: {folder}")
    try:
        report = index_directory(folder, index_file or default_index_path())
    except OSError as exc:
        raise fail(f"cannot write the index: {exc}") from None
    if as_json:
        typer.echo(report.model_dump_json(indent=2))
        return
    show.guideline_index(report)
    for name, why in report.errors.items():
        print_warning(f"{name}: {why}", label="skipped")
