from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords


class AuthorityQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)

    def councils(self):
        return self.exclude(type__in=Authority.STRATEGIC_TYPES)

    def strategic(self):
        return self.filter(type__in=Authority.STRATEGIC_TYPES)

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(Q(name__icontains=text) | Q(official_name__icontains=text))

    def with_links(self):
        """The authority with the authorities its detail page links to, in one query."""
        return self.select_related("county", "strategic_authority", "replaced_by")


class Authority(models.Model):
    """A UK local authority or strategic authority, from the register (see load_authorities)."""

    class Type(models.TextChoices):
        COUNTY = "CTY", "County council"
        DISTRICT = "NMD", "Non-metropolitan district"
        UNITARY = "UA", "Unitary authority"
        METROPOLITAN = "MD", "Metropolitan district"
        LONDON_BOROUGH = "LBO", "London borough"
        CITY_OF_LONDON = "CC", "City of London"
        SCOTTISH = "SCO", "Scottish council"
        WELSH = "WPA", "Welsh principal area"
        NI_DISTRICT = "NID", "Northern Ireland district"
        COMBINED = "COMB", "Combined authority"
        COMBINED_COUNTY = "CCA", "Combined county authority"
        GLA = "GLA", "Greater London Authority"

    class Nation(models.TextChoices):
        ENGLAND = "England", "England"
        SCOTLAND = "Scotland", "Scotland"
        WALES = "Wales", "Wales"
        NORTHERN_IRELAND = "Northern Ireland", "Northern Ireland"

    class Tier(models.TextChoices):
        FOUNDATION = "foundation", "Foundation strategic authority"
        MAYORAL = "mayoral", "Mayoral strategic authority"
        ESTABLISHED_MAYORAL = "established_mayoral", "Established mayoral strategic authority"

    STRATEGIC_TYPES = (Type.COMBINED, Type.COMBINED_COUNTY, Type.GLA)

    # Mostly three letters; strategic authorities use four and pre-2015 NI districts five (NIR-A).
    code = models.CharField(
        "register code", max_length=8, unique=True, help_text="Three-letter register code"
    )
    name = models.CharField(max_length=200, help_text="Everyday name, e.g. 'Camden'")
    official_name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=200, unique=True)
    gss_code = models.CharField(
        "GSS code", max_length=9, unique=True, null=True, blank=True, help_text="ONS code"
    )
    former_gss_codes = models.CharField(
        "former GSS codes",
        max_length=100,
        blank=True,
        help_text="Earlier ONS codes for the same authority, comma-separated",
    )
    type = models.CharField(max_length=4, choices=Type.choices)
    nation = models.CharField(max_length=20, choices=Nation.choices)
    region = models.CharField(max_length=100, blank=True)
    tier = models.CharField(
        "strategic-authority tier",
        max_length=24,
        choices=Tier.choices,
        blank=True,
        help_text="Strategic authorities only; blank for councils. Changes over time: edit here.",
    )
    county = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="districts",
        help_text="For a district: its county council",
    )
    strategic_authority = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        help_text="The combined authority, combined county authority or GLA it belongs to",
    )
    population = models.PositiveIntegerField(null=True, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaced"
    )
    # An authority can be split between several successors (Cumbria, Northamptonshire):
    # replaced_by holds the first, this field all of them, as in the register.
    replaced_by_codes = models.CharField(
        max_length=100,
        blank=True,
        help_text="Register codes of every successor, comma-separated",
    )
    is_current = models.BooleanField(default=True, db_index=True)
    email_domains = models.TextField(
        blank=True,
        help_text="Email domains of this authority's officers, one per line (e.g. camden.gov.uk)",
    )

    objects = AuthorityQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "authorities"
        indexes = [models.Index(fields=["nation", "region", "type"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("councils:authority_detail", kwargs={"slug": self.slug})

    @property
    def is_strategic(self) -> bool:
        return self.type in self.STRATEGIC_TYPES

    @property
    def email_domain_list(self) -> list[str]:
        return [d.strip().lower() for d in self.email_domains.splitlines() if d.strip()]

    @property
    def former_gss_code_list(self) -> list[str]:
        return [c.strip() for c in self.former_gss_codes.split(",") if c.strip()]

    def successors(self):
        codes = [c.strip() for c in self.replaced_by_codes.split(",") if c.strip()]
        if not codes and self.replaced_by_id:
            return Authority.objects.filter(pk=self.replaced_by_id)
        return Authority.objects.filter(code__in=codes)


class NationalMission(models.Model):
    """One of the UK government's five missions for national renewal (seeded by migration)."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Approach(models.Model):
    """An approach or tradition adjacent to mission-led governing, as named in the launch article."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "approaches"

    def __str__(self):
        return self.name


class PartnerType(models.Model):
    """A kind of partner (community group, VCSE organisation, …): a partner's type, and the
    facet case studies are filtered by (by slug). Seeded by migration; researchers may rename."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Partner(models.Model):
    """An organisation working with an authority on one or more missions."""

    name = models.CharField(max_length=200)
    type = models.ForeignKey(PartnerType, on_delete=models.PROTECT, related_name="partners")
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class MissionQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def for_authority(self, authority):
        """The missions the authority leads or shares (one query, no duplicates)."""
        shared = Mission.authorities.through.objects.filter(authority=authority)
        return self.filter(Q(authority=authority) | Q(pk__in=shared.values("mission_id")))

    def with_outcomes(self):
        """Outcomes, their indicators and readings: three queries however many missions."""
        return self.prefetch_related(Prefetch("outcomes", Outcome.objects.with_readings()))

    def with_related(self):
        """Everything a mission listing shows, in a fixed number of queries."""
        partners = MissionPartner.objects.select_related("partner__type").order_by("partner__name")
        return (
            self.with_outcomes()
            .select_related("authority")
            .prefetch_related(
                "national_missions", "approaches", Prefetch("mission_partners", queryset=partners)
            )
        )


class Mission(models.Model):
    """A long-term mission an authority has set, with its partners."""

    class Stage(models.TextChoices):
        EXPLORING = "exploring", "Exploring"
        DESIGNING = "designing", "Designing"
        DELIVERING = "delivering", "Delivering"
        EVALUATING = "evaluating", "Evaluating"

    class Challenge(models.TextChoices):
        HEALTH = "health", "Health and wellbeing"
        POVERTY = "poverty", "Poverty and the cost of living"
        FOOD = "food", "Food"
        HOUSING = "housing", "Housing and homelessness"
        CLIMATE = "climate", "Climate and the environment"
        ECONOMY = "economy", "Economy and good jobs"
        YOUNG_PEOPLE = "young_people", "Children, young people and skills"
        SAFETY = "safety", "Community safety"
        TRANSPORT = "transport", "Transport"
        PLACE = "place", "Places, culture and communities"
        OTHER = "other", "Other"

    class Governance(models.TextChoices):
        BOARD = "board", "A mission board"
        LEAD_MEMBER = "lead_member", "A lead member"
        PARTNERSHIP = "partnership", "A partnership"
        OTHER = "other", "Other"

    # The lead authority; others that share the mission (a combined authority's councils,
    # say) are in `authorities`, and the mission shows on each of their pages.
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="missions")
    authorities = models.ManyToManyField(
        Authority,
        blank=True,
        related_name="shared_missions",
        help_text="Other authorities that share this mission",
    )
    title = models.CharField(max_length=255)
    statement = models.TextField(help_text="The mission as the authority states it")
    target_year = models.PositiveSmallIntegerField(null=True, blank=True)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.EXPLORING)
    challenge_area = models.CharField(
        max_length=200, blank=True, help_text="The challenge it addresses, e.g. 'Food poverty'"
    )
    challenge = models.CharField(
        "challenge area (list)", max_length=20, choices=Challenge.choices, blank=True
    )
    challenge_other = models.CharField("other challenge area", max_length=200, blank=True)
    governance = models.CharField(
        "governance form", max_length=20, choices=Governance.choices, blank=True
    )
    governance_other = models.CharField("other governance form", max_length=200, blank=True)
    national_missions = models.ManyToManyField(NationalMission, blank=True, related_name="missions")
    approaches = models.ManyToManyField(Approach, blank=True, related_name="missions")
    partners = models.ManyToManyField(
        Partner, through="MissionPartner", blank=True, related_name="missions"
    )
    source_url = models.URLField("source", max_length=500, blank=True)
    is_public = models.BooleanField(
        "public", default=False, help_text="Show on the authority's public page"
    )
    is_demo = models.BooleanField(
        "demo content",
        default=False,
        help_text="Example content loaded by load_demo from public sources; labelled on pages",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MissionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["authority__name", "title"]
        indexes = [models.Index(fields=["authority", "is_public"])]

    def __str__(self):
        return self.title

    def clean(self):
        for field, other in (("challenge", "challenge_other"), ("governance", "governance_other")):
            if getattr(self, field) == "other" and not getattr(self, other).strip():
                raise ValidationError({other: "Say what it is, since 'Other' is selected"})
            if getattr(self, field) != "other":
                setattr(self, other, "")


class MissionPartner(models.Model):
    """A partner's part in one mission."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="mission_partners")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="mission_partners")
    role = models.CharField(max_length=255, blank=True, help_text="What the partner does")

    class Meta:
        ordering = ["partner__name"]
        constraints = [
            models.UniqueConstraint(fields=["mission", "partner"], name="unique_mission_partner")
        ]

    def __str__(self):
        return f"{self.partner} on {self.mission}"


class MembershipQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(state=Membership.State.VERIFIED)

    def pending(self):
        return self.filter(state=Membership.State.PENDING)

    def for_authority(self, authority):
        """The missions the authority leads or shares (one query, no duplicates)."""
        shared = Mission.authorities.through.objects.filter(authority=authority)
        return self.filter(Q(authority=authority) | Q(pk__in=shared.values("mission_id")))


class Membership(models.Model):
    """An officer's link to their authority. Verified by email domain or by a researcher."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        VERIFIED = "verified", "Verified"
        DECLINED = "declined", "Declined"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField("job title or role", max_length=200)
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    verified_by_domain = models.BooleanField(default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    # Off once the officer follows the unsubscribe link in a reminder before a round's deadline.
    deadline_reminders = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} – {self.authority} ({self.get_state_display()})"

    @property
    def is_verified(self) -> bool:
        return self.state == self.State.VERIFIED


# Models that live in modules of their own; imported here so Django (and callers) find them
# in councils.models.
from .invitation_model import Invitation  # noqa: E402, F401
from .outcomes import Indicator, Outcome, Reading  # noqa: E402, F401
