"""Demo case studies, clearly labelled, written by the site's developers from public sources
(not by New Local or Inner Circle Consulting: see casestudies.presenters.authors).

Steps for `manage.py load_demo` (demo/management/commands/load_demo.py): each takes the
command (for output) and is safe to run again (upserts keyed on the slug). None of them is drawn
from a submission, so no consent is involved; all are published straight away.

The three international examples are the ones the project's launch article names (València,
Blekinge, Bogotá); the UK ones describe the demo missions of Camden and West Yorkshire. The text
paraphrases public information modestly; where we were not sure of a detail we left it out or
said so. "What worked" and "what didn't" are our reading of public sources, not evaluations.
"""

from casestudies.drafting import case_study_upsert
from casestudies.models import CaseStudy
from councils.models import Mission

from .missions import CAMDEN_GSS, CAMDEN_SOURCE, WEST_YORKSHIRE_GSS, WEST_YORKSHIRE_SOURCE

DEMO_NOTE = (
    "> **Demo content.** The developers of this website (not New Local or Inner Circle "
    "Consulting) wrote this example from public sources to show how "
    "case studies will look on this site. {checked} Follow the sources for the full and "
    "current picture."
)
SUMMARY_LABEL = " (Demo content, written from public sources.)"
READING = "Our reading of public sources, not an evaluation."


def _note(who: str) -> str:
    return DEMO_NOTE.format(checked=f"It has not been checked with {who}.")


def _published(**fields) -> CaseStudy:
    return case_study_upsert(
        is_demo=True,
        publication_basis=CaseStudy.Basis.PUBLIC_SOURCES,
        state=CaseStudy.State.PUBLISHED,
        **fields,
    )


VALENCIA = {
    "slug": "valencia-missions-climate-neutral-city",
    "title": "València’s missions: aiming for a climate-neutral city by 2030",
    "place_name": "València",
    "country": "Spain",
    "summary": "València City Council frames its innovation policy around a small number of "
    "city missions, including València Neutral City, which aims for climate neutrality by "
    "2030. València is one of the cities in the EU Mission for climate-neutral and smart "
    "cities." + SUMMARY_LABEL,
    "body": "\n\n".join(
        [
            _note("València City Council"),
            "## What the city did",
            "València City Council set out Missions València 2030, a strategy that organises "
            "the city’s innovation policy around a few long-term missions instead of separate "
            "projects. Its climate mission, València Neutral City, aims for a climate-neutral "
            "city by 2030.",
            "In 2022 the European Commission chose València as one of the 100 cities taking "
            "part in the EU Mission for climate-neutral and smart cities. Cities in that mission "
            "prepare a Climate City Contract: a plan for reaching climate neutrality, with "
            "commitments from partners across the city.",
            "## How it works",
            "- The council sets the mission, but it is delivered with others: businesses, "
            "universities and research centres, civic organisations and residents are invited "
            "to commit to actions.\n"
            "- The mission gives departments one shared, dated goal, so that projects in "
            "energy, mobility, buildings and green spaces can be seen together.\n"
            "- Taking part in the EU mission links the city’s own ambition to European "
            "support and to other cities working on the same goal.",
            "## Why it is relevant to UK councils",
            "The launch article for this project names València as an example of a city using "
            "missions on climate. It shows a council using a mission to organise work across "
            "its own departments and with partners towards one deadline, and connecting local "
            "ambition to a wider programme.",
        ]
    ),
    "what_worked": f"{READING} A single goal with a date gives partners something specific to "
    "commit to, and the EU mission provides a common framework, peers and visibility.",
    "what_didnt": f"{READING} Public material says less about what has been hard. Climate "
    "neutrality by 2030 is a very short timescale, and progress depends on many partners’ "
    "commitments and on funding from outside the city.",
    "theme_slugs": [
        "setting-and-shaping-missions",
        "building-partnerships",
        "creating-infrastructure",
    ],
    "approach_slugs": ["place-based-strategy", "data-and-digital"],
    "partner_type_slugs": [
        "public-sector-body",
        "business",
        "academic-institution",
        "community-group",
    ],
    "sources": [
        (
            "Missions València 2030 (València City Council)",
            "https://www.valencia.es/missionsvalencia",
        ),
        ("Missions València", "https://missionsvalencia.eu"),
        (
            "EU Mission: Climate-neutral and smart cities (European Commission)",
            "https://research-and-innovation.ec.europa.eu/funding/funding-opportunities/"
            "funding-programmes-and-open-calls/horizon-europe/eu-missions-horizon-europe/"
            "climate-neutral-and-smart-cities_en",
        ),
    ],
}

