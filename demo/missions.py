"""Demo missions from public sources: Camden's four and West Yorkshire's five.

Each loader takes the command (for output), returns nothing and is safe to run again (upserts
keyed on natural keys).
"""

from councils.models import Authority, Mission
from councils.services import mission_upsert, partner_upsert

CAMDEN_GSS = "E09000007"
WEST_YORKSHIRE_GSS = "E47000003"
REQUIRED_GSS_CODES = [CAMDEN_GSS, WEST_YORKSHIRE_GSS]

CAMDEN_SOURCE = "https://www.wemakecamden.org.uk/about/"
WEST_YORKSHIRE_SOURCE = (
    "https://www.westyorks-ca.gov.uk/all-news-and-blogs/"
    "west-yorkshire-plan-sets-out-five-missions-to-build-a-better-region/"
)


def _authority(gss_code: str) -> Authority:
    return Authority.objects.get(gss_code=gss_code)


# Officers signing up with a Camden address join Camden at once, as the README says a council's
# officers can: without it, a first run offers no way to try that.
CAMDEN_EMAIL_DOMAIN = "camden.gov.uk"


def load_camden_missions(command) -> None:
    """Camden's four missions from We Make Camden (2022), set by the Camden Renewal Commission."""
    camden = _authority(CAMDEN_GSS)
    if CAMDEN_EMAIL_DOMAIN not in camden.email_domain_list:
        camden.email_domains = "\n".join([*camden.email_domain_list, CAMDEN_EMAIL_DOMAIN])
        camden.save(update_fields=["email_domains"])
    iipp = partner_upsert(
        name="UCL Institute for Innovation and Public Purpose",
        type_slug="academic-institution",
        website="https://www.ucl.ac.uk/bartlett/public-purpose/",
    )
    iipp_role = "Academic partner in the Camden Renewal Commission, which shaped the missions"
    missions = [
        {
            "title": "Diversity in positions of power",
            "statement": "By 2030, those holding positions of power in Camden are as diverse as "
            "our community – and the next generation is ready to follow.",
            "target_year": 2030,
            "challenge_area": "Representation in leadership",
            "national_mission_slugs": ["break-down-barriers-to-opportunity"],
            "approach_slugs": ["anchor-institutions", "deliberative-and-participatory-approaches"],
            "partners": [
                (iipp, iipp_role),
                (
                    partner_upsert(
                        name="The Black Curriculum",
                        type_slug="vcse-organisation",
                        website="https://theblackcurriculum.com/",
                    ),
                    "Works with Camden schools on what young people learn",
                ),
            ],
        },
        {
            "title": "Opportunities for young people",
            "statement": "By 2025, every young person has access to economic opportunity that "
            "enables them to be safe and secure.",
            "target_year": 2025,
            "stage": Mission.Stage.EVALUATING,
            "challenge_area": "Youth opportunity and safety",
            "national_mission_slugs": [
                "break-down-barriers-to-opportunity",
                "kickstart-economic-growth",
            ],
            "approach_slugs": ["local-economic-development", "anchor-institutions"],
            "partners": [
                (iipp, iipp_role),
                (
                    partner_upsert(
                        name="Camden Giving",
                        type_slug="vcse-organisation",
                        website="https://camdengiving.org.uk/",
                    ),
                    "Local funder bringing businesses' giving to community projects",
                ),
            ],
        },
        {
            "title": "Access to food for all",
            "statement": "By 2030, everyone eats well every day with nutritious, affordable, "
            "sustainable food.",
            "target_year": 2030,
            "challenge_area": "Food insecurity and healthy eating",
            "national_mission_slugs": ["nhs-fit-for-the-future"],
            "approach_slugs": ["place-based-strategy", "commissioning-and-procurement"],
            "partners": [
                (iipp, iipp_role),
                (
                    partner_upsert(name="Cooperation Kentish Town", type_slug="community-group"),
                    "Community food co-operative the council is helping to grow into a network",
                ),
            ],
        },
        {
            "title": "Sustainable neighbourhoods",
            "statement": "By 2030, Camden’s estates and their neighbourhoods are healthy, "
            "sustainable and unlock creativity.",
            "target_year": 2030,
            "challenge_area": "Health and sustainability of estates",
            "national_mission_slugs": ["clean-energy-superpower", "nhs-fit-for-the-future"],
            "approach_slugs": ["place-based-strategy", "deliberative-and-participatory-approaches"],
            "partners": [(iipp, iipp_role)],
        },
    ]
    for mission in missions:
        _demo_mission(authority=camden, source_url=CAMDEN_SOURCE, **mission)
    command.stdout.write(f"Demo content: {camden.name}, {len(missions)} missions.")


