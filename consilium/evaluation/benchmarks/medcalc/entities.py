"""Map MedCalc-Bench "Relevant Entities" to calculator parameters.

The benchmark names each input in words ("Heart Rate or Pulse", "Congestive Heart Faliure" — its
spelling is kept) and gives quantities as [value, unit] with unit text of its own. Each adapter
below turns one row's entities into the parameters of one of our calculators; units are passed
through to the calculators' explicit conversions, never converted here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, get_args

from consilium.tools.calculators.dosing import Steroid

Entities = dict[str, Any]
Params = dict[str, Any]

# Benchmark unit text -> a unit our converters know; None: the number is already in the unit the
# parameter states (bpm, mmHg, %, ms, U/L ...).
UNIT_TEXT = {
    "degrees celsius": "°C",
    "degrees celsisus": "°C",
    "degrees fahrenheit": "°F",
    "degrees fahreinheit": "°F",
    "µL": "/µL",
    "m^3": "/mm3",
    "L": "/L",
    "lbs": "lb",
    "mm hg": None,
    "mm Hg": None,
    "mmhg": None,
    "beats per minute": None,
    "bpm": None,
    "breaths per minute": None,
    "msec": None,
    "%": None,
    "kg/m^2": None,
    "U/L": None,
    "mL/day": None,
    "mcg/kg/min": None,
    "mc/kg/min": None,
    "per day": None,
    "mg": None,
    "µg": None,
}


def quantity(e: Entities, key: str) -> Any:
    """A [value, unit] entity as our calculators take it; absent -> None."""
    raw = e.get(key)
    if raw is None:
        return None
    if not isinstance(raw, list):
        return raw
    value, unit = raw[0], raw[1]
    unit = UNIT_TEXT.get(unit, unit)
    return value if unit is None else [value, unit]


def flag(e: Entities, *keys: str) -> bool | None:
    """True when any of the keys is true; None when none is documented."""
    values = [e[k] for k in keys if k in e]
    return any(bool(v) for v in values) if values else None


def sex(e: Entities) -> str:
    return str(e["sex"]).lower()


def date(text: str) -> str:
    return dt.datetime.strptime(text, "%m/%d/%Y").date().isoformat()


def _drop_none(params: Params) -> Params:
    return {k: v for k, v in params.items() if v is not None}


def _electrolytes(e: Entities) -> Params:
    return {
        "sodium": quantity(e, "Sodium"),
        "chloride": quantity(e, "Chloride"),
        "bicarbonate": quantity(e, "Bicarbonate"),
    }


def _with_albumin(e: Entities) -> Params:
    return {**_electrolytes(e), "albumin_g_dl": quantity(e, "Albumin")}


def _qtc(e: Entities) -> Params:
    return {"qt_ms": quantity(e, "QT interval"), "heart_rate": quantity(e, "Heart Rate or Pulse")}


def _cycle(e: Entities) -> Params:
    return {
        "last_menstrual_period": date(e["Last menstrual date"]),
        "cycle_length_days": e["cycle length"],
    }


def _choice(table: dict[str, str]) -> Callable[[Any], Any]:
    return lambda text: None if text is None else table[str(text).strip().lower()]


GCS_EYE = _choice(
    {
        "eyes open spontaneously": "spontaneous",
        "eye opening to verbal command": "to_voice",
        "eye opening to pain": "to_pain",
        "no eye opening": "none",
        "not testable": "not_testable",
    }
)
GCS_VERBAL = _choice(
    {
        "oriented": "oriented",
        "confused": "confused",
        "inappropriate words": "inappropriate_words",
        "incomprehensible sounds": "incomprehensible_sounds",
        "no verbal response": "none",
        "not testable": "not_testable",
    }
)
GCS_MOTOR = _choice(
    {
        "obeys commands": "obeys",
        "localizes pain": "localizes",
        "withdrawal from pain": "withdraws",
        "flexion to pain": "abnormal_flexion",
        "extension to pain": "extension",
        "no motor response": "none",
    }
)
HEART_HISTORY = _choice(
    {
        "slightly suspicious": "slightly",
        "moderately suspicious": "moderately",
        "highly suspicious": "highly",
    }
)
HEART_ECG = _choice(
    {
        "normal": "normal",
        "non-specific repolarization disturbance": "nonspecific_repolarization",
        "significant st deviation": "significant_st_deviation",
    }
)
HEART_TROPONIN = _choice(
    {
        "less than or equal to normal limit": "normal",
        "between the normal limit or up to three times the normal limit": "one_to_three_times",
        "greater than three times normal limit": "above_three_times",
    }
)
ASCITES = _choice({"absent": "absent", "slight": "slight", "moderate": "moderate"})
ENCEPHALOPATHY = _choice(
    {
        "no encephalopathy": "none",
        "grade 0": "none",
        "grade 1-2": "grade_1_2",
        "grade 3-4": "grade_3_4",
    }
)
CCI_DIABETES = _choice(
    {
        "none or diet-controlled": "none",
        "uncomplicated": "uncomplicated",
        "end-organ damage": "end_organ_damage",
    }
)
CCI_LIVER = _choice(
    {
        "none": "none",
        "mild": "mild",
        "moderate to severe": "moderate_severe",
        "moderate": "moderate_severe",
        "severe": "moderate_severe",
    }
)
CCI_TUMOR = _choice({"none": "none", "localized": "localized", "metastatic": "metastatic"})
CAPRINI_SURGERY = _choice(
    {
        "none": "none",
        "nonoperative": "none",
        "minor": "minor",
        "major": "major",
        "laparoscopic": "laparoscopic",
        "arthroscopic": "arthroscopic",
        "elective major lower extremity arthroplasty": (
            "elective_major_lower_extremity_arthroplasty"
        ),
    }
)
CAPRINI_MOBILITY = _choice(
    {
        "normal": "normal",
        "on bed rest": "bed_rest",
        "confined to bed >72 hours": "confined_over_72h",
    }
)
APACHE_ADMISSION = _choice(
    {
        "nonoperative": "nonoperative",
        "elective": "elective_postoperative",
        "emergency": "emergency_postoperative",
    }
)
STEROID_NAME = _choice({name: name for name in get_args(Steroid)})
OPIOID_KEYS = {
    "Codeine": "codeine",
    "FentaNYL buccal": "fentanyl_buccal",
    "FentANYL patch": "fentanyl_patch",
    "HYDROcodone": "hydrocodone",
    "HYDROmorphone": "hydromorphone",
    "Methadone": "methadone",
    "Morphine": "morphine",
    "OxyCODONE": "oxycodone",
    "OxyMORphone": "oxymorphone",
    "Tapentadol": "tapentadol",
    "TraMADol": "tramadol",
}
