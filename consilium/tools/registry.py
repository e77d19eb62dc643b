"""The clinical tool registry: every tool is a typed function with a pydantic input and output.

One registry serves both engines: the knowledge engine calls tools directly, the LLM engine
offers them to the model as functions (name, description and the input's JSON schema), and
the workflow records every call (input, output, duration) in the transcript.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, get_type_hints

from pydantic import BaseModel

InputT = TypeVar("InputT", bound=BaseModel)
OutputT = TypeVar("OutputT", bound=BaseModel)


@dataclass(frozen=True)
class Tool(Generic[InputT, OutputT]):
    name: str
    description: str
    input_model: type[InputT]
    output_model: type[OutputT]
    fn: Callable[[InputT], OutputT]

    def __call__(self, payload: InputT | dict[str, Any]) -> OutputT:
        if not isinstance(payload, self.input_model):
            payload = self.input_model.model_validate(payload)
        return self.fn(payload)

    def json_schema(self) -> dict[str, Any]:
        """The OpenAI function-calling description of this tool."""
        return {
            "type": "function",
            "function": {
                "name": self.name,
                "description": self.description,
                "parameters": self.input_model.model_json_schema(),
            },
        }


TOOLS: dict[str, Tool[Any, Any]] = {}


def clinical_tool(
    name: str, description: str
) -> Callable[[Callable[[InputT], OutputT]], Tool[InputT, OutputT]]:
    """Register `fn(input: SomeInput) -> SomeOutput` as a tool; the models come from its hints."""

    def register(fn: Callable[[InputT], OutputT]) -> Tool[InputT, OutputT]:
        hints = get_type_hints(fn)
        parameters = list(inspect.signature(fn).parameters)
        if len(parameters) != 1 or "return" not in hints:
            raise TypeError(f"tool {name!r} must take one pydantic model and return one")
        tool = Tool(name, description, hints[parameters[0]], hints["return"], fn)
        if name in TOOLS:
            raise ValueError(f"tool {name!r} registered twice")
        TOOLS[name] = tool
        return tool

    return register


def get_tool(name: str) -> Tool[Any, Any]:
    try:
        return TOOLS[name]
    except KeyError:
        raise KeyError(f"no tool named {name!r}; known: {', '.join(sorted(TOOLS))}") from None
