"""Every bundled case's treatment plan, as a clinician would sign it: the drug, its action, what
must be confirmed first, and what it treats. Each expectation names the guideline behind it."""

from __future__ import annotations

from pathlib import Path

import pytest

from consilium import run_case
from consilium.agents.intake import run_intake
from consilium.core.loaders import load_case
from consilium.core.report import ConsensusReport, MedicationPlanItem
from consilium.core.settings import Settings
from consilium.tools.treatment.audit import audit_plan
from tests.conftest import CASES_DIR

CASES = sorted([*CASES_DIR.glob("*.yaml"), *CASES_DIR.glob("*.txt")])
_reports: dict[str, ConsensusReport] = {}


@pytest.fixture(scope="module")
def state_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("state")


def report_for(case_id: str, state_dir: Path) -> ConsensusReport:
    if case_id not in _reports:
        path = next(p for p in CASES if p.stem == case_id)
        _reports[case_id] = run_case(path, settings=Settings(state_dir=state_dir))
    return _reports[case_id]


def item(report: ConsensusReport, drug: str) -> MedicationPlanItem:
    found = [i for i in report.medication_plan if i.drug.lower() == drug]
    assert found, f"{drug} not in the plan: {[(i.action, i.drug) for i in report.medication_plan]}"
    return found[0]


def new_drugs(report: ConsensusReport) -> dict[str, str]:
    return {i.drug: i.action for i in report.medication_plan
            if i.action in ("start", "start_if", "consider")}


def steps(report: ConsensusReport) -> str:
    return " | ".join(f"{s.kind}: {s.step} {s.amount or ''}" for s in report.care_steps)


def expect(report: ConsensusReport, drug: str, action: str, *, dose: str | None = None,
           conditions: tuple[str, ...] = (), indication: str | None = None) -> None:
    got = item(report, drug)
    assert got.action == action, (drug, got.action, got.conditions)
    if dose is not None:
        assert got.dose == dose, (drug, got.dose, got.dose_basis)
    for text in conditions:
        assert any(text in c for c in got.conditions), (drug, text, got.conditions)
    if indication is not None:
        assert got.indication and got.indication.diagnosis == indication, got.indication
        assert got.indication.probability is not None


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_every_plan_item_is_indicated_conditional_where_required_and_child_dosed(
    path: Path, state_dir: Path
) -> None:
    """No item lacks an indication; no `start` of a drug whose regimen has a precondition;
    no adult dose in a child's plan (the gate's own rules, re-checked on the released plan)."""
    report = report_for(path.stem, state_dir)
    assert all(i.indication for i in report.medication_plan), report.medication_plan
    case = run_intake(load_case(path)).case  # weight in kg, as the gate sees it
    assert audit_plan(report.medication_plan, case, report.differential) == []
    if report.status == "escalated":  # never `start` what the escalation did not clear
        named = {d for f in report.critic.findings for d in f.items} if report.critic else set()
        assert not [i for i in report.medication_plan if i.action == "start" and i.drug in named]


def test_renal_metformin_no_drug_without_an_indication(state_dir: Path) -> None:
    """FDA metformin label (eGFR < 30): avoided; CKD has no regimen, so nothing is started
    (wave 1 started enoxaparin 'for chronic kidney disease')."""
    report = report_for("renal-metformin", state_dir)
    expect(report, "metformin", "avoid")
    assert new_drugs(report) == {}


def test_septic_shock_from_pneumonia_with_penicillin_anaphylaxis(state_dir: Path) -> None:
    """SSC 2021: cultures before antimicrobials within the hour, lactate, 30 mL/kg crystalloid
    for hypotension or lactate >= 4, vasopressor if MAP stays < 65. ATS/IDSA 2019 (CURB-65 high):
    beta-lactam + macrolide. AAAAI/ACAAI 2022: after penicillin anaphylaxis a dissimilar
    side-chain cephalosporin (ceftriaxone) with the first dose observed; no penicillin."""
    report = report_for("sepsis-pneumonia", state_dir)
    cap = "Community-acquired pneumonia"
    expect(report, "ceftriaxone", "start_if", dose="2 g", indication=cap,
           conditions=("blood cultures taken", "first dose under observation"))
    expect(report, "azithromycin", "start_if", conditions=("blood cultures taken",))
    expect(report, "norepinephrine", "start_if", conditions=("mean arterial pressure",),
           indication="Sepsis")
    assert not [d for d in new_drugs(report) if "cillin" in d]
    bundle = steps(report)
    for step in ("blood cultures", "test: lactate", "crystalloid", "2100 mL", "reassess"):
        assert step in bundle, (step, bundle)


