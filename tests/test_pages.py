"""The public pages: home, about, themes, privacy, accessibility and the error pages."""

import re

import pytest
from django.test import Client, override_settings
from django.urls import path, reverse
from pytest_django.asserts import assertContains, assertNotContains

from instrument.models import Theme
from tests.factories import QuestionFactory, ThemeFactory

pytestmark = pytest.mark.django_db

ARTICLE_URL = "https://www.newlocal.org.uk/articles/how-local-governments-are-pioneering-mission-led-approaches"

# The six themes and their questions, worded exactly as in the launch article.
ARTICLE_THEMES = [
    (
        "Setting and shaping missions",
        [
            "How are councils and strategic authorities using missions, or adjacent approaches in practice?",
            "How are they setting the missions and determining the challenges that are a best fit for a mission-led approach?",
        ],
    ),
    (
        "Building partnerships",
        [
            "How are councils and strategic authorities working with partners (including communities, VCSE organisations, other public sector organisations, and businesses) to build consensus and shared ownership around long-term goals or missions?",
        ],
    ),
    (
        "Leading change",
        [
            "How does it look and feel as a council or strategic authority to work in a mission-orientated way?",
            "How do senior leaders understand their role and the roles of their teams in mission-led governance?",
            "What is the role of political leadership in developing and championing missions?",
            "How in practice is a long-term view balanced against the reality of political cycles?",
        ],
    ),
    (
        "Creating infrastructure",
        [
            "How are local areas developing governance, capabilities and collaborative infrastructure to support place-wide action on missions?",
        ],
    ),
    (
        "Driving innovation",
        [
            "How is mission-led governing supporting and enabling innovative practice and surfacing unexpected solutions?",
        ],
    ),
    (
        "Measuring impact",
        [
            "How are local areas developing approaches to accountability, learning and impact to support progress on missions?",
        ],
    ),
]


def positions(content, needles):
    """Where each needle first appears in content; fails if one is missing."""
    found = []
    for needle in needles:
        assert needle in content, f"{needle!r} not on the page"
        found.append(content.index(needle))
    return found


def h1(text):
    return re.compile(rf"<h1 class=\"govuk-heading-[a-z]+\">\s*{re.escape(text)}\s*</h1>")


@pytest.mark.parametrize(
    ("url_name", "heading", "title"),
    [
        ("home", "Mission-led local government", "Mission-led local government: a research"),
        ("about", "About the research", "About the research – Mission-led local government"),
        ("instrument:theme_list", "Themes and questions", "Themes and questions – "),
        ("privacy", "Privacy notice", "Privacy notice – Mission-led local government"),
        ("accessibility", "Accessibility statement", "Accessibility statement – "),
    ],
)
def test_page_renders_in_the_layout_with_its_heading(client, url_name, heading, title):
    response = client.get(reverse(url_name))

    assert response.status_code == 200
    content = response.content.decode()
    assert h1(heading).search(content), f"no <h1> {heading!r}"
    assert f"<title>{title}" in content
    # The layout: skip link, the service name in the service navigation, the footer credits.
    assert 'class="govuk-skip-link"' in content
    assert 'class="govuk-service-navigation__service-name"' in content
    assert "CC BY 4.0" in content
    assert "Open Government Licence v3.0" in content
    # Not a GOV.UK service: no GOV.UK header, crown or logotype.
    assert "govuk-header" not in content
    assert "govuk-logo" not in content


def test_site_name_comes_from_settings(client, settings):
    settings.SITE_NAME = "Missions in practice"

    response = client.get(reverse("about"))

    assertContains(response, "<title>About the research – Missions in practice</title>")
    assertContains(response, "Missions in practice</a>")


def test_current_page_is_marked_in_the_navigation(client):
    response = client.get(reverse("about"))

    assertContains(
        response,
        '<a class="govuk-service-navigation__link" href="/about/" aria-current="page">'
        '<strong class="govuk-service-navigation__active-fallback">About the research</strong></a>',
        html=True,
    )


def test_theme_pages_mark_themes_as_the_current_section(client):
    response = client.get(reverse("instrument:theme_detail", args=["leading-change"]))

    assertContains(
        response,
        '<a class="govuk-service-navigation__link" href="/themes/" aria-current="true">'
        '<strong class="govuk-service-navigation__active-fallback">Themes</strong></a>',
        html=True,
    )


