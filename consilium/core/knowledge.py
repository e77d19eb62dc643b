"""The one loader for knowledge files (`consilium/knowledge/`: YAML, JSON, Markdown).

    from consilium.core import knowledge
    rules = knowledge.load("triage/red_flags.yaml", RedFlagsFile)   # validated, unknown keys out
    for source in knowledge.files("diseases"): data = knowledge.read(source)

A source is a path inside the package's `knowledge/` folder (read with importlib.resources, so
an installed wheel works) or a `Path` to any file (a user's own, a test's). `load` validates
with a pydantic model whose unknown keys are errors; a `KnowledgeError` names the file and the
row (`interactions/curated_rules.yaml: rules[3] (id 'x').severity: ...`). `dump` writes a
generated table back atomically.

Parsed data is kept in a compiled cache (marshal files named by the file's content hash and
the Python version, in the user cache directory or `CONSILIUM_CACHE_DIR`), built on first use.
Each entry is written to a temporary file and renamed into place, so concurrent first runs are
safe; an unwritable cache directory means no cache, never an error.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import sys
import tempfile
from collections.abc import Callable
from importlib.resources import files as package_files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from consilium.core.errors import InputError

M = TypeVar("M", bound=BaseModel)
Source = str | Path
_CACHE_TAG = f"{sys.implementation.cache_tag}-marshal{marshal.version}".encode()


class KnowledgeError(InputError, ValueError):
    """A knowledge file that cannot be read or does not validate; the message names the file
    and the row."""


def _resource(source: Source) -> Traversable | Path:
    if isinstance(source, Path):
        return source
    return package_files("consilium.knowledge").joinpath(*source.split("/"))


def path_of(source: str) -> Path:
    """The file-system path of a packaged knowledge file (for tools that write it back)."""
    return Path(str(_resource(source)))


def name_of(source: Source) -> str:
    """How messages name a source: its path inside `knowledge/`, or the path given."""
    return str(source)


def files(folder: Source, suffix: str = ".yaml") -> list[Source]:
    """The files of a folder ending in `suffix`, sorted by name (sub-folders not entered)."""
    if isinstance(folder, Path):
        return sorted(p for p in folder.iterdir() if p.is_file() and p.name.endswith(suffix))
    names = sorted(entry.name for entry in _resource(folder).iterdir()
                   if entry.is_file() and entry.name.endswith(suffix))
    return [f"{folder}/{name}" for name in names]


def read_text(source: Source) -> str:
    try:
        return _resource(source).read_text(encoding="utf-8")
    except OSError as error:
        raise KnowledgeError(f"{name_of(source)}: cannot be read: {error}") from None


def read(source: Source) -> Any:
    """The parsed content of a YAML or JSON file (from the compiled cache when it has it)."""
    try:
        raw = _resource(source).read_bytes()
    except OSError as error:
        raise KnowledgeError(f"{name_of(source)}: cannot be read: {error}") from None
    key = hashlib.sha256(_CACHE_TAG + raw).hexdigest()
    cached = _cached(key)
    if cached is not None:
        return cached[0]
    try:
        text = raw.decode("utf-8")
        data = json.loads(text) if name_of(source).endswith(".json") else yaml.safe_load(text)
    except (UnicodeDecodeError, ValueError, yaml.YAMLError) as error:
        raise KnowledgeError(f"{name_of(source)}: not valid YAML/JSON: {error}") from None
    _store(key, data)
    return data


def load(source: Source, model: type[M]) -> M:
    """The file validated by `model` (which should forbid unknown keys)."""
    data = read(source)
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise KnowledgeError(f"{name_of(source)}: {describe(data, error)}") from None


def describe(data: Any, error: ValidationError) -> str:
    """The first problem, located: `rules[3] (id 'x').severity: Input should be ...`."""
    item = error.errors()[0]
    where, node = "", data
    for part in item["loc"]:
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
        node = _child(node, part)
        if isinstance(part, int) and isinstance(node, dict) and "id" in node:
            where += f" (id {node['id']!r})"
    message = "unknown key" if item["type"] == "extra_forbidden" else item["msg"]
    return f"{where or 'file'}: {message}"


def _child(node: Any, part: Any) -> Any:
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def dump(path: Path, data: Any, serialise: Callable[[Any], str] | None = None) -> None:
    """Write a generated table atomically: JSON for `.json`, else YAML (or `serialise(data)`)."""
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json")
    if serialise is not None:
        text = serialise(data)
    elif path.suffix == ".json":
        text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    else:
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    _write_atomically(path, text.encode("utf-8"))


def cache_dir() -> Path:
    """Where compiled knowledge is kept: `CONSILIUM_CACHE_DIR`, else the user cache dir."""
    configured = os.environ.get("CONSILIUM_CACHE_DIR")
    if configured:
        return Path(configured) / "knowledge"
    import platformdirs

    return Path(platformdirs.user_cache_dir("consilium")) / "knowledge"


def _cached(key: str) -> tuple[Any] | None:
    try:
        return (marshal.loads((cache_dir() / f"{key}.marshal").read_bytes()),)
    except (OSError, ValueError, EOFError, TypeError):
        return None


def _store(key: str, data: Any) -> None:
    try:
        compiled = marshal.dumps(data)
    except ValueError:  # a type marshal cannot hold (a YAML date): read the file each time
        return
    try:
        _write_atomically(cache_dir() / f"{key}.marshal", compiled)
    except OSError:  # an unwritable cache directory: no cache
        return


def _write_atomically(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