def test_stroke_thrombolysis_only_after_ct_and_checklist(state_dir: Path) -> None:
    """AHA/ASA 2019: alteplase 0.9 mg/kg (max 90 mg) within 4.5 h, after imaging excludes
    haemorrhage and the eligibility checklist; aspirin 24 h after alteplase or when not
    thrombolysed."""
    report = report_for("stroke-window", state_dir)
    expect(report, "alteplase", "start_if", dose="72 mg", indication="Ischaemic stroke",
           conditions=("non-contrast CT excludes haemorrhage", "thrombolysis checklist"))
    expect(report, "aspirin", "start_if", conditions=("not thrombolysed",))
    assert "imaging: non-contrast CT head" in steps(report)


def test_suspected_acs_gets_aspirin_unless_contraindicated(state_dir: Path) -> None:
    """ESC 2023 (class I): aspirin 150-300 mg to every patient with suspected ACS without a
    contraindication; ECG within 10 minutes; anticoagulation per the ACS pathway."""
    report = report_for("chest-pain-acs", state_dir)
    expect(report, "aspirin", "start_if", dose="300 mg", indication="Acute coronary syndrome",
           conditions=("no contraindication to aspirin",))
    assert "12-lead ECG" in steps(report) and "ACS pathway" in steps(report)
    said = " ".join(e.content for e in report.transcript if e.agent == "pharmacist")
    assert "already in the plan" not in said


def test_acs_with_aspirin_anaphylaxis_gets_clopidogrel(state_dir: Path) -> None:
    """AHA/ACC 2014 NSTE-ACS (class I): aspirin hypersensitivity -> clopidogrel loading dose."""
    report = report_for("acs-aspirin-allergy", state_dir)
    expect(report, "clopidogrel", "start_if", dose="300 mg",
           indication="Acute coronary syndrome", conditions=("no active bleeding",))
    assert "aspirin" not in new_drugs(report)


def test_warfarin_knee_injury_avoids_the_nsaid_and_starts_nothing_unindicated(
    state_dir: Path,
) -> None:
    """Warfarin + NSAID: major bleeding risk; no regimen treats a knee injury with a drug."""
    report = report_for("warfarin-nsaid", state_dir)
    expect(report, "ibuprofen", "avoid")
    expect(report, "warfarin", "continue")
    assert new_drugs(report) == {}


def test_cellulitis_after_penicillin_anaphylaxis_gets_streptococcal_cover(state_dir: Path) -> None:
    """IDSA 2014: cellulitis is streptococcal; after penicillin anaphylaxis cefalexin (similar
    side chain) is avoided and clindamycin offered, not doxycycline/azithromycin/levofloxacin."""
    report = report_for("penicillin-allergy-cellulitis", state_dir)
    expect(report, "cefalexin", "avoid")
    expect(report, "clindamycin", "consider", indication="Cellulitis")
    rationale = item(report, "cefalexin").rationale
    assert "Consider instead: clindamycin" in rationale
    assert not any(poor in rationale for poor in ("doxycycline", "azithromycin", "levofloxacin"))


def test_cellulitis_after_a_childhood_penicillin_rash_gets_cefalexin(state_dir: Path) -> None:
    """AAAAI/ACAAI 2022: a non-severe penicillin reaction does not rule out a cephalosporin;
    the first dose is observed (similar side chain). IDSA 2014: cefalexin for 5 days."""
    report = report_for("cellulitis-mild-penicillin-allergy", state_dir)
    expect(report, "cefalexin", "start_if", dose="500 mg", indication="Cellulitis",
           conditions=("first dose under observation",))


def test_febrile_infant_gets_the_full_work_up_and_conditional_antibiotics(
    state_dir: Path,
) -> None:
    """AAP 2021 (8-60 days): urinalysis and culture, blood culture, inflammatory markers,
    lumbar puncture when ill-appearing or markers abnormal; parenteral ceftriaxone 50 mg/kg at
    29-60 days after cultures (4.49 kg -> 224 mg)."""
    report = report_for("febrile-infant", state_dir)
    expect(report, "ceftriaxone", "start_if", dose="224 mg",
           indication="Serious bacterial infection in a febrile infant",
           conditions=("blood and urine cultures taken", "ill-appearing"))
    bundle = steps(report)
    for step in ("urinalysis and urine culture", "blood culture", "procalcitonin",
                 "procedure: lumbar puncture"):
        assert step in bundle, (step, bundle)


