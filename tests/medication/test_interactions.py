"""Drug-drug pairs a hospital pharmacist knows, with the severity class they must get."""

from __future__ import annotations

import pytest

from consilium.tools.medication import DrugPairInput, check_drug_pair
from consilium.tools.registry import get_tool

SERIOUS = {"contraindicated", "major"}

# (drug a, drug b, the severities acceptable for this pair)
FLAGGED_PAIRS = [
    ("warfarin", "ibuprofen", {"major"}),
    ("Coumadin", "Advil", {"major"}),
    ("warfarin", "naproxen", {"major"}),
    ("apixaban", "ibuprofen", {"major"}),
    ("rivaroxaban", "clopidogrel", {"major"}),
    ("warfarin", "fluconazole", {"major"}),
    ("warfarin", "co-trimoxazole", {"major"}),
    ("warfarin", "metronidazole", {"major"}),
    ("warfarin", "amiodarone", {"major"}),
    ("warfarin", "sertraline", {"moderate", "major"}),
    ("sildenafil", "nitroglycerin", {"contraindicated"}),
    ("Viagra", "isosorbide mononitrate", {"contraindicated"}),
    ("tadalafil", "GTN", {"contraindicated"}),
    ("simvastatin", "clarithromycin", {"contraindicated", "major"}),
    ("lovastatin", "itraconazole", {"contraindicated", "major"}),
    ("simvastatin", "ketoconazole", {"contraindicated", "major"}),
    ("simvastatin", "amiodarone", {"major"}),
    ("simvastatin", "gemfibrozil", {"contraindicated", "major"}),
    ("lisinopril", "spironolactone", {"major"}),
    ("losartan", "amiloride", {"major"}),
    ("spironolactone", "potassium chloride", {"major"}),
    ("lisinopril", "losartan", {"major"}),
    ("phenelzine", "sertraline", {"contraindicated"}),
    ("selegiline", "tramadol", {"contraindicated"}),
    ("linezolid", "sertraline", {"contraindicated"}),
    ("fluoxetine", "tramadol", {"major"}),
    ("citalopram", "ondansetron", {"major"}),
    ("methadone", "haloperidol", {"major"}),
    ("amiodarone", "levofloxacin", {"major", "contraindicated"}),
    ("methotrexate", "trimethoprim", {"major", "contraindicated"}),
    ("methotrexate", "Bactrim", {"major", "contraindicated"}),
    ("lithium", "hydrochlorothiazide", {"major"}),
    ("lithium", "lisinopril", {"major"}),
    ("lithium carbonate", "ibuprofen", {"major"}),
    ("colchicine", "clarithromycin", {"contraindicated"}),
    ("digoxin", "amiodarone", {"major"}),
    ("digoxin", "verapamil", {"major"}),
    ("metoprolol succinate", "verapamil", {"major"}),
    ("allopurinol", "azathioprine", {"major", "contraindicated"}),
    ("theophylline", "ciprofloxacin", {"major"}),
    ("tizanidine", "ciprofloxacin", {"contraindicated"}),
    ("oxycodone", "diazepam", {"major"}),
    ("morphine", "alprazolam", {"major"}),
    ("apixaban", "rifampin", {"major"}),
    ("rivaroxaban", "ketoconazole", {"major"}),
    ("Entresto", "enalapril", {"contraindicated"}),
    ("riociguat", "sildenafil", {"contraindicated"}),
    ("phenelzine", "pseudoephedrine", {"contraindicated"}),
    ("isotretinoin", "doxycycline", {"contraindicated"}),
    ("metronidazole", "disulfiram", {"contraindicated"}),
    ("valproate", "meropenem", {"major"}),
    ("clozapine", "fluvoxamine", {"major"}),
    ("carbamazepine", "clarithromycin", {"major"}),
]
MODERATE_OR_MINOR_PAIRS = [
    ("clopidogrel", "omeprazole", {"moderate"}),
    ("atorvastatin", "clarithromycin", {"moderate"}),
    ("lisinopril", "potassium chloride", {"moderate"}),
    ("sertraline", "trazodone", {"moderate"}),
    ("ciprofloxacin", "calcium carbonate", {"moderate"}),
    ("levothyroxine", "ferrous sulfate", {"minor"}),
]
NOT_FLAGGED = [
    ("amlodipine", "metformin"),
    ("paracetamol", "amoxicillin"),
    ("atorvastatin", "amlodipine"),
    ("metformin", "lisinopril"),
    ("cetirizine", "acetaminophen"),
    ("clopidogrel", "pantoprazole"),
    ("sertraline", "paracetamol"),
    ("salbutamol", "fluticasone"),
    ("loratadine", "amoxicillin"),
]


@pytest.mark.parametrize(("a", "b", "expected"), FLAGGED_PAIRS + MODERATE_OR_MINOR_PAIRS)
def test_known_pair_gets_its_severity(a: str, b: str, expected: set[str]) -> None:
    result = check_drug_pair(DrugPairInput(drug_a=a, drug_b=b))
    assert result.finding is not None, f"{a} + {b} not flagged"
    assert result.finding.kind == "drug_interaction"
    assert result.finding.severity in expected, (
        a,
        b,
        result.finding.severity,
        result.finding.source,
    )
    assert result.finding.items == [a, b]
    assert result.finding.source and result.finding.management


@pytest.mark.parametrize(("a", "b"), NOT_FLAGGED)
def test_safe_pair_is_not_flagged(a: str, b: str) -> None:
    result = check_drug_pair(DrugPairInput(drug_a=a, drug_b=b))
    assert result.finding is None, result.finding
    assert result.unrecognized == []


def test_warfarin_ibuprofen_advice_mentions_bleeding_and_alternative() -> None:
    finding = check_drug_pair(DrugPairInput(drug_a="warfarin", drug_b="ibuprofen")).finding
    assert finding is not None and finding.is_serious
    assert "bleeding" in finding.message.lower()
    assert "paracetamol" in (finding.management or "").lower()


def test_order_of_the_pair_does_not_matter() -> None:
    one = check_drug_pair(DrugPairInput(drug_a="simvastatin", drug_b="clarithromycin")).finding
    two = check_drug_pair(DrugPairInput(drug_a="clarithromycin", drug_b="simvastatin")).finding
    assert one is not None and two is not None and one.severity == two.severity


def test_unknown_drug_in_a_pair_is_reported_not_cleared() -> None:
    result = check_drug_pair(DrugPairInput(drug_a="warfrin", drug_b="ibuprofen"))
    assert result.finding is None
    assert [u.text for u in result.unrecognized] == ["warfrin"]
    assert "warfarin" in result.unrecognized[0].suggestions


def test_generated_table_rows_are_used_with_their_own_label() -> None:
    # quetiapine + erythromycin is not a curated rule; only the ANSM table lists it.
    finding = check_drug_pair(DrugPairInput(drug_a="quetiapine", drug_b="erythromycin")).finding
    assert finding is not None
    assert "French national formulary" in finding.source
    assert finding.source_label and "contra" in finding.source_label.lower()


def test_pair_check_is_a_registered_tool() -> None:
    tool = get_tool("drug_pair_interaction")
    out = tool({"drug_a": "sildenafil", "drug_b": "nitroglycerin"})
    assert out.finding.severity == "contraindicated"
    assert "drug_a" in tool.json_schema()["function"]["parameters"]["properties"]
