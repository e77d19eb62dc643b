"""`consilium calc` and `consilium eval medcalc`, through the main CLI."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from consilium.cli import app as main
from tests.conftest import shared_data

runner = CliRunner()


def test_list_names_every_calculator() -> None:
    result = runner.invoke(main, ["calc", "--list", "--json"])
    assert result.exit_code == 0
    ids = {item["id"] for item in json.loads(result.output)}
    assert {"news2", "qsofa", "shock_index", "ckd_epi_2021", "curb_65"} <= ids
    assert len(ids) == 58


def test_run_with_units_as_json() -> None:
    result = runner.invoke(
        main, ["calc", "bmi", "-p", "weight_kg=154 lb", "-p", "height_cm=70 in", "--json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["value"] == pytest.approx(22.1, abs=0.05)
    assert len(payload["conversions"]) == 2


def test_human_output_shows_interpretation_and_source() -> None:
    result = runner.invoke(
        main,
        [
            "calc",
            "ckd_epi_2021",
            "-p",
            "creatinine_mg_dl=1.4",
            "-p",
            "age_years=72",
            "-p",
            "sex=female",
        ],
    )
    assert result.exit_code == 0
    assert "G3b" in result.output and "Inker" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["calc", "bmi", "-p", "weight_kg=-70", "-p", "height_cm=170"],
        ["calc", "bmi", "-p", "weight_kg"],
        ["calc", "no_such_score"],
    ],
)
def test_bad_input_exits_2_with_one_message(args: list[str]) -> None:
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert "error:" in result.output
    assert "Traceback" not in result.output


@pytest.mark.shared_data
def test_eval_medcalc_json() -> None:
    csv_path = shared_data("medcalc-bench/test_data.csv")
    result = runner.invoke(main, ["eval", "medcalc", str(csv_path), "--json"])
    assert result.exit_code == 0
    payload = json.loads(result.output)
    assert {"accuracy", "n", "per_calculator", "failing_rows"} <= set(payload)
    assert payload["n"] == 1047
    assert payload["accuracy_without_known_errors"] >= 0.99
