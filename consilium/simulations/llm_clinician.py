"""A model as the doctor: it reads the transcript so far and answers with its next action.

The model sees only what the session has revealed (the transcript's questions and answers),
never the hidden facts or the gold diagnosis: the patient and examiner answer its requests
exactly as they answer a person. A reply that is not a valid action is recorded as an error and
the knowledge panel's step is taken instead, so a weak model cannot stall a session.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any, Literal

from ag2 import Agent
from pydantic import BaseModel, ConfigDict, ValidationError

from consilium.simulations.panel import Action, KnowledgeClinician
from consilium.simulations.session import Session

SYSTEM_PROMPT = (
    "You are a physician working up a patient whose facts are revealed only when you ask. "
    "Each step has a price. Reply with one JSON object and nothing else."
)
INSTRUCTIONS = """Transcript so far:
{transcript}

Budget left: {budget}.
Reply with one JSON object: {{"action": "ask" | "examine" | "order" | "commit",
"text": the question, the examination, the test, or the diagnosis,
"plan": the plan (only with commit)}}."""


class LLMAction(BaseModel):
    model_config = ConfigDict(extra="ignore")

    action: Literal["ask", "examine", "order", "commit"]
    text: str
    plan: str = ""


def visible_transcript(session: Session) -> str:
    """The transcript as the doctor saw it (never the score line with the gold)."""
    return "\n".join(f"{e.role}: {e.text}" for e in session.state.events if e.kind != "score")


def parse_action(body: str) -> LLMAction:
    text = body.strip()
    if text.startswith("```"):
        text = text.strip("`").removeprefix("json").strip()
    data: Any = json.loads(text)
    return LLMAction.model_validate(data)


class LLMClinician:
    """Asks an AG2 model config (any OpenAI-compatible endpoint, or a scripted test model)."""

    name = "llm-doctor"

    def __init__(self, model_config: Any) -> None:
        self.model_config = model_config
        self.fallback = KnowledgeClinician()

    def next_action(self, session: Session) -> Action:
        remaining = session.remaining_usd
        prompt = INSTRUCTIONS.format(
            transcript=visible_transcript(session),
            budget="unlimited" if remaining is None else f"{remaining:.0f} USD")
        try:
            body = asyncio.run(self._ask(prompt))
            reply = parse_action(body)
        except (ValueError, ValidationError) as error:
            session.record("system", "error", f"the model's reply is not an action ({error}); "
                           "the knowledge panel takes this step")
            return self.fallback.next_action(session)
        kind = "commit" if reply.action == "commit" else reply.action
        return Action(kind, reply.text, plan=reply.plan, why="model")

    async def _ask(self, prompt: str) -> str:
        agent = Agent(self.name, SYSTEM_PROMPT, config=self.model_config)
        reply: Any = await agent.ask(prompt)
        return str(reply.body or "")
