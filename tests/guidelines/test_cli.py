"""`consilium guidelines ...` as a person and a program would use it."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from consilium.commands.guidelines import app

runner = CliRunner()


def test_search_json_has_the_documented_fields() -> None:
    result = runner.invoke(app, ["search", "hyperkalaemia calcium gluconate", "--k", "3", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert len(payload["results"]) == 3
    first = payload["results"][0]
    assert {"id", "title", "body", "year", "section", "passage", "score"} <= set(first)
    assert first["id"].startswith("hyperkalaemia-acute#")


def test_search_for_people_shows_the_citation_id() -> None:
    result = runner.invoke(app, ["search", "opioid overdose naloxone", "--k", "1"])
    assert result.exit_code == 0
    assert "opioid-overdose#" in result.stdout


def test_bad_input_exits_2_with_one_message() -> None:
    result = runner.invoke(app, ["search", "sepsis", "--k", "0"])
    assert result.exit_code == 2
    assert "k" in result.output and "Traceback" not in result.output
    missing = runner.invoke(app, ["index", "/no/such/folder"])
    assert missing.exit_code == 2 and "not a folder" in missing.output


def test_list_shows_every_shipped_document() -> None:
    result = runner.invoke(app, ["list", "--json"])
    assert result.exit_code == 0
    ids = {doc["id"] for doc in json.loads(result.stdout)["documents"]}
    assert {"stemi-reperfusion", "acute-cholecystitis"} <= ids


def test_index_then_search_the_user_corpus(user_folder: Path, tmp_path: Path) -> None:
    index_file = tmp_path / "user.json"
    result = runner.invoke(app, ["index", str(user_folder), "--index-file", str(index_file)])
    assert result.exit_code == 0, result.output
    assert "corrupt.pdf" in result.output and "skipped" in result.output
    found = runner.invoke(
        app,
        ["search", "tranexamic", "--corpus", "user", "--index-file", str(index_file), "--json"],
    )
    assert json.loads(found.stdout)["results"][0]["id"] == "user-trauma#page-1-1"