# --- home -------------------------------------------------------------------------------


def test_home_explains_the_research_and_credits_the_launch_article(client):
    response = client.get(reverse("home"))

    assertContains(response, "What the research is about")
    assertContains(response, "New Local and Inner Circle Consulting")
    assertContains(response, f'href="{ARTICLE_URL}"')
    assertContains(response, "Beyond the ‘what’: How local governments are pioneering")
    assertContains(response, "9 July 2025")


def test_home_links_to_the_six_themes_in_order(client):
    response = client.get(reverse("home"))

    content = response.content.decode()
    links = [
        f'href="{theme.get_absolute_url()}">{theme.title}</a>' for theme in Theme.objects.all()
    ]
    assert len(links) == 6
    found = positions(content, links)
    assert found == sorted(found)


def test_home_explains_how_to_take_part_and_names_the_project_lead(client, settings):
    settings.PROJECT_LEAD_NAME = "Ada Example"
    settings.PROJECT_LEAD_ROLE = "Head of Research"

    response = client.get(reverse("home"))

    assertContains(response, "How to take part")
    assertContains(response, "sign in and answer the questions")
    assertContains(response, "Ada Example, Head of Research")
    assertContains(response, f'href="{reverse("contact:contact")}"')


# --- about, privacy, accessibility ------------------------------------------------------


def test_about_covers_the_project_as_in_the_article(client):
    response = client.get(reverse("about"))

    for text in [
        "New Local and Inner Circle Consulting",
        "amplify, deepen and enable mission-led approaches",
        "New Municipalism",
        "Total Place",
        "anchor institutions",
        "municipal wealth funds",
        "The role of national government",
        "UCL Institute for Innovation and Public Purpose",
        "Mission Oriented Policy Hub",
        "Valencia",
        "Blekinge Region",
        "Bogotá’s Care Block model",
        ARTICLE_URL,
    ]:
        assertContains(response, text)


def test_privacy_notice_is_complete_and_flagged_for_review(client, settings):
    settings.PROJECT_LEAD_NAME = "Ada Example"
    settings.PROJECT_LEAD_EMAIL = "ada@example.org"

    response = client.get(reverse("privacy"))

    for text in [
        "data protection officer must review it before the website launches",
        "New Local is the data controller",
        "What we collect",
        "legitimate interests",
        "with your consent",
        "How long we keep it",
        "Who sees it",
        "Your rights",
        "Ada Example",
        'href="mailto:ada@example.org"',
        "Information Commissioner’s Office",
    ]:
        assertContains(response, text)


def test_accessibility_statement(client):
    response = client.get(reverse("accessibility"))

    for text in [
        "WCAG",
        "version 2.2 to level AA",
        "axe-core",
        "keyboard",
        "Known issues",
        "None known",
        f'href="{reverse("contact:contact")}"',
        "Equality and Human Rights Commission (EHRC)",
        "Enforcement procedure",
    ]:
        assertContains(response, text)


# --- themes -----------------------------------------------------------------------------


def test_theme_list_shows_the_six_themes_in_order_with_their_exact_questions(client):
    response = client.get(reverse("instrument:theme_list"))

    content = response.content.decode()
    needles = []
    for title, questions in ARTICLE_THEMES:
        needles.append(f">{title}</a></h2>")
        # The article's wording, shown as each theme's research question.
        needles.extend(questions)
    found = positions(content, needles)
    assert found == sorted(found), "themes or questions out of order"


def test_theme_detail_shows_its_questions_in_order(client):
    title, questions = ARTICLE_THEMES[2]

    response = client.get(reverse("instrument:theme_detail", args=["leading-change"]))

    assert response.status_code == 200
    content = response.content.decode()
    assert h1(title).search(content)
    found = positions(content, questions)
    assert found == sorted(found)
    for other_title, other_questions in ARTICLE_THEMES:
        if other_title != title:
            assert other_questions[0] not in content


