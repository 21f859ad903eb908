"""Join hard-wrapped lines (newswire archives wrap at ~70 columns) back into one line per paragraph.

The cleaner works line by line and expects a paragraph per line, as scraped pages have. A text counts as
hard-wrapped when its long lines are all short of WRAP_MAX_CHARS and most of them stop mid-sentence;
then lines are joined until a blank line or an indented line starts a new paragraph.
"""

from __future__ import annotations

import re

# Reuters-21578 wraps at 65-72 columns; scraped pages put whole paragraphs (median ~250 chars) on a line.
WRAP_MIN_CHARS = 40
WRAP_MAX_CHARS = 100
# Share of long lines that end mid-sentence: ~0.8 in wrapped wire copy, ~0.1 in scraped pages.
WRAP_OPEN_SHARE = 0.5
MIN_WRAPPED_LINES = 3
# Share of open lines whose next line goes on without a capital (mid-sentence): above 0.25 in 99% of the
# wrapped Reuters-21578 stories, 0 in a list of headlines, which must not be joined into one "paragraph".
WRAP_CONTINUED_SHARE = 0.2
# A wrapped line that closes a sentence this far short of the wrap width ends its paragraph.
SHORT_LINE_SHARE = 0.8
SENTENCE_CLOSE = re.compile(r"[.!?:;\"”’')。！？」』]\s*$")
PARAGRAPH_START = re.compile(r"^(\s{2,}|\t)")


def is_hard_wrapped(text: str) -> bool:
    lines = [line.rstrip() for line in text.split("\n") if line.strip()]
    long_lines = [line for line in lines if len(line.strip()) >= WRAP_MIN_CHARS]
    if len(long_lines) < MIN_WRAPPED_LINES or max(len(line) for line in lines) > WRAP_MAX_CHARS:
        return False
    open_lines = sum(1 for line in long_lines if not SENTENCE_CLOSE.search(line))
    return open_lines >= WRAP_OPEN_SHARE * len(long_lines) and _continued_share(lines) >= WRAP_CONTINUED_SHARE


def _continued_share(lines: list[str]) -> float:
    """Among long lines that stop mid-sentence, the share followed by a line that does not start a capital."""
    pairs = [
        (line, after) for line, after in zip(lines, lines[1:])
        if len(line.strip()) >= WRAP_MIN_CHARS and not SENTENCE_CLOSE.search(line)
    ]
    return sum(not after.strip()[0].isupper() for _, after in pairs) / max(1, len(pairs))


def _ends_paragraph(previous: str, line: str, width: int) -> bool:
    """A sentence that stops well short of the wrap width, or a short line after a closed sentence."""
    closed = bool(SENTENCE_CLOSE.search(previous))
    return closed and (len(previous) < SHORT_LINE_SHARE * width or len(line.strip()) < WRAP_MIN_CHARS)


def unwrap(text: str) -> str:
    """One line per paragraph; a text that is not hard-wrapped comes back unchanged."""
    if not is_hard_wrapped(text):
        return text
    width = max(len(line.rstrip()) for line in text.split("\n"))
    paragraphs: list[list[str]] = []
    for line in text.split("\n"):
        if not line.strip():
            paragraphs.append([])
        elif PARAGRAPH_START.match(line) or not paragraphs or not paragraphs[-1]:
            paragraphs.append([line.strip()])
        elif _ends_paragraph(paragraphs[-1][-1], line, width):
            paragraphs.append([line.strip()])
        else:
            paragraphs[-1].append(line.strip())
    return "\n".join(" ".join(p) for p in paragraphs if p)
