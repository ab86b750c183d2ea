"""factory_boy factories shared by the whole suite. Add yours in the section for your app."""

import factory
from django.contrib.auth import get_user_model

from councils.models import Authority
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
