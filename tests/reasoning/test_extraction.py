"""Findings extraction: negation and other ConText modifiers, lay terms, numbers and units."""

from __future__ import annotations

from pathlib import Path

import pytest

from consilium.reasoning import extract_case, extract_findings, finding_states
from consilium.reasoning.lexicon import LexiconError, default_lexicon, load_lexicon


def states(case):  # type: ignore[no-untyped-def]
    return finding_states(extract_findings(case))


def test_lexicon_has_at_least_1500_terms() -> None:
    assert default_lexicon().term_count >= 1500


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("Denies chest pain.", "chest_pain"),
        ("No fever.", "fever"),
        ("She has had no vomiting or diarrhoea.", "diarrhea"),
        ("Negative for cough.", "cough"),
        ("Shortness of breath: absent.", "dyspnea"),
        ("No change in bowel habit.", "change_in_bowel_habit"),
    ],
)
def test_negated_findings_are_asserted_absent(make_case, text: str, concept: str) -> None:
    assert states(make_case(text))[concept] is False


def test_non_prefix_negates_only_the_next_finding(make_case) -> None:
    found = states(make_case("Non-smoker with a non-tender abdomen and vomiting."))
    assert found["smoker"] is False and found["abdominal_pain"] is False
    assert found["vomiting"] is True


def test_absent_specific_finding_leaves_the_general_one_open(make_case) -> None:
    found = states(make_case("Chest pain, but no pleuritic chest pain."))
    assert found["pleuritic_chest_pain"] is False
    assert found["chest_pain"] is True


@pytest.mark.parametrize(
    "text", ["Pain and swelling in his right knee.", "Right knee pain and swelling."]
)
def test_coordinated_findings_share_their_site(make_case, text: str) -> None:
    found = states(make_case(text))
    assert found["joint_pain"] is True and found["joint_swelling"] is True


def test_a_trigger_does_not_swallow_the_finding(make_case) -> None:
    found = states(make_case("No recent travel. No pulse in the foot."))
    assert found["travel_history"] is False
    assert found["cold_pale_limb"] is True  # "no pulse in foot" is itself the finding


def test_negation_scope_ends_at_but(make_case) -> None:
    found = states(make_case("No fever but a productive cough for 3 days."))
    assert found["fever"] is False
    assert found["productive_cough"] is True and found["cough"] is True


def test_pseudo_negation_is_not_negation(make_case) -> None:
    found = states(make_case("Abdominal pain not relieved by paracetamol."))
    assert found["abdominal_pain"] is True


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("Tummy ache since lunch.", "abdominal_pain"),
        ("I can't catch my breath.", "dyspnea"),
        ("My baby won't feed and is floppy.", "poor_feeding"),
        ("It burns when I pee.", "dysuria"),
        ("Room is spinning.", "vertigo"),
        ("Swollen painful right calf.", "unilateral_leg_swelling"),
    ],
)
def test_lay_terms_map_to_concepts(make_case, text: str, concept: str) -> None:
    assert states(make_case(text))[concept] is True


def test_history_hypothetical_and_family_context(make_case) -> None:
    findings = extract_findings(make_case(
        "History of DVT. Mother had breast cancer. Return if vomiting blood. "
        "Had a seizure as a child."))
    by_id = {f.concept_id: f for f in findings}
    assert by_id["prior_vte"].present  # a past event stays true
    assert by_id["malignancy"].family and not by_id["malignancy"].present
    assert by_id["hematemesis"].hypothetical and not by_id["hematemesis"].present
    assert by_id["seizure"].historical and not by_id["seizure"].present


def test_onset_and_duration(make_case) -> None:
    finding = next(f for f in extract_findings(make_case("Sudden headache for 3 days."))
                   if f.concept_id == "headache")
    assert finding.onset == "sudden"
    assert finding.duration_hours == 72


def test_vital_signs_in_text_become_findings(make_case) -> None:
    findings = extract_findings(make_case("BP 84/50, HR 120, RR 28, temp 39.2, sats 88% on air."))
    by_id = {f.concept_id: f for f in findings if f.source == "vitals"}
    assert by_id["hypotension"].present and by_id["hypotension"].value == 84
    assert by_id["tachycardia"].present and by_id["tachycardia"].value == 120
    assert by_id["tachypnea"].present
    assert by_id["fever"].present and by_id["fever"].value == pytest.approx(39.2)
    assert by_id["hypoxemia"].present and by_id["hypoxemia"].value == 88
    assert by_id["hypoxemia"].rule and "92" in by_id["hypoxemia"].rule


def test_fahrenheit_is_converted(make_case) -> None:
    fever = next(f for f in extract_findings(make_case("Temp 101.3 F.")) if f.concept_id == "fever")
    assert fever.present and fever.value == pytest.approx(38.5, abs=0.05)


def test_normal_measured_vitals_are_asserted_absent(make_case) -> None:
    found = states(make_case("Well. HR 72, BP 124/80, temp 36.8."))
    assert found["tachycardia"] is False and found["hypotension"] is False
    assert found["fever"] is False


def test_heart_rate_thresholds_depend_on_age(make_case) -> None:
    assert states(make_case("HR 150.", age="6 weeks"))["tachycardia"] is False
    assert states(make_case("HR 150.", age=30))["tachycardia"] is True


def test_structured_vitals_win_over_text(make_case) -> None:
    case = make_case("HR 130 at home.", vitals={"heart_rate": 80})
    assert states(case)["tachycardia"] is False


def test_implausible_values_and_unknown_labs_are_reported(make_case) -> None:
    case = make_case("HR 900.", labs=[{"name": "troponin", "value": 45, "unit": "furlongs"},
                                      {"name": "zinc", "value": 10, "unit": "umol/L"}])
    result = extract_case(case)
    assert any("heart_rate" in u for u in result.unrecognised)
    assert any("furlongs" in u for u in result.unrecognised)
    assert any("zinc" in u for u in result.unrecognised)


def test_labs_use_sourced_thresholds_with_units(make_case) -> None:
    case = make_case("", labs=[{"name": "hs troponin", "value": 45, "unit": "ng/L"},
                               {"name": "lactate", "value": 1.1, "unit": "mmol/L"},
                               {"name": "WBC", "value": 15.2, "unit": "10^9/L"}])
    found = states(case)
    assert found["elevated_troponin"] is True
    assert found["elevated_lactate"] is False
    assert found["leukocytosis"] is True


def test_structured_fields_keep_their_context(make_case) -> None:
    case = make_case("", past_medical_history=["migraine"], family_history="heart attack",
                     medications=["warfarin 5 mg daily"], patient={"pregnant": True},
                     sex="female")
    findings = extract_findings(case)
    found = finding_states(findings)
    assert found["anticoagulant_use"] is True
    assert found["pregnancy"] is True
    assert "headache" not in found  # a past migraine is not today's headache


def test_lexicon_rejects_a_concept_defined_twice(tmp_path: Path) -> None:
    entry = "source: test\nconcepts:\n  cough: {label: cough, category: symptom, terms: [cough]}\n"
    (tmp_path / "a.yaml").write_text(entry)
    (tmp_path / "b.yaml").write_text(entry.replace("[cough]", "[coughing]"))
    with pytest.raises(LexiconError, match=r"a\.yaml and b\.yaml"):
        load_lexicon(tmp_path)
