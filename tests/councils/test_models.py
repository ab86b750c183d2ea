from councils.models import Approach, Mission, NationalMission
from tests.factories import MissionFactory


def test_national_missions_seeded_in_order(db):
    assert list(NationalMission.objects.values_list("name", flat=True)) == [
        "Kickstart economic growth",
        "Make Britain a clean energy superpower",
        "Take back our streets",
        "Break down barriers to opportunity",
        "Build an NHS fit for the future",
    ]


def test_approaches_from_the_launch_article_seeded(db):
    assert list(Approach.objects.values_list("name", flat=True)) == [
        "Place-based strategy",
        "Local economic development",
        "Anchor institutions",
        "Commissioning and procurement",
        "New Municipalism",
        "Data and digital",
        "Deliberative and participatory approaches",
        "Municipal wealth funds",
        "Total Place",
    ]
    assert not Approach.objects.filter(description="").exists()


def test_public_queryset(db):
    public = MissionFactory(is_public=True)
    MissionFactory(is_public=False)
    assert list(Mission.objects.public()) == [public]
    assert list(Mission.objects.public().for_authority(public.authority)) == [public]
