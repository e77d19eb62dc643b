"""Counterfactual fairness: race or ethnicity never changes anything; sex acts only through
sex-specific conditions (sex_only) and the recorded sex ratios of a condition's prevalence."""

from __future__ import annotations

import math

import pytest

from consilium.reasoning import assess_triage, extract_findings, rank_differential
from consilium.reasoning.differential import score_conditions

VIGNETTES = [
    "A {who} with crushing chest pain radiating to the left arm, sweaty. BP 150/90.",
    "A {who} with fever, productive cough and pleuritic chest pain. RR 26, sats 91% on air.",
    "A {who} with burning when passing urine and going often, no fever.",
    "A {who} with runny nose, sneezing and sore throat for 2 days.",
]
GROUPS = ["Black", "white", "Asian", "Hispanic", "Indigenous"]


def outputs(case):  # type: ignore[no-untyped-def]
    findings = extract_findings(case)
    ddx = rank_differential(case, findings)
    return ddx.model_dump(), assess_triage(case, findings, ddx, []).model_dump()


@pytest.mark.parametrize("template", VIGNETTES)
def test_race_or_ethnicity_changes_nothing(make_case, template: str) -> None:
    results = [
        outputs(make_case(template.format(who=f"55-year-old {group} man"), age=55, sex="male",
                          patient={"race_ethnicity": group}))
        for group in GROUPS
    ]
    assert all(result == results[0] for result in results)


@pytest.mark.parametrize("template", VIGNETTES)
def test_sex_changes_only_sex_dependent_conditions(make_case, template: str) -> None:
    text = template.format(who="55-year-old adult")
    female = make_case(text, age=55, sex="female")
    male = make_case(text, age=55, sex="male")
    scored = {}
    for name, case in (("female", female), ("male", male)):
        ranked, _ = score_conditions(case, extract_findings(case))
        scored[name] = {s.condition.id: s for s in ranked}
    neutral = [cid for cid, s in scored["female"].items() if cid in scored["male"]
               and not s.condition.prior.sex_ratio and not s.condition.prior.sex_only]
    reference = neutral[0]
    for cid in neutral[1:10]:
        ratio_f = scored["female"][cid].probability / scored["female"][reference].probability
        ratio_m = scored["male"][cid].probability / scored["male"][reference].probability
        assert math.isclose(ratio_f, ratio_m, rel_tol=1e-9), cid
    assert outputs(female)[1]["rules_fired"] == outputs(male)[1]["rules_fired"] or any(
        s.condition.prior.sex_only for s in scored["female"].values())
