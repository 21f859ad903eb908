"""Name mentions in an article body, each with what surrounds it; and the byline names to leave out.

A mention is a run of capitalized name words ("Chung Eui-yong", "Chung-yu-yong", "Abe") cut at title,
nationality and function words, so "Japanese Foreign Minister Toshimitsu Motegi" yields "Toshimitsu
Motegi" with the title "Japanese Foreign Minister" before it. spaCy's PERSON entities say which runs are
people; the runs themselves come from the text, because the small model cuts hyphenated Korean names
("Moon Jae" for "Moon Jae-in").
"""

from __future__ import annotations

import bisect
import functools
import html
import re
from dataclasses import dataclass

from build_dataset.annotate.officials.context import TitleContext, appointment_after, apposition_after, title_before
from build_dataset.annotate.officials.lexicon import lexicon
from build_dataset.annotate.officials.names import ascii_letters, name_key, name_words
from build_dataset.core.text import find_byline

# One name word: "Kim", "McMaster", "O'Brien", "Jae-in", "Chung-Eui-yong", an initial "W.".
NAME_WORD = r"(?:[A-Z](?:[a-z]+|(?![A-Za-z]))(?:['’][A-Z][a-z]+|[A-Z][a-z]+)?(?:-[A-Za-z][a-z]*)*|[A-Z]\.)"
# Lower-case particles inside a name: "Gerhard de Kock", "Richard von Weizsaecker", "Bashar al-Assad".
PARTICLE = r"(?:%s)" % "|".join(sorted(lexicon().name_particles, key=lambda p: (-len(p), p)))
NAME_RUN = re.compile(rf"{NAME_WORD}(?:(?: {PARTICLE})* {NAME_WORD}|(?: {PARTICLE})-{NAME_WORD})*")
MAX_NAME_WORDS = 4
WORD_SPAN = re.compile(r"\S+")
# The word after a run ("... Workers' Union", "Hanbit Group"), and the words an honorific may be ("Mr.", "Dr").
FOLLOWING_WORD = re.compile(r"(?:['’]s?)?\s+([A-Z][\w.&]*)")
HONORIFIC_WORD = re.compile(r"[\w.]+")
# Function words that are also Korean name syllables ("Moon Jae In", "Kim Jong Un"): a stop only at a run's start.
SYLLABLE_STOP_WORDS = frozenset({"in", "an", "on", "un", "o", "so", "no", "ha", "ma"})
# Between two names, a list separator ("lawmakers Kim A, Lee B and Park C"): a plural title covers them all.
LIST_SEPARATOR = re.compile(r"^\s*(?:,\s*(?:and\s+)?|and\s+|&\s+)$")
# Sign-off lines naming the reporter, besides a labelled byline (``core.text.find_byline``).
SIGNOFF_PATTERNS = (
    re.compile(r"^\s*(?P<names>[A-Z][\w'’\- ]+?),\s*(?:[A-Z][\w&]*\s+)*(?:News|TV|Times|Herald|Daily|Post)\.?\s*$"),
    re.compile(r"^\s*(?:our\s+)?(?P<names>[A-Z][\w'’\- ]+?)\s+reports\.?\s*$", re.I),
)
BODY_BYLINE = re.compile(
    r"(?:^|\n|[.!?]\s+)(?:Our\s+)?(?P<names>[A-Z][\w'’\-]+(?: [A-Z][\w'’\-]+){1,3}) reports\."
    r"|\bBy (?P<wire>[A-Z][\w'’\-]+(?: [A-Z][\w'’\-]+){1,3}) (?=[A-Z]{3,}\b)"  # "By Kim Min-ji SEOUL, ..."
)


@dataclass(slots=True)
class Mention:
    text: str
    start: int
    end: int
    is_person: bool
    title: TitleContext | None
    apposition: TitleContext | None
    appointment: TitleContext | None = None
    sentence: int = 0

    @property
    def words(self) -> list[str]:
        return name_words(self.text)

    @property
    def is_full(self) -> bool:
        return len(self.words) >= 2

    @property
    def contexts(self) -> list[TitleContext]:
        return [c for c in (self.title, self.apposition, self.appointment) if c is not None]

    @property
    def context_kinds(self) -> list[tuple[str, TitleContext]]:
        """Each context with where it stood: "title" (before), "apposition" or "appointment" (after)."""
        kinds = (("title", self.title), ("apposition", self.apposition), ("appointment", self.appointment))
        return [(kind, c) for kind, c in kinds if c is not None]


def _chunks(run: re.Match) -> list[tuple[int, int]]:
    """Split a capitalized run at title, place and function words into (start, end) spans of at most
    ``MAX_NAME_WORDS`` name words."""
    offset = run.start()
    return [(offset + start, offset + end) for start, end in run_chunks(run.group(0))]


@functools.lru_cache(maxsize=65536)
def run_chunks(run: str) -> tuple[tuple[int, int], ...]:
    """``_chunks`` of one run's text, as spans within it (a run's chunks depend on its words alone)."""
    words = list(WORD_SPAN.finditer(run))
    texts = [w.group(0) for w in words]
    lex = lexicon()
    breaks = [a or b for a, b in zip(lex.name_breaks.covered(texts), lex.name_places.covered(texts))]
    spans, current = [], []
    for index, (word, is_break) in enumerate(zip(words, breaks)):
        after_particle = index > 0 and texts[index - 1] in lex.name_particles  # "Miguel de la Madrid"
        if ascii_letters(word.group(0)) in SYLLABLE_STOP_WORDS and (current or _next_is_given_name(run, word)):
            current.append(word.span())
        elif is_break and not (after_particle and current):
            spans.append(current)
            current = []
        else:
            current.append(word.span())
    spans.append(current)
    spans = [_without_trailing_particles(c, run) for c in spans]
    return tuple((c[0][0], c[-1][1]) for c in spans if c and len(c) <= MAX_NAME_WORDS)


