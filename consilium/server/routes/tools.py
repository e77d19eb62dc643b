"""`/v1/tools`: every clinical tool of the catalog as `POST /v1/tools/{name}` with its typed
input and output (drug checks, guideline search, calculators, findings, differential).

No `from __future__ import annotations` here: the endpoint closures need real annotation
objects so FastAPI can read each tool's input and output models.
"""

from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ValidatorFunctionWrapHandler, model_validator

from consilium.server.problems import ProblemError
from consilium.server.security import require_api_key
from consilium.tools.catalog import all_tools
from consilium.tools.registry import Tool


class ToolInfo(BaseModel):
    name: str
    description: str
    path: str
    input_schema: dict[str, Any]

_GUARDED: dict[type[BaseModel], type[BaseModel]] = {}  # several tools share an input model


def _guarded(model: type[BaseModel]) -> type[BaseModel]:
    """The tool's input model, with a TypeError raised inside one of its validators (a value of
    the wrong shape reaching a converter) turned into a validation error: a 422, never a 500."""

    if model in _GUARDED:
        return _GUARDED[model]

    class Guarded(model):  # type: ignore[valid-type, misc]
        @model_validator(mode="wrap")
        @classmethod
        def _type_errors_are_input_errors(
            cls, data: Any, handler: ValidatorFunctionWrapHandler
        ) -> Any:
            try:
                return handler(data)
            except TypeError as exc:
                raise ValueError(f"a value has the wrong type: {exc}") from None

    Guarded.__name__ = Guarded.__qualname__ = model.__name__
    Guarded.__doc__ = model.__doc__
    _GUARDED[model] = Guarded
    return Guarded


def _endpoint(tool: Tool[Any, Any]) -> Any:
    input_model = _guarded(tool.input_model)

    def call_tool(payload: input_model) -> Any:  # type: ignore[valid-type]
        try:
            return tool(payload)
        except ValueError as exc:  # a tool's own input check (e.g. CalculatorInputError)
            raise ProblemError(422, "Invalid tool input", str(exc), tool=tool.name) from None
        except ArithmeticError as exc:  # e.g. a zero divisor the tool's bounds let through
            raise ProblemError(422, "Invalid tool input", "these inputs give no defined result "
                               f"({exc})", tool=tool.name) from None

    call_tool.__name__ = f"tool_{tool.name}"
    call_tool.__doc__ = tool.description
    return call_tool

def build_tools_router() -> APIRouter:
    router = APIRouter(prefix="/v1/tools", tags=["tools"],
                       dependencies=[Depends(require_api_key)])
    tools = all_tools()
    infos = [ToolInfo(name=name, description=t.description, path=f"/v1/tools/{name}",
                      input_schema=t.input_model.model_json_schema())
             for name, t in sorted(tools.items())]

    @router.get("", response_model=list[ToolInfo])
    async def list_tools() -> list[ToolInfo]:
        """Every clinical tool with the JSON schema of its input."""
        return infos

    for name, tool in tools.items():
        router.add_api_route(
            f"/{name}", _endpoint(tool), methods=["POST"], response_model=tool.output_model,
            summary=tool.description.split(". ")[0][:120], description=tool.description,
            operation_id=f"tool_{name}",
            responses={422: {"description": "Invalid input (problem detail naming the field)"}},
        )
    return router
