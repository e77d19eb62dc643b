"""RFC 9457 problem details: every error leaves the service as `application/problem+json`."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from consilium.core.errors import CaseInputError, ConsiliumError

PROBLEM_MEDIA_TYPE = "application/problem+json"


class ProblemError(ConsiliumError):
    """Raise anywhere in a handler to answer with a problem detail."""

    def __init__(
        self, status: int, title: str, detail: str, *, headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.headers = headers
        self.extra = extra


def problem_response(
    request: Request, status: int, title: str, detail: str,
    headers: dict[str, str] | None = None, **extra: Any,
) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail,
            "instance": request.url.path, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def _field_errors(exc: RequestValidationError) -> list[dict[str, str]]:
    """pydantic's errors as `{field, message}`; the leading `body`/`query` stays in the path."""
    return [
        {"field": ".".join(str(part) for part in error["loc"]), "message": str(error["msg"])}
        for error in exc.errors()
    ]


def install_problem_handlers(app: FastAPI) -> None:
    async def on_problem(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ProblemError)
        return problem_response(request, exc.status, exc.title, exc.detail, exc.headers,
                                **exc.extra)

    async def on_validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        errors = _field_errors(exc)
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors) or "invalid request"
        return problem_response(request, 422, "Invalid request", detail, errors=errors)

    async def on_case_input(request: Request, exc: Exception) -> JSONResponse:
        return problem_response(request, 422, "Invalid case", str(exc))

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        headers = dict(exc.headers) if exc.headers else None
        return problem_response(request, exc.status_code, _title(exc.status_code),
                                str(exc.detail), headers)

    app.add_exception_handler(ProblemError, on_problem)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(CaseInputError, on_case_input)
    app.add_exception_handler(StarletteHTTPException, on_http)


def _title(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
