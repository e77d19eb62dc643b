"""API key check and per-key rate limit: a FastAPI dependency on every router but health."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from consilium.server.keys import ApiKeyRecord
from consilium.server.problems import ProblemError
from consilium.server.state import ServiceState, service

# Either header works: `Authorization: Bearer <key>` or `X-API-Key: <key>`.
_bearer = HTTPBearer(auto_error=False, description="An API key from `consilium keys create`.")
_header = APIKeyHeader(name="X-API-Key", auto_error=False)


async def require_api_key(
    request: Request,
    state: Annotated[ServiceState, Depends(service)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
    header_key: Annotated[str | None, Security(_header)],
) -> ApiKeyRecord:
    presented = header_key or (bearer.credentials if bearer else None)
    if not presented:
        raise ProblemError(401, "Unauthorized", "an API key is required (X-API-Key header or "
                           "Authorization: Bearer)", headers={"WWW-Authenticate": "Bearer"})
    record = state.keys.verify(presented)
    if record is None:
        raise ProblemError(401, "Unauthorized", "the API key is unknown or revoked",
                           headers={"WWW-Authenticate": "Bearer"})
    decision = await state.limiter.hit(record.id)
    if not decision.allowed:
        raise ProblemError(
            429, "Too Many Requests",
            f"rate limit of {state.limiter.limit} requests per minute reached for this key",
            headers={"Retry-After": str(decision.retry_after_s)},
        )
    request.state.api_key_id = record.id
    return record


ApiKey = Annotated[ApiKeyRecord, Depends(require_api_key)]