def _without_trailing_particles(words: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    while words and text[words[-1][0]:words[-1][1]] in lexicon().name_particles:
        words = words[:-1]
    return words


def _next_is_given_name(run: str, word: re.Match) -> bool:
    """"An Ho-young": a syllable that is also a function word starts a name before a hyphenated given name."""
    rest = run[word.end():].split()
    return bool(rest) and "-" in rest[0]


def _is_compound(text: str) -> bool:
    """"Lee-China", "Trump-Kim": a hyphenated word joining a name to a place or another name is not a name."""
    parts = text.split("-")
    return len(parts) > 1 and any(lexicon().places.fullmatch(p) for p in parts)


def _names_organisation(text: str, end: int) -> bool:
    """"Metal Workers' Union", "Hanbit Group": capitalized words an organisation word follows are its name."""
    following = FOLLOWING_WORD.match(text[end: end + 40])
    return bool(following) and bool(lexicon().non_government_orgs.fullmatch(following.group(1).lower()))


def _after_honorific(text: str, start: int) -> bool:
    words = HONORIFIC_WORD.findall(text[max(0, start - 6): start])
    return bool(words) and words[-1].lower() in lexicon().honorifics


def _mention(doc_text: str, start: int, end: int, sentence: tuple[int, int, int], people) -> Mention:
    """``sentence``: (index, where the title may start, where the sentence ends); a title never reaches back
    over another person's name ("Senator Robert Dole of Kansas" gives "Kansas" no title)."""
    index, title_start, sentence_end = sentence
    suffix = html.unescape(doc_text[end:sentence_end])
    return Mention(
        text=doc_text[start:end],
        start=start,
        end=end,
        is_person=any(s < end and start < e for s, e in people) or _after_honorific(doc_text, start),
        title=title_before(html.unescape(doc_text[title_start:start])),
        apposition=apposition_after(suffix),
        appointment=appointment_after(suffix),
        sentence=index,
    )


def _share_plural_titles(mentions: list[Mention], text: str) -> None:
    """"lawmakers Kim A and Lee B": a name listed right after one with a plural title has that title too."""
    for previous, mention in zip(mentions, mentions[1:]):
        if mention.title or previous.sentence != mention.sentence or not previous.title:
            continue
        if previous.title.plural and LIST_SEPARATOR.match(text[previous.end: mention.start]):
            mention.title = previous.title


def sentence_chars(doc) -> tuple[list[int], list[int]]:
    """Where each sentence of the doc starts and ends (characters), as ``doc.sents`` has them, read from the
    SENT_START flags (``doc.sents`` makes a token object of every token, twice, on each use)."""
    flags = doc.to_array("SENT_START").tolist()
    if not flags:
        return [], []
    starts = [i for i, flag in enumerate(flags) if flag == 1 or i == 0]
    ends = [*starts[1:], len(flags)]
    return [doc[a].idx for a in starts], [doc[b - 1].idx + len(doc[b - 1]) for b in ends]


def find_mentions(doc, text: str | None = None) -> list[Mention]:
    """``text``: the doc's text when the caller has it (``doc.text`` joins every token again)."""
    text = doc.text if text is None else text
    people = sorted((e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON")
    sentence_starts, sentence_ends = sentence_chars(doc)
    mentions: list[Mention] = []
    for run in NAME_RUN.finditer(text):
        for start, end in _chunks(run):
            if not name_words(text[start:end]) or _is_compound(text[start:end]) or _names_organisation(text, end):
                continue
            index = max(bisect.bisect_right(sentence_starts, start) - 1, 0)
            title_start = sentence_starts[index]
            if mentions and mentions[-1].sentence == index and mentions[-1].is_person:
                title_start = max(title_start, mentions[-1].end)
            mentions.append(_mention(text, start, end, (index, title_start, sentence_ends[index]), people))
    _share_plural_titles(mentions, text)
    return mentions


def _split_names(names: str) -> list[str]:
    names = re.split(r"[|•@(\[]", names)[0]
    return [n.strip(" .") for n in re.split(r",| and | & ", names) if len(name_words(n)) >= 2]


def byline_names(author: str | None, header_lines: list[str], footer_lines: list[str], text: str) -> list[str]:
    """Names of reporters and writers: the author field, "By X" / "Reporter : X" / "X, Arirang News."
    lines around the body, and "X reports." sentences in it."""
    found = _split_names(author) if author else []
    for line in [*header_lines, *footer_lines]:
        if byline := find_byline(line, labelled=True):
            found.extend(_split_names(byline["name"]))
        for pattern in SIGNOFF_PATTERNS:
            if match := pattern.match(line):
                found.extend(_split_names(match.group("names")))
    if " reports." in text or "By " in text:  # what either form of BODY_BYLINE needs
        found.extend(m.group("names") or m.group("wire") for m in BODY_BYLINE.finditer(text))
    return list(dict.fromkeys(n for n in found if name_key(n).rotations))
