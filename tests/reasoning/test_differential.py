"""The ranked differential: Bayes by likelihood ratios, must-not-miss, next tests."""

from __future__ import annotations

from consilium.reasoning import extract_findings, next_questions, rank_differential
from consilium.reasoning.differential import MUST_NOT_MISS_THRESHOLD

CHEST_PAIN = ("58-year-old smoker with crushing central chest pain radiating to his left arm "
              "for 2 hours, sweaty and nauseous.")


def ddx_for(case):  # type: ignore[no-untyped-def]
    return rank_differential(case, extract_findings(case))


def test_chest_pain_in_a_smoker_puts_acs_first_and_flags_it(make_case) -> None:
    ddx = ddx_for(make_case(CHEST_PAIN, age=58, sex="male"))
    top = ddx.differential[0]
    assert top.diagnosis == "Acute coronary syndrome"
    assert top.must_not_miss and top.icd10
    assert "chest pain radiating to arm or jaw" in top.supporting
    assert top.source and top.source.startswith("consilium/knowledge/diseases/")
    assert any(t.for_diagnosis == "Acute coronary syndrome" for t in ddx.next_tests)


def test_probabilities_are_ordered_and_leave_room_for_other_causes(make_case) -> None:
    ddx = ddx_for(make_case(CHEST_PAIN, age=58, sex="male"))
    probabilities = [c.probability for c in ddx.differential]
    assert sum(probabilities) < 1.0
    head = [c for c in ddx.differential if not c.must_not_miss or c is ddx.differential[0]]
    assert [c.probability for c in head] == sorted((c.probability for c in head), reverse=True)


def test_a_negated_finding_lowers_the_diagnosis_it_would_support(make_case) -> None:
    base = "Productive cough and fever, crackles at the right base."
    with_it = ddx_for(make_case(base + " Short of breath.", age=60))
    without = ddx_for(make_case(base + " Not short of breath.", age=60))

    def pneumonia(ddx):  # type: ignore[no-untyped-def]
        return next(c for c in ddx.differential if c.diagnosis == "Community-acquired pneumonia")

    assert pneumonia(without).probability < pneumonia(with_it).probability
    assert any(a.startswith("no ") for a in pneumonia(without).against)


def test_must_not_miss_stays_visible_when_plausible(make_case) -> None:
    ddx = ddx_for(make_case("Productive cough and fever for 3 days.", age=45, sex="female"))
    assert ddx.differential[0].diagnosis == "Acute bronchitis"
    pneumonia = [c for c in ddx.differential if c.diagnosis == "Community-acquired pneumonia"]
    assert pneumonia and pneumonia[0].must_not_miss
    assert pneumonia[0].probability >= MUST_NOT_MISS_THRESHOLD
    assert any(t.for_diagnosis == "Community-acquired pneumonia" for t in ddx.next_tests)


def test_next_question_by_information_gain(make_case) -> None:
    ddx = ddx_for(make_case("Headache.", age=30))
    informative = [t for t in ddx.next_tests if t.rationale and "information gain" in t.rationale]
    assert informative
    assert informative[0].test.startswith(("ask or examine:", "measure or test:"))


def test_next_questions_rank_unasked_findings_by_gain(make_case) -> None:
    case = make_case("Chest pain.", age=55, sex="male")
    questions = next_questions(case, extract_findings(case), limit=3)
    assert len(questions) == 3
    assert [q.bits for q in questions] == sorted((q.bits for q in questions), reverse=True)
    assert all(q.concept_id != "chest_pain" and q.bits > 0 for q in questions)


def test_sex_specific_conditions_need_the_right_sex(make_case) -> None:
    text = "Lower abdominal pain and vaginal spotting, missed period, positive pregnancy test."
    female = ddx_for(make_case(text, age=27, sex="female"))
    assert any(c.diagnosis == "Ectopic pregnancy" for c in female.differential[:3])
    male = ddx_for(make_case("Lower abdominal pain.", age=27, sex="male"))
    assert all(c.diagnosis != "Ectopic pregnancy" for c in male.differential)


def test_no_findings_no_differential(make_case) -> None:
    ddx = ddx_for(make_case("Here for a chat.", age=30))
    assert ddx.differential == [] and "No finding" in ddx.rationale
