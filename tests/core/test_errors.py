"""Every exception class consilium defines has the one root and belongs to one family."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import consilium
from consilium.core.errors import ConsiliumError, InputError, MisuseError, RunError

FAMILIES = (InputError, RunError, MisuseError)


def defined_exceptions() -> list[type[BaseException]]:
    found = []
    for module_info in pkgutil.walk_packages(consilium.__path__, "consilium."):
        if module_info.name == "consilium.__main__":  # runs the command line when imported
            continue
        module = importlib.import_module(module_info.name)
        found += [value for _, value in inspect.getmembers(module, inspect.isclass)
                  if issubclass(value, BaseException) and value.__module__ == module.__name__
                  and not value.__name__.startswith("_")]  # private: control flow, not errors
    return found


def test_every_exception_class_descends_from_consilium_error() -> None:
    classes = defined_exceptions()
    assert len(classes) >= 24
    orphans = [f"{c.__module__}.{c.__qualname__}" for c in classes
               if not issubclass(c, ConsiliumError)]
    assert not orphans


def test_every_exception_class_but_the_layer_bases_names_its_family() -> None:
    # The bases of a layer: each subclass (or the HTTP status) says whose the problem is.
    layer_bases = {"ConsiliumError", "LLMError", "ProblemError"}
    unfamiliar = [c.__qualname__ for c in defined_exceptions()
                  if not issubclass(c, FAMILIES) and c.__qualname__ not in layer_bases]
    assert not unfamiliar


@pytest.mark.parametrize(("name", "mixin"), [
    ("consilium.core.errors.CaseInputError", ValueError),
    ("consilium.core.units.UnitError", ValueError),
    ("consilium.api.UnknownThreadError", LookupError),
    ("consilium.simulations.store.UnknownSessionError", LookupError),
    ("consilium.evaluation.celery_app.BrokerUnavailableError", RuntimeError),
])
def test_existing_classes_keep_their_standard_bases(name: str, mixin: type) -> None:
    module, _, attribute = name.rpartition(".")
    assert issubclass(getattr(importlib.import_module(module), attribute), mixin)
