"""Name mentions in an article body, each with what surrounds it; and the byline names to leave out.

A mention is a run of capitalized name words ("Chung Eui-yong", "Chung-yu-yong", "Abe") cut at title,
nationality and function words, so "Japanese Foreign Minister Toshimitsu Motegi" yields "Toshimitsu
Motegi" with the title "Japanese Foreign Minister" before it. spaCy's PERSON entities say which runs are
people; the runs themselves come from the text, because the small model cuts hyphenated Korean names
("Moon Jae" for "Moon Jae-in").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from build_dataset.annotate.officials.context import TitleContext, apposition_after, title_before
from build_dataset.annotate.officials.names import ascii_letters, name_key, name_words

# One name word: "Kim", "McMaster", "O'Brien", "Jae-in", "Chung-Eui-yong", an initial "W.".
NAME_WORD = r"(?:[A-Z][a-z]*(?:['’][A-Z][a-z]+|[A-Z][a-z]+)?(?:-[A-Za-z][a-z]*)*|[A-Z]\.)"
NAME_RUN = re.compile(rf"{NAME_WORD}(?: {NAME_WORD})*")
MAX_NAME_WORDS = 4
# Capitalized words that never belong to a person's name in running text.
STOP_WORDS = frozenset(
    """
    president vice prime minister ministers premier foreign secretary state deputy first second third chief cabinet
    director director-general general ambassador envoy spokesman spokeswoman spokesperson chairman chairwoman
    leader senator sen rep representative special adviser advisor national security defense defence trade
    industry energy economy finance culture unification justice interior counterpart lawmaker governor mayor
    commander admiral gen lt col mr mrs ms dr the a an in on at by for from with to of and but or as if since
    after before while when where asked according it its he she they we his her our their this that these
    those there here earlier later meanwhile still also however both all some many most monday tuesday
    wednesday thursday friday saturday sunday january february march april june july august september
    october november december jan feb mar apr jun jul aug sep sept oct nov dec japanese japan korean korea
    south north chinese china american america us u.s. united states russian russia seoul tokyo beijing
    washington pyongyang ministry government office department bureau party committee council assembly
    parliament diet house blue white cheong wa dae kremlin pentagon yonhap kyodo reuters xinhua afp ap
    press agency news times herald daily post journal tv channel affairs international world war asian
    oceanian pacific asia europe european africa african middle east west western eastern self-defense
    """.split()
)
# Function words that are also Korean name syllables ("Moon Jae In", "Kim Un"): a stop only at a run's start.
SYLLABLE_STOP_WORDS = frozenset({"in", "an", "on", "un", "o", "so", "no", "ha", "ma"})
BYLINE_PATTERNS = (
    re.compile(r"^\s*(?:by|reporter\s*:?|reported by|written by|posted by|edited by)\s*:?\s+(?P<names>.+)$", re.I),
    re.compile(r"^\s*(?P<names>[A-Z][\w'’\- ]+?),\s*(?:[A-Z][\w&]*\s+)*(?:News|TV|Times|Herald|Daily|Post)\.?\s*$"),
    re.compile(r"^\s*(?:our\s+)?(?P<names>[A-Z][\w'’\- ]+?)\s+reports\.?\s*$", re.I),
)
BODY_BYLINE = re.compile(r"(?:^|\n|[.!?]\s+)(?:Our\s+)?(?P<names>[A-Z][\w'’\-]+(?: [A-Z][\w'’\-]+){1,3}) reports\.")


@dataclass(slots=True)
class Mention:
    text: str
    start: int
    end: int
    is_person: bool
    title: TitleContext | None
    apposition: TitleContext | None

    @property
    def words(self) -> list[str]:
        return name_words(self.text)

    @property
    def is_full(self) -> bool:
        return len(self.words) >= 2

    @property
    def contexts(self) -> list[TitleContext]:
        return [c for c in (self.title, self.apposition) if c is not None]


def _chunks(run: re.Match) -> list[tuple[int, int]]:
    """Split a capitalized run at stop words into (start, end) spans of at most ``MAX_NAME_WORDS`` words."""
    spans, current = [], []
    for word in re.finditer(r"\S+", run.group(0)):
        plain = ascii_letters(word.group(0))
        if current and plain in SYLLABLE_STOP_WORDS:
            current.append((run.start() + word.start(), run.start() + word.end()))
        elif plain in STOP_WORDS or word.group(0).lower() in STOP_WORDS:
            spans.append(current)
            current = []
        else:
            current.append((run.start() + word.start(), run.start() + word.end()))
    spans.append(current)
    return [(c[0][0], c[-1][1]) for c in spans if c and len(c) <= MAX_NAME_WORDS]


def find_mentions(doc) -> list[Mention]:
    text = doc.text
    people = sorted((e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON")
    sentence_starts = [s.start_char for s in doc.sents]
    sentence_ends = [s.end_char for s in doc.sents]
    mentions = []
    for run in NAME_RUN.finditer(text):
        for start, end in _chunks(run):
            if not name_words(text[start:end]):
                continue
            index = max(bisect.bisect_right(sentence_starts, start) - 1, 0)
            sentence_start, sentence_end = sentence_starts[index], sentence_ends[index]
            mentions.append(
                Mention(
                    text=text[start:end],
                    start=start,
                    end=end,
                    is_person=any(s < end and start < e for s, e in people),
                    title=title_before(text[sentence_start:start]),
                    apposition=apposition_after(text[end:sentence_end]),
                )
            )
    return mentions


def _split_names(names: str) -> list[str]:
    names = re.split(r"[|•@(\[]", names)[0]
    return [n.strip(" .") for n in re.split(r",| and | & ", names) if len(name_words(n)) >= 2]


def byline_names(author: str | None, header_lines: list[str], footer_lines: list[str], text: str) -> list[str]:
    """Names of reporters and writers: the author field, "By X" / "Reporter : X" / "X, Arirang News."
    lines around the body, and "X reports." sentences in it."""
    found = _split_names(author) if author else []
    for line in [*header_lines, *footer_lines]:
        for pattern in BYLINE_PATTERNS:
            if match := pattern.match(line):
                found.extend(_split_names(match.group("names")))
    found.extend(m.group("names") for m in BODY_BYLINE.finditer(text))
    return list(dict.fromkeys(n for n in found if name_key(n).rotations))
