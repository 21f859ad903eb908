"""Taxonomy 2.4.0 (step topics_v5): a topic's lead threshold, a leader's domestic meetings, and vocabulary of the
default taxonomy; taxonomy 2.5.0 (step topics_v6): where trade-economy ends by the labelling rules of
benchmarks/topics_real (New Year messages without figures, labour law, art sales, weak words deep in the text),
pricing and wage-floor vocabulary, joint drills with the US; taxonomy 2.6.0 (step topics_v7): ministry names,
labour-market, competition, macro, business-strategy and IPTC economy vocabulary, health-system policy, a trial
run, computer trojans, a successor taking charge; taxonomy 2.7.0 (step topics_v8): a topic that dominates the
article is not ruled out by a lead exclusion, savings and aerospace vocabulary; taxonomy 2.8.0 (step topics_v9): a
topic whose evidence, outside the title and lead, starts in the article's closing part is an aside; taxonomy 2.9.0
(step topics_v10): legal stories (a conviction, corruption, lawsuits) are not the economy. All on hand-written
articles (words glued to a bracket: tests/test_phrases.py)."""

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


RULES_2_4 = (
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
    [
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


# taxonomy 2.5.0: each case is a false or a missed topic under taxonomy 2.4.0
RULES_2_5 = (
    [
        # a chief executive's New Year message is economic news only with figures in it (context_needs)
        (
            "Carmaker chief calls for bold change",
            "The chairman of a carmaker urged staff to embrace change in his New Year message on Friday. He said the "
            'group must grow its semiconductor and battery businesses with speed. "We must win the trust of our '
            'customers," he said. He also called for more investment in manufacturing abroad and for profit to '
            "follow growth.",
            set(),
            {"trade-economy"},
        ),
        (
            "Carmaker chief calls for bold change",
            "The chairman of a carmaker urged staff to embrace change in his New Year message on Friday. He said the "
            "group must grow its semiconductor and battery businesses with speed. Sales rose 12 percent last year to "
            "40 trillion won, he said. He also called for more investment in manufacturing abroad and for profit to "
            "follow growth.",
            {"trade-economy"},
            set(),
        ),
        # labour law is not the economy, though it argues the cost to business (lead exclusion labour-law) ...
        (
            "Bargaining rules leave firms guessing",
            "The labor ministry issued guidelines on collective bargaining with subcontractors' unions last week. "
            "Firms fear that mergers and overseas investment could become subjects of collective bargaining. "
            "Restructuring plans may stall, the paper said. The economy needs clearer rules, it added.",
            set(),
            {"trade-economy"},
        ),
        # ... and a minimum-wage rise is economic policy
        (
            "Minimum wage to rise 5 percent",
            f"The minimum wage will rise 5 percent next year, the wage commission said on Monday. {FILLER} Small "
            "businesses warned the rise would lift their costs.",
            {"trade-economy"},
            set(),
        ),
        # a weak word (0.6) deep in the text, however often, is background (body_min_weight 0.8)
        (
            "Village library reopens",
            f"The village library reopened on Monday after a year of repairs. {FILLER} A local investor paid for the "
            "new roof. Another investor gave books. The investor also funded a reading room. A second investor "
            "promised more.",
            set(),
            {"trade-economy"},
        ),
        # pricing strategy is company economics
        (
            "Phone maker holds prices",
            "The phone maker will keep the prices of its new models unchanged, a price freeze for the third year. "
            f"Analysts had expected it to raise prices because of higher component costs. {FILLER}",
            {"trade-economy"},
            set(),
        ),
        # data protection and cybersecurity are the privacy story, with spending figures or not
        (
            "Firms' investment in cybersecurity up 12 percent",
            "Companies' spending on data protection rose 12 percent last year, the science ministry said. Their "
            f"investment in staff grew too. {FILLER} Sales of security software rose as well.",
            set(),
            {"trade-economy"},
        ),
        # auction records and art-fair sales are read like box office
        (
            "A year of records for painters",
            f"Museums drew record numbers of visitors this year, curators said. {FILLER} {FILLER} A painting by the "
            "late master fetched the highest hammer price at an art auction, lifting the auction house's revenue. "
            "Gallery revenue at the art fair rose as well, the art market's dealers said. Profit at the auction "
            "house doubled.",
            set(),
            {"trade-economy"},
        ),
        # a currency quote from the forex market
        (
            "Won closes lower",
            f"The won closed lower against the dollar on the forex market on Monday. {FILLER} {FILLER}",
            {"trade-economy"},
            set(),
        ),
        # drills with the US, named with South Korea in one sentence: a combined exercise of the alliance
        (
            "Submarine returns home",
            f"South Korea's navy wrapped up joint drills with the United States off Guam on Friday. {FILLER} {FILLER}",
            {"us-alliance"},
            set(),
        ),
    ],
    [
        "new-year-message-without-figures",
        "new-year-message-with-figures",
        "labour-law-guidelines",
        "minimum-wage-rise",
        "weak-words-deep-in-the-text",
        "price-freeze",
        "cybersecurity-spending",
        "art-auction-record",
        "forex-close",
        "joint-drill-with-us",
    ],
)


# taxonomy 2.6.0: each case is a false or a missed topic under taxonomy 2.5.0
RULES_2_6 = (
    [
        # a ministry's name is not the topic: "Trade and Industry" names a department and its secretary
        (
            "Minister backs longer parental leave",
            "The Trade and Industry Secretary said on Monday that paid parental leave should be longer. "
            f"{FILLER} Officials at Trade and Industry are costing the plan. The Trade and Industry Secretary "
            "will speak again in May.",
            set(),
            {"trade-economy"},
        ),
        # labour-market statistics are macro data
        (
            "Women's employment rate hits a record",
            f"The employment rate of women aged 15 to 64 rose to 62 percent last year, the statistics office said. "
            f"{FILLER}",
            {"trade-economy"},
            set(),
        ),
        # competition enforcement is economic regulation
        (
            "Regulator challenges roaming charges",
            f"The regulator wrote to two mobile operators on Monday about what they charge travellers. {FILLER} It "
            "said the firms were abusing their dominant market position in the country. An abuse of dominance can "
            "bring a fine.",
            {"trade-economy"},
            set(),
        ),
        # money sent home by workers abroad is a macro figure
        (
            "Workers abroad send more home",
            "Remittances from workers abroad rose 20 percent to a record last year, figures showed. "
            f"{FILLER} Remittances are now the largest source of income after tourism.",
            {"trade-economy"},
            set(),
        ),
        (
            "Deflation fears grow",
            f"Economists warned of deflation as prices fell again in March. {FILLER}",
            {"trade-economy"},
            set(),
        ),
        # a company's business strategy and overseas expansion are business news without market words
        (
            "Retail group sets out its plans",
            f"The retail group unveiled a new business strategy on Monday, with plans for overseas expansion. "
            f"{FILLER} Its overseas expansion will start in Spain.",
            {"trade-economy"},
            set(),
        ),
        (
            "Government unveils growth strategy",
            f"The government unveiled a growth strategy for strategic industries on Tuesday. {FILLER}",
            {"trade-economy"},
            set(),
        ),
        # a trial run is no court case (crime cue)
        (
            "Shipping line plans trial run to Europe",
            "The shipping firm will make a trial run of a new route to Europe in September, with exports of cars "
            f"on board. {FILLER} The trial run will cut costs. Car exporters welcomed the plan.",
            {"trade-economy"},
            set(),
        ),
        # a computer virus is not an epidemic: trojans and spyware are computing words
        (
            "Viruses turn to crime",
            f"Viruses, trojans and spyware are changing, experts said on Monday. {FILLER} The virus hides in "
            "attachments. Another virus spreads via messages. A third virus wipes files. A trojan steals passwords.",
            set(),
            {"environment-health"},
        ),
        # an executive appointment is not economic news on its own: a successor taking charge
        (
            "Carmaker names successor to its chief",
            "The carmaker named a successor to its chief executive on Monday, who will take charge of its European "
            "arm. Profit rose 30 percent last year and sales rose 10 percent. Exports hit a record. Its market share "
            "rose.",
            set(),
            {"trade-economy"},
        ),
        # health-system policy is public health (labelling rules: health insurance, medical school quotas)
        (
            "Government to weigh medical school quota",
            "The health ministry will decide this month whether to raise the medical school quota, after a panel "
            f"projected a doctor shortage by 2040. {FILLER}",
            {"environment-health"},
            set(),
        ),
        # IPTC Media Topics vocabulary: international trade, economic institutions, public finance
        (
            "Neighbours sign pact",
            f"The two countries signed a trade agreement on Monday. {FILLER}",
            {"trade-economy"},
            set(),
        ),
        (
            "Lenders agree rescue",
            f"The IMF agreed a bailout for the country on Monday, its third in a decade. {FILLER}",
            {"trade-economy"},
            set(),
        ),
        # a World Bank development report is not economic news (the World Bank is no term)
        (
            "Report on phone access in poor countries",
            f"The World Bank said on Monday that phone access in poor countries has doubled. {FILLER} The World "
            "Bank report urged more help for rural areas. The World Bank will fund pilots.",
            set(),
            {"trade-economy"},
        ),
    ],
    [
        "trade-and-industry-secretary",
        "employment-rate",
        "abuse-of-dominance",
        "remittances",
        "deflation",
        "business-strategy",
        "growth-strategy",
        "trial-run-is-no-trial",
        "trojans-are-computing",
        "successor-takes-charge",
        "medical-school-quota",
        "trade-agreement",
        "imf-bailout",
        "world-bank-report",
    ],
)


RULES_2_7 = (
    [
        # a New Year address without figures whose every sentence is about trade: the topic dominates the article
        (
            "Exporters' association chief sets out goals",
            "In his New Year address, the association's chairman said exporters face higher tariffs this year. He "
            "promised help for exporters looking for new buyers abroad. Exports to Asia must grow, he said. The "
            "association will lobby on trade policy. Small exporters will get advice on tariffs.",
            {"trade-economy"},
            set(),
        ),
        # a New Year address without figures that mentions exports once stays a corporate message
        (
            "Group chairman urges boldness",
            "In his New Year address, the group chairman urged staff to embrace change. He said exports would "
            "matter. Staff should be bold, he said. Customers come first. Teams must work together. He thanked "
            "employees for their work.",
            set(),
            {"trade-economy"},
        ),
        # a nomination story that spends most of its sentences on the national debt is fiscal policy
        (
            "Budget minister nominee faces questions",
            "The president nominated a new budget minister on Monday. National debt has climbed to a record share "
            "of GDP. The fiscal deficit widened again last year. Expansionary spending cannot last without a fiscal "
            "rule. Bond yields rose as the debt grew.",
            {"trade-economy"},
            set(),
        ),
        # ... and a nomination story with one economic sentence stays an appointment
        (
            "President picks budget minister",
            "The president nominated a new budget minister on Monday. The nominee is a former lawmaker from Busan. "
            "He studied law and served two terms. His confirmation hearing is set for next week. The fiscal deficit "
            "widened last year. He has three children.",
            set(),
            {"trade-economy"},
        ),
        # personal finance: savings accounts and their growth
        (
            "Households pour money into savings",
            "Households put more money into savings accounts last year, figures showed. Savings held at banks "
            f"rose for a third year. {FILLER}",
            {"trade-economy"},
            set(),
        ),
        # an aerospace firm's order is company news (sector name)
        (
            "Engine maker wins aerospace order",
            f"The aerospace firm will build engines for a space agency lander under a new order. {FILLER}",
            {"trade-economy"},
            set(),
        ),
    ],
    [
        "new-year-address-all-trade",
        "new-year-address-one-line",
        "nominee-editorial-on-debt",
        "nominee-story-one-line",
        "savings",
        "aerospace-order",
    ],
)


# taxonomy 2.8.0 (step topics_v9): without title or lead evidence, a topic whose evidence starts in the closing part of
# the article (past `closing_share` of its sentences) is a closing aside, not the story
CHOIR_STORY = (
    "The village choir rehearsed in the church hall on Tuesday evening. Twenty singers came, the most in years. "
    "The conductor chose three carols and a hymn. A retired teacher plays the organ. The children's group sang "
    "first. Parents brought cakes and tea. The concert is planned for the second week of December. "
    "Tickets will be sold at the door. "
)
RULES_2_8 = (
    [
        (
            "Choir prepares for winter evening",
            CHOIR_STORY + "The hall's owner, a local caterer, filed for bankruptcy last month. "
            "Its creditors hope the bankruptcy will not close the hall.",
            set(),
            {"trade-economy"},
        ),
        (
            "Choir prepares for winter evening",
            "The village choir rehearsed in the church hall on Tuesday evening. Twenty singers came, the most in "
            "years. The hall's owner, a local caterer, filed for bankruptcy last month. Its creditors hope the "
            "bankruptcy will not close the hall. The conductor chose three carols and a hymn. A retired teacher "
            "plays the organ. The children's group sang first. Parents brought cakes and tea. The concert is "
            "planned for the second week of December. Tickets will be sold at the door.",
            {"trade-economy"},
            set(),
        ),
        (
            "Caterer's bankruptcy threatens village hall",
            CHOIR_STORY + "The hall's owner, a local caterer, filed for bankruptcy last month. "
            "Its creditors hope the bankruptcy will not close the hall.",
            {"trade-economy"},
            set(),
        ),
    ],
    ["closing-aside", "same-words-early", "same-words-in-title"],
)


# taxonomy 2.9.0 (step topics_v10): the crime cue completed from IPTC "crime, law and justice" (a conviction,
# corruption, lawsuits in the title or lead rule trade-economy out; "fraud" is not in it: a financial fraud fought
# out between banks, auditors and investors stays economic news)
RULES_2_9 = (
    [
        (
            "Broker convicted over share price rumours",
            "A former broker was found guilty on Monday of spreading false rumours to drive share prices down. The "
            "jury returned its verdict after a six-week hearing. Prosecutors said he profited from every fall in the "
            "stock price of the firms he targeted. He will be sentenced next month.",
            set(),
            {"trade-economy"},
        ),
        (
            "Ghost workers found on ministry books",
            "Auditors say corruption in the transport ministry has cost the treasury millions a year. Clerks are "
            "accused of drawing salaries for staff who do not exist. The corruption inquiry found payrolls padded "
            "for a decade. The minister promised an audit of payrolls in every department.",
            set(),
            {"trade-economy"},
        ),
        (
            "Junk-mail firm seeks protection from creditors",
            "A company that sent millions of junk e-mails has filed for bankruptcy protection after a string of "
            "lawsuits. Internet providers won damages in two of the lawsuits last year. The firm said the "
            "bankruptcy would let it settle with its creditors. Its founder said the dollar sums claimed were too "
            "high.",
            set(),
            {"trade-economy"},
        ),
        (
            "Banks and auditors blame each other over dairy fraud",
            "Creditor banks and the auditors of a bankrupt dairy group traded blame on Monday over the fraud that "
            "sank it. Shareholders lost most of their investment when the shares were suspended. The banks want the "
            f"auditors to pay for the losses. {FILLER}",
            {"trade-economy"},
            set(),
        ),
    ],
    [
        "securities-fraud-conviction",
        "payroll-corruption",
        "bankruptcy-under-lawsuits",
        "financial-fraud-stays-economy",
    ],
)


# each taxonomy version's cases: (cases, ids); every case was a false or a missed topic before its version, or guards
# where the version's rule stops (a financial fraud)
RULE_TABLES = (RULES_2_4, RULES_2_5, RULES_2_6, RULES_2_7, RULES_2_8, RULES_2_9)


@pytest.mark.parametrize(
    ("title", "text", "expected", "absent"),
    [case for cases, _ in RULE_TABLES for case in cases],
    ids=[name for _, names in RULE_TABLES for name in names],
)
def test_labels_of_each_rule(label, title, text, expected, absent):
    topics = label(title, text)
    assert expected <= topics
    assert not absent & topics
