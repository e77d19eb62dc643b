"""Hidden cases load from the three sources; the price list carries its basis."""

from __future__ import annotations

from pathlib import Path

import pytest

from consilium.core.errors import CaseInputError
from consilium.simulations.loaders import load_hidden_case
from consilium.simulations.prices import PriceError, default_prices, load_prices
from tests.conftest import shared_data
from tests.simulations.conftest import PE_CASE, REPO, SCENARIOS


def test_at_least_three_scenarios_with_history_exam_tests_and_provenance() -> None:
    assert len(SCENARIOS) >= 3
    for path in SCENARIOS:
        case = load_hidden_case(str(path))
        kinds = {f.kind for f in case.facts}
        assert kinds == {"history", "exam", "test"}, path.name
        assert "written for consilium" in case.source
        assert case.gold_diagnosis


def test_project_case_file_becomes_a_hidden_case() -> None:
    case = load_hidden_case(str(REPO / "cases" / "chest-pain-acs.yaml"))
    assert case.gold_diagnosis == "acute coronary syndrome"
    assert any("left arm" in f.text for f in case.facts_of("history"))
    assert any(f.topic == "Vital signs: Heart rate" for f in case.facts_of("exam"))
    assert case.opening == "central chest pressure for 40 minutes"


def test_agentclinic_record_loads_as_is() -> None:
    path = shared_data("agentclinic/agentclinic_medqa.jsonl")
    case = load_hidden_case(f"{path}#0")
    assert case.gold_diagnosis == "Myasthenia gravis"
    assert case.patient.age == 35 and case.patient.sex == "female"
    tests = [f.text for f in case.facts_of("test")]
    assert any("Acetylcholine receptor antibodies" in t for t in tests)
    assert any("ptosis" in f.text for f in case.facts_of("exam"))


def test_bad_specs_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(CaseInputError, match="no such case file"):
        load_hidden_case(str(tmp_path / "missing.yaml"))
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: simulation\nid: x\n", encoding="utf-8")
    with pytest.raises(CaseInputError, match="title"):
        load_hidden_case(str(bad))
    records = tmp_path / "r.jsonl"
    records.write_text('{"OSCE_Examination": {}}\n', encoding="utf-8")
    with pytest.raises(CaseInputError, match="out of range"):
        load_hidden_case(f"{records}#5")
    with pytest.raises(CaseInputError, match="not an AgentClinic OSCE record"):
        load_hidden_case(f"{records}#0")


def test_prices_have_a_basis_and_match_tests_by_name() -> None:
    prices = default_prices()
    assert prices.question.basis and prices.examination.basis
    assert all(entry.basis for entry in prices.tests)
    assert prices.test_price("CT pulmonary angiography")[0] == 150
    assert prices.test_price("D-dimer")[0] == 10
    assert prices.test_price("procalcitonin")[0] == prices.default_test.usd
    assert prices.test_price("ECG")[0] < prices.test_price("MRI brain")[0]
    assert load_hidden_case(PE_CASE)  # the scenarios and prices load together


def test_a_malformed_price_list_names_the_problem(tmp_path: Path) -> None:
    path = tmp_path / "prices.yaml"
    path.write_text("version: 1\nsource: x\nquestion: {usd: -1, basis: y}\n", encoding="utf-8")
    with pytest.raises(PriceError, match="question"):
        load_prices(path)
