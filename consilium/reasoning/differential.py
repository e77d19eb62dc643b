"""Ranked differential diagnosis by likelihood ratios (naive Bayes over mutually exclusive causes).

P(condition | findings) is proportional to prior x product of LR+ for findings present and LR- for
findings asserted absent (negated, or measured and normal); a residual "other" cause keeps the
unmodelled share of the prior, so probabilities are not inflated by the model's own gaps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter, itemgetter

from pydantic import BaseModel, ConfigDict

from consilium.core.case import Case
from consilium.core.report import DiagnosisCandidate, DiagnosticAssessment, NextTest
from consilium.reasoning.diseases import Condition, FindingLR, age_band, default_conditions
from consilium.reasoning.findings import finding_states
from consilium.reasoning.information import InformationGain, informative_findings
from consilium.reasoning.lexicon import Lexicon, default_lexicon
from consilium.reasoning.models import Finding

# Engine parameters, each with its basis.
# Testing threshold for a dangerous diagnosis: work it up when its probability reaches ~2%
# (threshold approach, Pauker & Kassirer, NEJM 1980; PE test threshold 1.8%, Kline et al.,
# J Thromb Haemost 2004).
MUST_NOT_MISS_THRESHOLD = 0.02
# Below this probability the top diagnosis is too uncertain to start disease-specific treatment.
WORKING_DIAGNOSIS_TREATMENT_THRESHOLD = 0.30
# A present symptom or sign the condition's model does not list counts mildly against it
# (estimate: findings a disease does not explain lower its posterior; symptom-checker practice,
# Semigran et al., BMJ 2015 reviews the approach). 1.0 would ignore unexplained findings.
UNEXPLAINED_FINDING_LR = 0.6
# The residual prior held by conditions outside the model never falls below this share
# (estimate: an ED differential written from a few hundred conditions misses some causes).
MIN_OTHER_PRIOR = 0.2
TOP_K = 5
EXPLAINABLE = frozenset({"symptom", "sign", "vital", "lab"})
LOG_UNEXPLAINED = math.log(UNEXPLAINED_FINDING_LR)


@dataclass
class Scored:
    condition: Condition
    prior: float
    log_lr: float = 0.0
    supporting: list[str] = field(default_factory=list)
    against: list[str] = field(default_factory=list)
    probability: float = 0.0


def working_candidate_probability(diagnosis: DiagnosticAssessment) -> float:
    """The probability of the differential's leading candidate (0 without a differential)."""
    return diagnosis.differential[0].probability if diagnosis.differential else 0.0


def condition_prior(condition: Condition, age: float, sex: str) -> float:
    """Prevalence for the age band; sex only through sex-specific conditions and sex ratios."""
    return _band_prior(condition, age_band(age), sex)


def _band_prior(condition: Condition, band: str, sex: str) -> float:
    prior = condition.prior
    if prior.sex_only and sex in ("male", "female") and sex != prior.sex_only:
        return 0.0
    value = prior.by_age[band]
    if prior.sex_ratio and sex in prior.sex_ratio:
        ratios = prior.sex_ratio
        value *= ratios[sex] * len(ratios) / sum(ratios.values())
    return value


@dataclass(frozen=True)
class _Effect:
    """What one finding state (present or absent) does to one condition's score."""
    log_lr: float
    label: str
    supports: bool


@dataclass(frozen=True)
class _Entry:
    """One condition's likelihood ratio for one concept, with its effects precomputed."""
    condition: int  # position in the disease model
    position: int  # position in the condition's findings: sums and labels keep that order
    concept: str
    implies: tuple[str, ...]
    effects: tuple[_Effect, _Effect]  # indexed by the state: [absent, present]


@dataclass(frozen=True)
class _Priors:
    """The conditions possible for one age band and sex, with their priors and the priors' sum."""
    kept: tuple[tuple[int, Condition, float], ...]
    total: float


@dataclass(frozen=True)
class _Index:
    """The disease model indexed by concept, so a call touches only the findings it was given."""
    conditions: tuple[Condition, ...]
    lexicon: Lexicon
    by_concept: dict[str, list[_Entry]]
    explainable: frozenset[str]
    priors: dict[tuple[str, str], _Priors] = field(default_factory=dict)

    def priors_for(self, band: str, sex: str) -> _Priors:
        cached = self.priors.get((band, sex))
        if cached is None:
            kept = tuple((i, c, p) for i, c in enumerate(self.conditions)
                         if (p := _band_prior(c, band, sex)) > 0.0)
            cached = self.priors[(band, sex)] = _Priors(kept, sum(p for _, _, p in kept))
        return cached


def _effects(lexicon: Lexicon, cid: str, lr: FindingLR) -> tuple[_Effect, _Effect]:
    label = lexicon.concepts[cid].label if cid in lexicon.concepts else cid
    return (_Effect(math.log(lr.lr_neg), f"no {label}", lr.lr_neg > 1.0),
            _Effect(math.log(lr.lr_pos), label, lr.lr_pos > 1.0))


def _build_index(conditions: tuple[Condition, ...], lexicon: Lexicon) -> _Index:
    by_concept: dict[str, list[_Entry]] = {}
    for i, condition in enumerate(conditions):
        for position, (cid, lr) in enumerate(condition.findings.items()):
            implies = lexicon.concepts[cid].implies if cid in lexicon.concepts else ()
            by_concept.setdefault(cid, []).append(
                _Entry(i, position, cid, implies, _effects(lexicon, cid, lr)))
    explainable = frozenset(cid for cid, concept in lexicon.concepts.items()
                            if concept.category in EXPLAINABLE)
    return _Index(conditions, lexicon, by_concept, explainable)


