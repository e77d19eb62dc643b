"""Helpers shared by the point scores."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from consilium.tools.calculators.base import Computed


def present(flag: bool | None) -> int:
    """A criterion counts only when documented as present; None is reported by the registry."""
    return 1 if flag else 0


def count(parts: Mapping[str, float], interpret: Callable[[float], str] | None = None) -> Computed:
    total = sum(parts.values())
    return Computed(total, interpret(total) if interpret else None, components=dict(parts))


def band(value: float, bands: list[tuple[float, int]]) -> int:
    """Points of the first band whose lower bound `value` reaches; bands run high to low and the
    last bound is -inf, so every value lands in one band."""
    return next(points for lower, points in bands if value >= lower)


LOWEST = float("-inf")
