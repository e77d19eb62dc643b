"""Condition names folded to one key, so "CAP", "Community acquired pneumonia" and
"community-acquired pneumonia" find the same treatments. Abbreviations as used in UK/US practice.
"""

from __future__ import annotations

import re

from consilium.tools.guidelines.tokens import fold

ABBREVIATIONS = {
    "acs": "acute coronary syndrome",
    "af": "atrial fibrillation",
    "afib": "atrial fibrillation",
    "aki": "acute kidney injury",
    "cap": "community acquired pneumonia",
    "copd": "chronic obstructive pulmonary disease",
    "aecopd": "copd exacerbation",
    "dvt": "deep vein thrombosis",
    "hf": "heart failure",
    "hfref": "heart failure with reduced ejection fraction",
    "mi": "myocardial infarction",
    "nstemi": "non st elevation myocardial infarction",
    "nste acs": "non st elevation acute coronary syndrome",
    "pe": "pulmonary embolism",
    "sah": "subarachnoid hemorrhage",
    "stemi": "st elevation myocardial infarction",
    "tia": "transient ischemic attack",
    "ugib": "upper gastrointestinal bleeding",
    "lgib": "lower gastrointestinal bleeding",
    "vte": "venous thromboembolism",
    "dka": "diabetic ketoacidosis",
    "uti": "urinary tract infection",
    "ards": "acute respiratory distress syndrome",
}


def _folded(text: str) -> str:
    return " ".join(fold(w) for w in re.findall(r"[a-z0-9]+", text.lower()))


def condition_key(name: str) -> str:
    words = _folded(name)
    expanded = ABBREVIATIONS.get(words)
    return _folded(expanded) if expanded else words
