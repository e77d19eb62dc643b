"""Users' own corpora: index a folder of Markdown, text and PDF files into one JSON index file.

Unchanged files (same size and modification time, or same content hash) are reused from the
previous index; a malformed or unreadable file is reported by name and skipped; the index file
is replaced atomically (temporary file, fsync, rename), so a crash never leaves it half-written.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field, ValidationError

from consilium.core.errors import InputError
from consilium.core.settings import default_state_dir
from consilium.tools.guidelines.corpus import GuidelineCorpusError, make_passages, slugify
from consilium.tools.guidelines.models import Passage

SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".txt": "text", ".pdf": "pdf"}
INDEX_VERSION = 1
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_USER_META_KEYS = ("title", "body", "year", "url", "topics", "conditions")


class UnreadableFile(InputError, ValueError):
    """A file in the user's folder that cannot be turned into passages."""


class IndexedFile(BaseModel):
    path: str
    size: int
    mtime_ns: int
    sha256: str
    passages: list[Passage]


class UserIndex(BaseModel):
    version: int = INDEX_VERSION
    root: str
    files: list[IndexedFile] = Field(default_factory=list)

    def passages(self) -> list[Passage]:
        return [p for f in self.files for p in f.passages]


class IndexReport(BaseModel):
    index_file: str
    indexed: list[str] = Field(default_factory=list, description="New or changed files read.")
    unchanged: list[str] = Field(default_factory=list, description="Reused from the last index.")
    errors: dict[str, str] = Field(default_factory=dict, description="Skipped file -> why.")
    passages: int = 0


def default_index_path() -> Path:
    return Path(os.environ.get("CONSILIUM_STATE_DIR") or default_state_dir()) / "guidelines.json"


def read_index(index_path: Path) -> UserIndex | None:
    """The saved index, None when there is none; a damaged one is an error naming the file."""
    if not index_path.is_file():
        return None
    try:
        return UserIndex.model_validate_json(index_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValidationError) as exc:
        first_line = str(exc).splitlines()[0]
        raise GuidelineCorpusError(
            f"{index_path}: not a readable guideline index ({first_line}); "
            "run `consilium guidelines index DIR` again"
        ) from None


def write_index_atomically(index: UserIndex, index_path: Path) -> None:
    index_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=index_path.parent, prefix=f".{index_path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(index.model_dump_json())
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, index_path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def index_directory(root: Path, index_path: Path | None = None) -> IndexReport:
    """(Re)index every Markdown, text and PDF file under `root` into `index_path`."""
    if not root.is_dir():
        raise NotADirectoryError(f"not a folder: {root}")
    index_path = index_path or default_index_path()
    try:
        previous = read_index(index_path)
    except GuidelineCorpusError:
        previous = None  # a damaged index is rebuilt from scratch
    reusable = {f.path: f for f in previous.files} if previous else {}
    report = IndexReport(index_file=str(index_path))
    files: list[IndexedFile] = []
    for path in sorted(p for p in root.rglob("*") if p.suffix.lower() in SUFFIXES):
        relative = path.relative_to(root).as_posix()
        try:
            entry, reused = _reuse_or_read(path, relative, reusable.get(relative))
        except UnreadableFile as exc:
            report.errors[relative] = str(exc)
            continue
        (report.unchanged if reused else report.indexed).append(relative)
        files.append(entry)
    index = UserIndex(root=str(root.resolve()), files=files)
    write_index_atomically(index, index_path)
    report.passages = len(index.passages())
    return report


def _reuse_or_read(path: Path, relative: str, old: IndexedFile | None) -> tuple[IndexedFile, bool]:
    """The file's entry and whether it was reused from the previous index."""
    try:
        stat = path.stat()
        if old and old.size == stat.st_size and old.mtime_ns == stat.st_mtime_ns:
            return old, True
        raw = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"cannot be read: {exc.strerror or exc}") from None
    digest = hashlib.sha256(raw).hexdigest()
    if old and old.sha256 == digest:
        return old.model_copy(update={"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}), True
    passages = _passages_from(path, relative, raw)
    if not passages:
        raise UnreadableFile("no text found")
    entry = IndexedFile(
        path=relative,
        size=stat.st_size,
        mtime_ns=stat.st_mtime_ns,
        sha256=digest,
        passages=passages,
    )
    return entry, False


def _passages_from(path: Path, relative: str, raw: bytes) -> list[Passage]:
    doc_id = "user-" + slugify(relative.rsplit(".", 1)[0])
    kind = SUFFIXES[path.suffix.lower()]
    if kind == "pdf":
        return _pdf_passages(path, doc_id)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UnreadableFile("not UTF-8 text") from None
    meta: dict[str, Any] = {"title": _title(text, path), "body": "user corpus", "year": None}
    if kind == "markdown":
        match = _FRONT_MATTER.match(text)
        if match:
            meta.update(_user_meta(match.group(1)))
            text = text[match.end() :]
    return make_passages(doc_id, meta, text, source="user")


def _user_meta(front_matter: str) -> dict[str, Any]:
    try:
        meta = yaml.safe_load(front_matter)
    except yaml.YAMLError as exc:
        raise UnreadableFile(f"front matter does not parse: {exc}".splitlines()[0]) from None
    if not isinstance(meta, dict):
        raise UnreadableFile("front matter is not a mapping")
    year = meta.get("year")
    if year is not None and not isinstance(year, int):
        raise UnreadableFile(f"front matter year {year!r} is not a whole number")
    return {key: meta[key] for key in _USER_META_KEYS if key in meta}


def _title(text: str, path: Path) -> str:
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return path.stem.replace("-", " ").replace("_", " ")


def _pdf_passages(path: Path, doc_id: str) -> list[Passage]:
    from pypdf import PdfReader

    try:
        reader = PdfReader(path)
        pages = [page.extract_text() or "" for page in reader.pages]
        title = (reader.metadata.title if reader.metadata else None) or path.stem
    # A damaged PDF can fail deep inside the parser with almost any exception type; one bad
    # file must be reported and skipped, never abort the whole folder.
    except Exception as exc:
        raise UnreadableFile(f"PDF cannot be read: {exc}") from None
    meta: dict[str, Any] = {"title": title, "body": "user corpus", "year": None}
    markdown = "\n\n".join(f"## Page {n}\n\n{text}" for n, text in enumerate(pages, 1))
    return make_passages(doc_id, meta, markdown, source="user")
