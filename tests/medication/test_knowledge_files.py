"""The knowledge files: every file has provenance, every rule a source, the KB rebuilds exactly."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from consilium.tools.medication.kb import GENERATED_KB
from consilium.tools.medication.lexicon import DRUGS_DIR, load_lexicon, normalise
from consilium.tools.medication.rules import RULES_DIR, load_rules, term_matches
from tests.conftest import REPO, SHARED_DATA

DDI_DATA = SHARED_DATA / "ddi"


def test_every_lexicon_file_names_its_source() -> None:
    for path in DRUGS_DIR.glob("*.yaml"):
        assert yaml.safe_load(path.read_text())["source"], path.name


def test_every_rule_has_a_source_and_refers_to_known_drugs_or_classes() -> None:
    book = load_rules()
    lexicon = load_lexicon()
    terms = [t for r in book.curated for t in (r.a, r.b)]
    terms += [
        r.drug
        for group in (book.renal, book.pregnancy, book.older_adult, book.disease)
        for r in group
    ]
    for term in terms:
        if term.startswith("class:"):
            assert term[6:] in lexicon.class_members, term
        else:
            assert term in lexicon.entries, term
    assert all(r.source for r in book.curated)
    assert len(book.curated) >= 60


def test_generated_kb_has_provenance() -> None:
    data = json.loads(GENERATED_KB.read_text())
    assert "NDF-RT" in data["source"] and "French" in data["source"]
    assert len(data["interactions"]) > 10_000


def test_class_term_matching() -> None:
    warfarin = load_lexicon().resolve("warfarin")
    assert warfarin is not None
    assert term_matches("class:anticoagulant", warfarin) and term_matches("warfarin", warfarin)
    assert not term_matches("class:nsaid", warfarin)


@pytest.mark.skipif(not DDI_DATA.is_dir(), reason="../shared/data/ddi is absent (reference data)")
def test_build_script_reproduces_the_committed_file(tmp_path: Path) -> None:
    out = tmp_path / "ddi.json"
    subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "build_interactions.py"),
            "--data",
            str(DDI_DATA),
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    assert out.read_bytes() == GENERATED_KB.read_bytes()
    assert GENERATED_KB.parent == RULES_DIR


def test_no_brand_or_synonym_points_at_two_drugs() -> None:
    lexicon = load_lexicon()
    owners: dict[str, set[str]] = {}
    for generic, entry in lexicon.entries.items():
        for name in entry.names:
            owners.setdefault(normalise(name), set()).add(generic)
    ambiguous = {name: gens for name, gens in owners.items() if len(gens) > 1}
    shadowing = [n for n, gens in owners.items() if n in lexicon.entries and gens != {n}]
    assert ambiguous == {} and shadowing == []