_INDEX: list[_Index] = []  # at most one: the index of the loaded model and lexicon


def _index() -> _Index:
    """The index of the loaded disease model and lexicon, rebuilt if either is reloaded."""
    conditions, lexicon = default_conditions(), default_lexicon()
    if not _INDEX or _INDEX[0].conditions is not conditions or _INDEX[0].lexicon is not lexicon:
        _INDEX[:] = [_build_index(conditions, lexicon)]
    return _INDEX[0]


_Hit = tuple[int, _Entry, bool]  # (position in the condition's findings, entry, state)


def _hits(index: _Index, states: dict[str, bool]) -> dict[int, list[_Hit]]:
    """Per condition, the stated findings it lists, in the order of its findings."""
    hits: dict[int, list[_Hit]] = {}
    for cid, state in states.items():
        for entry in index.by_concept.get(cid, ()):
            hits.setdefault(entry.condition, []).append((entry.position, entry, state))
    for listed in hits.values():
        listed.sort(key=itemgetter(0))
    return hits


def _score(condition: Condition, prior: float, hits: list[_Hit],
           present_explainable: set[str]) -> Scored:
    item = Scored(condition, prior)
    explained: set[str] = set()
    for _, entry, state in hits:
        effect = entry.effects[state]
        item.log_lr += effect.log_lr
        (item.supporting if effect.supports else item.against).append(effect.label)
        if state:
            # A general finding implied by a listed specific one ("chest pain" from "pleuritic
            # chest pain") is explained by it.
            explained.add(entry.concept)
            explained.update(entry.implies)
    item.log_lr += len(present_explainable - explained) * LOG_UNEXPLAINED
    return item


class RankedCondition(BaseModel):
    """One condition's score, by its id in the disease model."""

    model_config = ConfigDict(extra="forbid")

    id: str
    prior: float
    log_lr: float
    probability: float
    supporting: list[str]
    against: list[str]


class Ranking(BaseModel):
    """Every condition scored and normalised for one case, as plain data: computed once at
    intake and read by triage and the diagnostician (the workflow state keeps it as JSON)."""

    model_config = ConfigDict(extra="forbid")

    conditions: list[RankedCondition]
    other: float

    def scored(self) -> tuple[list[Scored], float]:
        """The ranking as `score_conditions` returns it: (ranked, probability of 'other')."""
        by_id = _conditions_by_id()
        return [Scored(by_id[c.id], c.prior, c.log_lr, list(c.supporting), list(c.against),
                       c.probability) for c in self.conditions], self.other


@lru_cache(maxsize=1)
def _conditions_by_id() -> dict[str, Condition]:
    return {condition.id: condition for condition in default_conditions()}


def rank_conditions(case: Case, findings: list[Finding]) -> Ranking:
    """Score every condition once, for everything downstream to share."""
    ranked, other = score_conditions(case, findings)
    return Ranking(conditions=[
        RankedCondition(id=s.condition.id, prior=s.prior, log_lr=s.log_lr,
                        probability=s.probability, supporting=s.supporting, against=s.against)
        for s in ranked], other=other)


def score_conditions(case: Case, findings: list[Finding]) -> tuple[list[Scored], float]:
    """Every condition scored and normalised; returns (ranked, probability of 'other')."""
    return _score_states(case, finding_states(findings))


def _score_states(case: Case, states: dict[str, bool]) -> tuple[list[Scored], float]:
    index = _index()
    priors = index.priors_for(age_band(case.patient.age), case.patient.sex)
    present_explainable = {cid for cid, present in states.items()
                           if present and cid in index.explainable}
    hits = _hits(index, states)
    # A condition listing none of the findings has only the unexplained-findings penalty.
    baseline = 0.0 + len(present_explainable) * LOG_UNEXPLAINED
    scored = [_score(condition, prior, hits[i], present_explainable) if i in hits
              else Scored(condition, prior, baseline)
              for i, condition, prior in priors.kept]
    other_prior = max(MIN_OTHER_PRIOR, 1.0 - priors.total)
    peak = max([s.log_lr for s in scored] + [0.0])
    weights = [s.prior * math.exp(s.log_lr - peak) for s in scored]
    other_weight = other_prior * math.exp(-peak)
    total = sum(weights) + other_weight
    for item, weight in zip(scored, weights, strict=True):
        item.probability = weight / total
    scored.sort(key=attrgetter("probability"), reverse=True)
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
    states = finding_states(findings)
    ranked, other = _score_states(case, states)
    return informative_findings(ranked, states, other, limit=limit)


def rank_differential(case: Case, findings: list[Finding],
                      ranking: Ranking | None = None) -> DiagnosticAssessment:
    """The ranked differential, must-not-miss diagnoses, and the next tests and question
    (`ranking`: the conditions already scored for these findings, if they were)."""
    states = finding_states(findings)
    ranked, other = ranking.scored() if ranking is not None else _score_states(case, states)
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
    for gain in informative_findings(ranked, states, other, limit=2):
        tests.append(NextTest(test=gain.prompt, rationale=f"most informative next step: expected "
                              f"information gain {gain.bits:.2f} bits over the differential"))
    return DiagnosticAssessment(
        differential=[_candidate(s) for s in shown + dangerous],
        next_tests=tests,
        working_diagnosis=working.condition.name,
        rationale=(f"Likelihood-ratio ranking over {len(ranked)} conditions for age band "
                   f"{age_band(case.patient.age)}; {len(states)} findings "
                   f"used; probability outside the modelled conditions {other:.0%}."),
    )
