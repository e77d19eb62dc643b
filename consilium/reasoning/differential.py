"""Ranked differential diagnosis by likelihood ratios (naive Bayes over mutually exclusive causes).

P(condition | findings) is proportional to prior x product of LR+ for findings present and LR- for
findings asserted absent (negated, or measured and normal); a residual "other" cause keeps the
unmodelled share of the prior, so probabilities are not inflated by the model's own gaps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from consilium.core.case import Case
from consilium.core.report import DiagnosisCandidate, DiagnosticAssessment, NextTest
from consilium.reasoning.diseases import Condition, age_band, default_conditions
from consilium.reasoning.findings import finding_states
from consilium.reasoning.information import InformationGain, informative_findings
from consilium.reasoning.lexicon import default_lexicon
from consilium.reasoning.models import Finding

# Engine parameters, each with its basis.
# Testing threshold for a dangerous diagnosis: work it up when its probability reaches ~2%
# (threshold approach, Pauker & Kassirer, NEJM 1980; PE test threshold 1.8%, Kline et al.,
# J Thromb Haemost 2004).
MUST_NOT_MISS_THRESHOLD = 0.02
# A present symptom or sign the condition's model does not list counts mildly against it
# (estimate: findings a disease does not explain lower its posterior; symptom-checker practice,
# Semigran et al., BMJ 2015 reviews the approach). 1.0 would ignore unexplained findings.
UNEXPLAINED_FINDING_LR = 0.6
# The residual prior held by conditions outside the model never falls below this share
# (estimate: an ED differential written from a few hundred conditions misses some causes).
MIN_OTHER_PRIOR = 0.2
TOP_K = 5
EXPLAINABLE = frozenset({"symptom", "sign", "vital", "lab"})


@dataclass
class Scored:
    condition: Condition
    prior: float
    log_lr: float = 0.0
    supporting: list[str] = field(default_factory=list)
    against: list[str] = field(default_factory=list)
    probability: float = 0.0


def condition_prior(condition: Condition, age: float, sex: str) -> float:
    """Prevalence for the age band; sex only through sex-specific conditions and sex ratios."""
    prior = condition.prior
    if prior.sex_only and sex in ("male", "female") and sex != prior.sex_only:
        return 0.0
    value = prior.by_age[age_band(age)]
    if prior.sex_ratio and sex in prior.sex_ratio:
        ratios = prior.sex_ratio
        value *= ratios[sex] * len(ratios) / sum(ratios.values())
    return value


def score_conditions(case: Case, findings: list[Finding]) -> tuple[list[Scored], float]:
    """Every condition scored and normalised; returns (ranked, probability of 'other')."""
    states = finding_states(findings)
    lexicon = default_lexicon()
    present_explainable = {
        cid for cid, present in states.items()
        if present and cid in lexicon.concepts and lexicon.concepts[cid].category in EXPLAINABLE
    }
    scored: list[Scored] = []
    for condition in default_conditions():
        prior = condition_prior(condition, case.patient.age, case.patient.sex)
        if prior <= 0.0:
            continue
        item = Scored(condition, prior)
        for cid, lr in condition.findings.items():
            state = states.get(cid)
            if state is None:
                continue
            ratio = lr.lr_pos if state else lr.lr_neg
            item.log_lr += math.log(ratio)
            label = lexicon.concepts[cid].label if cid in lexicon.concepts else cid
            label = label if state else f"no {label}"
            (item.supporting if ratio > 1.0 else item.against).append(label)
        # A general finding implied by a listed specific one ("chest pain" from "pleuritic chest
        # pain") is explained by it.
        implied = {parent for cid in condition.findings if states.get(cid)
                   for parent in (lexicon.concepts[cid].implies if cid in lexicon.concepts else ())}
        unexplained = present_explainable - condition.findings.keys() - implied
        item.log_lr += len(unexplained) * math.log(UNEXPLAINED_FINDING_LR)
        scored.append(item)
    other_prior = max(MIN_OTHER_PRIOR, 1.0 - sum(s.prior for s in scored))
    peak = max([s.log_lr for s in scored] + [0.0])
    weights = [s.prior * math.exp(s.log_lr - peak) for s in scored]
    other_weight = other_prior * math.exp(-peak)
    total = sum(weights) + other_weight
    for item, weight in zip(scored, weights, strict=True):
        item.probability = weight / total
    scored.sort(key=lambda s: s.probability, reverse=True)
    return scored, other_weight / total


def _candidate(item: Scored) -> DiagnosisCandidate:
    c = item.condition
    return DiagnosisCandidate(
        diagnosis=c.name, icd10=c.icd10, probability=round(item.probability, 4),
        must_not_miss=c.must_not_miss, supporting=item.supporting, against=item.against,
        source=f"{c.file}#{c.id}",
    )


def plausible_must_not_miss(ranked: list[Scored], threshold: float = MUST_NOT_MISS_THRESHOLD
                            ) -> list[Scored]:
    return [s for s in ranked if s.condition.must_not_miss and s.supporting
            and s.probability >= threshold]


def next_questions(case: Case, findings: list[Finding], limit: int = 3) -> list[InformationGain]:
    """The questions or tests that would most reduce uncertainty (for case simulations)."""
    ranked, other = score_conditions(case, findings)
    return informative_findings(ranked, finding_states(findings), other, limit=limit)


def rank_differential(case: Case, findings: list[Finding]) -> DiagnosticAssessment:
    """The ranked differential, must-not-miss diagnoses, and the next tests and question."""
    ranked, other = score_conditions(case, findings)
    shown = [s for s in ranked[:TOP_K] if s.supporting]
    dangerous = [s for s in plausible_must_not_miss(ranked) if s not in shown]
    if not shown:
        return DiagnosticAssessment(
            rationale="No finding matched the disease model; no differential can be ranked.")
    working = shown[0]
    tests = [NextTest(test=t, for_diagnosis=working.condition.name,
                      rationale="confirms or excludes the working diagnosis")
             for t in working.condition.tests[:2]]
    for item in [s for s in shown[1:] if s.condition.must_not_miss] + dangerous:
        if item.condition.tests:
            tests.append(NextTest(
                test=item.condition.tests[0], for_diagnosis=item.condition.name,
                rationale=f"must-not-miss at {item.probability:.0%} (testing threshold "
                          f"{MUST_NOT_MISS_THRESHOLD:.0%}, Pauker & Kassirer 1980)"))
    for gain in informative_findings(ranked, finding_states(findings), other, limit=2):
        tests.append(NextTest(test=gain.prompt, rationale=f"most informative next step: expected "
                              f"information gain {gain.bits:.2f} bits over the differential"))
    return DiagnosticAssessment(
        differential=[_candidate(s) for s in shown + dangerous],
        next_tests=tests,
        working_diagnosis=working.condition.name,
        rationale=(f"Likelihood-ratio ranking over {len(ranked)} conditions for age band "
                   f"{age_band(case.patient.age)}; {len(finding_states(findings))} findings "
                   f"used; probability outside the modelled conditions {other:.0%}."),
    )
