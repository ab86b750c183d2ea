import re

import pytest
from django.urls import reverse

from councils.models import Approach, NationalMission
from instrument.models import Question, Theme
from tests.factories import new_client


@pytest.fixture
def client():
    # An address of its own: allauth's rate limits count per IP address in the shared cache.
    return new_client()


# --- filling in the questionnaire through its pages -------------------------------------

VERSION_RE = re.compile(r'name="version" value="(-?\d+)"')


def loaded_version(client, url: str) -> str:
    """The section version the page's form carries, as a browser would send it back."""
    response = client.get(url)
    assert response.status_code == 200, response
    return VERSION_RE.search(response.content.decode()).group(1)


def post_section(client, url: str, data: dict, button: str = "continue"):
    return client.post(url, {"version": loaded_version(client, url), **data, button: ""})


def about_answers() -> dict:
    approach = Approach.objects.order_by("order").first()
    return {
        "uses_mission_language": "partly",
        "approaches": [approach.pk],
        "who_leads": "The chief executive and the cabinet member for communities.",
    }


def theme_answers(theme: Theme, text: str = "We worked with residents") -> dict:
    answers = {f"answer_{q.pk}": f"{text} ({q.pk})." for q in theme.questions.all()}
    return {**answers, "what_worked": "Listening first.", "what_didnt": "Short-term funding."}


def learning_answers() -> dict:
    """Learning and enablers answered, with its last question marked "Not yet"."""
    questions = list(Question.objects.learning().order_by("order", "pk"))
    data = {f"answer_{q.pk}": f"We learned from others ({q.pk})." for q in questions[:-1]}
    last = questions[-1].pk
    return {**data, f"not_yet_{last}": "on", f"not_yet_reason_{last}": "Too early to say."}


def mission_answers(title: str = "No child goes hungry", **extra) -> dict:
    national = NationalMission.objects.order_by("order").first()
    return {
        "title": title,
        "statement": "By 2030 no child in Testshire goes hungry.",
        "target_year": "2030",
        "stage": "delivering",
        "challenge_area": "Food poverty",
        "national_missions": [national.pk],
        **extra,
    }


CONSENT_ANSWERS = {"publication": "named", "follow_up_contact": "yes", "privacy_agreed": "on"}


def complete_every_section(client) -> None:
    """Answer every section through the pages, as an officer would."""
    assert post_section(client, reverse("questionnaire:about"), about_answers()).status_code == 302
    add = client.post(
        reverse("questionnaire:mission_add"),
        {
            "version": loaded_version(client, reverse("questionnaire:mission_add")),
            **mission_answers(partner_name="Testshire Food Bank", partner_type="vcse-organisation"),
            "save": "",
        },
    )
    assert add.status_code == 302, add.content.decode()
    assert post_section(client, reverse("questionnaire:missions"), {}).status_code == 302
    for theme in Theme.objects.with_questions():
        url = reverse("questionnaire:theme", args=[theme.slug])
        assert post_section(client, url, theme_answers(theme)).status_code == 302
    learning = reverse("questionnaire:learning")
    assert post_section(client, learning, learning_answers()).status_code == 302
    national = reverse("questionnaire:national_government")
    assert (
        post_section(client, national, {"national_government": "Long-term funding."}).status_code
        == 302
    )
    assert (
        post_section(client, reverse("questionnaire:consent"), CONSENT_ANSWERS).status_code == 302
    )
