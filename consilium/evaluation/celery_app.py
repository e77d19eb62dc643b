"""The Celery backend: cases run on workers, results come back to the coordinating process.

Broker and result backend are the Redis at `CONSILIUM_REDIS_URL`. A worker runs exactly the
function the local backend runs (`batch.evaluate_item`) and returns the stored record, so the
coordinator writes the same `results.jsonl` lines either way. Tasks are acknowledged late and
re-queued if a worker dies mid-case; the coordinator alone writes results, so a case is never
recorded twice even when it was computed twice.

    consilium worker --concurrency 2                          # on each worker machine
    consilium batch cases.jsonl --out runs/a --backend celery --concurrency 8
"""

from __future__ import annotations

import asyncio
import os
import time
from typing import Any

import redis
from celery import Celery
from celery.signals import worker_process_shutdown, worker_shutdown

from consilium.core.errors import RunError
from consilium.core.settings import Settings
from consilium.evaluation.batch import (
    Evaluator,
    PanelRunner,
    evaluate_item,
    make_record,
    openai_judge,
)
from consilium.evaluation.formats import BatchItem
from consilium.evaluation.store import ResultRecord

TASK_NAME = "consilium.evaluate_item"
DEFAULT_URL = "redis://127.0.0.1:6379/0"
_POLL_S = (0.005, 0.25)  # first and longest wait between result checks


class BrokerUnavailableError(RunError, RuntimeError):
    """No Redis URL configured, or the Redis server does not answer."""


def configure(celery: Celery, url: str) -> Celery:
    celery.conf.update(
        broker_url=url,
        result_backend=url,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_acks_late=True,  # a case lost with its worker is re-delivered
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,  # cases are long; do not hoard them on one worker
        result_expires=24 * 3600,
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
    )
    return celery


app = configure(Celery("consilium"), os.environ.get("CONSILIUM_REDIS_URL") or DEFAULT_URL)


@app.task(name=TASK_NAME)
def evaluate_item_task(item_json: str, model: str | None, max_rounds: int | None) -> str:
    """Run one case on this worker; the answer is the result record as JSON."""
    item = BatchItem.model_validate_json(item_json)
    return _WORKER.evaluate(item, model, max_rounds).model_dump_json()


class _WorkerPanels:
    """This worker process's event loop and, on it, one panel per (model, max rounds): every
    task reuses the checkpoint connection and compiled graph instead of opening them per case."""

    def __init__(self) -> None:
        self._loop: asyncio.Runner | None = None
        self._runners: dict[tuple[str | None, int | None], PanelRunner] = {}

    def evaluate(self, item: BatchItem, model: str | None, max_rounds: int | None
                 ) -> ResultRecord:
        if self._loop is None:
            self._loop = asyncio.Runner()
        settings = Settings(model=model) if model else Settings()
        judge = openai_judge(settings) if settings.llm_enabled else None
        runner = self._runners.get((model, max_rounds))
        if runner is None:
            runner = self._runners[(model, max_rounds)] = PanelRunner(settings, max_rounds)
        return self._loop.run(evaluate_item(item, runner, judge, settings.model))

    def close(self) -> None:
        if self._loop is None:
            return
        for runner in self._runners.values():
            self._loop.run(runner.aclose())
        self._runners.clear()
        self._loop.close()
        self._loop = None


_WORKER = _WorkerPanels()


@worker_process_shutdown.connect  # a prefork child stopping
@worker_shutdown.connect  # the solo pool's process stopping
def _close_panels(**_: Any) -> None:
    # The panel's SQLite connection runs on a non-daemon thread: left open, it would keep the
    # process from exiting.
    _WORKER.close()


def broker_url(settings: Settings) -> str:
    url = settings.redis_url
    if not url:
        raise BrokerUnavailableError(
            "the celery backend needs a Redis URL: set CONSILIUM_REDIS_URL (e.g. redis://host:6379/0)"
        )
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        raise BrokerUnavailableError(f"Redis at {url} does not answer: {exc}") from None
    return url


def celery_evaluator(settings: Settings, max_rounds: int | None = None) -> Evaluator:
    """An evaluator that sends each item to a worker and waits for its record."""
    celery = configure(Celery("consilium-coordinator"), broker_url(settings))

    async def evaluate(item: BatchItem) -> ResultRecord:
        started = time.time()
        result = celery.send_task(TASK_NAME, args=[item.model_dump_json(), settings.model,
                                                   max_rounds])
        wait = _POLL_S[0]
        while not result.ready():  # poll: no thread per case in flight
            await asyncio.sleep(wait)
            wait = min(wait * 2, _POLL_S[1])
        try:
            if result.successful():
                return ResultRecord.model_validate_json(str(result.result))
            return make_record(item, None, f"worker failed: {result.result!r}", started,
                               time.time() - started)
        finally:
            result.forget()

    return evaluate


def start_worker(concurrency: int = 1, hostname: str | None = None,
                 settings: Settings | None = None) -> None:
    """Run a worker in this process until it is stopped (SIGTERM finishes the current case)."""
    configure(app, broker_url(settings or Settings()))
    argv: list[Any] = ["worker", f"--concurrency={concurrency}", "--loglevel=INFO",
                       "--without-mingle", "--without-gossip",
                       f"--pool={'solo' if concurrency == 1 else 'prefork'}"]
    if hostname:
        argv.append(f"--hostname={hostname}")
    from consilium.runtime import warm_up

    warm_up()  # before prefork: the children share the loaded, frozen knowledge copy-on-write
    app.worker_main(argv)
