"""The price list of a simulation: a question, an examination, each test (see the YAML's basis)."""

from __future__ import annotations

import re
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from consilium.core import knowledge
from consilium.core.errors import InputError

PRICES_FILE = "simulation_prices.yaml"  # in knowledge/
_WORD = re.compile(r"[a-z0-9]+")


class PriceError(InputError, ValueError):
    """The price list is malformed; the message names the file and the field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Price(_Strict):
    usd: float = Field(ge=0)
    basis: str = Field(min_length=1)


class TestPrice(Price):
    name: str
    keywords: list[str] = Field(min_length=1)

    def applies_to(self, words: list[str]) -> bool:
        """Every keyword starts one of the words ('echocardiogra' matches 'echocardiography')."""
        return all(any(w.startswith(k) if len(k) > 3 else w == k for w in words)
                   for k in self.keywords)


class PriceList(_Strict):
    version: int
    source: str
    question: Price
    examination: Price
    full_examination: Price
    default_test: Price
    tests: list[TestPrice]

    def test_price(self, name: str) -> tuple[float, str]:
        """The price of a test by its name, with the basis (the default when none applies)."""
        words = _WORD.findall(name.lower())
        for entry in self.tests:
            if entry.applies_to(words):
                return entry.usd, f"{entry.name}: {entry.basis}"
        return self.default_test.usd, f"not on the list: {self.default_test.basis}"


def load_prices(path: knowledge.Source = PRICES_FILE) -> PriceList:
    try:
        return knowledge.load(path, PriceList)
    except knowledge.KnowledgeError as error:
        raise PriceError(str(error)) from None


@lru_cache(maxsize=1)
def default_prices() -> PriceList:
    return load_prices()