BLEKINGE = {
    "slug": "blekinge-climate-adaptation-mission",
    "title": "Region Blekinge: adapting to a changing climate through an EU mission",
    "place_name": "Blekinge",
    "country": "Sweden",
    "summary": "Region Blekinge, in south-east Sweden, takes part in the EU Mission on "
    "Adaptation to Climate Change, working with the county’s municipalities and others on the "
    "risks a changing climate brings to a coastal region." + SUMMARY_LABEL,
    "body": "\n\n".join(
        [
            _note("Region Blekinge"),
            "## The place",
            "Blekinge is a coastal county in south-east Sweden, with a long coastline and "
            "archipelago. It has five municipalities: Karlskrona, Karlshamn, Ronneby, "
            "Sölvesborg and Olofström. Region Blekinge is the regional body, responsible for "
            "health care, public transport and regional development.",
            "## The mission",
            "The EU Mission on Adaptation to Climate Change asks regions and local authorities "
            "to commit, by signing its charter, to becoming more resilient to climate change "
            "by 2030, and supports them in doing so. Region Blekinge is among the regions that "
            "have signed.",
            "Risks discussed in public material about the region include higher sea levels and "
            "flooding along the coast, heavy rain, and dry summers that put pressure on water "
            "supplies.",
            "## How it works",
            "Adaptation cuts across many organisations: the region, the municipalities, the "
            "County Administrative Board (the national government’s office in the county), "
            "businesses, researchers and residents. The mission gives them a shared goal and "
            "a way to compare notes with other European regions.",
            "## Why it is relevant to UK councils",
            "The launch article for this project names Blekinge, with València, as an example "
            "of a climate resilience mission. It shows a regional body using a mission to join "
            "up work that no single organisation owns.",
        ]
    ),
    "what_worked": f"{READING} A shared European framework gives a small region a reason and "
    "a structure to join up work spread across many organisations, and access to peers and "
    "support.",
    "what_didnt": f"{READING} Public material says little about the difficulties. The "
    "benefits of adaptation are long-term and hard to measure, and much of the work depends "
    "on municipalities’ own plans and budgets.",
    "theme_slugs": ["building-partnerships", "creating-infrastructure", "measuring-impact"],
    "approach_slugs": ["place-based-strategy"],
    "partner_type_slugs": ["public-sector-body", "academic-institution", "business"],
    "sources": [
        ("Region Blekinge", "https://regionblekinge.se/"),
        (
            "EU Mission on Adaptation to Climate Change (Climate-ADAPT)",
            "https://climate-adapt.eea.europa.eu/en/mission",
        ),
    ],
}

BOGOTA = {
    "slug": "bogota-care-blocks",
    "title": "Bogotá’s Care Blocks: services for unpaid carers within walking distance",
    "place_name": "Bogotá",
    "country": "Colombia",
    "summary": "Bogotá’s Care Blocks (Manzanas del Cuidado) bring services for unpaid carers, "
    "most of them women, and for the people they look after into one area close to home, as "
    "part of the city’s District Care System." + SUMMARY_LABEL,
    "body": "\n\n".join(
        [
            _note("the City of Bogotá"),
            "## The challenge",
            "Unpaid care (looking after children, older people and people with disabilities) "
            "falls mostly on women, and leaves them little time for education, paid work or "
            "rest. According to the city, well over a million women in Bogotá do unpaid care "
            "work, many of them full time.",
            "## What the city did",
            "From 2020 Bogotá built a District Care System (Sistema Distrital de Cuidado). Its "
            "best-known part is the Care Blocks: areas of the city where services for carers, "
            "and for the people they care for, are brought together so that they can be "
            "reached on foot.",
            "While carers use services for themselves, such as finishing their schooling, "
            "training, advice, exercise or rest, the people they look after can be cared for "
            "nearby. Mobile services take similar support to areas without a block.",
            "The District Secretariat for Women coordinates the system with other city "
            "departments, which agree to offer their services in the same places.",
            "## Why it is relevant to UK councils",
            "The launch article for this project names the Care Block model as an example of "
            "how mission-oriented approaches can help places make progress on complex "
            "challenges. It starts from people’s time and journeys, not from each "
            "department’s services.",
        ]
    ),
    "what_worked": f"{READING} Designing around carers’ time and the distance they can walk "
    "made services from many departments usable together. Using existing public buildings as "
    "the base of each block let the model spread across the city.",
    "what_didnt": f"{READING} Public material says less about the difficulties. Joining up "
    "many departments needs sustained coordination, and the model’s future depends on it "
    "outlasting a single administration; check the sources for the current position.",
    "theme_slugs": [
        "setting-and-shaping-missions",
        "building-partnerships",
        "creating-infrastructure",
        "driving-innovation",
    ],
    "approach_slugs": ["place-based-strategy", "total-place"],
    "partner_type_slugs": ["public-sector-body", "community-group"],
    "sources": [
        (
            "Manzanas del Cuidado (Bogotá District Care System)",
            "https://manzanasdelcuidado.gov.co/",
        ),
        ("Secretaría Distrital de la Mujer, Bogotá", "https://www.sdmujer.gov.co/"),
    ],
}

INTERNATIONAL = [VALENCIA, BLEKINGE, BOGOTA]


def load_international_case_studies(command) -> None:
    """València, Blekinge and Bogotá: the international examples the launch article names."""
    for fields in INTERNATIONAL:
        _published(**fields)
    command.stdout.write(f"Demo content: {len(INTERNATIONAL)} international case studies.")


