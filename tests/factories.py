"""factory_boy factories, and the few helpers, shared by the whole suite. Add yours in the
section for your app."""

import datetime
import itertools
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from councils.models import (
    Authority,
    Indicator,
    Mission,
    MissionPartner,
    Outcome,
    Partner,
    PartnerType,
    Reading,
)
from instrument.models import Question, Round, Theme

# --- accounts ---------------------------------------------------------------------------

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password(PASSWORD)


# --- councils ---------------------------------------------------------------------------


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authority

    # No truncation: a long run makes more than 1,000 authorities, and "Z1000"[:4] == "Z100".
    code = factory.Sequence(lambda n: f"Z{n:03d}")
    name = factory.Sequence(lambda n: f"Testshire {n}")
    official_name = factory.LazyAttribute(lambda o: f"{o.name} Council")
    slug = factory.Sequence(lambda n: f"testshire-{n}")
    gss_code = factory.Sequence(lambda n: f"E06{n:06d}")
    type = Authority.Type.UNITARY
    nation = Authority.Nation.ENGLAND
    region = "North West"
    is_current = True


class PartnerTypeFactory(factory.django.DjangoModelFactory):
    """A partner type; a seeded slug (e.g. "business") gives the seeded row."""

    class Meta:
        model = PartnerType
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Partner type {n}")
    slug = factory.Sequence(lambda n: f"partner-type-{n}")
    order = factory.Sequence(int)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partner organisation {n}")
    type = factory.SubFactory(PartnerTypeFactory, slug="vcse-organisation")
    website = factory.Sequence(lambda n: f"https://partner{n}.example.org/")


class MissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mission
        skip_postgeneration_save = True

    authority = factory.SubFactory(AuthorityFactory)
    title = factory.Sequence(lambda n: f"Mission {n}")
    statement = factory.LazyAttribute(lambda o: f"By 2030, {o.title.lower()} is achieved.")
    target_year = 2030
    stage = Mission.Stage.DELIVERING
    is_public = True

    @factory.post_generation
    def submission(mission, create, submission, **kwargs):
        """MissionFactory(submission=s): the mission is one s describes."""
        if create and submission is not None:
            submission.missions.add(mission)


class MissionPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MissionPartner

    mission = factory.SubFactory(MissionFactory)
    partner = factory.SubFactory(PartnerFactory)
    role = "Co-designing the mission"


def add_outcome(mission, title="Fewer children in food poverty", *, indicators=1, readings=1):
    """An outcome of `mission` with indicators (in %, with a baseline and a target), each with
    dated readings: 18.5% on 1 April 2024, then a point lower each year."""
    outcome = Outcome.objects.create(mission=mission, title=title)
    for i in range(indicators):
        indicator = Indicator.objects.create(
            outcome=outcome,
            name=f"Children eligible for free school meals{f' ({i + 1})' if i else ''}",
            unit="%",
            baseline_value=Decimal("21"),
            baseline_date=datetime.date(2023, 4, 1),
            target_value=Decimal("10"),
            target_date=datetime.date(2030, 3, 31),
            order=i,
        )
        for r in range(readings):
            Reading.objects.create(
                indicator=indicator,
                date=datetime.date(2024 + r, 4, 1),
                value=Decimal("18.5") - r,
                source="DfE school census",
            )
    return outcome


# --- submissions (questionnaire) --------------------------------------------------------


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    title = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")
    order = factory.Sequence(int)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    # The round the questionnaire and public pages show (the seeded first round in most
    # tests), unless a test says.
    round = factory.LazyFunction(
        lambda: (
            Round.objects.for_instrument()
            or Round.objects.get_or_create(
                slug="call-for-practice-2026-27",
                defaults={
                    "title": "Call for practice 2026–27",
                    "opens_on": datetime.date(2026, 9, 1),
                    "closes_on": datetime.date(2027, 6, 30),
                },
            )[0]
        )
    )
    theme = factory.SubFactory(ThemeFactory)
    text = factory.Sequence(lambda n: f"Question {n}?")
    order = factory.Sequence(int)


