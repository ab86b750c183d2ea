"""factory_boy factories shared by the whole suite. Add yours in the section for your app."""

import factory
from django.contrib.auth import get_user_model

from councils.models import Authority, Mission, MissionPartner, Partner
from submissions.models import Question, Theme

# --- accounts ---------------------------------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


# --- councils ---------------------------------------------------------------------------


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authority

    code = factory.Sequence(lambda n: f"Z{n:03d}"[:4])
    name = factory.Sequence(lambda n: f"Testshire {n}")
    official_name = factory.LazyAttribute(lambda o: f"{o.name} Council")
    slug = factory.Sequence(lambda n: f"testshire-{n}")
    gss_code = factory.Sequence(lambda n: f"E06{n:06d}")
    type = Authority.Type.UNITARY
    nation = Authority.Nation.ENGLAND
    region = "North West"
    is_current = True


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partner organisation {n}")
    type = Partner.Type.VCSE
    website = factory.Sequence(lambda n: f"https://partner{n}.example.org/")


class MissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mission

    authority = factory.SubFactory(AuthorityFactory)
    title = factory.Sequence(lambda n: f"Mission {n}")
    statement = factory.LazyAttribute(lambda o: f"By 2030, {o.title.lower()} is achieved.")
    target_year = 2030
    stage = Mission.Stage.DELIVERING
    is_public = True


class MissionPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MissionPartner

    mission = factory.SubFactory(MissionFactory)
    partner = factory.SubFactory(PartnerFactory)
    role = "Co-designing the mission"


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


class ContactMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "contact.ContactMessage"

    name = factory.Sequence(lambda n: f"Sender {n}")
    email = factory.LazyAttribute(lambda o: f"sender{o.name.split()[-1]}@example.org")
    message = "We are setting missions for our borough."
    consent_to_contact = True
