from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .anonymity import AnonymityQuerySet
from .search import SearchDocument


class CaseStudyQuerySet(AnonymityQuerySet):
    """Reads of case studies; what anonymity allows comes from casestudies.anonymity."""

    def published(self):
        return self.filter(state=CaseStudy.State.PUBLISHED)

    def uk(self):
        return self.filter(authority__isnull=False)

    def international(self):
        return self.filter(authority__isnull=True)

    def for_signoff(self, authority):
        """Unpublished case studies about `authority` that its officers have been asked to
        sign off (waiting, or already answered)."""
        return self.filter(
            authority=authority,
            state__in=[CaseStudy.State.DRAFT, CaseStudy.State.IN_REVIEW],
        ).exclude(signoff=CaseStudy.SignOff.NOT_REQUESTED)


class CaseStudy(models.Model):
    """An edited, published account of how a place works through missions.

    The raw submission is never changed: a case study is a separate edited text.
    """

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Basis(models.TextChoices):
        # Why a case study not drawn from a submission may be public: chosen by a project lead.
        PUBLIC_SOURCES = "public_sources", "Written from public sources (no consent needed)"

    class SignOff(models.TextChoices):
        NOT_REQUESTED = "not_requested", "Not requested"
        REQUESTED = "requested", "Waiting for the authority"
        APPROVED = "approved", "Approved by the authority"
        CHANGES_REQUESTED = "changes_requested", "Authority asked for changes"

    title = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True)
    summary = models.TextField(help_text="Two or three sentences shown in lists and feeds")
    body = models.TextField(help_text="Markdown. Rendered and sanitised on the page.")
    # UK case studies have an authority; international ones a place name and country instead.
    authority = models.ForeignKey(
        "councils.Authority",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_studies",
    )
    place_name = models.CharField(max_length=200, blank=True, help_text="International examples")
    country = models.CharField(max_length=100, blank=True, help_text="International examples")
    is_demo = models.BooleanField(
        "demo content",
        default=False,
        help_text="Example content loaded by load_demo from public sources; labelled on pages",
    )
    is_anonymised = models.BooleanField(
        default=False,
        help_text="Set from the authority's consent when published: hides its name everywhere",
    )
    themes = models.ManyToManyField("instrument.Theme", blank=True, related_name="case_studies")
    missions = models.ManyToManyField("councils.Mission", blank=True, related_name="case_studies")
    national_missions = models.ManyToManyField(
        "councils.NationalMission", blank=True, related_name="case_studies"
    )
    approaches = models.ManyToManyField(
        "councils.Approach", blank=True, related_name="case_studies"
    )
    partner_types = models.ManyToManyField(
        "councils.PartnerType", blank=True, related_name="case_studies"
    )
    what_worked = models.TextField("what worked", blank=True)
    what_didnt = models.TextField("what didn't work", blank=True)
    image = models.ImageField(upload_to="case-studies/", blank=True)
    image_alt = models.CharField(
        "image alternative text", max_length=300, blank=True, help_text="Required with an image"
    )
    source_submission = models.ForeignKey(
        "submissions.Submission",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_studies",
    )
    publication_basis = models.CharField(
        "basis for publishing without a submission",
        max_length=20,
        choices=Basis.choices,
        blank=True,
        help_text="Only for case studies not drawn from a submission: a project lead records why "
        "it may be published. A case study drawn from a submission follows the authority's consent.",
    )
    state = models.CharField(
        max_length=12, choices=State.choices, default=State.DRAFT, db_index=True
    )
    signoff = models.CharField(
        "authority sign-off",
        max_length=20,
        choices=SignOff.choices,
        default=SignOff.NOT_REQUESTED,
    )
    signoff_comment = models.TextField(blank=True)
    signoff_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signoff_at = models.DateTimeField(null=True, blank=True)
    # Counts requests, so each request's emails have their own outbox keys.
    signoff_requests = models.PositiveSmallIntegerField("sign-off requests sent", default=0)
    signoff_requested_at = models.DateTimeField("sign-off last requested", null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Full-text search's weighted vector, kept by the database on every write (casestudies.search).
    search_document = models.GeneratedField(
        expression=SearchDocument(), output_field=SearchVectorField(null=True), db_persist=True
    )

    objects = CaseStudyQuerySet.as_manager()
    # Every edit is kept, so a project lead can see and revert what changed after publishing.
    # The search column is the database's to compute; history keeps what people wrote.
    history = HistoricalRecords(excluded_fields=["search_document"])

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name_plural = "case studies"
        # Project leads only (see common/roles.py).
        permissions = [("publish_casestudy", "Can publish case studies")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("casestudies:detail", kwargs={"slug": self.slug})

    @property
    def is_international(self) -> bool:
        return self.authority_id is None


class CaseStudySlug(models.Model):
    """An address a case study was public under before its slug followed a new title
    (casestudies/addresses.py): its detail page answers it with a permanent redirect."""

    case_study = models.ForeignKey(
        CaseStudy, on_delete=models.CASCADE, related_name="previous_slugs"
    )
    slug = models.SlugField(max_length=255, unique=True)
    # Whether the address was in use while the case study was named: such an address must never
    # lead to it once it is anonymised (casestudies.anonymity: moved_from).
    named = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "previous web address"

    def __str__(self):
        return self.slug


class CaseStudySource(models.Model):
    """A public source a case study draws on, linked from its page."""

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(max_length=255)
    url = models.URLField(max_length=500)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title
