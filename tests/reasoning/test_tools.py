"""The reasoning tools as both engines call them."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

import consilium.tools.reasoning_tools  # noqa: F401  (registers the tools)
from consilium.tools.registry import get_tool


def test_rank_differential_tool_takes_a_vignette() -> None:
    tool = get_tool("rank_differential")
    ddx = tool({"text": "Barking cough and noisy breathing at night after a runny nose.",
                "age": 2})
    assert ddx.working_diagnosis == "Croup"
    assert tool.json_schema()["function"]["name"] == "rank_differential"


def test_extract_findings_tool_takes_a_case() -> None:
    tool = get_tool("extract_findings")
    result = tool({"case": {"id": "c1", "patient": {"age": 30}, "note": "No fever. HR 900."}})
    assert any(f.concept_id == "fever" and f.negated for f in result.findings)
    assert result.unrecognised


def test_tool_input_needs_case_or_text() -> None:
    with pytest.raises(ValidationError, match="either 'case' or 'text'"):
        get_tool("extract_findings")({"age": 30})
