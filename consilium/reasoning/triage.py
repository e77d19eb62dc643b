"""Triage: the ESI v4 algorithm (decision points A-D) and the three-level urgency scale.

A: needs a life-saving intervention -> ESI 1. B: high-risk situation -> ESI 2. C: expected
resources (0 -> ESI 5, 1 -> ESI 4, 2+ -> ESI 3). D: danger-zone vital signs with 2+ resources ->
consider ESI 2. Every rule is data with its source; the rationale names the rules that fired.
Race and ethnicity are never read; sex acts only through sex-specific conditions.
"""

from __future__ import annotations

import re

from consilium.core.case import Case
from consilium.core.report import DiagnosticAssessment, ScoreResult, TriageAssessment, Urgency
from consilium.reasoning.derived import effective_vitals
from consilium.reasoning.differential import (
    Ranking,
    Scored,
    plausible_must_not_miss,
    score_conditions,
)
from consilium.reasoning.diseases import Condition
from consilium.reasoning.findings import finding_states
from consilium.reasoning.models import Finding
from consilium.reasoning.triage_rules import Facts, esi_tables, fires, score_values, triage_rules

URGENCY_RANK: dict[str, int] = {"self_care": 0, "non_emergency": 1, "emergency": 2}
# ESI levels 1-2 are the emergency band of the three-level scale (ESI Implementation Handbook v4).
EMERGENCY_ESI = 2
# ESI decision point B asks whether the situation is high risk, not whether a danger is merely
# not yet excluded (that is the 2% work-up threshold of the differential): a must-not-miss
# emergency raises acuity from 10% (estimate, from the ESI Handbook 2012 ch. 4 examples) when a
# symptom, sign, vital sign or lab result supports it.
HIGH_RISK_THRESHOLD = 0.10
CLINICAL = frozenset({"symptom", "sign", "vital", "lab"})
# Self-care is advised only when a self-limiting diagnosis is likelier than all clinically
# supported alternatives together (estimate: half of their probability) and no must-not-miss
# diagnosis reaches the 2% testing threshold.
SELF_CARE_SHARE = 0.5


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9]+", text.lower())) + " "


def expected_resources(conditions: list[Condition]) -> list[str]:
    """ESI resource types implied by the next tests of the conditions being worked up."""
    table: dict[str, list[str]] = esi_tables()["resources"]
    found: set[str] = set()
    for condition in conditions:
        if condition.urgency == "self_care":
            continue
        for test in condition.tests:
            words = _words(test)
            found.update(kind for kind, keywords in table.items()
                         if any(_words(k) in words for k in keywords))
    return sorted(found)


def _clinically_supported(item: Scored, findings: list[Finding]) -> bool:
    present = {f.concept_id for f in findings if f.present and f.category in CLINICAL}
    return any(cid in present and lr.lr_pos >= 2.0 for cid, lr in item.condition.findings.items())


def _self_care_is_safe(
    leader: Scored | None, ranked: list[Scored], findings: list[Finding], dangerous: bool
) -> bool:
    if leader is None or leader.condition.urgency != "self_care" or dangerous:
        return False
    supported = [s for s in ranked if _clinically_supported(s, findings)]
    if leader not in supported:
        return False
    return leader.probability / sum(s.probability for s in supported) >= SELF_CARE_SHARE


def _facts(case: Case, findings: list[Finding], workup: list[Condition],
           scores: list[ScoreResult]) -> Facts:
    states = finding_states(findings)
    readings, _ = effective_vitals(case)
    return Facts(
        present=frozenset(c for c, present in states.items() if present),
        vitals={k: r.value for k, r in readings.items()},
        scores=score_values(scores),
        age=case.patient.age,
        plausible_emergency=any(c.urgency == "emergency" for c in workup),
    )


def assess_triage(
    case: Case,
    findings: list[Finding],
    ddx: DiagnosticAssessment | None = None,
    scores: list[ScoreResult] | None = None,
    ranking: Ranking | None = None,
) -> TriageAssessment:
    """ESI level, urgency, red flags and disposition, naming every rule that fired
    (`ranking`: the conditions already scored for these findings, if they were)."""
    scores = scores or []
    ranked, _ = ranking.scored() if ranking is not None else score_conditions(case, findings)
    leader = ranked[0] if ranked and ranked[0].supporting else None
    working = leader.condition if leader else None
    dangerous = [s.condition for s in plausible_must_not_miss(ranked)]
    high_risk = [s.condition for s in plausible_must_not_miss(ranked, HIGH_RISK_THRESHOLD)
                 if s.condition.urgency == "emergency" and _clinically_supported(s, findings)]
    if ddx is not None and ddx.working_diagnosis:
        by_name = {s.condition.name: s.condition for s in ranked}
        working = by_name.get(ddx.working_diagnosis, working)
    workup = ([working] if working else []) + dangerous
    facts = _facts(case, findings, high_risk, scores)
    fired = [rule for rule in triage_rules() if fires(rule, facts)]
    tables = esi_tables()
    rationale: list[str] = []
    fired_ids: list[str] = []
    if any(r.decision_point == "A" for r in fired):
        esi = 1
    elif any(r.decision_point == "B" for r in fired):
        esi = 2
    else:
        resources = expected_resources(workup)
        esi = 5 if not resources else 4 if len(resources) == 1 else 3
        rationale.append(f"Decision point C: expected resources {resources or 'none'}.")
        danger = [c for c in tables["danger_zone_findings"] if c in facts.present]
        if esi == 3 and danger:
            esi = 2
            rationale.append(f"Decision point D: danger-zone vital signs {danger}.")
            fired_ids.append("esi-d-danger-zone")
        fired_ids.append(f"esi-c-resources-{len(resources)}")
    urgency: Urgency = "emergency" if esi <= EMERGENCY_ESI else "non_emergency"
    confident = leader is not None and leader.probability >= HIGH_RISK_THRESHOLD
    if confident and working is not None and working.urgency == "emergency" and (
            _clinically_supported(leader, findings)):  # type: ignore[arg-type]
        urgency = "emergency"
        rationale.append(f"Likely {working.name}: an emergency condition.")
    elif esi == 5 and _self_care_is_safe(leader, ranked, findings, bool(dangerous)):
        urgency = "self_care"
    for rule in fired:
        if rule.floor and URGENCY_RANK[rule.floor] > URGENCY_RANK[urgency]:
            urgency = rule.floor
    red_flags = [r.label for r in fired if r.decision_point or r.floor]
    ids = [r.id for r in fired] + fired_ids
    if fired:
        rationale.insert(0, "Rules fired: " + "; ".join(f"{r.id} ({r.label})" for r in fired) + ".")
    if working is not None:
        rationale.append(f"Working diagnosis {working.name} ({working.urgency}).")
    disposition = (tables["self_care_disposition"] if urgency == "self_care"
                   else tables["dispositions"][esi])
    return TriageAssessment(
        esi=esi, urgency=urgency, red_flags=red_flags, rationale=" ".join(rationale) or
        "No red flag fired.", scores=scores, disposition=disposition, rules_fired=ids,
    )
