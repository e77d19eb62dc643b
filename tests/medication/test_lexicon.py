from __future__ import annotations

import pytest

from consilium.tools.medication import load_lexicon, resolve_drug, suggest_alternatives


@pytest.mark.parametrize(
    ("text", "generic"),
    [
        ("Coumadin", "warfarin"),
        ("ASA", "aspirin"),
        ("metoprolol succinate", "metoprolol"),
        ("Metoprolol Tartrate", "metoprolol"),
        ("acetaminophen", "paracetamol"),
        ("TYLENOL", "paracetamol"),
        ("albuterol", "salbutamol"),
        ("co-amoxiclav", "amoxicillin clavulanate"),
        ("atorvastatin calcium", "atorvastatin"),
        ("amlodipine besylate", "amlodipine"),
        ("sertraline HCl", "sertraline"),
        ("potassium chloride", "potassium chloride"),
        ("Lasix", "furosemide"),
        ("rifampin", "rifampicin"),
        ("Eliquis", "apixaban"),
    ],
)
def test_names_resolve_case_and_salt_insensitively(text: str, generic: str) -> None:
    resolved = resolve_drug(text)
    assert resolved is not None and resolved.generic == generic
    assert resolved.text == text


def test_classes_carry_clinical_meaning() -> None:
    assert {"anticoagulant", "vitamin_k_antagonist"} <= set(resolve_drug("warfarin").classes)  # type: ignore[union-attr]
    assert "cyp3a4_strong_inhibitor" in resolve_drug("clarithromycin").classes  # type: ignore[union-attr]
    assert "potassium_sparing" in resolve_drug("spironolactone").classes  # type: ignore[union-attr]


def test_unknown_name_is_not_guessed() -> None:
    assert resolve_drug("warfrin") is None
    assert "warfarin" in load_lexicon().suggest("warfrin")


def test_lexicon_size() -> None:
    assert len(load_lexicon().entries) >= 1000


def test_alternatives_for_an_nsaid_avoid_nsaids() -> None:
    alternatives = suggest_alternatives("ibuprofen", ["nsaid"])
    assert alternatives[0] == "paracetamol"
    assert "naproxen" not in alternatives


def test_combination_resolves_to_components() -> None:
    resolved = resolve_drug("Hyzaar")
    assert resolved is not None
    assert resolved.components == ["losartan", "hydrochlorothiazide"]
    assert {"arb", "thiazide"} <= set(resolved.classes)


def test_trailing_dose_words_do_not_block_resolution() -> None:
    resolved = resolve_drug("Percocet 1 tab q4h")
    assert resolved is not None and resolved.generic == "oxycodone paracetamol"