def test_theme_detail_links_to_the_previous_and_next_themes(client):
    first = client.get(reverse("instrument:theme_detail", args=["setting-and-shaping-missions"]))
    middle = client.get(reverse("instrument:theme_detail", args=["leading-change"]))
    last = client.get(reverse("instrument:theme_detail", args=["measuring-impact"]))

    assertNotContains(first, 'rel="prev"')
    assertContains(first, 'href="/themes/building-partnerships/" rel="next"')
    assertContains(middle, 'href="/themes/building-partnerships/" rel="prev"')
    assertContains(middle, 'href="/themes/creating-infrastructure/" rel="next"')
    assertContains(last, 'href="/themes/driving-innovation/" rel="prev"')
    assertNotContains(last, 'rel="next"')


def test_theme_detail_shows_question_help_text_when_set(client):
    theme = ThemeFactory(title="Extra theme", slug="extra-theme")
    QuestionFactory(theme=theme, text="What is new?", help_text="Think about the last year.")

    response = client.get(reverse("instrument:theme_detail", args=["extra-theme"]))

    assertContains(response, "What is new?")
    assertContains(response, "Think about the last year.")


def test_unknown_theme_is_404_in_the_layout(client):
    response = client.get(reverse("instrument:theme_detail", args=["no-such-theme"]))

    assert response.status_code == 404
    assertContains(response, "Page not found", status_code=404)
    assertContains(response, 'class="govuk-service-navigation"', status_code=404)


# --- query budgets ----------------------------------------------------------------------


@pytest.fixture
def many_themes():
    for _ in range(10):
        theme = ThemeFactory(summary="A summary.")
        QuestionFactory.create_batch(5, theme=theme)


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        ("/", 1),
        ("/themes/", 4),  # the round shown, themes, their questions, Learning and enablers
        ("/themes/leading-change/", 5),  # the round, the theme and its questions, neighbours,
        # its published case studies
        ("/about/", 0),
        ("/privacy/", 0),
        ("/accessibility/", 0),
    ],
)
def test_query_count_does_not_grow_with_the_number_of_themes(
    client, many_themes, django_assert_max_num_queries, url, budget
):
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200


# --- error pages ------------------------------------------------------------------------


def test_unknown_url_gets_the_404_page_in_the_layout(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    content = response.content.decode()
    assert h1("Page not found").search(content)
    assert 'class="govuk-skip-link"' in content
    assert 'class="govuk-footer"' in content
    assert "<title>Page not found – Mission-led local government</title>" in content


def broken_view(request):
    raise RuntimeError("secret internals: database password is hunter2")


# A test-only URLconf: the site's routes plus one view that fails.
urlpatterns = [path("broken/", broken_view)]
handler500 = "missions_project.views.server_error"


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_a_failing_view_gets_the_static_500_page_without_a_traceback(
    django_assert_num_queries,
):
    client = Client(raise_request_exception=False)

    # The 500 page needs no database: the whole request makes no query.
    with django_assert_num_queries(0):
        response = client.get("/broken/")

    assert response.status_code == 500
    content = response.content.decode()
    assert "Sorry, there is a problem with the service" in content
    assert "Mission-led local government" in content
    assert "Traceback" not in content
    assert "RuntimeError" not in content
    assert "hunter2" not in content


# --- security headers -------------------------------------------------------------------


def test_pages_carry_a_strict_content_security_policy_with_a_nonce(client):
    response = client.get(reverse("home"))

    policy = response["Content-Security-Policy"]
    directives = dict(
        (part.split(" ", 1) + [""])[:2] for part in (p.strip() for p in policy.split(";")) if part
    )
    script_src = directives["script-src"]
    nonce = re.search(r"'nonce-([^']+)'", script_src)
    assert nonce, policy
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert "'unsafe-inline'" not in directives["style-src"]
    # The inline script in base.html carries this response's nonce.
    content = response.content.decode()
    assert f'<script nonce="{nonce.group(1)}">' in content


def test_each_response_gets_a_fresh_nonce(client):
    first = client.get(reverse("about"))["Content-Security-Policy"]
    second = client.get(reverse("about"))["Content-Security-Policy"]

    assert re.search(r"'nonce-([^']+)'", first).group(1) != re.search(
        r"'nonce-([^']+)'", second
    ).group(1)


@pytest.mark.django_db
def test_an_expired_form_gets_a_page_in_the_layout_that_says_what_to_do():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("contact:contact"), {"name": "Jo"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "This form has expired" in page
    assert "govuk-service-navigation" in page
    assert "Traceback" not in page
