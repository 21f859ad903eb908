"""The reader: every file becomes an Article or a named reject; decoding records the encoding it used."""

from __future__ import annotations

import builtins
import os
import zlib
from pathlib import Path

import pytest

from build_dataset.io.files import article_from_bytes, display_path, find_inputs, read_article

ENGLISH = "The foreign minister met his counterpart in Seoul on Tuesday. “We agreed on a café summit,” he said.\n"
GERMAN = "Die Außenminister trafen sich am Montag in Berlin. Größere Fortschritte gab es nicht.\n"
KOREAN = "북한은 오늘 동해상으로 탄도미사일을 발사했다고 합동참모본부가 밝혔다. 정부는 회의를 긴급 소집했다.\n"
JAPANESE = "日本政府は本日、北朝鮮が弾道ミサイルを発射したと発表した。首相は国家安全保障会議を招集した。\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + zlib.compress(b"hello" * 50)
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
MAX = 1_000_000


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty"),
        (b" \n\t\r\n  ", "empty"),
        ("\ufeff  \n".encode("utf-16"), "empty"),
        (PNG, "binary"),
        (ZIP, "binary"),
        (PDF, "binary"),
        (b"\x00" * 64, "binary"),
        (b"GIF89a" + bytes(range(256)) * 4, "binary"),
        (bytes(range(256)) * 8, "undecodable"),
    ],
)
def test_unusable_bytes_become_named_rejects(raw, reason):
    article = article_from_bytes(raw, "x.txt")
    assert article.reject_reason == reason
    assert article.raw_bytes == len(raw)


@pytest.mark.parametrize(
    ("raw", "text", "encodings"),
    [
        (ENGLISH.encode("utf-8"), ENGLISH, {"utf-8"}),
        (b"\xef\xbb\xbf" + ENGLISH.encode("utf-8"), ENGLISH, {"utf-8-sig"}),
        (ENGLISH.encode("utf-16"), ENGLISH, {"utf-16"}),
        (b"\xfe\xff" + ENGLISH.encode("utf-16-be"), ENGLISH, {"utf-16"}),
        (ENGLISH.encode("utf-16-le"), ENGLISH, {"utf-16-le"}),
        (ENGLISH.encode("utf-32"), ENGLISH, {"utf-32"}),
        ((ENGLISH * 3).encode("cp1252"), ENGLISH * 3, {"cp1252"}),
        ((GERMAN * 3).encode("latin-1"), GERMAN * 3, {"cp1252", "cp1250", "latin_1", "iso8859_15"}),
        ((KOREAN * 3).encode("euc-kr"), KOREAN * 3, {"cp949", "euc_kr"}),
        ((JAPANESE * 3).encode("shift_jis"), JAPANESE * 3, {"cp932", "shift_jis", "shift_jis_2004"}),
    ],
)
def test_text_in_any_common_encoding_is_decoded_and_the_encoding_recorded(raw, text, encodings):
    article = article_from_bytes(raw, "x.txt")
    assert article.reject_reason is None
    assert article.work.raw == text
    assert article.encoding in encodings


@pytest.mark.parametrize(
    "raw",
    [
        (ENGLISH * 5).encode() + "한".encode()[:2],  # cut in the middle of a character
        (ENGLISH * 5).encode().replace("“".encode(), b"\xe2\x80", 1),  # one broken quote
        (KOREAN * 3).encode()[:-3],  # ".\n" and the last byte of the last syllable cut off
    ],
)
def test_utf8_with_a_few_broken_bytes_stays_utf8(raw):
    article = article_from_bytes(raw, "x.txt")
    assert article.encoding == "utf-8"
    assert article.work.raw.count("\ufffd") == 1
    assert "café" in article.work.raw or "북한" in article.work.raw


def test_a_few_nul_and_control_bytes_do_not_make_a_page_binary():
    raw = (ENGLISH * 20).encode() + b"\x00\x01\x07\x1b[0m" + (ENGLISH * 20).encode()
    article = article_from_bytes(raw, "x.txt")
    assert article.reject_reason is None
    assert "\x00" in article.work.raw  # removed later by the cleaner, not lost by the reader


