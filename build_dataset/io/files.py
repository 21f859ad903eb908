"""Find input files and turn their bytes into ``Article`` records, or into named rejects.

Every input found becomes an Article: a readable page, or one whose ``reject_reason`` says why it could
not be read. Reasons: ``symlink_outside_input``, ``broken_symlink``, ``symlink_dir_not_followed``,
``not_regular_file`` (FIFOs, devices: never opened), ``unreadable``, ``too_large``, ``empty``, ``binary``,
``undecodable``. Reading never raises and never holds more than ``max_bytes + 1`` bytes of one file.
The first step of the pipeline, ``ExactDuplicateFileFilter``, rejects the same bytes under a second name
(``identical_file``).
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import charset_normalizer

from build_dataset.core.article import Article
from build_dataset.core.steps import Filter

ID_HEX_CHARS = 16  # 64 bits of sha256: collision odds ~1e-9 at 200k files, short enough to read
INPUT_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".jsonl.gz", ".ndjson", ".parquet")
# Byte signatures of common binary formats that turn up misnamed as .txt in scraped folders
# (PDF, zip/docx, PNG, JPEG, GIF, gzip, bzip2, xz, 7z, ELF, RAR, OLE2 .doc, SQLite, TIFF, RIFF/WebP, Ogg, MP3, wasm).
BINARY_MAGIC = (
    b"%PDF",
    b"PK\x03\x04",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ",
    b"7z\xbc\xaf",
    b"\x7fELF",
    b"Rar!",
    b"\xd0\xcf\x11\xe0",
    b"SQLite format 3\x00",
    b"II*\x00",
    b"MM\x00*",
    b"RIFF",
    b"OggS",
    b"ID3",
    b"\x00asm",
)
# A text page has almost no NUL bytes; UTF-16 has ~50% (handled before this test), binary files many.
MAX_NUL_SHARE = 0.01
# UTF-16 without a BOM: NULs sit on one parity only (the high byte of ASCII letters). Above this share of
# NULs at even (big-endian) or odd (little-endian) offsets, and none at the other parity, try UTF-16.
UTF16_NUL_SHARE = 0.3
BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# charset-normalizer often ties windows-1252 with other Latin code pages (same chaos score) and then picks
# cp1250, turning "è" into "č". On a tie, or when it decodes to the very same text, the web's most common
# legacy code page wins (WHATWG decodes every "latin1" label as windows-1252).
PREFERRED_ON_TIE = "cp1252"
# UTF-8 with a few broken bytes (a bit flip, a cut multi-byte character) stays UTF-8, with U+FFFD for the broken
# ones, when it has at least this many valid multi-byte characters per broken sequence. Text in a legacy encoding
# read as UTF-8 has at most 0.5 (measured: cp1252/latin-1 0, EUC-KR 0.09, Shift_JIS 0.32, GB2312 0.32, Cyrillic
# in EUC-KR/EUC-JP 0.48); a UTF-8 news page with one flipped bit has dozens.
UTF8_VALID_PER_BROKEN = 3


def article_id(raw: bytes) -> str:
    """Stable id from the raw bytes: the same file always gets the same id."""
    return hashlib.sha256(raw).hexdigest()[:ID_HEX_CHARS]


def display_path(path: Path, root: Path) -> str:
    """The path relative to ``root`` as valid text: undecodable bytes in file names become ``\\xNN`` escapes."""
    relative = path.relative_to(root).as_posix()
    return relative.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def find_inputs(root: Path) -> list[Path]:
    """Every input file (INPUT_SUFFIXES) under ``root``, recursively, in a stable order, and every symlinked
    folder (not walked: it becomes a named reject, so nothing found is silently left out), and every folder
    that cannot be listed (an ``unreadable`` reject)."""
    unlistable: list[OSError] = []
    found = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=unlistable.append, followlinks=False):
        dirnames.sort()
        found.extend(Path(dirpath) / name for name in dirnames if os.path.islink(os.path.join(dirpath, name)))
        found.extend(Path(dirpath) / name for name in filenames if name.lower().endswith(INPUT_SUFFIXES))
    found.extend(Path(error.filename) for error in unlistable if error.filename)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def _decode_bom(raw: bytes) -> tuple[str, str] | None:
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            return raw.decode(encoding, errors="replace").lstrip("\ufeff"), encoding
    return None


def _utf16_without_bom(raw: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when the NULs of ``raw`` sit on one byte parity only, else None."""
    if b"\x00" not in raw:  # most pages: one scan, not two half copies counted
        return None
    even, odd = raw[0::2].count(0), raw[1::2].count(0)
    half = max(1, len(raw) // 2)
    if odd > UTF16_NUL_SHARE * half and even == 0:
        return "utf-16-le"
    if even > UTF16_NUL_SHARE * half and odd == 0:
        return "utf-16-be"
    return None


def _detect(raw: bytes) -> tuple[str, str] | None:
    matches = list(charset_normalizer.from_bytes(raw))
    if not matches:
        return None
    best = matches[0]
    tied = [m for m in matches if m.chaos == best.chaos and m.encoding == PREFERRED_ON_TIE]
    text = str(tied[0] if tied else best)
    try:
        if raw.decode(PREFERRED_ON_TIE) == text:
            return text, PREFERRED_ON_TIE
    except UnicodeDecodeError:
        pass
    return text, best.encoding if not tied else PREFERRED_ON_TIE


def decode(raw: bytes) -> tuple[str, str] | None:
    """Return (text, encoding), or None when the bytes are not text in any encoding we can tell."""
    bom = _decode_bom(raw)
    if bom is not None:
        return bom
    utf16 = _utf16_without_bom(raw)
    if utf16 is not None:
            return raw.decode(utf16, errors="replace"), utf16
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return _mostly_utf8(raw) or _detect(raw)


def _mostly_utf8(raw: bytes) -> tuple[str, str] | None:
    text = raw.decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - raw.count("\ufffd".encode())
    valid = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    return (text, "utf-8") if valid >= UTF8_VALID_PER_BROKEN * broken else None


def looks_binary(raw: bytes) -> bool:
    if raw.startswith(BINARY_MAGIC):
        return True
    if any(raw.startswith(bom) for bom, _ in BOMS) or _utf16_without_bom(raw):
        return False
    return raw.count(b"\x00") > MAX_NUL_SHARE * len(raw)


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve(strict=True).relative_to(root.resolve())
        return True
    except (OSError, RuntimeError, ValueError):  # RuntimeError: a symlink loop on Python < 3.13
        return False


def _symlink_problem(path: Path, root: Path) -> tuple[str, str] | None:
    """Why a symlink is not read: it leaves the input folder, leads nowhere, or is a folder."""
    try:
        target = os.readlink(path)
    except OSError as error:
        return "unreadable", error.strerror or type(error).__name__
    if not os.path.exists(path):
        return "broken_symlink", f"points to {target}, which does not resolve"
    if not _inside(path, root):
        return "symlink_outside_input", f"points to {target}"
    if path.is_dir():
        return "symlink_dir_not_followed", f"symlinked folder {target} is not walked"
    return None


def _read_capped(path: Path, max_bytes: int) -> bytes | None:
    """The file's bytes, or None when it has more than ``max_bytes`` (its stat size may lie, so read capped)."""
    with open(path, "rb") as handle:
        raw = handle.read(max_bytes + 1)
    return None if len(raw) > max_bytes else raw


def read_article(path: Path, root: Path, max_bytes: int) -> Article:
    """Read one file; problems become a rejected Article, never an exception."""
    relative = display_path(path, root)

    def rejected(reason: str, detail: str, size: int = 0) -> Article:
        return Article(id=article_id(relative.encode()), source_file=relative, raw_bytes=size).reject(
            reason, detail
        )

    if path.is_symlink():
        problem = _symlink_problem(path, root)
        if problem:
            return rejected(*problem)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            return rejected("unreadable", "folder cannot be listed")
        if not stat.S_ISREG(info.st_mode):
            return rejected("not_regular_file", "not a regular file (a pipe, socket or device)")
        if info.st_size > max_bytes:
            return rejected("too_large", f"{info.st_size} bytes > limit {max_bytes}", info.st_size)
        raw = _read_capped(path, max_bytes)
    except OSError as error:
        return rejected("unreadable", error.strerror or type(error).__name__)
    if raw is None:
        return rejected("too_large", f"more than limit {max_bytes} bytes", max_bytes + 1)
    return article_from_bytes(raw, relative)


def article_from_bytes(raw: bytes, relative: str) -> Article:
    article = Article(id=article_id(raw), source_file=relative, raw_bytes=len(raw))
    if not raw.strip():
        return article.reject("empty", "no bytes other than whitespace")
    if looks_binary(raw):
        return article.reject("binary", "binary signature or NUL bytes")
    decoded = decode(raw)
    if decoded is None:
        return article.reject("undecodable", "no text encoding fits the bytes")
    article.work.raw, article.encoding = decoded
    if not article.work.raw.strip():
        return article.reject("empty", f"only whitespace once decoded as {article.encoding}")
    return article


class ExactDuplicateFileFilter(Filter):
    """The same bytes under a second name: the first path (in sorted order) is the row, the rest rejects."""

    name = "exact_duplicate_file_v1"

    def __init__(self) -> None:
        super().__init__()
        self.seen: dict[str, str] = {}

    def keep(self, article: Article) -> bool | tuple[bool, str]:
        first = self.seen.setdefault(article.id, article.source_file)
        if first == article.source_file:
            return True
        article.reject_detail = f"same bytes as {first}"
        return False, "identical_file"
