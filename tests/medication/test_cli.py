from __future__ import annotations

import json

from typer.testing import CliRunner

from consilium.commands.drugs import app

runner = CliRunner()


def test_check_json_has_the_documented_shape() -> None:
    result = runner.invoke(
        app, ["check", "warfarin", "ibuprofen 400 mg tid", "--age", "72", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    first = data["findings"][0]
    assert {"kind", "severity", "drugs", "message", "management", "source"} <= set(first)
    assert (first["kind"], first["severity"], first["drugs"]) == (
        "drug_interaction",
        "major",
        ["warfarin", ["ibuprofen", "400", "mg", "tid"][0]],
    )
    assert data["unrecognized"] == []


def test_check_table_for_people() -> None:
    result = runner.invoke(app, ["check", "amoxicillin", "--allergy", "penicillin (anaphylaxis)"])
    assert result.exit_code == 0
    assert "contraindicated" in result.output


def test_unknown_drug_appears_in_json() -> None:
    data = json.loads(runner.invoke(app, ["check", "warfrin", "--json"]).output)
    assert data["unrecognized"][0]["text"] == "warfrin"


def test_bad_input_exits_2_with_one_message() -> None:
    result = runner.invoke(app, ["check", "metformin", "--egfr", "30", "--crcl", "30"])
    assert result.exit_code == 2 and "either" in result.output
    result = runner.invoke(app, ["show", "notadrug"])
    assert result.exit_code == 2 and "not in the drug lexicon" in result.output
    assert "Traceback" not in result.output


def test_show_lists_brands_classes_and_rules() -> None:
    result = runner.invoke(app, ["show", "Coumadin", "--json"])
    info = json.loads(result.output)
    assert info["generic"] == "warfarin"
    assert "Jantoven" in info["names"] and "anticoagulant" in info["classes"]
    assert "CUR-ANTICOAG-NSAID" in info["rules"] and "PG-THALIDOMIDE" not in info["rules"]
