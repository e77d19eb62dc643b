"""Typed shapes of the guideline layer: documents, passages, treatments, queries and hits."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

CorpusChoice = Literal["shipped", "user", "both"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GuidelineTreatment(_Model):
    """One structured treatment line from a document's front matter."""

    condition: str
    drug: str
    dose: str | None = None
    route: str | None = None
    frequency: str | None = None
    line: Literal["first", "second", "alternative", "adjunct"] = "first"
    section: str
    note: str | None = None
    doc_id: str = ""
    citation_id: str = Field(default="", description="Passage id that grounds this treatment.")


class Passage(_Model):
    """One retrievable paragraph; `id` is `<doc id>#<section slug>-<n>`."""

    id: str
    doc_id: str
    title: str
    body: str
    year: int | None
    url: str | None
    section: str
    section_title: str
    text: str
    topics: list[str] = Field(default_factory=list)
    source: Literal["shipped", "user"] = "shipped"


class GuidelineDocument(_Model):
    id: str
    title: str
    body: str
    year: int
    url: str
    topics: list[str]
    conditions: list[str] = Field(default_factory=list)
    treatments: list[GuidelineTreatment] = Field(default_factory=list)
    passages: list[Passage] = Field(default_factory=list)


class GuidelineQuery(_Model):
    query: str = Field(min_length=1, description="Clinical question or keywords.")
    k: int = Field(default=5, ge=1, le=50)
    topic: str | None = Field(default=None, description="Keep documents tagged with this topic.")
    body: str | None = Field(default=None, description="Issuing body, matched as a substring.")
    year_min: int | None = Field(default=None, description="Keep documents from this year on.")
    corpus: CorpusChoice = "shipped"


class GuidelineHit(_Model):
    id: str
    doc_id: str
    title: str
    body: str
    year: int | None
    section: str
    passage: str
    score: float
    url: str | None = None
    source: Literal["shipped", "user"] = "shipped"


class GuidelineSearchResult(_Model):
    query: str
    results: list[GuidelineHit]
    reranked: bool = Field(default=False, description="True when the embedding re-ranker ran.")
    warnings: list[str] = Field(default_factory=list)


class PassageRef(_Model):
    id: str = Field(description="Passage id, e.g. 'sepsis-adult-initial-management#treatment-1'.")


class ResolvedPassage(_Model):
    id: str
    found: bool
    hit: GuidelineHit | None = None
