"""Triage: ESI decision points A-D, three-level urgency, red flags, and the bundled cases."""

from __future__ import annotations

from consilium.core.report import ScoreResult
from consilium.reasoning import assess_triage, extract_findings, rank_differential


def triage_for(case, scores=None):  # type: ignore[no-untyped-def]
    findings = extract_findings(case)
    return assess_triage(case, findings, rank_differential(case, findings), scores or [])


def test_chest_pain_smoker_is_esi_2_and_never_sent_home(make_case) -> None:
    t = triage_for(make_case("Central chest pain for an hour, sweaty. Smoker.", age=58,
                             sex="male"))
    assert t.esi == 2 and t.urgency == "emergency"
    assert "esi-b-acs-chest-pain" in t.rules_fired
    assert "esi-b-acs-chest-pain" in t.rationale


def test_sepsis_is_emergency(make_case) -> None:
    t = triage_for(make_case("Fever, rigors and burning urination, now confused. "
                             "BP 84/50, HR 120, RR 24.", age=80, sex="female"))
    assert t.esi <= 2 and t.urgency == "emergency"
    assert "esi-a-shock" in t.rules_fired


def test_stroke_within_window_is_emergency(make_case) -> None:
    t = triage_for(make_case("Sudden left arm weakness and slurred speech 45 minutes ago.",
                             age=70))
    assert t.esi <= 2 and t.urgency == "emergency"
    assert "esi-b-stroke-signs" in t.rules_fired


def test_febrile_six_week_old_is_esi_2(make_case) -> None:
    t = triage_for(make_case("Temperature 38.3, feeding less today.", age="6 weeks"))
    assert t.esi == 2 and t.urgency == "emergency"
    assert "esi-b-febrile-young-infant" in t.rules_fired


def test_common_cold_is_self_care_without_false_alarms(make_case) -> None:
    t = triage_for(make_case("Runny nose, sneezing and a mild sore throat for 2 days. "
                             "No fever. HR 76, RR 14, sats 99%.", age=30))
    assert t.esi == 5 and t.urgency == "self_care"
    assert t.red_flags == []


def test_adult_chest_pain_is_never_self_care(make_case) -> None:
    t = triage_for(make_case("Sharp chest pain worse when I press on it, for a day.", age=25))
    assert t.urgency != "self_care"
    assert "floor-adult-chest-pain" in t.rules_fired


def test_knee_injury_on_warfarin_is_not_self_care_and_names_bleeding_risk(make_case) -> None:
    t = triage_for(make_case("Knee pain and swelling after a fall. Can walk on it.", age=72,
                             medications=["warfarin 5 mg daily"]))
    assert t.urgency == "non_emergency" and t.esi >= 3
    assert "floor-injury-anticoagulant" in t.rules_fired
    assert any("anticoagulant" in flag for flag in t.red_flags)


def test_decision_point_a_unresponsive_is_esi_1(make_case) -> None:
    t = triage_for(make_case("Found on the floor.", age=50, vitals={"gcs": 6}))
    assert t.esi == 1 and "esi-a-unresponsive" in t.rules_fired


def test_decision_point_d_danger_zone_vitals_raise_to_esi_2(make_case) -> None:
    text = "Left lower quadrant pain, tender left iliac fossa, change in bowel habit."
    calm = triage_for(make_case(text, age=68, sex="female"))
    racing = triage_for(make_case(text + " HR 118.", age=68, sex="female"))
    assert calm.esi == 3
    assert racing.esi == 2 and "esi-d-danger-zone" in racing.rules_fired


def test_high_news2_from_intake_raises_acuity(make_case) -> None:
    score = ScoreResult(name="NEWS 2", value=8, source="RCP 2017")
    t = triage_for(make_case("Feels unwell.", age=70), [score])
    assert t.esi == 2 and "esi-b-news2-high" in t.rules_fired
    assert t.scores == [score]


def test_triage_without_a_differential_ranks_its_own(make_case) -> None:
    case = make_case("Thunderclap headache, worst of her life.", age=45, sex="female")
    t = assess_triage(case, extract_findings(case), None, [])
    assert t.esi == 2 and "esi-b-sudden-headache" in t.rules_fired