def _facets_of(missions: list[Mission]) -> dict:
    """National missions and partner types, from the missions the case study is about."""
    return {
        "national_mission_slugs": sorted(
            {n.slug for m in missions for n in m.national_missions.all()}
        ),
        "partner_type_slugs": sorted(
            {p.type.slug for m in missions for p in m.partners.select_related("type")}
        ),
    }


def load_uk_case_studies(command) -> None:
    """Camden's food mission and West Yorkshire's five missions, linked to the demo missions
    (so it runs after the steps that load them)."""
    food = Mission.objects.select_related("authority").get(
        authority__gss_code=CAMDEN_GSS, title="Access to food for all"
    )
    camden = food.authority
    _published(
        slug="camden-access-to-food-for-all",
        title="Camden’s food mission: everyone eats well every day by 2030",
        authority=camden,
        summary="One of Camden Council’s four missions, which came out of the Camden Renewal "
        "Commission: by 2030, everyone in Camden eats well every day with nutritious, "
        "affordable, sustainable food." + SUMMARY_LABEL,
        body="\n\n".join(
            [
                _note("Camden Council"),
                "## Where the mission came from",
                "Camden Council set up the Camden Renewal Commission with the UCL Institute "
                "for Innovation and Public Purpose, co-chaired by the council’s leader and "
                "Professor Mariana Mazzucato, to think about the borough’s renewal after the "
                "pandemic. Its work led to four missions, published in We Make Camden (2022), "
                "the borough’s shared vision. Access to food for all is one of them.",
                "## The mission",
                f"“{food.statement}”",
                "## How it works",
                "The mission treats food as a question for the whole borough (affordability, "
                "health and sustainability together) rather than only as emergency food aid. "
                "Community organisations are partners in the work: Cooperation Kentish Town, a "
                "community food co-operative, is one of them.",
                "## Why it is relevant",
                "The food mission shows a borough setting a dated goal on a problem it cannot "
                "solve alone, and working on it through community partners.",
            ]
        ),
        what_worked=f"{READING} A plain-English goal with a date gives the council and "
        "community groups a shared reference point that goes beyond any one service.",
        what_didnt=f"{READING} Whether people can eat well depends heavily on incomes, prices "
        "and national policy, which a borough cannot control on its own. Public material says "
        "less about how progress is measured.",
        theme_slugs=["setting-and-shaping-missions", "building-partnerships"],
        missions=[food],
        approach_slugs=["place-based-strategy", "commissioning-and-procurement"],
        sources=[
            ("We Make Camden", CAMDEN_SOURCE),
            (
                "UCL Institute for Innovation and Public Purpose",
                "https://www.ucl.ac.uk/bartlett/public-purpose/",
            ),
        ],
        **_facets_of([food]),
    )

    west_yorkshire_missions = list(
        Mission.objects.select_related("authority")
        .prefetch_related("national_missions", "partners")
        .filter(authority__gss_code=WEST_YORKSHIRE_GSS, is_demo=True)
        .order_by("pk")
    )
    wyca = west_yorkshire_missions[0].authority
    _published(
        slug="west-yorkshire-plan-five-missions",
        title="West Yorkshire’s five missions for 2040",
        authority=wyca,
        summary="The West Yorkshire Plan (2023) sets five missions for the region to 2040: a "
        "prosperous, happy, well-connected, sustainable and safe West Yorkshire." + SUMMARY_LABEL,
        body="\n\n".join(
            [
                _note("the West Yorkshire Combined Authority"),
                "## The plan",
                "The West Yorkshire Plan sets out a long-term vision for the region through "
                "five missions for 2040. It was developed by the West Yorkshire Combined "
                "Authority, led by the Mayor of West Yorkshire, with the region’s five "
                "councils: Bradford, Calderdale, Kirklees, Leeds and Wakefield.",
                "## The five missions",
                "\n".join(f"- **{m.title}**: {m.statement}" for m in west_yorkshire_missions),
                "## How it works",
                "The missions give the Combined Authority, the councils and their partners a "
                "shared frame for their strategies. Because the Mayor is also the police and "
                "crime commissioner, the safety mission sits within the same authority as the "
                "others.",
                "## Why it is relevant",
                "It is an example of a strategic authority using missions to set direction "
                "for a whole region, over a horizon longer than any electoral cycle.",
            ]
        ),
        what_worked=f"{READING} Five short, memorable missions give the Combined Authority, "
        "councils and partners a common language for a long horizon.",
        what_didnt=f"{READING} A 2040 horizon runs well beyond electoral cycles and funding "
        "settlements; public material says less about how the missions change budgets and "
        "day-to-day decisions.",
        theme_slugs=["setting-and-shaping-missions", "leading-change", "measuring-impact"],
        missions=west_yorkshire_missions,
        approach_slugs=["place-based-strategy", "local-economic-development"],
        sources=[("West Yorkshire Plan: five missions", WEST_YORKSHIRE_SOURCE)],
        **_facets_of(west_yorkshire_missions),
    )
    command.stdout.write("Demo content: 2 UK case studies.")


STEPS = [load_international_case_studies, load_uk_case_studies]
