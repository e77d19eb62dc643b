"""Diagnostician agent: a ranked differential, must-not-miss diagnoses and the next tests."""

from __future__ import annotations

from consilium.agents.base import AgentContext, Recorder
from consilium.core.report import DiagnosticAssessment, NextTest
from consilium.reasoning import rank_differential
from consilium.reasoning.diseases import condition_named, names_of
from consilium.tools.guidelines import citation_for, guidelines_for

ROLE = "diagnostician"
LLM_TOOLS = ["rank_differential", "guideline_search"]


def assess(context: AgentContext, recorder: Recorder) -> DiagnosticAssessment:
    ddx = recorder.tool(
        "rank_differential",
        rank_differential,
        {"case_id": context.case.id, "findings": len(context.clinical_findings)},
        case=context.case,
        findings=context.clinical_findings,
        ranking=context.ranking,
    )
    working = ddx.working_diagnosis or (ddx.differential[0].diagnosis if ddx.differential else None)
    citations = list(ddx.citations)
    if working:
        names = names_of(working)
        hits = recorder.tool("guidelines_for", guidelines_for, {"names": names}, names)
        citations.extend(citation_for(hit) for hit in hits)
    top = ", ".join(f"{c.diagnosis} {c.probability:.0%}" for c in ddx.differential[:3])
    recorder.message(f"Differential: {top or 'no candidate'}; working diagnosis: {working}.")
    return ddx.model_copy(update={"working_diagnosis": working, "citations": citations})


def work_up_for(diagnosis: str) -> str:
    """The disease model's first confirming test for a diagnosis, by name or synonym."""
    condition = condition_named(diagnosis)
    if condition and condition.tests:
        return condition.tests[0]
    return f"clinical evaluation to confirm or exclude {diagnosis} (no test listed in the model)"


def revise(
    ddx: DiagnosticAssessment, missing: list[str], recorder: Recorder
) -> DiagnosticAssessment:
    """Add a work-up for each must-not-miss diagnosis the critic found unaddressed."""
    added = [
        NextTest(test=work_up_for(diagnosis), for_diagnosis=diagnosis,
                 rationale="must-not-miss diagnosis raised by the critic")
        for diagnosis in missing
    ]
    recorder.message("Added work-up: " + "; ".join(f"{t.test} for {t.for_diagnosis}"
                                                  for t in added))
    return ddx.model_copy(update={"next_tests": [*ddx.next_tests, *added]})
