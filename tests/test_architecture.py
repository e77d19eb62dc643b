"""The package's shape (DESIGN.md, Layout): imports point down only, no package cycle, Rich
only in render/, small modules, and a command line that starts without the heavy layers."""

from __future__ import annotations

import subprocess
import sys
from functools import cache
from pathlib import Path

import grimp

import consilium

# Top to bottom; a package may import the ones below it. A set is one level whose members may
# import each other (the cycle check below still holds between them).
LAYERS: list[grimp.Layer] = [
    grimp.Layer("__main__"),
    grimp.Layer("cli"),
    grimp.Layer("commands"),
    grimp.Layer("server", "evaluation", independent=False),
    grimp.Layer("render"),
    grimp.Layer("simulations"),
    grimp.Layer("runtime"),
    grimp.Layer("api", "workflows", independent=False),
    grimp.Layer("agents"),
    grimp.Layer("llm", "tools", "reasoning", "prompts", independent=False),
    grimp.Layer("core", "_lazy", independent=False),
    grimp.Layer("knowledge"),
]
MAX_LINES = 400


@cache
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("consilium")


def _package(module: str) -> str:
    return module.split(".")[1] if "." in module else module


def test_imports_point_down_only() -> None:
    illegal = graph().find_illegal_dependencies_for_layers(LAYERS, containers={"consilium"})
    assert not [f"{d.importer} -> {d.imported}" for d in illegal]


def test_no_package_cycle() -> None:
    edges: dict[str, set[str]] = {}
    for module in graph().modules:
        for imported in graph().find_modules_directly_imported_by(module):
            if _package(module) != _package(imported):
                edges.setdefault(_package(module), set()).add(_package(imported))
    visiting: list[str] = []
    done: set[str] = set()

    def visit(package: str) -> None:
        assert package not in visiting, f"package cycle: {' -> '.join([*visiting, package])}"
        if package in done:
            return
        visiting.append(package)
        for imported in sorted(edges.get(package, ())):
            visit(imported)
        visiting.pop()
        done.add(package)

    for package in sorted(edges):
        visit(package)


def test_only_render_imports_rich() -> None:
    with_external = grimp.build_graph("consilium", include_external_packages=True)
    users = with_external.find_modules_that_directly_import("rich")
    assert users and {_package(m) for m in users} == {"render"}, sorted(users)


def test_no_module_is_over_the_size_limit() -> None:
    root = Path(consilium.__file__).parent
    long = {str(p.relative_to(root)): n for p in root.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long


def test_version_and_help_load_neither_langgraph_ag2_nor_the_knowledge() -> None:
    probe = (
        "import sys\n"
        "from consilium.cli import app\n"
        "for args in (['--version'], ['--help']):\n"
        "    try:\n        app(args)\n    except SystemExit:\n        pass\n"
        "heavy = ('langgraph', 'ag2', 'autogen', 'openai', 'consilium.reasoning',\n"
        "         'consilium.tools', 'consilium.core.knowledge', 'consilium.api')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True)
    assert "consilium" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_the_public_api_is_discoverable() -> None:
    names = {"run_case", "arun_case", "stream_case", "resume", "aresume", "Panel", "PanelEvent",
             "Case", "ConsensusReport", "Settings"}
    assert names <= set(dir(consilium))
    assert all(getattr(consilium, name) for name in names)
