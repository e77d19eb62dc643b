"""The FastAPI application factory: `uvicorn consilium.server:create_app --factory`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from redis.asyncio import Redis

from consilium.core.report import SCHEMA_VERSION
from consilium.core.settings import Settings
from consilium.server.body_limit import BodySizeLimit
from consilium.server.cds.services import router as cds_router
from consilium.server.config import ServerConfig
from consilium.server.events import RedisEventPublisher
from consilium.server.jobs import CaseJobs
from consilium.server.keys import KeyStore
from consilium.server.phi_logging import install_phi_filter
from consilium.server.problems import install_problem_handlers
from consilium.server.rate_limit import MemoryRateLimiter, RateLimiter, RedisRateLimiter
from consilium.server.routes.cases import router as cases_router
from consilium.server.routes.health import router as health_router
from consilium.server.routes.tools import build_tools_router
from consilium.server.state import ServiceState

DESCRIPTION = """Clinical decision support panel over HTTP: run cases (consilium schema or FHIR R4
Bundle), follow them as server-sent events, sign off paused cases, call the clinical tools, and
CDS Hooks 2.0 services for EHRs. Every endpoint except `/healthz` and `/readyz` needs an API key
(`X-API-Key` or `Authorization: Bearer`), created with `consilium keys create`.
Decision support only: a clinician remains responsible for every decision."""


def _service_state(settings: Settings, config: ServerConfig) -> ServiceState:
    redis = Redis.from_url(settings.redis_url) if settings.redis_url else None
    limiter: RateLimiter = (RedisRateLimiter(redis, config.rate_limit_per_minute) if redis
                            else MemoryRateLimiter(config.rate_limit_per_minute))
    publisher = RedisEventPublisher(redis) if redis else None
    return ServiceState(
        settings=settings, config=config, keys=KeyStore.in_state_dir(settings.state_dir),
        limiter=limiter, jobs=CaseJobs(settings, publisher, config.max_finished_jobs),
        redis=redis,
    )


def create_app(settings: Settings | None = None, config: ServerConfig | None = None) -> FastAPI:
    settings = settings or Settings()
    config = config or ServerConfig()
    state = _service_state(settings, config)
    install_phi_filter()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        await state.jobs.aclose()
        if state.redis is not None:
            await state.redis.aclose()

    app = FastAPI(title="consilium", version=SCHEMA_VERSION, description=DESCRIPTION,
                  lifespan=lifespan)
    app.state.service = state
    install_problem_handlers(app)
    for router in (health_router, cases_router, build_tools_router(), cds_router):
        app.include_router(router)
    if config.cors_origins:  # off unless origins are configured
        app.add_middleware(CORSMiddleware, allow_origins=config.cors_origins,
                           allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "X-API-Key", "Content-Type"])
    app.add_middleware(BodySizeLimit, max_bytes=config.max_body_bytes)
    return app
