"""The whole review on cases a clinician would recognise (the panel's bundled scenarios first)."""

from __future__ import annotations

from typing import Any

import pytest

from consilium.core.case import Allergy, Medication
from consilium.core.report import SafetyFinding
from consilium.tools.medication import (
    MedicationReviewInput,
    MedicationReviewResult,
    review_medications,
)
from consilium.tools.registry import get_tool


def review(**fields: Any) -> MedicationReviewResult:
    return review_medications(MedicationReviewInput(**fields))


def of_kind(result: MedicationReviewResult, kind: str) -> list[SafetyFinding]:
    return [f for f in result.findings if f.kind == kind]


def test_lead_example_warfarin_ibuprofen_in_older_adult_with_ckd() -> None:
    result = review(
        current=[Medication(name="warfarin", dose="5 mg", frequency="daily")],
        proposed=[Medication(name="ibuprofen", dose="400 mg", frequency="tid")],
        allergies=[],
        age_years=72,
        sex="female",
        pregnant=False,
        weight_kg=61,
        egfr=38.0,
        crcl=35.0,
        conditions=["atrial fibrillation", "hypertension"],
    )
    worst = result.findings[0]
    assert (worst.kind, worst.severity) == ("drug_interaction", "major")
    assert worst.items == ["warfarin", "ibuprofen"]
    assert any(f.kind == "older_adult" and f.items == ["ibuprofen"] for f in result.findings)
    assert [d.generic for d in result.resolved] == ["warfarin", "ibuprofen"]


def test_findings_are_sorted_worst_first() -> None:
    result = review(
        current=["warfarin 5 mg daily", "levothyroxine 100 mcg daily"],
        proposed=["ibuprofen 400 mg tid", "ferrous sulfate 200 mg daily"],
        age_years=70,
    )
    ranks = [f.rank for f in result.findings]
    assert ranks == sorted(ranks, reverse=True)


@pytest.mark.parametrize("drug", ["amoxicillin", "Augmentin", "piperacillin-tazobactam"])
def test_penicillin_anaphylaxis_blocks_penicillins(drug: str) -> None:
    result = review(
        proposed=[drug], allergies=[Allergy(substance="penicillin", reaction="anaphylaxis")]
    )
    (finding,) = of_kind(result, "allergy")
    assert finding.severity == "contraindicated"
    assert finding.items == [drug, "penicillin"]


# AAAAI/ACAAI 2022 drug allergy practice parameter: cephalosporin cross-reactivity follows
# the R1 side chain and the reaction: after anaphylaxis avoid similar side chains, give a
# dissimilar one with the first dose observed; carbapenems need no precautions.
@pytest.mark.parametrize("drug", ["cefalexin", "Keflex", "cefadroxil", "cefaclor"])
def test_similar_side_chain_cephalosporin_after_penicillin_anaphylaxis_is_major(drug: str) -> None:
    result = review(proposed=[drug], allergies=["penicillin (anaphylaxis)"])
    assert of_kind(result, "allergy")[0].severity == "major"


@pytest.mark.parametrize("drug", ["ceftriaxone", "cefazolin", "cefuroxime", "cefepime"])
def test_dissimilar_side_chain_cephalosporin_after_penicillin_anaphylaxis_is_moderate(
    drug: str,
) -> None:
    result = review(proposed=[drug], allergies=["penicillin (anaphylaxis)"])
    finding = of_kind(result, "allergy")[0]
    assert finding.severity == "moderate" and "observed" in finding.message


def test_cephalosporin_after_mild_penicillin_rash() -> None:
    similar = review(proposed=["cefalexin"], allergies=["penicillin (rash)"])
    dissimilar = review(proposed=["ceftriaxone"], allergies=["penicillin (rash)"])
    assert of_kind(similar, "allergy")[0].severity == "moderate"
    assert of_kind(dissimilar, "allergy")[0].severity == "minor"


