"""Requests-per-minute limits shared by two processes through a real Redis server."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

import pytest

from consilium.llm.rate_limit import MemoryRateLimiter, make_rate_limiter

pytestmark = [pytest.mark.integration, pytest.mark.timeout(60)]

# 300 requests a minute in one-second windows: 5 a window, shared by every process.
WORKER = """
import asyncio, json, sys, time
from consilium.llm.rate_limit import make_rate_limiter

async def main():
    limiter = make_rate_limiter("fake-provider", 300, None, sys.argv[1], window_s=1.0)
    granted = []
    for _ in range(6):
        await limiter.acquire(10)
        granted.append(int(time.time() // 1.0))
    print(json.dumps(granted))

asyncio.run(main())
"""


def test_two_processes_share_one_requests_per_minute_limit(redis_url):
    workers = [
        subprocess.Popen([sys.executable, "-c", WORKER, redis_url], stdout=subprocess.PIPE,
                         text=True)
        for _ in range(2)
    ]
    windows: Counter[int] = Counter()
    for worker in workers:
        out, _ = worker.communicate(timeout=45)
        assert worker.returncode == 0
        windows.update(json.loads(out))
    assert sum(windows.values()) == 12  # every request went out in the end: none was lost
    assert max(windows.values()) <= 5  # never more than the shared allowance in one window
    assert len(windows) >= 3  # so the twelve needed at least three windows


async def test_without_redis_the_limit_holds_in_one_process():
    limiter = make_rate_limiter("local", None, 600, None, window_s=1.0)  # 10 tokens a window
    assert isinstance(limiter, MemoryRateLimiter)
    assert await limiter.acquire(6) == 0.0
    waited = await limiter.acquire(6)  # 12 > 10: waits for the next window
    assert 0.0 < waited <= 1.0


def test_no_limits_means_no_limiter():
    assert make_rate_limiter("local", None, None, "redis://unused") is None
