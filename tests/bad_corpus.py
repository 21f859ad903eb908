"""A corpus of every kind of bad input the tool must survive, written by the tests themselves.

``write_bad_corpus(folder)`` writes it and returns the expected outcome of each input: ``None`` for a row, or
the set of reject reasons that are acceptable for it. The articles are short texts written for these tests.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

SITE = "The Example Herald"
ENGLISH_PARAGRAPHS = [
    "The foreign ministers of the two countries met in the capital on Tuesday to discuss trade, security "
    "and the return of fishing crews detained last spring.",
    "Officials said the talks lasted three hours and ended with an agreement to meet again before the end "
    "of the year, although no joint statement was issued.",
    "Analysts in the region described the meeting as a modest step forward after months of tension over "
    "export controls and disputed fishing grounds.",
]
GERMAN = [
    "Die Außenminister der beiden Länder trafen sich am Dienstag in der Hauptstadt, um über Handel, "
    "Sicherheit und die Rückkehr festgehaltener Fischer zu sprechen.",
    "Nach Angaben von Beamten dauerten die Gespräche drei Stunden und endeten mit der Vereinbarung, sich "
    "vor Jahresende erneut zu treffen, auch wenn keine gemeinsame Erklärung veröffentlicht wurde.",
    "Beobachter in der Region bezeichneten das Treffen als kleinen Fortschritt nach Monaten der Spannungen.",
]
KOREAN = [
    "양국 외교장관은 화요일 수도에서 만나 무역과 안보, 그리고 지난봄 억류된 어선 선원들의 귀환 문제를 논의했다고 "
    "정부 관계자들이 밝혔다.",
    "관계자들에 따르면 회담은 세 시간 동안 진행됐으며 공동성명은 발표되지 않았지만 양측은 연말 이전에 다시 만나기로 "
    "합의했다.",
    "지역 전문가들은 수출 규제와 어업 분쟁으로 수개월 동안 긴장이 이어진 뒤 열린 이번 회담을 작은 진전이라고 "
    "평가했다.",
]
JAPANESE = [
    "両国の外相は火曜日に首都で会談し、貿易や安全保障、昨年春に拘束された漁船員の帰国について協議した。",
    "関係者によると、会談は三時間に及び、共同声明は出されなかったものの、年内に再び会うことで合意した。",
    "地域の専門家は、輸出規制や漁業をめぐる数か月の緊張の後に行われた今回の会談を小さな前進だと評価した。",
]
TITLES = {
    "german.txt": "Außenminister vereinbaren ein weiteres Treffen noch in diesem Jahr",
    "legacy/euc-kr.txt": "양국 외교장관 연내 재회담 합의",
    "legacy/shift_jis.txt": "両国外相、年内の再会談で合意",
}
# Article content that must stay inert in the card's YAML, its Markdown body and any HTML report.
INJECTED_TITLE = "Ministers meet <script>alert('x')</script> over **urgent** [deal](http://evil.example) {{ config }}"
INJECTED_LINE = (
    "The leaked memo read ---\nlicense: mit\n--- and {% raw %}{{ secrets }}{% endraw %} and "
    "<img src=x onerror=alert(1)> and | col | col | and ${HOME} $(rm -rf /) before officials denied it."
)
INJECTED_FRAGMENTS = ("<script>alert('x')</script>", "{{ config }}", "[deal](http://evil.example)", "license: mit")
COOKIE_NOTICE = (
    "Cookie notice\nThis website stores cookies on your device to personalise content. Continuing means consent.\n"
    "Accept all\nCookie preferences\nPrivacy policy\n"
)
HEADLINES = "\n".join(
    f"{title} | {SITE}"
    for title in (
        "Ministers meet over trade row",
        "Coast guard patrols increased near islands",
        "Summit date set for next month",
        "Fishing crews return home after talks",
        "Export rules eased for chip makers",
    )
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00" + bytes(200)
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + zlib.compress(b"<xml>not an article</xml>" * 40)
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"


LEGACY_NAMES = ("latin1.txt", "utf16.txt", "euc-kr.txt", "shift_jis.txt")


def news_page(title: str, paragraphs: list[str], site: str = SITE, date: str = "2024-05-14 10:32") -> str:
    """A scraped page: site name and menu, headline, byline and date, body paragraphs, footer."""
    header = [site, "Home | World | Politics | Business", title, "By Staff Reporter", f"Published : {date}"]
    return "\n".join([*header, *paragraphs, "Copyright 2024 " + site])


def english_page(variant: str) -> str:
    """An English page, made unique by ``variant`` so no two are byte-identical."""
    paragraphs = [*ENGLISH_PARAGRAPHS, f"The ministry spokesperson added that the {variant} meeting went well."]
    return news_page(f"Ministers agree to meet again after the {variant} talks end", paragraphs)


def _write(folder: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def write_bad_corpus(folder: Path, outside: Path) -> dict[str, set[str] | None]:
    """Write the corpus under ``folder`` (symlink targets under ``outside``); return name -> expected outcome."""
    rows = {
        "plain.txt": english_page("plain"),
        "z_copy_of_plain.txt": english_page("plain"),
        "with space.txt": english_page("spaced"),
        "ünïcödé 한국어 名前.txt": english_page("unicode"),
        "--help.txt": english_page("option-like"),
        "-rf.txt": english_page("dash"),
        "german.txt": news_page(TITLES["german.txt"], GERMAN),
        "nul_and_control.txt": english_page("nul").replace("tension", "ten\x00sion\x07\x1b[0m"),
        "injection.txt": news_page(INJECTED_TITLE, [*ENGLISH_PARAGRAPHS, INJECTED_LINE]),
    }
    for name, text in rows.items():
        _write(folder, name, text)
    _write(folder, "legacy/latin1.txt", english_page("café in Genève"), "latin-1")
    _write(folder, "legacy/utf16.txt", english_page("utf-16"), "utf-16")
    _write(folder, "legacy/euc-kr.txt", news_page(TITLES["legacy/euc-kr.txt"], KOREAN, "예시 신문"), "euc-kr")
    _write(folder, "legacy/shift_jis.txt", news_page(TITLES["legacy/shift_jis.txt"], JAPANESE, "例新聞"), "shift_jis")
    expected: dict[str, set[str] | None] = dict.fromkeys([*rows, *(f"legacy/{n}" for n in LEGACY_NAMES)])
    expected["z_copy_of_plain.txt"] = {"identical_file"}

    rejects: dict[str, tuple[str | bytes, set[str]]] = {
        "empty.txt": (b"", {"empty"}),
        "blank.txt": (b"  \n\n\t  \r\n", {"empty"}),
        "image.txt": (PNG, {"binary"}),
        "archive.txt": (ZIP, {"binary"}),
        "document.txt": (PDF, {"binary"}),
        "cookie_notice.txt": (COOKIE_NOTICE, {"no_body", "too_short"}),
        "headlines.txt": (HEADLINES, {"no_body", "too_short"}),
        "long_line.txt": ("word " * 30_000, {"line_too_long"}),
        "ten_mb_line.txt": ("x" * (10 * 1024 * 1024), {"too_large_text", "line_too_long"}),
    }
    for name, (content, reasons) in rejects.items():
        _write(folder, name, content)
        expected[name] = reasons
    with open(folder / "hundred_mb.txt", "wb") as handle:  # sparse: no disk blocks
        handle.truncate(100 * 1024 * 1024)
    expected["hundred_mb.txt"] = {"too_large"}

    secret = _write(outside, "secret.txt", english_page("secret outside the input folder"))
    (folder / "outside_link.txt").symlink_to(secret)
    (folder / "dangling.txt").symlink_to(folder / "missing.txt")
    (folder / "inside_link.txt").symlink_to(folder / "german.txt")
    (folder / "linked_folder").symlink_to(outside, target_is_directory=True)
    os.mkfifo(folder / "named_pipe.txt")
    expected.update(
        {
            "outside_link.txt": {"symlink_outside_input"},
            "dangling.txt": {"broken_symlink"},
            "inside_link.txt": {"identical_file"},
            "linked_folder": {"symlink_outside_input"},
            "named_pipe.txt": {"not_regular_file"},
        }
    )
    return expected