# --- outbox and contact -----------------------------------------------------------------


class OutboxEmailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "outbox.OutboxEmail"

    key = factory.Sequence(lambda n: f"test:{n}")
    to = factory.LazyFunction(lambda: ["someone@example.org"])
    subject = factory.Sequence(lambda n: f"Test email {n}")
    body_text = "Hello."


def emails_to(address: str):
    """The outbox rows addressed to `address`, oldest first."""
    from outbox.models import OutboxEmail

    # JSONField "contains" lookups are not available on SQLite; the tables here are tiny.
    return [row for row in OutboxEmail.objects.order_by("pk") if address in row.to]


class ContactMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "contact.ContactMessage"

    name = factory.Sequence(lambda n: f"Sender {n}")
    email = factory.LazyAttribute(lambda o: f"sender{o.name.split()[-1]}@example.org")
    message = "We are setting missions for our borough."
    consent_to_contact = True


# --- case studies -----------------------------------------------------------------------


def _set_m2m(field_name):
    """A post-generation hook: `CaseStudyFactory(themes=[...])` sets that relation."""

    def hook(obj, create, extracted, **kwargs):
        if create and extracted:
            getattr(obj, field_name).set(extracted)

    return factory.PostGeneration(hook)


class CaseStudyFactory(factory.django.DjangoModelFactory):
    """A published UK case study by default; pass state=... for others, authority=None with
    place_name and country for an international one."""

    class Meta:
        model = "casestudies.CaseStudy"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Case study {n}")
    slug = factory.Sequence(lambda n: f"case-study-{n}")
    summary = "How a place set a long-term mission with its partners."
    body = "The authority worked with residents and partners.\n\nIt is still learning."
    authority = factory.SubFactory(AuthorityFactory)
    publication_basis = "public_sources"
    state = "published"
    # Newer case studies for later sequence numbers, so "newest first" is predictable.
    published_at = factory.Sequence(
        lambda n: datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(hours=n)
    )

    themes = _set_m2m("themes")
    national_missions = _set_m2m("national_missions")
    approaches = _set_m2m("approaches")
    partner_types = _set_m2m("partner_types")
    missions = _set_m2m("missions")


class CaseStudySourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "casestudies.CaseStudySource"

    case_study = factory.SubFactory(CaseStudyFactory)
    title = factory.Sequence(lambda n: f"Source document {n}")
    url = factory.Sequence(lambda n: f"https://example.org/source-{n}")
    order = factory.Sequence(int)


# --- the real roles -------------------------------------------------------------------------


def make_staff(group_name: str, username: str, **fields):
    """A staff member in one of the roles' groups (common/roles.py): never a superuser."""
    from django.contrib.auth.models import Group

    fields.setdefault("first_name", username.title())
    user = UserFactory(username=username, is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def make_person(email: str, *, verified: bool = True):
    """Someone signed up with `email` (verified unless said otherwise), with no authority yet."""
    from allauth.account.models import EmailAddress

    user = UserFactory(username=email, email=email)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def make_officer(authority, email: str, *, state: str = "verified", role: str = "Policy officer"):
    """An officer with a verified email address and a membership of `authority` in `state`."""
    from councils.models import Membership

    user = make_person(email)
    Membership.objects.create(user=user, authority=authority, role=role, state=state)
    return user


_addresses = itertools.count(1)


def new_client():
    """A test client with an IP address of its own: allauth's rate limits count per address."""
    from django.test import Client

    n = next(_addresses)
    return Client(REMOTE_ADDR=f"10.99.{n // 256 % 256}.{n % 256}")


def notice(response) -> list[str]:
    """The messages ("1 case study published") the response set for the next page."""
    from django.contrib.messages import get_messages

    return [str(m) for m in get_messages(response.wsgi_request)]


def client_for(user):
    client = new_client()
    client.force_login(user)
    return client
