"""Taxonomy 2.4.0 (step topics_v5): a topic's lead threshold, a leader's domestic meetings, and vocabulary of the
default taxonomy, on hand-written articles (words glued to a bracket: tests/test_phrases.py)."""

from __future__ import annotations

import pytest

from build_dataset.annotate.spacy_parse import load_nlp
from build_dataset.annotate.topics.annotator import TopicAnnotator, load_taxonomy
from build_dataset.core.article import Article


@pytest.fixture(scope="module")
def label():
    """The topics the default taxonomy gives a hand-written English article."""
    annotator, nlp = TopicAnnotator(load_taxonomy()), load_nlp()

    def topics(title: str, text: str) -> set[str]:
        article = Article(id="0" * 16, source_file="x.txt", title=title, text=text, language="en")
        article.work.doc = nlp(text)
        annotator.annotate(article)
        return set(article.topics)

    return topics


FILLER = "Officials gave no further details on Thursday."


@pytest.mark.parametrize(
    ("title", "text", "expected", "absent"),
    [
        # a leader chairing his own ministers is domestic business, not summitry
        (
            "Government steps up flood response",
            "Prime Minister Han chaired a ministerial meeting on flood recovery in Sejong on Monday. Local "
            f"governments will get more staff. {FILLER}",
            set(),
            {"summit-diplomacy"},
        ),
        (
            "President to host talks with visiting leader",
            "President Park will meet the visiting Prime Minister of Vietnam in Seoul on Monday. The two "
            f"leaders will hold talks on the same day. {FILLER}",
            {"summit-diplomacy"},
            set(),
        ),
        # a summit that is only the timing of another story, named once in the lead
        (
            "Pyongyang fires rocket",
            "North Korea fired a ballistic missile on Sunday, hours before the president left for a summit abroad. "
            "The missile flew some 300 kilometers. The launch was its third this month.",
            {"north-korea"},
            {"summit-diplomacy"},
        ),
        # a full-weight military term in the lead is the story (lead_threshold of security-defense)
        (
            "New plant opens",
            f"The defense contractor opened a plant to build rocket launchers near Changwon. {FILLER} {FILLER}",
            {"security-defense"},
            set(),
        ),
        # the One China policy is a state's stance towards Beijing
        (
            "Seoul says it respects One China policy",
            f"South Korea's security adviser said Seoul respects the One China policy. {FILLER}",
            {"china-relations"},
            set(),
        ),
        # macro and financial vocabulary
        (
            "Surplus widens",
            f"The current account surplus widened in May as chip exports rose. {FILLER} {FILLER}",
            {"trade-economy"},
            set(),
        ),
        (
            "Fund buys stake",
            f"A private equity fund agreed to buy the retailer's logistics arm. {FILLER} {FILLER}",
            {"trade-economy"},
            set(),
        ),
        # supply deals are economic news; a water or power supply is not
        (
            "Firm to supply processors to vehicle maker",
            f"The firm will supply processors to a European vehicle maker from next year. {FILLER} The vehicle maker "
            "will also supply parts to its partners.",
            {"trade-economy"},
            set(),
        ),
        (
            "Villages cut off after storm",
            f"Water supply to three villages was cut after the storm. {FILLER} Power supply was restored by noon.",
            set(),
            {"trade-economy"},
        ),
        # a leak of customer data is a privacy story, though vouchers and share prices come with it
        (
            "Retailer sorry after customer data leak",
            "Names and addresses of three million customers were leaked, the online retailer said on Monday. It will "
            "give each user a voucher worth 20 dollars. The leak came to light last month. Shares of the retailer "
            "fell 3 percent.",
            set(),
            {"trade-economy"},
        ),
        # general vocabulary: the leader's short name, war of any country, the environment beyond pollution
        (
            "Leaders agree to expand ties",
            f"President Lee and Xi agreed on Monday to expand bilateral ties. {FILLER} {FILLER}",
            {"china-relations"},
            set(),
        ),
        (
            "Airstrikes hit border town",
            f"Airstrikes hit a border town overnight, the armed forces said. {FILLER} {FILLER}",
            {"security-defense"},
            set(),
        ),
        (
            "Wetlands survey",
            f"A survey found biodiversity in the wetlands fell by a third since 2000. {FILLER} {FILLER}",
            {"environment-health"},
            set(),
        ),
    ],
    ids=[
        "ministerial-meeting",
        "leaders-meet",
        "summit-as-timing",
        "launcher-plant",
        "one-china",
        "current-account",
        "private-equity",
        "supply-deal",
        "water-supply",
        "data-leak",
        "xi-short-name",
        "airstrikes",
        "biodiversity",
    ],
)
def test_labels_of_the_new_rules(label, title, text, expected, absent):
    topics = label(title, text)
    assert expected <= topics
    assert not absent & topics
