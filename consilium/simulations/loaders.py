"""Hidden cases from three sources: simulation scenarios (cases/simulations/*.yaml), this
project's ordinary case files (every field becomes a fact to uncover), and AgentClinic OSCE
records as they are (`agentclinic_medqa.jsonl#3` is the record at 0-based line 3).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from consilium.core.agentclinic import (
    AgentClinicRecord,
    osce_patient,
    read_agentclinic,
    record_at,
)
from consilium.core.case import Case, Patient
from consilium.core.errors import CaseInputError, describe_validation_error
from consilium.core.loaders import case_from_mapping, load_case
from consilium.reasoning.context import split_sentences
from consilium.simulations.models import Fact, FactKind, HiddenCase

# Leaves that say nothing ("Information not provided.") are not facts.
_EMPTY = re.compile(r"^\s*(information\s+)?(not\s+(provided|available|mentioned|specified)|"
                    r"n/?a|none\s+provided|no\s+additional\s+\w+\s+provided)\.?\s*$", re.I)


class _FactList:
    """Collects facts with stable ids: h1, h2 ... (history), e1 ... (exam), t1 ... (tests)."""

    def __init__(self) -> None:
        self.facts: list[Fact] = []

    def add(self, kind: FactKind, topic: str, text: str, *, split: bool = False) -> None:
        text = " ".join(str(text).split())
        if not text or _EMPTY.match(text):
            return
        pieces = [s.strip() for _, s in split_sentences(text)] if split else [text]
        for piece in pieces:
            if piece:
                number = sum(1 for f in self.facts if f.kind == kind) + 1
                self.facts.append(Fact(id=f"{kind[0]}{number}", kind=kind, topic=topic,
                                       text=piece))


def _label(key: str) -> str:
    return key.replace("_", " ").strip().capitalize()


def _leaves(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, _label(str(key))))
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item, path)
    elif value is not None:
        yield path, str(value)


# --- AgentClinic OSCE ---------------------------------------------------------------------

def hidden_case_from_agentclinic(record: AgentClinicRecord) -> HiddenCase:
    source = record.source
    try:
        osce = record.raw["OSCE_Examination"]
        actor = osce["Patient_Actor"]
        gold = str(osce["Correct_Diagnosis"])
    except (KeyError, TypeError) as error:
        raise CaseInputError(f"not an AgentClinic OSCE record: missing {error}", source) from None
    patient = osce_patient(actor)
    facts = _FactList()
    symptoms = actor.get("Symptoms") or {}
    for key, value in actor.items():
        if key in ("Demographics", "Symptoms"):
            continue
        for path, text in _leaves(value, (_label(key),)):
            facts.add("history", ": ".join(path), text, split=True)
    for path, text in _leaves(symptoms, ("Symptoms",)):
        facts.add("history", ": ".join(path), text)
    for path, text in _leaves(osce.get("Physical_Examination_Findings") or {}):
        facts.add("exam", ": ".join(path) or "Examination", f"{path[-1]}: {text}" if path else text)
    for path, text in _leaves(osce.get("Test_Results") or {}):
        name = " ".join(p for p in path if p.lower() not in ("findings", "results")) or "Test"
        facts.add("test", ": ".join(path) or "Test", f"{name}: {text}")
    primary = symptoms.get("Primary_Symptom") if isinstance(symptoms, dict) else None
    opening = str(primary or osce.get("Objective_for_Doctor") or "I am not feeling well.")
    return HiddenCase(id=f"agentclinic-{record.index}", title=osce.get("Objective_for_Doctor"),
                      source=source, patient=patient,
                      demographics=str(actor.get("Demographics", "")), opening=opening,
                      facts=facts.facts, gold_diagnosis=gold)


def iter_agentclinic(path: Path) -> Iterator[HiddenCase]:
    for record in read_agentclinic(path):
        yield hidden_case_from_agentclinic(record)


# --- this project's case format -----------------------------------------------------------

def hidden_case_from_case(case: Case, source: str) -> HiddenCase:
    """An ordinary case as a simulation: its narrative is history, vitals and labs are results."""
    facts = _FactList()
    facts.add("history", "History", case.history, split=True)
    for item in case.past_medical_history:
        facts.add("history", "Past medical history", item)
    facts.add("history", "Social history", case.social_history, split=True)
    facts.add("history", "Family history", case.family_history, split=True)
    for med in case.medications:
        facts.add("history", "Medications", f"I take {med.text or med.name}.")
    for allergy in case.allergies:
        reaction = f" ({allergy.reaction})" if allergy.reaction else ""
        facts.add("history", "Allergies", f"I am allergic to {allergy.substance}{reaction}.")
    facts.add("history", "Note", case.note, split=True)
    for name, value in case.vitals.model_dump(exclude_none=True).items():
        facts.add("exam", f"Vital signs: {_label(name)}", f"{_label(name)}: {value}")
    for finding in case.findings:
        facts.add("exam", "Examination", finding)
    for lab in case.labs:
        facts.add("test", f"Laboratory: {lab.name}", f"{lab.name}: {lab.value} {lab.unit or ''}")
    expected = case.expected
    sex = case.patient.sex if case.patient.sex != "unknown" else "person"
    return HiddenCase(
        id=case.id, title=case.title, source=source, patient=case.patient,
        demographics=f"{case.patient.age:g}-year-old {sex}",
        opening=case.presenting_complaint or "I am not feeling well.", facts=facts.facts,
        gold_diagnosis=expected.diagnosis if expected else None,
        gold_synonyms=list(expected.synonyms) if expected else [])


# --- simulation scenarios ------------------------------------------------------------------

class Scenario(BaseModel):
    """A case written for simulation: each history line, examination and test is one fact."""

    model_config = ConfigDict(extra="forbid")

    kind: str = Field(pattern="^simulation$")
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    title: str
    provenance: str = Field(min_length=1)
    patient: Patient
    demographics: str
    opening: str
    history: dict[str, list[str]]
    examination: dict[str, str] = Field(default_factory=dict)
    tests: dict[str, str] = Field(default_factory=dict)
    diagnosis: str
    synonyms: list[str] = Field(default_factory=list)

    def to_hidden(self, source: str) -> HiddenCase:
        facts = _FactList()
        for topic, lines in self.history.items():
            for line in lines:
                facts.add("history", _label(topic), line)
        for topic, text in self.examination.items():
            facts.add("exam", _label(topic), f"{_label(topic)}: {text}")
        for name, text in self.tests.items():
            facts.add("test", name, f"{name}: {text}")
        return HiddenCase(id=self.id, title=self.title, source=f"{source} ({self.provenance})",
                          patient=self.patient, demographics=self.demographics,
                          opening=self.opening, facts=facts.facts, gold_diagnosis=self.diagnosis,
                          gold_synonyms=self.synonyms)


def load_hidden_case(spec: str | Path) -> HiddenCase:
    """A scenario, a case file, or `file.jsonl#N` (AgentClinic record N, from 0)."""
    text = str(spec)
    path_text, _, index_text = text.rpartition("#") if "#" in text else (text, "", "")
    path = Path(path_text)
    if not path.is_file():
        raise CaseInputError(f"no such case file: {path}", text)
    if path.suffix == ".jsonl":
        return _agentclinic_record(path, index_text or "0", text)
    if path.suffix in (".yaml", ".yml", ".json"):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            raise CaseInputError(f"not valid YAML/JSON: {error}", text) from None
        if isinstance(data, dict) and data.get("kind") == "simulation":
            try:
                return Scenario.model_validate(data).to_hidden(text)
            except ValidationError as error:
                raise CaseInputError(describe_validation_error(error), text) from None
        if isinstance(data, dict) and "OSCE_Examination" in data:
            return hidden_case_from_agentclinic(AgentClinicRecord(0, data, text))
        return hidden_case_from_case(case_from_mapping(data, text), text)
    return hidden_case_from_case(load_case(path), text)


def _agentclinic_record(path: Path, index_text: str, spec: str) -> HiddenCase:
    if not index_text.isdigit():
        raise CaseInputError(f"record index {index_text!r} is not a number (use file.jsonl#3)",
                             spec)
    return hidden_case_from_agentclinic(record_at(path, int(index_text), spec))
