"""Allergy severity: a severe reaction is named by whole words, not a fragment of a word."""

import pytest

from consilium.core.case import Allergy


@pytest.mark.parametrize(
    "text",
    [
        "penicillin (anaphylaxis)",
        "amoxicillin (anaphylactic shock)",
        "co-trimoxazole (Stevens-Johnson syndrome)",
        "carbamazepine (TEN)",
        "lamotrigine (toxic epidermal necrolysis)",
        "allopurinol (DRESS)",
        "lisinopril (angioedema)",
    ],
)
def test_severe_reactions_are_recognised(text: str) -> None:
    assert Allergy.model_validate(text).severe


@pytest.mark.parametrize(
    "text",
    [
        "penicillin (extensive rash)",
        "codeine (abdominal tenderness)",
        "amoxicillin (mild urticaria)",
        "latex",
    ],
)
def test_non_severe_reactions_are_not_read_as_severe(text: str) -> None:
    assert not Allergy.model_validate(text).severe
