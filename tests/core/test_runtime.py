"""Process set-up for long runs: knowledge loaded, long-lived objects out of the collector."""

from __future__ import annotations

import subprocess
import sys


def test_warm_up_loads_the_knowledge_and_freezes_it() -> None:
    # In a child process: freezing and thresholds are process-wide and must not leak into tests.
    probe = (
        "import gc\n"
        "from consilium.reasoning.lexicon import default_lexicon\n"
        "from consilium.runtime import YOUNG_GENERATION_THRESHOLD, warm_up\n"
        "assert default_lexicon.cache_info().currsize == 0\n"
        "warm_up()\n"
        "assert default_lexicon.cache_info().currsize == 1, 'lexicon not loaded'\n"
        "assert gc.get_freeze_count() > 100_000, gc.get_freeze_count()\n"
        "assert gc.get_threshold()[0] == YOUNG_GENERATION_THRESHOLD\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
