"""Load guideline Markdown files: validate the front matter and split the body into passages.

A document is YAML front matter followed by `## Section` headings; each paragraph under a
heading is one passage, id `<doc id>#<section slug>-<n>` (n counts from 1 within the section).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import PurePath
from typing import Any, Literal

import yaml
from pydantic import ValidationError

from consilium.core import knowledge
from consilium.core.errors import InputError
from consilium.tools.guidelines.citations import grounding_passage
from consilium.tools.guidelines.models import GuidelineDocument, GuidelineTreatment, Passage

SHIPPED = "guidelines"  # the starter corpus's folder in knowledge/
SHIPPED_DIR = knowledge.path_of(SHIPPED)
FRONT_MATTER_KEYS = {"id", "title", "body", "year", "url", "topics", "conditions", "treatments"}
REQUIRED_KEYS = {"id", "title", "body", "year", "url", "topics"}
_ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n(.*)\Z", re.DOTALL)


class GuidelineCorpusError(InputError, ValueError):
    """A guideline file that cannot be loaded; the message names the file and the problem."""


def slugify(heading: str) -> str:
    """Section slug: lowercase, words joined by hyphens (the `section` of a treatment)."""
    return re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-")


def split_sections(markdown: str) -> list[tuple[str, list[str]]]:
    """(heading, paragraphs) for each `## ` heading; text before the first heading is 'summary'."""
    sections: list[tuple[str, list[str]]] = []
    heading = "Summary"
    lines: list[str] = []
    for line in markdown.splitlines():
        if line.startswith("#"):
            sections.append((heading, _paragraphs(lines)))
            heading, lines = line.lstrip("#").strip(), []
        else:
            lines.append(line)
    sections.append((heading, _paragraphs(lines)))
    return [(title, paras) for title, paras in sections if paras]


def _paragraphs(lines: list[str]) -> list[str]:
    blocks = re.split(r"\n\s*\n", "\n".join(lines))
    return [" ".join(block.split()) for block in blocks if block.strip()]


def _facets(meta: dict[str, Any]) -> list[str]:
    """Topics and condition names, de-duplicated: both are searchable facets of a passage."""
    facets = [str(f) for f in [*(meta.get("topics") or []), *(meta.get("conditions") or [])]]
    return list(dict.fromkeys(facets))


def make_passages(
    doc_id: str, meta: dict[str, Any], markdown: str, source: Literal["shipped", "user"] = "shipped"
) -> list[Passage]:
    passages: list[Passage] = []
    for heading, paragraphs in split_sections(markdown):
        slug = slugify(heading) or "section"
        for n, text in enumerate(paragraphs, start=1):
            passages.append(
                Passage(
                    id=f"{doc_id}#{slug}-{n}",
                    doc_id=doc_id,
                    title=str(meta.get("title", doc_id)),
                    body=str(meta.get("body", "")),
                    year=meta.get("year"),
                    url=meta.get("url"),
                    section=slug,
                    section_title=heading,
                    text=text,
                    topics=_facets(meta),
                    source=source,
                )
            )
    return passages


def parse_document(source: knowledge.Source) -> GuidelineDocument:
    """Parse one shipped-format guideline file, or raise GuidelineCorpusError naming it."""
    path = PurePath(knowledge.name_of(source))
    try:
        text = knowledge.read_text(source)
    except (knowledge.KnowledgeError, UnicodeDecodeError) as exc:
        raise GuidelineCorpusError(f"{path}: cannot be read ({exc})") from None
    match = _FRONT_MATTER.match(text)
    if not match:
        raise GuidelineCorpusError(f"{path}: no YAML front matter between '---' lines")
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        raise GuidelineCorpusError(f"{path}: front matter does not parse: {exc}") from None
    if not isinstance(meta, dict):
        raise GuidelineCorpusError(f"{path}: front matter must be a mapping")
    unknown = sorted(set(meta) - FRONT_MATTER_KEYS)
    if unknown:
        raise GuidelineCorpusError(f"{path}: unknown front-matter key(s): {', '.join(unknown)}")
    missing = sorted(REQUIRED_KEYS - set(meta))
    if missing:
        raise GuidelineCorpusError(f"{path}: missing front-matter key(s): {', '.join(missing)}")
    doc_id = str(meta["id"])
    if not _ID_PATTERN.match(doc_id) or path.stem != doc_id:
        raise GuidelineCorpusError(
            f"{path}: id {doc_id!r} must be lowercase kebab-case and match the file name"
        )
    passages = make_passages(doc_id, meta, match.group(2))
    sections: dict[str, list[Passage]] = {}
    for passage in passages:
        sections.setdefault(passage.section, []).append(passage)
    try:
        treatments = [_treatment(t, doc_id, sections) for t in meta.get("treatments") or []]
        return GuidelineDocument(
            **{k: v for k, v in meta.items() if k != "treatments"},
            treatments=treatments,
            passages=passages,
        )
    except (ValidationError, TypeError, ValueError) as exc:
        raise GuidelineCorpusError(f"{path}: {exc}") from None


def _treatment(raw: Any, doc_id: str, sections: dict[str, list[Passage]]) -> GuidelineTreatment:
    if not isinstance(raw, dict):
        raise ValueError(f"treatment entry must be a mapping, got {raw!r}")
    unknown = sorted(str(key) for key in raw if key not in GuidelineTreatment.model_fields)
    if unknown:
        # In YAML flow style `{frequency: daily, repeat as needed}` the comma starts a new key.
        raise ValueError(
            f"treatment {raw.get('drug')!r} has unknown key(s) {', '.join(map(repr, unknown))}; "
            "if that text belongs to a value, put the value in quotes (a comma splits it)"
        )
    treatment = GuidelineTreatment.model_validate({**raw, "doc_id": doc_id})
    if treatment.section not in sections:
        raise ValueError(
            f"treatment {treatment.drug!r} names section {treatment.section!r}, "
            f"which is not a heading here (known: {', '.join(sorted(sections))})"
        )
    treatment.citation_id = grounding_passage(treatment, sections[treatment.section]).id
    return treatment


def load_corpus(paths: Iterable[knowledge.Source]) -> list[GuidelineDocument]:
    """Load documents; duplicate ids are an error naming both files."""
    documents: list[GuidelineDocument] = []
    seen: dict[str, knowledge.Source] = {}
    for path in sorted(paths, key=str):
        document = parse_document(path)
        if document.id in seen:
            raise GuidelineCorpusError(
                f"{path}: duplicate guideline id {document.id!r} (also in {seen[document.id]})"
            )
        seen[document.id] = path
        documents.append(document)
    return documents


@cache
def shipped_documents() -> tuple[GuidelineDocument, ...]:
    """The starter corpus, loaded once per process."""
    return tuple(load_corpus(knowledge.files(SHIPPED, ".md")))