def load_west_yorkshire_missions(command) -> None:
    """West Yorkshire Combined Authority's five missions from the West Yorkshire Plan (2023)."""
    wyca = _authority(WEST_YORKSHIRE_GSS)
    universities = partner_upsert(
        name="Yorkshire Universities",
        type_slug="academic-institution",
        website="https://yorkshireuniversities.ac.uk/",
    )
    missions = [
        {
            "title": "A prosperous West Yorkshire",
            "statement": "By 2040, a prosperous West Yorkshire, built on an inclusive economy "
            "with well-paid jobs.",
            "challenge_area": "Inclusive economy and good jobs",
            "national_mission_slugs": ["kickstart-economic-growth"],
            "approach_slugs": ["local-economic-development", "anchor-institutions"],
            "partners": [(universities, "Skills, research and innovation")],
        },
        {
            "title": "A happy West Yorkshire",
            "statement": "By 2040, a happy West Yorkshire, full of great places and healthy "
            "communities.",
            "challenge_area": "Places, culture and health",
            "national_mission_slugs": ["nhs-fit-for-the-future"],
            "approach_slugs": ["place-based-strategy"],
            "partners": [
                (
                    partner_upsert(
                        name="West Yorkshire Health and Care Partnership",
                        type_slug="public-sector-body",
                        website="https://www.wypartnership.co.uk/",
                    ),
                    "Health and care partner for healthy communities",
                )
            ],
        },
        {
            "title": "A well-connected West Yorkshire",
            "statement": "By 2040, a well-connected West Yorkshire, held together by a strong "
            "transport system.",
            "challenge_area": "Transport",
            "national_mission_slugs": ["kickstart-economic-growth"],
            "approach_slugs": ["place-based-strategy", "commissioning-and-procurement"],
        },
        {
            "title": "A sustainable West Yorkshire",
            "statement": "By 2040, a sustainable West Yorkshire, rich with greener lives and "
            "communities.",
            "challenge_area": "Climate and the environment",
            "national_mission_slugs": ["clean-energy-superpower"],
            "approach_slugs": ["place-based-strategy", "data-and-digital"],
            "partners": [(universities, "Research on the move to net zero")],
        },
        {
            "title": "A safe West Yorkshire",
            "statement": "By 2040, a safe West Yorkshire, free of the fear of crime so everyone "
            "can flourish.",
            "challenge_area": "Community safety",
            "national_mission_slugs": ["take-back-our-streets"],
            "approach_slugs": ["place-based-strategy"],
            "partners": [
                (
                    partner_upsert(
                        name="West Yorkshire Police",
                        type_slug="public-sector-body",
                        website="https://www.westyorkshire.police.uk/",
                    ),
                    "Policing partner; the Mayor is also the police and crime commissioner",
                )
            ],
        },
    ]
    for mission in missions:
        _demo_mission(authority=wyca, source_url=WEST_YORKSHIRE_SOURCE, target_year=2040, **mission)
    command.stdout.write(f"Demo content: {wyca.name}, {len(missions)} missions.")


def _demo_mission(**fields) -> Mission:
    fields.setdefault("stage", Mission.Stage.DELIVERING)
    return mission_upsert(is_public=True, is_demo=True, **fields)
