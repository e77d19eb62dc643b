"""The shipped corpus and the loader's refusal of malformed documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from consilium.tools.guidelines import (
    GuidelineCorpusError,
    load_corpus,
    parse_document,
    resolve_passage,
    shipped_documents,
)

VALID = """---
id: {id}
title: Test guideline
body: Test Society
year: 2020
url: https://example.org/guideline
topics: [testing]
conditions: [test condition]
treatments:
  - condition: test condition
    drug: amoxicillin
    dose: "500 mg"
    route: oral
    frequency: three times daily
    line: first
    section: treatment
---

## Diagnosis
First paragraph about diagnosis.

Second paragraph about diagnosis.

## Treatment
Give amoxicillin. (Strength: strong; evidence: low)
"""


def write(folder: Path, doc_id: str, text: str | None = None) -> Path:
    path = folder / f"{doc_id}.md"
    path.write_text(text if text is not None else VALID.format(id=doc_id), encoding="utf-8")
    return path


def test_shipped_corpus_is_large_and_well_formed() -> None:
    documents = shipped_documents()
    assert len(documents) >= 40
    for doc in documents:
        sections = {p.section for p in doc.passages}
        assert 3 <= len(sections) <= 6, f"{doc.id} has {len(sections)} sections"
        assert doc.url.startswith("https://"), doc.id
        assert 1990 <= doc.year <= 2030, doc.id


def test_every_treatment_cites_a_passage_that_resolves() -> None:
    treatments = [t for doc in shipped_documents() for t in doc.treatments]
    assert len(treatments) >= 60
    for treatment in treatments:
        hit = resolve_passage(treatment.citation_id)
        assert hit is not None, treatment.citation_id
        assert treatment.drug == treatment.drug.lower()


def test_passages_are_paragraphs_with_section_ids(tmp_path: Path) -> None:
    doc = parse_document(write(tmp_path, "test-guideline"))
    assert [p.id for p in doc.passages] == [
        "test-guideline#diagnosis-1",
        "test-guideline#diagnosis-2",
        "test-guideline#treatment-1",
    ]
    assert doc.passages[2].text.endswith("(Strength: strong; evidence: low)")
    assert doc.treatments[0].citation_id == "test-guideline#treatment-1"


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (VALID.format(id="bad-doc").replace("topics:", "colour: red\ntopics:"), "unknown"),
        (
            VALID.format(id="bad-doc").replace("year: 2020\n", ""),
            "missing front-matter key(s): year",
        ),
        (VALID.format(id="bad-doc").replace("section: treatment", "section: dosing"), "dosing"),
        (VALID.format(id="bad-doc").replace("title: Test", "title: [unclosed"), "does not parse"),
        ("## Only a body\nNo front matter.\n", "no YAML front matter"),
        (VALID.format(id="Bad_Doc"), "kebab-case"),
    ],
)
def test_loader_rejects_malformed_documents_naming_the_file(
    tmp_path: Path, broken: str, message: str
) -> None:
    path = write(tmp_path, "bad-doc", broken)
    with pytest.raises(GuidelineCorpusError) as error:
        parse_document(path)
    assert str(path) in str(error.value)
    assert message in str(error.value)


def test_duplicate_ids_are_rejected_with_both_files(tmp_path: Path) -> None:
    first = write(tmp_path, "same-id")
    (tmp_path / "copy").mkdir()
    second = write(tmp_path / "copy", "same-id")
    with pytest.raises(GuidelineCorpusError, match="duplicate guideline id 'same-id'") as error:
        load_corpus([first, second])
    assert str(first) in str(error.value) and str(second) in str(error.value)


def test_unquoted_comma_in_a_flow_treatment_gets_a_hint(tmp_path: Path) -> None:
    flow = (
        "  - {condition: test condition, drug: amoxicillin, route: oral, "
        "frequency: daily, repeat as needed, line: first, section: treatment}\n"
    )
    text = VALID.format(id="comma-doc")
    start = text.index("  - condition")
    text = text[:start] + flow + text[text.index("---\n\n## Diagnosis") :]
    with pytest.raises(GuidelineCorpusError, match="put the value in quotes"):
        parse_document(write(tmp_path, "comma-doc", text))
