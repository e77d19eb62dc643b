"""The knowledge engine's clinical reasoning: findings, differential diagnosis and triage."""

from consilium.reasoning.differential import next_questions, rank_differential
from consilium.reasoning.findings import extract_case, extract_findings, finding_states
from consilium.reasoning.models import ExtractionResult, Finding
from consilium.reasoning.triage import assess_triage

__all__ = [
    "ExtractionResult",
    "Finding",
    "assess_triage",
    "extract_case",
    "extract_findings",
    "finding_states",
    "next_questions",
    "rank_differential",
]
