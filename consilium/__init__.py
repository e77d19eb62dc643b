"""consilium: a multi-agent clinical decision support panel with a deterministic safety gate.

The public API is imported lazily, so `import consilium.tools.calculators` (or any other
sub-package) does not load the workflow and its agents.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from consilium._lazy import lazy_exports

try:
    __version__ = version("consilium")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+source"

_EXPORTS = {
    "run_case": "consilium.api",
    "arun_case": "consilium.api",
    "stream_case": "consilium.api",
    "resume": "consilium.api",
    "aresume": "consilium.api",
    "Panel": "consilium.api",
    "PanelEvent": "consilium.api",
    "Case": "consilium.core.case",
    "ConsensusReport": "consilium.core.report",
    "Settings": "consilium.core.settings",
    "ConsiliumError": "consilium.core.errors",
}

__all__ = ["__version__", *_EXPORTS]

__getattr__ = lazy_exports(__name__, _EXPORTS)


def __dir__() -> list[str]:
    """`dir(consilium)` lists the public API, though it is imported only on first use."""
    return sorted({*globals(), *_EXPORTS})
