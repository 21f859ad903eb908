"""Find input files and turn their bytes into ``Article`` records, or into named rejects.

Every file found becomes an Article: a readable page, or one whose ``reject_reason`` says why it could
not be read (``unreadable``, ``too_large``, ``empty``, ``binary``, ``undecodable``, ``symlink_outside_input``).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import charset_normalizer

from build_dataset.article import Article

ID_HEX_CHARS = 16  # 64 bits of sha256: collision odds ~1e-9 at 200k files, short enough to read
INPUT_SUFFIXES = (".txt",)
# Byte signatures of common binary formats that turn up misnamed as .txt in scraped folders.
BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"BZh", b"\x7fELF", b"Rar!")
# A text page has almost no NUL bytes; UTF-16 without a BOM has ~50%, so it is handled before this test.
MAX_NUL_SHARE = 0.01
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def article_id(raw: bytes) -> str:
    """Stable id from the raw bytes: the same file always gets the same id."""
    return hashlib.sha256(raw).hexdigest()[:ID_HEX_CHARS]


def find_inputs(root: Path) -> list[Path]:
    """Every input file under ``root``, recursively, in a stable order; symlinked dirs are not walked."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            if name.lower().endswith(INPUT_SUFFIXES):
                found.append(Path(dirpath) / name)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def decode(raw: bytes) -> tuple[str, str] | None:
    """Return (text, encoding), or None when the bytes are not text in any encoding we can tell."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if raw.startswith(UTF16_BOMS):
        return raw.decode("utf-16", errors="replace"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(raw).best()
    if best is None:
        return None
    return str(best), best.encoding


def looks_binary(raw: bytes) -> bool:
    if raw.startswith(BINARY_MAGIC):
        return True
    if raw.startswith(UTF16_BOMS):
        return False
    return raw.count(b"\x00") > MAX_NUL_SHARE * len(raw)


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False


def read_article(path: Path, root: Path, max_bytes: int) -> Article:
    """Read one file; problems become a rejected Article, never an exception."""
    relative = path.relative_to(root).as_posix()
    if path.is_symlink() and not _inside(path, root):
        return Article(id=article_id(relative.encode()), source_file=relative, raw="").reject(
            "symlink_outside_input", f"points to {os.readlink(path)}"
        )
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return Article(id=article_id(relative.encode()), source_file=relative, raw="", raw_bytes=size).reject(
                "too_large", f"{size} bytes > limit {max_bytes}"
            )
        raw = path.read_bytes()
    except OSError as error:
        return Article(id=article_id(relative.encode()), source_file=relative, raw="").reject(
            "unreadable", error.strerror or type(error).__name__
        )
    return article_from_bytes(raw, relative)


def article_from_bytes(raw: bytes, relative: str) -> Article:
    article = Article(id=article_id(raw), source_file=relative, raw="", raw_bytes=len(raw))
    if not raw.strip():
        return article.reject("empty", "no bytes other than whitespace")
    if looks_binary(raw):
        return article.reject("binary", "binary signature or NUL bytes")
    decoded = decode(raw)
    if decoded is None:
        return article.reject("undecodable", "no text encoding fits the bytes")
    article.raw, article.encoding = decoded
    return article


def read_all(root: Path, max_bytes: int) -> Iterator[Article]:
    for path in find_inputs(root):
        yield read_article(path, root, max_bytes)
