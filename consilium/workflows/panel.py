"""The specialist panel as a LangGraph graph. Read it top to bottom:

intake -> triage -> (diagnostician || pharmacist) -> consensus -> critic
critic -> finalize            (pass)
critic -> revise -> critic    (revise: back to the agent at fault, bounded rounds)
critic -> escalate -> finalize (unsafe after the rounds: released only as escalated;
                                with review on, paused for a clinician's decision)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph

from consilium.core.settings import Settings
from consilium.workflows.nodes import PanelNodes, route_after_critic
from consilium.workflows.state import PanelInput, PanelState


def build_panel(
    settings: Settings,
    checkpointer: Any = None,
    models: Mapping[str, Any] | None = None,
    *,
    nodes: Any = None,
) -> CompiledStateGraph[Any]:
    """Compile the panel for these settings, checkpointing with `checkpointer` (None: no
    checkpoints). `models` maps a role to an AG2 model config replacing the configured endpoint
    for that role (tests pass scripted models); `nodes` replaces the node functions altogether
    (benchmarks measure the graph with no-op ones)."""
    nodes = nodes or PanelNodes(settings, models)
    graph = StateGraph(PanelState, input_schema=PanelInput)
    graph.add_node("intake", nodes.intake)
    graph.add_node("triage", nodes.triage)
    graph.add_node("diagnostician", nodes.diagnostician)
    graph.add_node("pharmacist", nodes.pharmacist)
    graph.add_node("consensus", nodes.consensus)
    graph.add_node("critic", nodes.critic)
    graph.add_node("revise", nodes.revise)
    graph.add_node("escalate", nodes.escalate)
    graph.add_node("finalize", nodes.finalize)

    graph.add_edge(START, "intake")
    graph.add_edge("intake", "triage")
    graph.add_edge("triage", "diagnostician")
    graph.add_edge("triage", "pharmacist")
    graph.add_edge(["diagnostician", "pharmacist"], "consensus")
    graph.add_edge("consensus", "critic")
    graph.add_conditional_edges("critic", route_after_critic)
    graph.add_edge("revise", "critic")
    graph.add_edge("escalate", "finalize")
    graph.add_edge("finalize", END)
    return graph.compile(checkpointer=checkpointer)
