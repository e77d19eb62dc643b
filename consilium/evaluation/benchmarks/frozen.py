"""The frozen evaluation sets' halves (`cases/eval/splits.json`, beside the set's file).

A set is frozen with `scripts/freeze_evalsets.py`: its file's hash and the ids of its development
and test halves are recorded. A harness given `--split dev|test` evaluates that half only, and
refuses when the file changed after it was frozen (figures on an edited set mean nothing).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Literal

from consilium.core.errors import InputError

Split = Literal["dev", "test"]
MANIFEST_NAME = "splits.json"


def split_ids(path: Path, split: Split | None) -> set[str] | None:
    """The ids of `split` of the frozen set at `path`; None (every row) when no split is asked."""
    if split is None:
        return None
    manifest_path = path.parent / MANIFEST_NAME
    if not manifest_path.is_file():
        raise InputError(f"--split: no {MANIFEST_NAME} beside {path} (not a frozen set)")
    entry = json.loads(manifest_path.read_text(encoding="utf-8"))["sets"].get(path.name)
    if entry is None:
        raise InputError(f"--split: {path.name} is not listed in {manifest_path}")
    if hashlib.sha256(path.read_bytes()).hexdigest() != entry["sha256"]:
        raise InputError(f"--split: {path} changed after it was frozen; its halves do not apply")
    return set(entry[split])
