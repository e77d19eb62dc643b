"""Optional: a model rephrases what the patient or examiner reveals, in natural speech.

The knowledge path stays primary: the facts are chosen first (by `matching`), and the model only
rewords them. Its wording is then checked: a finding the facts do not name (by the finding
lexicon) means the model invented or leaked something, and the plain facts are used instead.
The gold diagnosis is removed afterwards in any case (`GoldGuard`).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any, Literal, Protocol

from consilium.simulations.matching import concepts_in

Speaker = Literal["patient", "examiner"]
SYSTEM_PROMPT = ("You voice a character in a medical training simulation. You never add "
                 "information beyond the facts you are given. Reply with one JSON object.")
STYLE = {
    "patient": "as the patient would say it, in the first person, in everyday words",
    "examiner": "as a brief, factual examination or test report",
}


class Phraser(Protocol):
    def phrase(self, speaker: Speaker, request: str, facts: str) -> str: ...


def faithful(reply: str, facts: str) -> bool:
    """No finding in the reply that the facts do not name."""
    return not (concepts_in(reply) - concepts_in(facts))


class LLMPhraser:
    def __init__(self, model_config: Any) -> None:
        self.model_config = model_config
        self.rejected = 0  # replies that named something the facts do not say

    def phrase(self, speaker: Speaker, request: str, facts: str) -> str:
        prompt = (f"The doctor asked: {request}\nThe facts that answer it: {facts}\n"
                  f"Say exactly these facts and nothing else, {STYLE[speaker]}. "
                  'Reply as {"reply": "..."}.')
        try:
            body = asyncio.run(self._ask(prompt))
            reply = str(json.loads(body)["reply"]).strip()
        except (ValueError, KeyError, TypeError):
            return facts
        if not reply or not faithful(reply, facts):
            self.rejected += 1
            return facts
        return reply

    async def _ask(self, prompt: str) -> str:
        from ag2 import Agent  # only with a model configured: knowledge mode never loads AG2

        agent = Agent("simulation-voice", SYSTEM_PROMPT, config=self.model_config)
        reply: Any = await agent.ask(prompt)
        return str(reply.body or "")
