"""Join hard-wrapped lines (newswire archives wrap at ~70 columns) back into one line per paragraph.

The cleaner works line by line and expects a paragraph per line, as scraped pages have. A text counts as
hard-wrapped when its long lines are all short of ``wrap_max_chars`` and most of them stop mid-sentence;
then lines are joined until a blank line or an indented line starts a new paragraph. The thresholds are the
cleaner's (``clean.options.CleanOptions``, ``wrap_*``).
"""

from __future__ import annotations

import re

from build_dataset.clean.options import CLEAN_DEFAULTS, CleanOptions

# What closes a sentence at the end of a line (trailing spaces aside).
SENTENCE_CLOSERS = frozenset(".!?:;\"”’')。！？」』")
PARAGRAPH_START = re.compile(r"^(\s{2,}|\t)")


def is_hard_wrapped(text: str, options: CleanOptions = CLEAN_DEFAULTS) -> bool:
    lines = [line.rstrip() for line in text.split("\n") if line.strip()]
    long_lines = [line for line in lines if len(line.strip()) >= options.wrap_min_chars]
    if len(long_lines) < options.min_wrapped_lines or max(len(line) for line in lines) > options.wrap_max_chars:
        return False
    open_lines = sum(1 for line in long_lines if not closes_sentence(line))
    return (open_lines >= options.wrap_open_share * len(long_lines)
            and _continued_share(lines, options.wrap_min_chars) >= options.wrap_continued_share)


def closes_sentence(line: str) -> bool:
    """Whether the line's last character but whitespace is one of ``SENTENCE_CLOSERS``."""
    stripped = line.rstrip()
    return bool(stripped) and stripped[-1] in SENTENCE_CLOSERS


def _continued_share(lines: list[str], min_chars: int) -> float:
    """Among long lines that stop mid-sentence, the share followed by a line that does not start a capital."""
    pairs = [
        (line, after) for line, after in zip(lines, lines[1:])
        if len(line.strip()) >= min_chars and not closes_sentence(line)
    ]
    return sum(not after.strip()[0].isupper() for _, after in pairs) / max(1, len(pairs))


def _ends_paragraph(previous: str, line: str, width: int, options: CleanOptions) -> bool:
    """A sentence that stops well short of the wrap width, or a short line after a closed sentence."""
    closed = closes_sentence(previous)
    return closed and (len(previous) < options.short_line_share * width or len(line.strip()) < options.wrap_min_chars)


def unwrap(text: str, options: CleanOptions = CLEAN_DEFAULTS) -> str:
    """One line per paragraph; a text that is not hard-wrapped comes back unchanged."""
    if not is_hard_wrapped(text, options):
        return text
    width = max(len(line.rstrip()) for line in text.split("\n"))
    paragraphs: list[list[str]] = []
    for line in text.split("\n"):
        if not line.strip():
            paragraphs.append([])
        elif PARAGRAPH_START.match(line) or not paragraphs or not paragraphs[-1]:
            paragraphs.append([line.strip()])
        elif _ends_paragraph(paragraphs[-1][-1], line, width, options):
            paragraphs.append([line.strip()])
        else:
            paragraphs[-1].append(line.strip())
    return "\n".join(" ".join(p) for p in paragraphs if p)
