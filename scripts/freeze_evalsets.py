"""Freeze the evaluation sets: split each by a fixed seed into a development and a test half.

The sets under `cases/eval/` are written once, before any rule is tuned. This script records, in
`cases/eval/splits.json`, each file's SHA-256 and which ids fall in each half; a test
(`tests/evaluation/test_frozen_sets.py`) fails when a frozen file changes or the split cannot be
reproduced from the seed. Rules are tuned on the development half only; figures quoted in notes
come from the test half.

Run once per new set: `python scripts/freeze_evalsets.py` (it refuses to re-split a frozen file
whose content changed; a changed set is a new set with a new name).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

EVAL_DIR = Path(__file__).resolve().parents[1] / "cases" / "eval"
MANIFEST = EVAL_DIR / "splits.json"
SEED = 20261205
# Stratify so both halves hold the same mix (urgency x domain for vignettes, kind x severity for
# drug pairs); within a stratum the seeded shuffle alternates dev / test.
STRATA = {"vignettes": ("gold_urgency", "domain"), "ddi": ("kind", "gold_severity")}
# Sets whose every row belongs to the development half (written before the freeze, tuned on).
DEV_ONLY = {"vignettes_wave1.jsonl"}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def split(path: Path, kind: str, seed: int = SEED) -> dict[str, list[str]]:
    """Ids of the development and test halves; reproducible from the seed alone."""
    records = rows(path)
    if path.name in DEV_ONLY:
        return {"dev": sorted(str(r["id"]) for r in records), "test": []}
    strata: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for record in records:
        strata[tuple(str(record[key]) for key in STRATA[kind])].append(str(record["id"]))
    rng = random.Random(seed)
    halves: dict[str, list[str]] = {"dev": [], "test": []}
    for key in sorted(strata):
        ids = sorted(strata[key])
        rng.shuffle(ids)
        for position, id_ in enumerate(ids):
            halves["dev" if position % 2 == 0 else "test"].append(id_)
    return {half: sorted(ids) for half, ids in halves.items()}


def kind_of(path: Path) -> str:
    return "ddi" if path.name.startswith("ddi") else "vignettes"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="sets to freeze (default: all new)")
    args = parser.parse_args()
    manifest = json.loads(MANIFEST.read_text()) if MANIFEST.exists() else {"seed": SEED, "sets": {}}
    files = args.files or sorted(EVAL_DIR.glob("*.jsonl"))
    for path in files:
        entry = manifest["sets"].get(path.name)
        digest = sha256(path)
        if entry and entry["sha256"] != digest:
            print(f"{path.name}: frozen set changed (was {entry['sha256'][:12]}); refusing",
                  file=sys.stderr)
            return 1
        if entry:
            continue
        halves = split(path, kind_of(path), manifest["seed"])
        manifest["sets"][path.name] = {"kind": kind_of(path), "sha256": digest,
                                       "rows": sum(len(v) for v in halves.values()), **halves}
        print(f"{path.name}: frozen, dev {len(halves['dev'])}, test {len(halves['test'])}")
    MANIFEST.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
