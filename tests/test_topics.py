"""Topics: the taxonomy file, the decision rule (context, lead exclusions), and labels on small hand-written
articles, among them the traps real news set for keyword matching."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import SHARED, needs_shared

from build_dataset.annotate.spacy_parse import load_nlp
from build_dataset.annotate.topics.annotator import (
    DEFAULT_TAXONOMY,
    TopicAnnotator,
    TopicScorer,
    dateline_span,
    load_taxonomy,
)
from build_dataset.core.article import Article

DEFAULT_IDS = [
    "korea-japan-relations",
    "us-alliance",
    "trilateral-cooperation",
    "north-korea",
    "china-relations",
    "wartime-history",
    "territorial-dispute",
    "trade-economy",
    "security-defense",
    "summit-diplomacy",
    "environment-health",
]
DIPLOMACY_IDS = set(DEFAULT_IDS) - {"trade-economy", "environment-health"}

FORCED_LABOR_TALKS = (
    "Seoul and Tokyo fail to narrow gap over forced labor at foreign ministers' talks",
    "South Korea and Japan failed to narrow their differences over compensation for wartime forced labor when "
    "their foreign ministers met in Tokyo on Monday. Japanese Foreign Minister Yoshimasa Hayashi told his South "
    "Korean counterpart Park Jin that all claims were settled by the 1965 treaty that normalized diplomatic ties. "
    "Park urged Tokyo to respond sincerely to the victims, who were forced to work at Japanese factories during "
    "the colonial rule of the peninsula. The two ministers agreed to keep talking, officials in Seoul said. "
    "Relations between the two neighbors have been strained for years over history and trade.",
)
# a trade story with one sentence on North Korea: a passing mention
EXPORTS_WITH_PASSING_MENTION = (
    "Exports rise for third month on chip demand",
    "South Korea's exports rose 7 percent in May from a year earlier, extending gains to a third month on strong "
    "overseas demand for semiconductors, the trade ministry said Tuesday. Shipments of memory chips jumped 15 "
    "percent, while exports of cars and petrochemicals were flat. Imports climbed 4 percent on higher energy "
    "costs, leaving a trade surplus of 2.1 billion dollars. Exports to China, the country's largest trading "
    "partner, grew for the first time this year. The ministry expects the supply chain disruptions that hurt "
    "manufacturers last year to ease further. Economists said the figures point to a gradual recovery of the "
    "economy in the second half. Officials said tensions over North Korea's missile tests had little effect on "
    "shipments. The Kospi rose 0.8 percent after the data were released.",
)
BASEBALL_GAME = (
    "Korea beats Japan 5-3 to reach baseball final",
    "South Korea beat Japan 5-3 on Saturday at the Tokyo Dome to advance to the final of the international "
    "baseball tournament. Starting pitcher Kim Kwang-hyun held the Japanese lineup to two runs over six "
    "innings. Lee Jung-hoo drove in three runs with a double in the fifth inning. Japan rallied late but the "
    "Korean bullpen closed it out. The national team will meet the United States in the final on Sunday. "
    "Fans in Seoul packed the streets to watch the game on big screens.",
)
FILM_FESTIVAL = (
    "Korean thriller wins top prize at Busan film festival",
    "A low-budget Korean thriller won the top prize at the Busan International Film Festival on Friday. "
    "The film, shot in 20 days, follows a taxi driver who witnesses a crime. The director thanked the cast "
    "and said she hoped the award would help young filmmakers. Critics praised the film's tense pacing and "
    "its performances. The festival, the largest in Asia, screened more than 200 films this year.",
)

# --- traps real news sets for keyword matching (invented articles)
SOFA_MATH = (
    "Mathematician settles the moving sofa problem",
    "A mathematician at a Seoul university says he has settled the moving sofa problem, a puzzle about the "
    "largest shape that can be carried around a right-angled corner in a hallway. The sofa problem was first "
    "posed in 1966. His proof runs to more than 100 pages and is under review. Colleagues in the United States "
    "and Japan called the result elegant.",
)
SOFA_TALKS = (
    "Seoul, Washington open talks on revising SOFA",
    "South Korea and the United States opened talks on Tuesday on revising the Status of Forces Agreement that "
    "governs the 28,500 US troops stationed in the country. The two allies last revised the SOFA in 2001. Seoul "
    "wants more say over the cleanup of returned US military bases, officials said. The next round of talks "
    "will be held in Washington.",
)
COLD_WAVE = (
    "Cold wave grips east coast, heavy snow on Ulleung Island",
    "A cold wave advisory was issued for the east coast on Tuesday as temperatures fell to minus 15 degrees "
    "Celsius. Heavy snow of up to 30 centimeters is forecast for Ulleung Island and Dokdo through Wednesday. "
    "Ferries to Ulleung Island and Dokdo were suspended because of high waves. The cold is expected to ease by "
    "the weekend.",
)
DOKDO_CLAIM = (
    "Seoul protests Japan's renewed claim to Dokdo",
    "South Korea lodged a strong protest on Tuesday after Japan repeated its claim to the Dokdo islets in its "
    "annual defense white paper. The foreign ministry summoned a senior Japanese diplomat and demanded that the "
    "claim be withdrawn. Seoul says the islets are its territory by history and international law. Japan calls "
    "them Takeshima.",
)
HOLIDAY_CALENDAR = (
    "Next year brings three long weekends",
    "Workers will get three long weekends next year, according to the public holiday calendar released on "
    "Monday. Lunar New Year falls on a Tuesday, giving a five-day break. Liberation Day on Aug. 15 falls on a "
    "Friday. Chuseok runs from Oct. 5 to 7. The government may add a substitute holiday.",
)
TOURISM_PANDEMIC = (
    "Japanese tourists return to Seoul's shopping streets",
    "Japanese tourists are back in Myeongdong in record numbers, retailers said. Visitor numbers have tripled "
    "since the pandemic, and travel agencies report full flights through spring. Hotels near the shopping "
    "district are fully booked after the pandemic years.",
)
FINANCE_MINISTERS = (
    "G7 finance ministers back debt relief",
    "Finance ministers of the Group of Seven agreed on Saturday to write off the debts of the poorest "
    "countries. The chancellor called the London meeting a debt relief summit. Central bank governors also "
    "attended. Leaders will take up the plan at their summit in July, officials said.",
)
INDICTMENT = (
    "Prosecutors indict former chairman over stock manipulation",
    "Prosecutors on Monday indicted a former chairman of a construction firm on charges of manipulating the "
    "stock price of an affiliate. He is accused of inflating share prices with false statements about overseas "
    "orders. Two executives were arrested last month. The trial is expected to begin in March.",
)
TAKEOVER_DEFENCE = (
    "Retailer rejects bid in defence document",
    "The board of a British retailer published its defence document on Monday, urging shareholders to reject a "
    "hostile takeover bid. The bid undervalues the company, the chairman said. Its share price rose 3 percent. "
    "The bidder has until next month to raise its offer.",
)
CONCERT_BOYCOTT = (
    "Church calls boycott of rap concert",
    "A church group has called on its members to boycott a rap concert in Glasgow next month, saying the lyrics "
    "glorify violence. The promoter said ticket sales were strong. The rapper's album topped the charts last "
    "year. The concert will go ahead, the venue said.",
)
CJK_SUMMIT = (
    "Leaders of Korea, China and Japan agree to hold trilateral summit every year",
    "The leaders of South Korea, China and Japan agreed on Sunday to hold their trilateral summit every year. "
    "The three leaders met in Seoul for the first time in four years. They adopted a joint declaration on "
    "people-to-people exchanges. Chinese Premier Li Qiang said the three countries should deepen cooperation.",
)
# a summit preview: one-line agenda items and background history are not topics of their own
SUMMIT_PREVIEW = (
    "Lee to visit Beijing for summit with Xi",
    "President Lee Jae Myung will make a state visit to China next week for a summit with President Xi "
    "Jinping, the presidential office said Monday. The two leaders are expected to discuss bilateral ties. "
    "Lee will also meet Chinese business leaders and visit Shanghai. Officials said the agenda includes the "
    "environment and transnational crime. It will be Lee's first trip to China since taking office, and the "
    "first state visit by a South Korean president in six years.",
)

# traps of the enlarged tune half (invented articles): a mountain summit, a background paragraph on the military,
# a market crime
SUNRISE_HIKE = (
    "Three hills for the first sunrise of the year",
    "Crowds are expected on the city's hills for the first sunrise of the year on Thursday. The sun will rise "
    "at 7:45 a.m., the observatory said. On the western hill, hikers reach the summit in about 40 minutes "
    "along a lit path. The summit of the northern hill is 340 meters above sea level and is icy in the morning. "
    "From the summit of the riverside park, visitors can see the bridges light up. Bring a flashlight, since "
    "the trails are dark before dawn.",
)
VISIT_WITH_BACKGROUND = (
    "Prime minister to visit Seoul for talks with Lee",
    "The Japanese prime minister will visit Seoul next week for a summit with President Lee Jae Myung, the "
    "presidential office said Friday. The two leaders will hold talks over dinner and a joint press "
    "conference. It will be the third meeting of the two leaders this year. Lee hopes to keep the summits "
    "going every few months, his spokesperson said. The leaders met last in Tokyo in the autumn. Officials "
    "said the visit will take two days. The prime minister will also meet Korean business leaders. He will "
    "lay flowers at a cemetery in the capital. Separately, the navy held a live-fire exercise on Thursday. "
    "It also tested a new destroyer off the east coast. The visit was first planned for the spring.",
)
SEA_LEVEL_STUDY = (
    "Coastal sea levels rose 10 centimeters in three decades: study",
    "Sea levels along the country's coasts rose about 10 centimeters over the past 30 years, a state agency "
    "said Sunday, a rise it linked to global warming. The east coast saw the fastest rise. The agency said the "
    "data will be used to plan flood defenses for port cities.",
)
MILITARY_BUDGET = (
    "Parliament approves record military spending",
    "Lawmakers on Tuesday approved the largest military budget in the country's history, a rise of 8 percent "
    "from last year. Most of the increase will go to air defenses and new fighter jets. The opposition said "
    "the money should go to housing instead.",
)
# a leader's heir in a story about succession: the military sites she visited are background
HEIR_APPEARANCE = (
    "Ruler's son appears at state ceremony, fuelling succession talk",
    "The ruler of a small northern state appeared with his son at a state ceremony on Monday, the official news "
    "agency said, fuelling talk that the boy is being groomed as heir. Analysts said his place beside his father "
    "in the front row was telling. The boy has joined his father on visits to factories, farms and military "
    "sites since last year. He was first shown at a military parade two years ago. Officials in neighbouring "
    "countries said they are watching his rise closely. His age has never been confirmed. The ruling party "
    "holds its congress next month, when his status may become clearer. State television showed him waving to "
    "crowds. Some experts doubt he will be named soon. The army newspaper printed his photo on its front page.",
)
# a company's data breach: a privacy story, though its shares move
BREACH_APOLOGY = (
    "Retailer's chief apologises for data breach",
    "The chief executive of an online retailer apologised on Sunday for a data breach that exposed the personal "
    "information of millions of customers. He promised vouchers to every affected account. Regulators said the "
    "data breach was the largest this year. Shares in the company rose 5 percent on the stock exchange after the "
    "apology. Investors welcomed the plan. The stock is still below its level of last month.",
)
# a nomination: an appointment, though the post is an economic one
BUDGET_NOMINATION = (
    "Former lawmaker nominated to lead budget office",
    "The prime minister on Monday nominated a former opposition lawmaker to lead the budget office split from the "
    "economy ministry. Aides said the nomination reflects a pledge to put results before ideology in economic "
    "policy. The nominee is an economic expert who chaired the assembly's budget committee. Her party expelled "
    "her within hours. She said economic issues can be solved by working together. The economy needs her skills, "
    "aides said. A confirmation hearing is expected next month.",
)
# captured soldiers who want to defect: people, not military matters
CAPTIVE_SOLDIERS = (
    "Two captured soldiers still wait for transfer",
    "Two soldiers captured at the front last year still wait to be transferred, a rights group said. The "
    "captured soldiers have asked to defect to the neighbouring country in letters. Talks between the two "
    "governments have stalled. The soldiers say they fear punishment if sent home. Lawyers for the prisoners of "
    "war said international law forbids their forced repatriation.",
)
# the missile shield named as the origin of Beijing's retaliation, in a story about a content ban
THAAD_BACKGROUND = (
    "Hopes rise for an end to China's ban on Korean dramas",
    "Hopes are rising that China will ease the unofficial ban on Korean dramas it imposed after Seoul agreed to "
    "host the THAAD missile shield. Producers said they had lost a big market since then. Streaming platforms in "
    "China still carry few Korean titles. The THAAD row with China cost the industry billions, producers said. "
    "Analysts said any easing would be gradual.",
)
# the US pressing China over its trade surplus and the yuan's peg
YUAN_PEG = (
    "China's exports surge in 2024",
    "Chinese exports jumped 30 percent last year, the commerce ministry said. China's trade surplus with the "
    "United States, a sore point in Washington, hit a record. US lawmakers blame the yuan's peg to the dollar for job "
    "losses at home. The US Treasury again urged China to let its currency float. Factory output also rose.",
)
# the US reaffirming its commitment to its allies' defense after a launch
US_COMMITMENT = (
    "US reaffirms security commitment to allies after launch",
    "The US military said on Sunday it was consulting closely with its allies after the latest missile launch "
    "by the North. The launch posed no immediate threat, the command said. Washington's defense commitment to "
    "its allies in the region remains firm, it added. Officials in the capital gave no further details.",
)
# an embargo on China that Washington wants kept: a matter between states
CHINA_EMBARGO = (
    "Europe may lift its arms embargo on China",
    "The European embargo on arms sales to China may be lifted this year despite US objections, a minister said. "
    "The ban was imposed after a crackdown on protesters. Officials in Beijing welcomed the remarks. Washington "
    "fears China could use the weapons against Taiwan. Talks with US officials are continuing.",
)
STOCK_RIGGING_TRIAL = (
    "Court jails former executive over stock rigging",
    "A court on Friday sentenced a former executive of a car dealer to four years in prison for stock rigging. "
    "Prosecutors said he inflated the stock of the dealer through false orders between 2010 and 2012. The "
    "stock rose fivefold over two years. Investors who bought the stock late lost most of their money. His "
    "lawyers said he will appeal the ruling.",
)

# public health beyond epidemics: a disease programme, the cost of care (taxonomy 2.4.0)
AIDS_PROGRAMME = (
    "Donors pledge money for clinics in the south",
    "A group of donors will fund treatment for 3,000 people living with HIV in three provinces. The money "
    "pays for antiretroviral drugs and for nurses at rural clinics. Campaigners said many patients had waited "
    "years. The first clinics open in May.",
)
CARE_COSTS = (
    "Ministry plans to curb health care costs",
    "The government wants to slow the rise in health care costs by paying less for copies of old medicines. "
    "Drug prices have not been revised for a decade, officials said. Makers of the medicines say the plan will "
    "hurt them. A decision is due in the spring.",
)
# a welfare ministry's pension plan names the ministry, not a health topic
PENSION_PLAN = (
    "Pension contributions to rise from next year",
    "Workers will pay more into the national pension from next year under a plan the health ministry "
    "announced on Monday. The ministry said benefits would rise as well. The Ministry of Health and Welfare "
    "expects the fund to last until 2070. Opposition lawmakers called the plan rushed.",
)
# competition enforcement and small merchants are economic news without market words (taxonomy 2.4.0)
CARTEL_FINE = (
    "Regulator fines builders for favouring relatives' firms",
    "The Fair Trade Commission fined four builders a combined 50 billion won on Tuesday for handing work to "
    "firms owned by their chairmen's relatives. The watchdog said the deals shut out rivals. Two of the builders "
    "said they would appeal.",
)
MERCHANT_VOUCHERS = (
    "Vouchers help shopkeepers",
    "Vouchers the city issued to help small businesses were used at a street market on Monday. Fewer shops "
    "closed in the autumn than in the spring. Small merchants said trade had picked up.",
)

# "counterparts" of companies or products are not diplomacy; a foreign minister's counterpart is
PANEL_PRICES = (
    "Solar panel makers report weak orders",
    "Solar panel makers in Seoul reported weak orders for a third month. Chinese panels sell for half the price "
    "of their Korean counterparts. Analysts asked whether the United States would cut its tariff on Chinese "
    "panels. Factories in the south are running below capacity.",
)
MINISTER_MEETS_COUNTERPART = (
    "Foreign minister heads abroad",
    "Foreign Minister Cho Hyun met his Chinese counterpart Wang Yi in Beijing on Tuesday. The two sides issued "
    "no statement afterwards. Cho flies on to Singapore on Wednesday.",
)


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.fixture(scope="module")
def annotator() -> TopicAnnotator:
    return TopicAnnotator(load_taxonomy())


def make_article(title: str, text: str, nlp=None, language: str = "en") -> Article:
    article = Article(id="0" * 16, source_file="x.txt", title=title, text=text, language=language)
    article.work.doc = nlp(text) if nlp is not None and language == "en" else None
    return article


def write_taxonomy(folder: Path, taxonomy: dict) -> Path:
    path = folder / "taxonomy.yaml"
    path.write_text(yaml.safe_dump(taxonomy), encoding="utf-8")
    return path


def test_default_taxonomy_has_the_eleven_topics_with_evidence():
    taxonomy = load_taxonomy(DEFAULT_TAXONOMY)
    assert [t["id"] for t in taxonomy["topics"]] == DEFAULT_IDS
    assert taxonomy["version"]
    assert all(t["definition"] and t["evidence"] for t in taxonomy["topics"])


GOOD = {"version": "1", "topics": [{"id": "a", "definition": "A.", "evidence": {"terms": {"apple": 1}}}]}
# the decision rule of the tests below, fixed here so that retuning the shipped taxonomy does not move them
RULE = {
    "threshold": 0.5,
    "saturation": 2.0,
    "title_weight": 2.0,
    "lead_weight": 1.0,
    "lead_sentences": 1,
    "reference_sentences": 30,
    "min_sentences": 2,
}
FRUIT = {
    "version": "1",
    "decision": RULE,
    "cues": {"weather": ["forecast", "snow"]},
    "topics": [
        {
            "id": "fruit",
            "definition": "Fruit.",
            "lead_excludes": ["weather"],
            "evidence": {"terms": {"apple": 1.0, "durian": 5.0}},
        }
    ],
}
FILLER = "Nothing to see here."
BENCH = {
    "set": "s",
    "step": "topics_v8",
    "articles": 9,
    "labels": 9,
    "micro_precision": 1,
    "micro_recall": 1,
    "micro_f1": 1,
}


def _with(**changes) -> dict:
    taxonomy = json.loads(json.dumps(GOOD))
    topic = taxonomy["topics"][0]
    for key, value in changes.items():
        if key.startswith("topic_"):
            topic[key.removeprefix("topic_")] = value
        else:
            taxonomy[key] = value
    return taxonomy


@pytest.mark.parametrize(
    ("taxonomy", "message"),
    [
        ([1, 2], "YAML mapping"),
        ({"topics": GOOD["topics"]}, "`version` is required"),
        (_with(topics=[]), "non-empty list"),
        (_with(topics=GOOD["topics"] * 2), "appears twice"),
        (_with(topic_id="Not An Id"), "lowercase letters"),
        (_with(topic_definition=""), "definition"),
        (_with(topic_evidence=None), "needs `terms`"),
        (_with(topic_evidence={"terms": {"apple": -1}}), "positive weights"),
        (_with(topic_evidence={"terms": {"apple": 1}, "requires": ["fruit"]}), "unknown cues ['fruit']"),
        (_with(topic_evidence={"terms": {"apple": 1}, "when": "always"}), "unknown keys ['when']"),
        (_with(topic_threshold=1.5), "between 0 and 1"),
        (_with(topic_lead_threshold=0), "lead_threshold must be a number between 0 and 1"),
        (_with(topic_body_min_weight=0), "body_min_weight must be a positive number"),
        (_with(topic_dominant_share=1.5), "dominant_share must be a number between 0 and 1"),
        (_with(topic_closing_share=1), "closing_share must be a number between 0 and 1"),
        (_with(decision={"threshold": 0}), "between 0 and 1"),
        (_with(decision={"saturation": -2}), "positive number"),
        (_with(decision={"speed": 1}), "keys among"),
        (_with(cues={"fruit": "apple"}), "list of non-empty phrases"),
        (_with(topic_evidence={"terms": {"appl*": 1}}), "wildcard"),
        (_with(topic_lead_excludes=["weather"]), "unknown cues ['weather']"),
        (_with(topic_context_needs=["weather"]), "context_needs must map a cue name to the cue name it needs"),
        (_with(topic_context_needs={"weather": 1}), "context_needs must map a cue name to the cue name it needs"),
        (_with(cues={"w": ["snow"]}, topic_context_needs={"w": "price"}), "unknown cues ['price']"),
        (_with(benchmark={"micro_f1": 0.9}), "`benchmark` must be a mapping"),
        (_with(benchmark={**BENCH, "micro_f1": 1.5}), "benchmark.micro_f1 must be a number from 0 to 1"),
    ],
)
def test_bad_taxonomy_raises_a_clear_error(tmp_path, taxonomy, message):
    with pytest.raises(ValueError, match="bad taxonomy") as error:
        load_taxonomy(write_taxonomy(tmp_path, taxonomy))
    assert message in str(error.value)


def test_taxonomy_that_is_not_yaml_raises_value_error(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("topics: [unclosed", encoding="utf-8")
    with pytest.raises(ValueError, match="not valid YAML"):
        load_taxonomy(path)


@pytest.fixture(scope="module")
def fruit(nlp) -> TopicScorer:
    return TopicScorer(FRUIT, nlp)


def fruit_decision(scorer: TopicScorer, title: str | None, sentences: list[str]):
    (decision,) = scorer.score_text(title, " ".join(sentences))
    return decision


@pytest.mark.parametrize(
    ("title", "sentences", "applies"),
    [
        (None, [FILLER] * 10, False),
        # one passing mention deep in the text: never enough, however specific the term
        (None, [FILLER] * 4 + ["We ate a durian."] + [FILLER] * 5, False),
        (None, [FILLER] * 4 + ["We ate an apple."] + [FILLER] * 5, False),
        # the same in the lead or the title is evidence in topical context
        (None, ["We ate a durian."] + [FILLER] * 9, True),
        ("Durian season opens", [FILLER] * 10, True),
        # two distinct sentences of full weight are evidence too
        (None, [FILLER] * 3 + ["We ate an apple.", FILLER, "The apple was sweet."] + [FILLER] * 4, True),
    ],
    ids=["nothing", "one-strong-deep", "one-deep", "strong-lead", "strong-title", "two-sentences"],
)
def test_a_topic_needs_title_lead_or_two_sentences(fruit, title, sentences, applies):
    decision = fruit_decision(fruit, title, sentences)
    assert decision.applies is applies
    assert 0.0 <= decision.score < 1.0


@pytest.mark.parametrize(
    ("title", "lead", "later", "applies"),
    [
        # a forecast story: the negative cue in the lead and again later is the article's context
        (None, "The forecast was grim.", "Snow fell all day.", False),
        ("Snow in the orchards", "The forecast was grim.", FILLER, False),
        # one negative word in the lead is not a context ("arrest the slide" in a market story)
        (None, "The forecast was grim.", FILLER, True),
        # the negative cue only later in the text is not in the lead
        (None, "The market was busy.", "Snow fell all day.", True),
        (None, "The market was busy.", FILLER, True),
    ],
    ids=["lead-and-later", "title-and-lead", "one-word-in-lead", "later-only", "none"],
)
def test_a_lead_exclusion_rules_the_topic_out(fruit, title, lead, later, applies):
    sentences = [lead, "We ate an apple.", "The apple was sweet.", later, "Another apple fell."]
    decision = fruit_decision(fruit, title, sentences)
    assert decision.applies is applies
    assert (decision.excluded_by == "weather") is not applies


@pytest.mark.parametrize(
    ("title", "applies"),
    [
        ("Durians flood the market", True),  # a plural the text does not lemmatize: its singular matches
        ("Durian season opens", True),
        ("Mangoes flood the market", False),
        ("Markets flood", False),  # "flood" is in the title, not a term; "Markets" stays a market
    ],
)
def test_title_words_missing_from_the_text_match_by_their_singular(fruit, title, applies):
    assert fruit_decision(fruit, title, [FILLER] * 5).applies is applies


@pytest.mark.parametrize(
    ("language", "kind", "title", "expected"),
    [
        # a table of numbers has no language of its own: its title is the evidence
        ("und", "table", "Government Bond Yields on morning of Jan. 2", ["trade-economy"]),
        ("und", "table", "Sunday's weather forecast", []),
        ("und", "article", "Government Bond Yields on morning of Jan. 2", []),  # short text, not a table
        ("fr", "table", "Government Bond Yields on morning of Jan. 2", []),  # another language
    ],
)
def test_a_table_without_a_language_is_decided_on_its_title(annotator, language, kind, title, expected):
    article = make_article(title, "3-year 2.95 2.97 5-year 3.10 3.12 10-year 3.31 3.33", language=language)
    article.kind = kind
    annotator.annotate(article)
    assert article.topics == expected


# fruit in a forecast story (the lead exclusion of FRUIT) unless fruit is in most of the article's sentences
DOMINANT = {**FRUIT, "topics": [{**FRUIT["topics"][0], "dominant_share": 0.6}]}
FORECAST = ["The forecast was grim.", "Snow fell all day."]
APPLE = ["We ate an apple.", "The apple was sweet.", "An apple fell.", "An apple rolled."]


@pytest.mark.parametrize(
    ("taxonomy", "sentences", "applies"),
    [
        # the exclusion in the lead and later, fruit in 2 of 5 sentences: a forecast story
        (DOMINANT, [FORECAST[0], *APPLE[:2], FORECAST[1], FILLER], False),
        # fruit in 4 of 6 sentences (0.67): the article is about fruit, whatever its opening names
        (DOMINANT, [FORECAST[0], *APPLE[:2], FORECAST[1], *APPLE[2:]], True),
        # fruit in 4 of 8 (0.5): short of the share, the exclusion holds
        (DOMINANT, [FORECAST[0], *APPLE[:2], FORECAST[1], *APPLE[2:], FILLER, FILLER], False),
        # fruit in 3 of 5 (0.6) is the share, but three sentences do not dominate (DOMINANT_SENTENCES)
        (DOMINANT, [FORECAST[0], *APPLE[:2], FORECAST[1], APPLE[2]], False),
        # without a dominant_share, no share lifts the exclusion
        (FRUIT, [FORECAST[0], *APPLE[:2], FORECAST[1], *APPLE[2:]], False),
    ],
    ids=["share-0.4", "share-0.67", "share-0.5", "three-sentences", "no-dominant-share"],
)
def test_a_dominant_topic_is_not_ruled_out_by_a_lead_exclusion(nlp, taxonomy, sentences, applies):
    (decision,) = TopicScorer(taxonomy, nlp).score_text(None, " ".join(sentences))
    assert decision.applies is applies


# fruit evidence that only starts past 0.8 of the article's sentences is a closing aside, not the story
CLOSING = {**FRUIT, "topics": [{**FRUIT["topics"][0], "closing_share": 0.8}]}


@pytest.mark.parametrize(
    ("taxonomy", "title", "sentences", "applies"),
    [
        # two full-weight sentences, the first of them the 9th of 10 (past 0.8): an aside
        (CLOSING, None, [FILLER] * 8 + APPLE[:2], False),
        # the same two starting at the 7th of 10 (within 0.8): the topic
        (CLOSING, None, [FILLER] * 6 + APPLE[:2] + [FILLER] * 2, True),
        # one sentence in the body before the cut and one after: the first decides
        (CLOSING, None, [FILLER] * 7 + [APPLE[0], FILLER, APPLE[1]], True),
        # title evidence is the article's context: the closing rule does not apply
        (CLOSING, "Apple harvest", [FILLER] * 8 + APPLE[:2], True),
        # without a closing_share the late sentences count as any others
        (FRUIT, None, [FILLER] * 8 + APPLE[:2], True),
    ],
    ids=["late-pair", "earlier-pair", "straddles-cut", "title", "no-closing-share"],
)
def test_evidence_that_starts_in_the_closing_sentences_is_an_aside(nlp, taxonomy, title, sentences, applies):
    (decision,) = TopicScorer(taxonomy, nlp).score_text(title, " ".join(sentences))
    assert decision.applies is applies


# fruit whose weak word ("pear", 0.8) deep in the text is background unless a full-weight sentence joins it
ORCHARD = {
    **FRUIT,
    "topics": [{**FRUIT["topics"][0], "body_min_weight": 1.0, "evidence": {"terms": {"apple": 1.0, "pear": 0.8}}}],
}


@pytest.mark.parametrize(
    ("title", "sentences", "applies"),
    [
        # weak words in three body sentences: background, however many
        (None, [FILLER, "A pear fell.", "A pear rolled.", "A pear rotted."], False),
        # one full-weight sentence among them: the topic
        (None, [FILLER, "A pear fell.", "An apple rolled.", "A pear rotted."], True),
        # the weak word in the lead: the topic's context, the floor does not apply
        (None, ["A pear fell.", "A pear rolled.", "A pear rotted."], True),
        ("Pears fall early", [FILLER, "A pear rolled.", FILLER], True),
    ],
    ids=["weak-body", "one-strong", "weak-lead", "weak-title"],
)
def test_without_title_or_lead_evidence_a_topic_needs_one_full_weight_sentence(nlp, title, sentences, applies):
    (decision,) = TopicScorer(ORCHARD, nlp).score_text(title, " ".join(sentences))
    assert decision.applies is applies


# fruit in a story that opens with a recipe is the fruit trade only with a price somewhere in the article: a cue
# set (recipe) in the title or the first two sentences needs another (price) anywhere
MARKET = {
    **FRUIT,
    "cues": {**FRUIT["cues"], "recipe": ["recipe", "bake"], "price": ["price", "cent"]},
    "topics": [{**FRUIT["topics"][0], "context_needs": {"recipe": "price"}}],
}
APPLES = ["We sold an apple.", "The apple was sweet."]


@pytest.mark.parametrize(
    ("title", "sentences", "applies"),
    [
        (None, [*APPLES, FILLER], True),  # no recipe: nothing is needed
        (None, [APPLES[0], "Bake it for an hour.", APPLES[1]], False),  # a recipe opens the story, without a price
        ("A recipe for the season", [*APPLES, FILLER], False),  # the cue in the title counts too
        (None, ["Bake it for an hour.", *APPLES, FILLER, "Each apple cost ten cents."], True),  # with a price
        ("Apple prices", ["Bake it for an hour.", *APPLES], True),  # the needed cue in the title counts too
        (None, [*APPLES, FILLER, "Bake it for an hour."], True),  # a recipe deep in the text is not the subject
    ],
    ids=["no-cue", "cue-without-need", "cue-in-title", "cue-with-need", "need-in-title", "cue-deep-in-text"],
)
def test_a_context_cue_needs_its_companion_somewhere_in_the_article(nlp, title, sentences, applies):
    (decision,) = TopicScorer(MARKET, nlp).score_text(title, " ".join(sentences))
    assert decision.applies is applies
    assert (decision.excluded_by == "recipe without price") is not applies


STRICT = {
    **FRUIT,
    "decision": {**RULE, "lead_weight": 2.0},
    "topics": [
        {
            **FRUIT["topics"][0],
            "threshold": 0.65,
            "lead_threshold": 0.5,
            "evidence": {"terms": {"apple": 1.0, "pear": 0.8}},
        }
    ],
}
# the same topic without a lead_threshold: its own threshold holds in the title and lead too
STRICT_EVERYWHERE = {**STRICT, "topics": [{k: v for k, v in STRICT["topics"][0].items() if k != "lead_threshold"}]}


@pytest.mark.parametrize(
    ("taxonomy", "title", "sentences", "applies"),
    [
        # a full-weight term in the lead (score 0.632): the article's context, the topic's lead_threshold (0.5)
        (STRICT, None, ["An apple fell.", FILLER, FILLER], True),
        (STRICT, "Apples fall early", [FILLER, FILLER], True),
        # the same score from two plain body sentences: the topic's own threshold (0.65) holds
        (STRICT, None, [FILLER, "An apple fell.", "An apple rolled."], False),
        # a weaker word in the lead does not lower the bar
        (STRICT, None, ["A pear fell.", FILLER, FILLER], False),
        # enough body evidence passes the topic's own threshold
        (STRICT, None, [FILLER, "An apple fell.", "An apple rolled.", "An apple rotted."], True),
        # without a lead_threshold, one lead sentence (the occasion of another story) stays short of 0.65
        (STRICT_EVERYWHERE, None, ["An apple fell.", FILLER, FILLER], False),
        (STRICT_EVERYWHERE, "Apples fall early", [FILLER, FILLER], False),
        # ... and a lead term with company passes it
        (STRICT_EVERYWHERE, None, ["An apple fell.", "An apple rolled.", FILLER], True),
    ],
    ids=[
        "strong-lead",
        "strong-title",
        "two-body-sentences",
        "weak-lead",
        "three-body-sentences",
        "no-lead-threshold-lead",
        "no-lead-threshold-title",
        "no-lead-threshold-lead-and-body",
    ],
)
def test_a_full_weight_title_or_lead_term_meets_the_lead_threshold(nlp, taxonomy, title, sentences, applies):
    (decision,) = TopicScorer(taxonomy, nlp).score_text(title, " ".join(sentences))
    assert decision.applies is applies


def test_long_articles_need_denser_evidence(fruit):
    evidence = ["An apple fell.", "An apple rolled.", "An apple rotted."]
    short = fruit_decision(fruit, None, [FILLER] * 2 + evidence + [FILLER] * 10)
    long = fruit_decision(fruit, None, [FILLER] * 2 + evidence + [FILLER] * 200)
    assert long.score < short.score
    assert not long.applies


def test_title_evidence_counts_more_than_a_body_sentence(fruit):
    in_title = fruit_decision(fruit, "Apple season opens", [FILLER, "An apple fell."])
    in_body = fruit_decision(fruit, "Season opens", [FILLER, "An apple fell.", "An apple rolled."])
    assert in_title.score > in_body.score


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("SEOUL, Dec. 30 (Newswire) -- Exports rose.", "SEOUL, Dec. 30 (Newswire) --"),
        ("WASHINGTON (Wirecorp) - The Fed held rates.", "WASHINGTON (Wirecorp) -"),
        ("BEIJING, Jan 2 (Agency) - Talks resumed.", "BEIJING, Jan 2 (Agency) -"),
        ("TOKYO, March 3, 2024 (Press) -- A quake hit.", "TOKYO, March 3, 2024 (Press) --"),
        ("OSAKA — The yen fell.", "OSAKA —"),
        ("Markets update\nSEOUL, May 5 (Newswire) -- Shares rose.", "SEOUL, May 5 (Newswire) --"),
        # prose, not a dateline: a place in mixed case without credit or date, or no dash at all
        ("Japan - the view from Tokyo is grim.", None),
        ("Seoul said on Monday it would respond.", None),
        ("", None),
    ],
)
def test_dateline_span_finds_wire_datelines_only(text, dateline):
    span = dateline_span(text)
    assert (text[slice(*span)] if span else None) == dateline


@pytest.mark.parametrize(
    ("text", "applies"),
    [
        # the filing city is no Korea cue: a Korean poll of Japanese views is not Seoul dealing with Tokyo
        ("SEOUL, Feb. 3 (Newswire) -- Most Japanese people back diplomatic efforts for peace, a poll showed.", False),
        ("TOKYO (Wirecorp) -- Most Korean people back diplomatic efforts for peace, a poll showed.", False),
        # the same cue in the sentence itself is evidence
        ("SEOUL, Feb. 3 (Newswire) -- Seoul summoned Japan's ambassador to protest the remarks.", True),
        ("Seoul summoned Japan's ambassador to protest the remarks.", True),
    ],
    ids=["seoul-dateline", "tokyo-dateline", "cue-in-sentence", "no-dateline"],
)
def test_a_dateline_is_not_topical_evidence(annotator, nlp, text, applies):
    for parsed in (nlp, None):
        article = make_article("Poll results", text + " " + FILLER, parsed)
        annotator.annotate(article)
        assert ("korea-japan-relations" in article.topics) is applies


@pytest.mark.parametrize("parsed", [True, False], ids=["parse-given", "parsed-by-annotator"])
@pytest.mark.parametrize(
    ("article", "expected", "absent"),
    [
        (
            FORCED_LABOR_TALKS,
            {"korea-japan-relations", "wartime-history", "summit-diplomacy"},
            {"north-korea", "territorial-dispute", "environment-health"},
        ),
        (EXPORTS_WITH_PASSING_MENTION, {"trade-economy"}, {"north-korea", "security-defense"}),
        (BASEBALL_GAME, set(), set(DEFAULT_IDS)),
        (FILM_FESTIVAL, set(), set(DEFAULT_IDS)),
        (SOFA_MATH, set(), set(DEFAULT_IDS)),
        (SOFA_TALKS, {"us-alliance"}, {"trade-economy", "environment-health"}),
        (COLD_WAVE, set(), {"territorial-dispute", "environment-health"}),
        (DOKDO_CLAIM, {"territorial-dispute", "korea-japan-relations"}, {"trade-economy", "north-korea"}),
        (HOLIDAY_CALENDAR, set(), set(DEFAULT_IDS)),
        (TOURISM_PANDEMIC, set(), {"environment-health"}),
        (FINANCE_MINISTERS, set(), {"summit-diplomacy"}),
        (INDICTMENT, set(), {"trade-economy"}),
        (TAKEOVER_DEFENCE, {"trade-economy"}, {"security-defense"}),
        (CONCERT_BOYCOTT, set(), set(DEFAULT_IDS)),
        (CJK_SUMMIT, {"trilateral-cooperation", "china-relations", "summit-diplomacy"}, {"us-alliance"}),
        (SUNRISE_HIKE, set(), {"summit-diplomacy"}),
        (VISIT_WITH_BACKGROUND, {"summit-diplomacy"}, {"security-defense"}),
        (SEA_LEVEL_STUDY, {"environment-health"}, {"trade-economy"}),
        (MILITARY_BUDGET, {"security-defense"}, set()),
        (STOCK_RIGGING_TRIAL, set(), {"trade-economy"}),
        (HEIR_APPEARANCE, set(), {"security-defense"}),
        (BREACH_APOLOGY, set(), {"trade-economy"}),
        (BUDGET_NOMINATION, set(), {"trade-economy"}),
        (CAPTIVE_SOLDIERS, set(), {"security-defense"}),
        (THAAD_BACKGROUND, set(), {"us-alliance"}),
        (YUAN_PEG, {"china-relations", "trade-economy"}, {"security-defense"}),
        (US_COMMITMENT, {"us-alliance"}, {"trade-economy"}),
        (CHINA_EMBARGO, {"china-relations"}, {"environment-health"}),
        (AIDS_PROGRAMME, {"environment-health"}, {"trade-economy"}),
        (CARE_COSTS, {"environment-health"}, set()),
        (PENSION_PLAN, set(), {"environment-health"}),
        (CARTEL_FINE, {"trade-economy"}, {"environment-health"}),
        (MERCHANT_VOUCHERS, {"trade-economy"}, set()),
        (PANEL_PRICES, set(), {"china-relations"}),
        (MINISTER_MEETS_COUNTERPART, {"china-relations"}, set()),
        (
            SUMMIT_PREVIEW,
            {"summit-diplomacy", "china-relations"},
            {"environment-health", "wartime-history", "trade-economy", "trilateral-cooperation", "north-korea"},
        ),
    ],
    ids=[
        "forced-labor-talks",
        "passing-mention",
        "sports",
        "culture",
        "sofa-math",
        "sofa-talks",
        "cold-wave-islands",
        "dokdo-claim",
        "holiday-calendar",
        "tourism-pandemic",
        "finance-ministers-summit",
        "stock-manipulation-case",
        "takeover-defence",
        "concert-boycott",
        "china-japan-korea-summit",
        "sunrise-hike",
        "visit-with-background",
        "sea-level",
        "military-budget",
        "stock-rigging-trial",
        "heir-appearance",
        "breach-apology",
        "budget-nomination",
        "captive-soldiers",
        "thaad-background",
        "yuan-peg",
        "us-commitment",
        "china-embargo",
        "aids-programme",
        "care-costs",
        "pension-plan",
        "cartel-fine",
        "merchant-vouchers",
        "panel-prices",
        "minister-meets-counterpart",
        "summit-preview",
    ],
)
def test_labels_on_hand_written_articles(annotator, nlp, parsed, article, expected, absent):
    result = make_article(*article, nlp=nlp if parsed else None)
    annotator.annotate(result)
    assert expected <= set(result.topics)
    assert not absent & set(result.topics)


def test_off_topic_article_gets_no_diplomacy_topics(annotator, nlp):
    article = make_article(*BASEBALL_GAME, nlp=nlp)
    annotator.annotate(article)
    assert not DIPLOMACY_IDS & set(article.topics)


def test_fields_cover_every_topic_in_taxonomy_order(annotator, nlp):
    article = make_article(*FORCED_LABOR_TALKS, nlp=nlp)
    annotator.annotate(article)
    assert list(article.topic_scores) == DEFAULT_IDS
    assert all(0.0 <= s <= 1.0 for s in article.topic_scores.values())
    assert article.topics == [t for t in DEFAULT_IDS if t in article.topics]
    assert all(article.topic_scores[t] >= 0.5 for t in article.topics)
    assert any("forced labor" in line for line in article.work.evidence["topic:wartime-history"])


def test_non_english_article_gets_no_topics_and_zero_scores(annotator):
    article = make_article(*FORCED_LABOR_TALKS, language="ko")
    annotator.annotate(article)
    assert article.topics == []
    assert set(article.topic_scores.values()) == {0.0}


def test_custom_taxonomy_changes_the_labels(tmp_path, nlp):
    custom = {
        "name": "culture",
        "version": "0.1",
        "topics": [
            {
                "id": "film",
                "definition": "Cinema: films, festivals, awards",
                "evidence": {"terms": {"film": 1.0, "festival": 1.0, "director": 0.8}},
            }
        ],
    }
    default_labels = TopicAnnotator(load_taxonomy())
    custom_labels = TopicAnnotator(load_taxonomy(write_taxonomy(tmp_path, custom)))
    article = make_article(*FILM_FESTIVAL, nlp=nlp)
    default_labels.annotate(article)
    assert article.topics == []
    custom_labels.annotate(article)
    assert article.topics == ["film"]
    assert list(article.topic_scores) == ["film"]


def _read_gold(path: Path) -> dict[str, set[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {g["file"]: set(g["topics"]) for g in map(json.loads, lines) if g.get("topics") != "?"}


@needs_shared
def test_topic_f1_on_the_seeds_meets_the_floor(seeds_build):
    import polars as pl

    gold = _read_gold(SHARED / "eval" / "seeds-gold.jsonl")
    frame = pl.concat([pl.read_parquet(p) for p in sorted((seeds_build / "articles").glob("*.parquet"))])
    counts: Counter[str] = Counter()
    for row in frame.iter_rows(named=True):
        expected = gold.get(Path(row["source_file"]).name)
        if expected is None:
            continue
        predicted = set(row["topics"])
        counts.update(tp=len(predicted & expected), fp=len(predicted - expected), fn=len(expected - predicted))
    f1 = 2 * counts["tp"] / (2 * counts["tp"] + counts["fp"] + counts["fn"])
    assert f1 >= 0.85


@pytest.mark.parametrize(
    "text",
    [
        "SEOUL, Dec. 30 (Yonhap) -- North Korea fired a ballistic missile.\n\nThe launch  came as talks with Japan "
        "stalled over the export controls.  \n\n  Tokyo protested.  ",
        "North Korea fired a missile. Japan protested the launch, and the US condemned the missile test.",
        "   Washington raised tariffs on steel and the export controls stayed.\n\n\n",
    ],
)
def test_read_takes_the_dateline_and_sentences_from_the_text_a_parse_came_from(annotator, nlp, text):
    from build_dataset.annotate.topics.phrases import sentence_bounds

    scorer, doc = annotator.scorer, nlp(text)
    expected = scorer.read("Missile launch", doc)
    assert any(s.spans for s in expected[1])
    for parsed_from in (text, "SEOUL -- another page", ""):  # another string than the parse's is not read
        assert scorer.read("Missile launch", doc, parsed_from) == expected
    # each matched sentence quotes the parse's sentence as spaCy writes it
    quoted = [doc[a:b].text.strip() for (a, b), s in zip(sentence_bounds(doc), expected[1]) if s.spans]
    assert [s.text for s in expected[1] if s.spans] == quoted