def test_thunderclap_headache_nimodipine_only_once_sah_is_confirmed(state_dir: Path) -> None:
    """AHA/ASA 2023: CT first (lumbar puncture if negative); nimodipine for confirmed SAH."""
    report = report_for("vignette-headache", state_dir)
    expect(report, "nimodipine", "start_if", indication="Subarachnoid haemorrhage",
           conditions=("subarachnoid haemorrhage confirmed",))
    assert "imaging: non-contrast CT head" in steps(report)


def test_a_misspelt_drug_is_never_started_by_an_escalated_report(state_dir: Path) -> None:
    report = report_for("misspelt-proposed-drug", state_dir)
    assert report.status == "escalated"
    expect(report, "metfromin", "start_if", conditions=("a clinician clears the escalation",))
    said = [line for line in report.recommendation.splitlines() if "metfromin" in line
            and line.startswith("START")]
    assert said and all(" IF a clinician clears the escalation" in line for line in said)


@pytest.mark.parametrize(("case_id", "drug"), [
    ("older-adult-diphenhydramine", "diphenhydramine"),  # AGS Beers 2023
    ("pregnancy-isotretinoin", "isotretinoin"),  # FDA label, iPLEDGE
])
def test_avoided_drugs_get_no_unindicated_substitute(case_id: str, drug: str,
                                                     state_dir: Path) -> None:
    report = report_for(case_id, state_dir)
    expect(report, drug, "avoid")
    assert new_drugs(report) == {}


def test_cystitis_with_sulfa_allergy_is_offered_nitrofurantoin(state_dir: Path) -> None:
    """IDSA/ESCMID 2010: nitrofurantoin 100 mg twice daily for 5 days is first choice."""
    report = report_for("uti-sulfa-allergy", state_dir)
    expect(report, "trimethoprim-sulfamethoxazole", "avoid")
    expect(report, "nitrofurantoin", "consider", dose="100 mg",
           indication="Acute uncomplicated cystitis")


def test_dka_fluids_insulin_per_kg_and_potassium(state_dir: Path) -> None:
    """ADA/EASD/JBDS 2024: crystalloid 500-1000 mL/h; insulin 0.1 units/kg/h once potassium is
    >= 3.5 mmol/L (58 kg -> 5.8 units/h); potassium 20-30 mmol/L of fluid when 3.5-5.0."""
    report = report_for("dka-type1", state_dir)
    expect(report, "insulin regular", "start", dose="5.8 units", indication="Diabetic ketoacidosis")
    expect(report, "potassium chloride", "start_if", conditions=("urine output established",))
    assert "fluid: isotonic or balanced crystalloid 1000 mL" in steps(report)


def test_anaphylaxis_gets_intramuscular_adrenaline_now(state_dir: Path) -> None:
    """RCUK 2021: IM adrenaline 0.5 mg at once (no precondition), IV fluid for hypotension,
    tryptase, observation, auto-injectors."""
    report = report_for("anaphylaxis-peanut", state_dir)
    expect(report, "adrenaline", "start", dose="0.5 mg", indication="Anaphylaxis")
    assert item(report, "adrenaline").route == "intramuscular"
    expect(report, "salbutamol", "consider", conditions=("bronchospasm persists",))
    bundle = steps(report)
    assert "fluid: crystalloid intravenous bolus 640 mL" in bundle and "tryptase" in bundle


def test_severe_asthma_gets_the_gina_bundle(state_dir: Path) -> None:
    """GINA 2024: repeated SABA (his reliever re-dosed, not listed twice), ipratropium for
    severe features (RR 32, pulse 124), prednisolone 40-50 mg within the hour, IV magnesium if
    there is no response."""
    report = report_for("asthma-severe", state_dir)
    expect(report, "salbutamol", "adjust", dose="5 mg", indication="Asthma exacerbation")
    expect(report, "ipratropium", "start", dose="0.5 mg")
    expect(report, "prednisolone", "start", dose="40 mg")
    expect(report, "magnesium sulfate", "consider", conditions=("no response",))
    assert "controlled oxygen" in steps(report)


def test_otitis_media_in_a_12_kg_child_is_dosed_per_kg(state_dir: Path) -> None:
    """AAP 2013: severe AOM (39.3 C) -> high-dose amoxicillin 80-90 mg/kg/day in two doses
    (12 kg -> 540 mg twice daily, 10 days under 2 years); analgesia for every child
    (paracetamol 15 mg/kg -> 180 mg, BNFc)."""
    report = report_for("otitis-media-toddler", state_dir)
    expect(report, "amoxicillin", "start", dose="540 mg", indication="Acute otitis media")
    assert item(report, "amoxicillin").duration == "10 days"
    expect(report, "paracetamol", "start", dose="180 mg")