def _write(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


@pytest.mark.parametrize("name", ["with space.txt", "ünïcödé 한국어.txt", "--help.txt", "-rf.txt", "a;b&c$(x).txt"])
def test_odd_file_names_are_read_and_named_as_they_are(tmp_path, name):
    path = _write(tmp_path, name, ENGLISH.encode())
    article = read_article(path, tmp_path, MAX)
    assert article.reject_reason is None
    assert article.source_file == name


def test_undecodable_file_name_becomes_an_escaped_valid_string(tmp_path):
    raw_name = b"caf\xe9 \xff.txt"
    path = Path(os.fsdecode(tmp_path)) / os.fsdecode(raw_name)
    path.write_bytes(ENGLISH.encode())
    article = read_article(path, tmp_path, MAX)
    assert article.source_file == "caf\\xe9 \\xff.txt"
    article.source_file.encode("utf-8")  # would raise on a lone surrogate
    assert display_path(path, tmp_path) == article.source_file


def test_size_limit_is_a_named_reject_without_reading_the_file(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:  # sparse: 100 MB on paper, no blocks on disk
        handle.truncate(100 * 1024 * 1024)
    article = read_article(path, tmp_path, 20 * 1024 * 1024)
    assert (article.reject_reason, article.raw_bytes) == ("too_large", 100 * 1024 * 1024)


def test_symlinks_inside_are_followed_and_outside_never(tmp_path):
    root, outside = tmp_path / "in", tmp_path / "outside"
    target = _write(root, "real.txt", ENGLISH.encode())
    secret = _write(outside, "secret.txt", b"a secret outside the input folder")
    (root / "inside_link.txt").symlink_to(target)
    (root / "outside_link.txt").symlink_to(secret)
    (root / "dangling.txt").symlink_to(root / "missing.txt")
    (root / "loop_a.txt").symlink_to(root / "loop_b.txt")
    (root / "loop_b.txt").symlink_to(root / "loop_a.txt")
    (root / "linked_outside").symlink_to(outside, target_is_directory=True)
    (root / "sub").mkdir()
    (root / "linked_inside").symlink_to(root / "sub", target_is_directory=True)
    found = {p.relative_to(root).as_posix(): read_article(p, root, MAX) for p in find_inputs(root)}
    reasons = {name: a.reject_reason for name, a in found.items()}
    assert reasons == {
        "dangling.txt": "broken_symlink",
        "inside_link.txt": None,
        "linked_inside": "symlink_dir_not_followed",
        "linked_outside": "symlink_outside_input",
        "loop_a.txt": "broken_symlink",
        "loop_b.txt": "broken_symlink",
        "outside_link.txt": "symlink_outside_input",
        "real.txt": None,
    }
    assert found["inside_link.txt"].work.raw == ENGLISH
    assert all("secret" not in a.work.raw for a in found.values())


def test_a_fifo_is_never_opened(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert read_article(fifo, tmp_path, MAX).reject_reason == "not_regular_file"


def test_an_unreadable_file_is_a_named_reject(tmp_path, monkeypatch):
    path = _write(tmp_path, "locked.txt", ENGLISH.encode())
    real_open = builtins.open

    def refuse(file, *args, **kwargs):
        if Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", refuse)
    article = read_article(path, tmp_path, MAX)
    assert (article.reject_reason, article.reject_detail) == ("unreadable", "Permission denied")


def test_a_folder_that_cannot_be_listed_is_a_named_reject(tmp_path, monkeypatch):
    _write(tmp_path, "ok.txt", ENGLISH.encode())
    _write(tmp_path, "locked/hidden.txt", ENGLISH.encode())
    real_scandir = os.scandir

    def refuse(path="."):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    found = find_inputs(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["locked", "ok.txt"]
    assert read_article(found[0], tmp_path, MAX).reject_reason == "unreadable"


def test_find_inputs_is_recursive_sorted_and_ignores_other_suffixes(tmp_path):
    for name in ("b.txt", "a/c.TXT", "a/z.txt", "notes.md", "img.png", "sub dir/x.txt"):
        _write(tmp_path, name, b"x")
    found = [p.relative_to(tmp_path).as_posix() for p in find_inputs(tmp_path)]
    assert found == ["a/c.TXT", "a/z.txt", "b.txt", "sub dir/x.txt"]