def test_carbapenem_with_penicillin_allergy_is_flagged_low() -> None:
    result = review(proposed=["meropenem"], allergies=["penicillin (anaphylaxis)"])
    assert of_kind(result, "allergy")[0].severity == "minor"


def test_sulfa_allergy_flags_cotrimoxazole_not_furosemide() -> None:
    result = review(proposed=["Bactrim", "furosemide"], allergies=["sulfa (hives)"])
    assert [f.items[0] for f in of_kind(result, "allergy")] == ["Bactrim"]


def test_nsaid_hypersensitivity_flags_ibuprofen() -> None:
    result = review(proposed=["ibuprofen"], allergies=["aspirin (bronchospasm)"])
    assert of_kind(result, "allergy")[0].severity == "major"


def test_allergy_to_the_drug_itself_is_contraindicated() -> None:
    result = review(proposed=["Bactrim"], allergies=["co-trimoxazole"])
    assert of_kind(result, "allergy")[0].severity == "contraindicated"


def test_metformin_at_egfr_20_is_contraindicated() -> None:
    result = review(current=["metformin 1000 mg bid"], egfr=20)
    (finding,) = of_kind(result, "renal_dose")
    assert finding.severity == "contraindicated"
    assert "RD-METFORMIN-30" in finding.source


def test_metformin_1g_daily_at_egfr_40_is_within_the_reduced_dose() -> None:
    assert of_kind(review(current=["metformin 500 mg bid"], egfr=40), "renal_dose") == []
    assert (
        of_kind(review(current=["metformin 1000 mg bid"], egfr=40), "renal_dose")[0].severity
        == "moderate"
    )


def test_full_dose_enoxaparin_at_crcl_25_is_major() -> None:
    med = Medication(name="enoxaparin", dose="1 mg/kg", frequency="twice daily")
    result = review(proposed=[med], crcl=25, weight_kg=70)
    assert of_kind(result, "renal_dose")[0].severity == "major"


def test_renally_adjusted_enoxaparin_once_daily_passes() -> None:
    med = Medication(name="enoxaparin", dose="1 mg/kg", frequency="once daily")
    assert of_kind(review(proposed=[med], crcl=25, weight_kg=70), "renal_dose") == []


def test_unknown_kidney_function_is_reported_for_renally_dosed_drug() -> None:
    (finding,) = of_kind(review(proposed=["metformin 500 mg bid"]), "renal_dose")
    assert finding.severity == "info" and "unknown" in finding.message


@pytest.mark.parametrize("drug", ["lisinopril", "isotretinoin", "warfarin", "valproate"])
def test_teratogen_in_pregnancy_is_contraindicated(drug: str) -> None:
    result = review(proposed=[drug], pregnant=True, gestation_weeks=10)
    assert of_kind(result, "pregnancy")[0].severity == "contraindicated"


def test_nsaid_in_third_trimester_only() -> None:
    assert of_kind(review(proposed=["ibuprofen"], pregnant=True, gestation_weeks=32), "pregnancy")
    assert not of_kind(
        review(proposed=["ibuprofen"], pregnant=True, gestation_weeks=8), "pregnancy"
    )


def test_codeine_while_breastfeeding_is_contraindicated() -> None:
    result = review(proposed=["codeine 30 mg q6h"], breastfeeding=True)
    assert of_kind(result, "pregnancy")[0].severity == "contraindicated"


def test_diphenhydramine_in_an_80_year_old_is_flagged() -> None:
    (finding,) = of_kind(review(proposed=["Benadryl 25 mg at night"], age_years=80), "older_adult")
    assert finding.severity == "major"
    assert "anticholinergic" in finding.message.lower()


def test_diphenhydramine_in_a_40_year_old_is_not_an_older_adult_finding() -> None:
    assert of_kind(review(proposed=["diphenhydramine"], age_years=40), "older_adult") == []