def test_pyelonephritis_in_pregnancy(state_dir: Path) -> None:
    """NICE NG111 / ACOG 2023: cultures, specialist review and admission, IV ceftriaxone;
    no fluoroquinolone or trimethoprim in pregnancy."""
    report = report_for("pyelonephritis-pregnancy", state_dir)
    expect(report, "ceftriaxone", "start_if", dose="1 g", indication="Acute pyelonephritis",
           conditions=("cultures taken",))
    assert not {"ciprofloxacin", "trimethoprim-sulfamethoxazole"} & set(new_drugs(report))
    assert "obstetric" in steps(report)


def test_cap_with_curb65_3(state_dir: Path) -> None:
    """NICE CG191 CURB-65 3 = high severity; ATS/IDSA 2019: ceftriaxone + azithromycin, blood
    and sputum cultures, urinary antigens."""
    report = report_for("cap-curb65-3", state_dir)
    cap = "Community-acquired pneumonia"
    expect(report, "ceftriaxone", "start_if", dose="2 g", indication=cap)
    expect(report, "azithromycin", "start_if", dose="500 mg", indication=cap)
    assert "Legionella" in steps(report)


def test_suspected_meningitis_is_treated_empirically(state_dir: Path) -> None:
    """ESCMID 2016: blood cultures, dexamethasone with or before the first dose, ceftriaxone
    2 g within the hour, lumbar puncture without delaying antibiotics."""
    report = report_for("meningitis-adult", state_dir)
    expect(report, "dexamethasone", "start", dose="10 mg", indication="Bacterial meningitis")
    expect(report, "ceftriaxone", "start_if", dose="2 g", conditions=("blood cultures taken",))
    assert "procedure: lumbar puncture" in steps(report)


def test_an_unidentified_current_drug_holds_the_new_one(state_dir: Path) -> None:
    """Twelve medicines, one unknown: its interactions are unchecked, so the cystitis
    treatment (IDSA/ESCMID 2010: nitrofurantoin) waits for it to be identified."""
    report = report_for("polypharmacy-unknown-drug", state_dir)
    expect(report, "nitrofurantoin", "start_if", conditions=("identify 'Cardiotonix'",))
    assert "start" not in new_drugs(report).values()


@pytest.mark.parametrize("case", [
    "common-cold",
    {"id": "ankle-sprain", "patient": {"age": 24, "sex": "male", "weight_kg": 75},
     "presenting_complaint": "twisted right ankle playing football an hour ago",
     "history": "Inversion injury; able to walk four steps; no bony tenderness.",
     "vitals": {"heart_rate": 78, "systolic_bp": 124, "diastolic_bp": 76,
                "respiratory_rate": 14, "spo2": 99, "temperature_c": 36.7, "gcs": 15},
     "findings": ["swelling over the lateral ankle"],
     "proposed_medications": ["paracetamol 1 g every 6 hours as needed"]},
    {"id": "new-type-2-diabetes", "patient": {"age": 52, "sex": "female", "weight_kg": 94,
                                              "height_cm": 165},
     "presenting_complaint": "raised HbA1c on a routine check",
     "history": "HbA1c 58 mmol/mol twice. No thirst or weight loss.",
     "past_medical_history": ["type 2 diabetes"],
     "vitals": {"heart_rate": 76, "systolic_bp": 128, "diastolic_bp": 80,
                "respiratory_rate": 14, "spo2": 98, "temperature_c": 36.7, "gcs": 15},
     "labs": [{"name": "creatinine", "value": 0.8, "unit": "mg/dL"}],
     "proposed_medications": ["metformin 500 mg twice daily"]},
], ids=["common-cold", "ankle-sprain", "new-type-2-diabetes"])
def test_benign_cases_are_still_approved_without_major_findings(case: object,
                                                               state_dir: Path) -> None:
    from consilium.core.loaders import case_from_mapping

    report = (report_for(case, state_dir) if isinstance(case, str)
              else run_case(case_from_mapping(case, source="test"),
                            settings=Settings(state_dir=state_dir)))
    assert report.status in ("approved", "approved_with_warnings")
    assert not [f for f in report.safety_findings if f.is_serious]
    assert [i.action for i in report.medication_plan] == ["start"]
