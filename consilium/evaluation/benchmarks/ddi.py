"""Evaluate the drug-drug check against NDF-RT and on random unlisted pairs.

    consilium eval ddi ../shared/data/ddi [--pairs 2000] [--json]

Sensitivity: the fraction of NDF-RT "Critical" rows that the pair check flags as contraindicated
or major (a row whose drug the lexicon does not know counts as missed, and is also counted
separately). The generated table contains these rows, so this measures name resolution and the
severity mapping end to end; the curated class rules are also scored alone, as an independent
check of how much of NDF-RT they rediscover.

False-flag rate: the fraction of random lexicon pairs that no source table lists (neither NDF-RT
nor the ANSM thesaurus) that the check flags at all, and at major or above; such flags come from
the curated class rules and are worth reviewing, not all wrong.
"""

from __future__ import annotations

import csv
import random
from functools import partial
from pathlib import Path

from pydantic import BaseModel

from consilium.core.errors import InputError
from consilium.core.report import SEVERITY_RANK
from consilium.evaluation.benchmarks import HarnessResult
from consilium.tools.medication.interactions import curated_matches, interaction_between
from consilium.tools.medication.kb import load_known_interactions, pair_key
from consilium.tools.medication.lexicon import load_lexicon, resolve_drug

MAJOR = SEVERITY_RANK["major"]


class DdiEvaluation(BaseModel):
    critical_rows: int
    critical_resolved: int
    critical_flagged_serious: int
    critical_flagged_by_curated_rules: int
    sensitivity: float
    sensitivity_resolved_only: float
    sensitivity_curated_rules_only: float
    unresolved_names: list[str]
    random_pairs: int
    random_flagged_any: int
    random_flagged_serious: int
    false_flag_rate_any: float
    false_flag_rate_serious: float
    seed: int


def evaluate(data_dir: Path, pairs: int = 2000, seed: int = 2026) -> DdiEvaluation:
    critical = resolved = flagged = curated = 0
    unresolved: set[str] = set()
    with (data_dir / "ndfrt.tsv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["severity"].strip().lower() != "critical":
                continue
            critical += 1
            names = (row["drug_a"].replace("_", " "), row["drug_b"].replace("_", " "))
            a, b = resolve_drug(names[0]), resolve_drug(names[1])
            unresolved.update(n.lower() for n, r in zip(names, (a, b), strict=True) if r is None)
            if a is None or b is None:
                continue
            resolved += 1
            finding = interaction_between(a, b, names)
            if finding is not None and finding.rank >= MAJOR:
                flagged += 1
            rules = curated_matches(a, b)
            curated += bool(rules) and SEVERITY_RANK[rules[0].severity] >= MAJOR

    listed = set(load_known_interactions())
    lexicon = load_lexicon()
    generics = sorted(lexicon.entries)
    rng = random.Random(seed)
    sampled: set[tuple[str, str]] = set()
    while len(sampled) < pairs:
        x, y = rng.sample(generics, 2)
        if pair_key(x, y) not in listed:
            sampled.add(pair_key(x, y))
    any_flag = serious = 0
    for x, y in sorted(sampled):
        drug_x, drug_y = lexicon.resolve(x), lexicon.resolve(y)
        assert drug_x and drug_y
        finding = interaction_between(drug_x, drug_y, (x, y))
        if finding is not None:
            any_flag += 1
            serious += finding.rank >= MAJOR
    return DdiEvaluation(
        critical_rows=critical,
        critical_resolved=resolved,
        critical_flagged_serious=flagged,
        critical_flagged_by_curated_rules=curated,
        sensitivity=flagged / critical if critical else 0.0,
        sensitivity_resolved_only=flagged / resolved if resolved else 0.0,
        sensitivity_curated_rules_only=curated / critical if critical else 0.0,
        unresolved_names=sorted(unresolved),
        random_pairs=len(sampled),
        random_flagged_any=any_flag,
        random_flagged_serious=serious,
        false_flag_rate_any=any_flag / len(sampled),
        false_flag_rate_serious=serious / len(sampled),
        seed=seed,
    )


def run(path: Path, pairs: int = 2000, seed: int = 2026) -> HarnessResult:
    """`path`: the folder holding NDF-RT's `ndfrt.tsv`."""
    from consilium.render.tables import figures

    if not (path / "ndfrt.tsv").is_file():
        raise InputError(f"{path}: no ndfrt.tsv in this folder")
    result = evaluate(path, pairs, seed)
    shown = result.model_dump(exclude={"unresolved_names"})
    shown["unresolved_names"] = len(result.unresolved_names)
    return HarnessResult(result.model_dump(), partial(figures, "NDF-RT critical pairs", shown))