def test_cold_treated_with_paracetamol_raises_nothing_serious() -> None:
    result = review(proposed=["paracetamol 1 g q6h", "acetaminophen"], age_years=30)
    assert [f for f in result.findings if f.is_serious and f.kind != "duplicate_therapy"] == []
    result = review(
        proposed=["paracetamol 500 mg q6h"], current=["cetirizine 10 mg daily"], age_years=30
    )
    assert result.findings == []


@pytest.mark.parametrize(
    ("drug", "condition", "severity"),
    [
        ("ibuprofen", "CKD stage 4", "major"),
        ("naproxen", "heart failure with reduced ejection fraction", "major"),
        ("propranolol", "asthma", "contraindicated"),
        ("pioglitazone", "heart failure", "contraindicated"),
        ("sumatriptan", "coronary artery disease", "contraindicated"),
        ("metoclopramide", "Parkinson's disease", "major"),
    ],
)
def test_drug_disease_contraindications(drug: str, condition: str, severity: str) -> None:
    (finding,) = of_kind(review(proposed=[drug], conditions=[condition]), "contraindication")
    assert finding.severity == severity
    assert finding.items == [drug, condition]


def test_bisoprolol_in_asthma_is_only_a_caution() -> None:
    (finding,) = of_kind(review(proposed=["bisoprolol"], conditions=["asthma"]), "contraindication")
    assert finding.severity == "moderate"


def test_two_nsaids_are_duplicate_therapy() -> None:
    result = review(current=["naproxen 500 mg bid"], proposed=["ibuprofen 400 mg tid"])
    assert of_kind(result, "duplicate_therapy")[0].severity == "major"


def test_same_drug_by_brand_and_generic_is_duplicate() -> None:
    result = review(current=["Tylenol 500 mg q6h"], proposed=["paracetamol 1 g q6h"])
    assert of_kind(result, "duplicate_therapy")


@pytest.mark.parametrize(
    ("line", "flagged"),
    [
        ("ibuprofen 800 mg qid", False),
        ("ibuprofen 1200 mg qid", True),
        ("paracetamol 1 g q6h", False),
        ("paracetamol 1 g q4h", True),
        ("citalopram 60 mg daily", True),
        ("methotrexate 10 mg daily", True),
        ("methotrexate 15 mg weekly", False),
    ],
)
def test_dose_range(line: str, flagged: bool) -> None:
    assert bool(of_kind(review(proposed=[line]), "dose_range")) is flagged


def test_unreadable_dose_is_reported() -> None:
    (finding,) = of_kind(
        review(proposed=[Medication(name="ibuprofen", dose="two tablets")]), "unrecognized_input"
    )
    assert "not checked" in finding.message


def test_unrecognized_drug_is_reported_with_suggestions() -> None:
    result = review(current=["warfrin 5 mg daily"], proposed=["ibuprofen"])
    assert [u.text for u in result.unrecognized] == ["warfrin"]
    assert "warfarin" in result.unrecognized[0].suggestions
    finding = of_kind(result, "unrecognized_input")[0]
    assert finding.items == ["warfrin"] and finding.severity == "moderate"


def test_review_is_a_registered_tool() -> None:
    out = get_tool("medication_review")({"proposed": ["sildenafil"], "current": ["nitroglycerin"]})
    assert out.findings[0].severity == "contraindicated"


def test_combination_product_is_checked_by_component() -> None:
    result = review(current=["Percocet 1 tab q4h"], proposed=["Tylenol 1 g q6h"])
    (finding,) = of_kind(result, "duplicate_therapy")
    assert "paracetamol" in finding.message
    result = review(current=["Norco"], proposed=["diazepam 5 mg"])
    assert of_kind(result, "drug_interaction")[0].severity == "major"


def test_patient_of_unknown_sex_is_accepted() -> None:
    assert review(proposed=["amoxicillin"], sex="unknown").findings == []


def test_one_pregnancy_finding_per_drug_the_worst() -> None:
    result = review(proposed=["ibuprofen"], pregnant=True)  # gestation unknown
    (finding,) = of_kind(result, "pregnancy")
    assert finding.severity == "major" and "gestation unknown" in finding.message
