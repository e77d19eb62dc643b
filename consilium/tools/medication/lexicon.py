"""The drug lexicon: resolve a name as written ("Coumadin", "metoprolol succinate", "ASA") to a
generic and its classes. Data: `consilium/knowledge/drugs/*.yaml` (one file per therapeutic area).

Matching is case-insensitive and tolerant of salt and formulation words; a name that does not
resolve is never guessed: the caller gets None and can ask `suggest()` for the closest names.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from consilium.core import knowledge

DRUGS = "drugs"  # the drug lexicon's folder in knowledge/
DRUGS_DIR = knowledge.path_of(DRUGS)

# Words that name a salt, ester or formulation rather than the active moiety; dropped only when
# the full name does not resolve, so "potassium chloride" still resolves as itself.
_SALT_AND_FORM_WORDS = frozenset(
    [
        "hydrochloride",
        "hcl",
        "dihydrochloride",
        "hydrobromide",
        "sodium",
        "potassium",
        "calcium",
        "magnesium",
        "succinate",
        "tartrate",
        "besylate",
        "besilate",
        "maleate",
        "mesylate",
        "mesilate",
        "sulfate",
        "sulphate",
        "acetate",
        "citrate",
        "phosphate",
        "fumarate",
        "bromide",
        "chloride",
        "carbonate",
        "monohydrate",
        "dihydrate",
        "trihydrate",
        "hyclate",
        "hydrate",
        "dipropionate",
        "propionate",
        "furoate",
        "valerate",
        "xinafoate",
        "disoproxil",
        "etexilate",
        "medoxomil",
        "cilexetil",
        "axetil",
        "pivoxil",
        "decanoate",
        "enanthate",
        "cypionate",
        "er",
        "xr",
        "xl",
        "sr",
        "cr",
        "la",
        "mr",
        "cd",
        "ir",
        "dr",
        "ec",
        "od",
        "tablet",
        "tablets",
        "tab",
        "tabs",
        "capsule",
        "capsules",
        "cap",
        "caps",
        "oral",
        "solution",
        "suspension",
        "injection",
        "inj",
        "iv",
        "po",
        "patch",
        "cream",
        "gel",
        "inhaler",
        "syrup",
        "extended",
        "release",
        "delayed",
        "modified",
    ]
)


class ResolvedDrug(BaseModel):
    """A medication name as written, and what the lexicon knows it to be."""

    model_config = ConfigDict(frozen=True)

    text: str = Field(description="The name as the case wrote it.")
    generic: str
    classes: list[str] = Field(default_factory=list)
    matched_by: str = Field(description="generic, brand_or_synonym or salt_stripped.")
    components: list[str] = Field(
        default_factory=list, description="For a combination product, its component generics."
    )


class DrugEntry(BaseModel):
    generic: str
    classes: list[str] = Field(default_factory=list)
    names: list[str] = Field(default_factory=list, description="Brands and synonyms.")
    components: list[str] = Field(default_factory=list, description="Combination products only.")
    source: str


def normalise(name: str) -> str:
    """Lower case, underscores and hyphens as spaces, single spaces, no stray punctuation."""
    text = name.lower().replace("_", " ").replace("’", "'")
    text = re.sub(r"[®™]", "", text)
    text = re.sub(r"[\s\-]+", " ", text)
    return text.strip(" .,;")


class Lexicon:
    def __init__(self, entries: dict[str, DrugEntry]) -> None:
        self.entries = entries
        self._by_name: dict[str, str] = {}
        for generic, entry in entries.items():
            self._by_name[generic] = generic
            for alias in entry.names:
                self._by_name.setdefault(normalise(alias), generic)
        self.class_members: dict[str, list[str]] = {}
        for generic, entry in entries.items():
            for cls in entry.classes:
                self.class_members.setdefault(cls, []).append(generic)

    def resolve(self, text: str) -> ResolvedDrug | None:
        generic, matched_by = self._lookup(normalise(text))
        if generic is None:
            return None
        entry = self.entries[generic]
        classes = list(entry.classes)
        for component in entry.components:
            classes += [c for c in self.entries[component].classes if c not in classes]
        return ResolvedDrug(
            text=text,
            generic=generic,
            classes=classes,
            matched_by=matched_by,
            components=list(entry.components),
        )

    def _lookup(self, key: str) -> tuple[str | None, str]:
        """Exact name, then without salt/form words, then without a trailing dose ("1 tab q4h")."""
        generic = self._by_name.get(key)
        if generic is not None:
            return generic, "generic" if generic == key else "brand_or_synonym"
        words = key.split()
        before_dose = next((i for i, w in enumerate(words) if w[0].isdigit()), len(words))
        for candidate in (words, words[:before_dose]):
            stripped = " ".join(w for w in candidate if w not in _SALT_AND_FORM_WORDS)
            if stripped in self._by_name:
                return self._by_name[stripped], "salt_stripped"
        return None, ""

    def suggest(self, text: str, limit: int = 3) -> list[str]:
        """The closest known names (generic names shown for brand matches)."""
        return list(self._suggest(normalise(text), limit))

    @lru_cache(maxsize=2048)  # noqa: B019 (one lexicon per process; a fuzzy scan costs ~5 ms)
    def _suggest(self, key: str, limit: int) -> tuple[str, ...]:
        close = difflib.get_close_matches(key, self._by_name, n=limit * 3, cutoff=0.6)
        suggestions: list[str] = []
        for name in close:
            generic = self._by_name[name]
            label = generic if name == generic else f"{name} ({generic})"
            if generic not in {s.split(" (")[-1].rstrip(")") for s in suggestions}:
                suggestions.append(label)
        return tuple(suggestions[:limit])


class DrugFile(BaseModel):
    """One lexicon file: drug classes and their members, combinations, and other names."""

    model_config = ConfigDict(extra="forbid")

    source: str = Field(min_length=1)
    classes: dict[str, list[str] | None] = Field(default_factory=dict)
    combinations: dict[str, list[str]] = Field(default_factory=dict)
    names: dict[str, list[Any]] = Field(default_factory=dict)


def _load_file(source: knowledge.Source) -> dict[str, DrugEntry]:
    raw = knowledge.load(source, DrugFile).model_dump()
    entries: dict[str, DrugEntry] = {}

    def entry(name: str) -> DrugEntry:
        generic = normalise(name)
        return entries.setdefault(generic, DrugEntry(generic=generic, source=raw["source"]))

    for cls, members in (raw.get("classes") or {}).items():
        for member in members or []:
            found = entry(member)
            if cls not in found.classes:
                found.classes.append(cls)
    for generic, components in (raw.get("combinations") or {}).items():
        entry(generic).components.extend(normalise(c) for c in components)
    for generic, aliases in (raw.get("names") or {}).items():
        entry(generic).names.extend(str(a) for a in aliases)
    return entries


@lru_cache(maxsize=1)
def load_lexicon(folder: knowledge.Source = DRUGS) -> Lexicon:
    merged: dict[str, DrugEntry] = {}
    for source in knowledge.files(folder):
        for generic, entry in _load_file(source).items():
            if generic in merged:
                known = merged[generic]
                known.classes.extend(c for c in entry.classes if c not in known.classes)
                known.names.extend(n for n in entry.names if n not in known.names)
            else:
                merged[generic] = entry
    for entry in merged.values():
        missing = [c for c in entry.components if c not in merged]
        if missing:
            raise ValueError(f"combination {entry.generic!r}: unknown components {missing}")
    return Lexicon(merged)


def resolve_drug(text: str) -> ResolvedDrug | None:
    """Resolve one medication name; None when the lexicon does not know it."""
    return load_lexicon().resolve(text)
