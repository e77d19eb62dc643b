"""A treatment line cites the paragraph that states it, not just the top of its section."""

from __future__ import annotations

from pathlib import Path

from consilium.tools.guidelines import parse_document, resolve_passage, shipped_documents
from consilium.tools.guidelines.citations import names_drug

SECTIONED = """---
id: dosing-guideline
title: Test guideline
body: Test Society
year: 2020
url: https://example.org/guideline
topics: [testing]
treatments:
  - {condition: test condition, drug: piperacillin-tazobactam, section: antibiotics}
  - {condition: test condition, drug: vancomycin, section: antibiotics, note: "MRSA risk"}
  - {condition: test condition, drug: linezolid, section: antibiotics}
---

## Antibiotics
Take blood cultures before the first dose.

Give piperacillin/tazobactam within the hour.

Vancomycin is not first line. Add vancomycin when there is MRSA risk.
"""


def _septic_shock_citations() -> dict[str, str]:
    doc = next(d for d in shipped_documents() if d.id == "septic-shock-management")
    return {t.drug: t.citation_id for t in doc.treatments}


def test_vasopressin_cites_the_paragraph_that_adds_it() -> None:
    cited = _septic_shock_citations()
    # Paragraph 1 names vasopressin only as the agent norepinephrine is preferred over.
    assert cited["vasopressin"] == "septic-shock-management#vasopressors-2"
    assert cited["epinephrine"] == "septic-shock-management#vasopressors-2"
    assert cited["norepinephrine"] == "septic-shock-management#vasopressors-1"
    passage = resolve_passage(cited["vasopressin"])
    assert passage is not None and "add vasopressin" in passage.passage


def test_cited_paragraph_names_the_drug_or_is_the_section_start(tmp_path: Path) -> None:
    path = tmp_path / "dosing-guideline.md"
    path.write_text(SECTIONED, encoding="utf-8")
    cited = {t.drug: t.citation_id for t in parse_document(path).treatments}
    assert cited["piperacillin-tazobactam"] == "dosing-guideline#antibiotics-2"
    assert cited["vancomycin"] == "dosing-guideline#antibiotics-3"
    # Not named anywhere in the section: fall back to its first paragraph.
    assert cited["linezolid"] == "dosing-guideline#antibiotics-1"


def test_every_shipped_citation_names_its_drug_when_the_section_does() -> None:
    for doc in shipped_documents():
        for treatment in doc.treatments:
            section = [p for p in doc.passages if p.section == treatment.section]
            cited = next(p for p in section if p.id == treatment.citation_id)
            if any(names_drug(p.text, treatment.drug) for p in section):
                assert names_drug(cited.text, treatment.drug), treatment.citation_id


def test_drug_names_match_whole_words_only() -> None:
    assert names_drug("Give piperacillin/tazobactam now", "piperacillin-tazobactam")
    assert names_drug("Epinephrine can be added", "epinephrine")
    assert not names_drug("Titrate norepinephrine to MAP", "epinephrine")
    assert not names_drug("anything", "")
