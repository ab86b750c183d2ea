from django.conf import settings
from django.db import models
from django.utils import dateformat, timezone
from simple_history.models import HistoricalRecords

from instrument.models import Question, Round, Theme

from .storage import PrivateStorage, evidence_path


def section_label(key: str) -> str:
    """A section's key as words ("theme-measuring-impact" → "Measuring impact") for the places
    that name a row without loading the section list (admin deletion pages, history)."""
    return key.removeprefix("theme-").replace("-", " ").capitalize()


class SubmissionQuerySet(models.QuerySet):
    def for_user(self, user):
        """Only the submissions of the authority the user is a verified officer of."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            authority__memberships__user=user,
            authority__memberships__state="verified",
        )

    def with_section_counts(self):
        """Annotate `sections_completed`: how many task-list sections are completed (one join,
        whatever the number of rows)."""
        return self.annotate(
            sections_completed=models.Count(
                "sections", filter=models.Q(sections__status="completed"), distinct=True
            )
        )

    def assigned_to(self, user):
        return self.filter(assignees=user)

    def unassigned(self):
        return self.filter(assignees__isnull=True)


class Submission(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        IN_REVIEW = "in_review", "In review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        RESUBMITTED = "resubmitted", "Resubmitted"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    authority = models.ForeignKey(
        "councils.Authority", on_delete=models.PROTECT, related_name="submissions"
    )
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="submissions")
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    reference = models.CharField(max_length=20, unique=True, null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    declaration = models.BooleanField(
        default=False,
        help_text="The submitter confirmed the information is accurate and they may submit it",
    )
    # About your authority and approach (section 1)
    uses_mission_language = models.CharField(
        max_length=10,
        blank=True,
        choices=[
            ("yes", "Yes, we use the language of missions"),
            ("partly", "Partly: alongside complementary ideas and traditions"),
            ("no", "No, we draw on complementary ideas and traditions"),
        ],
    )
    approaches = models.ManyToManyField("councils.Approach", blank=True, related_name="+")
    # The missions this submission describes (section 2). The link lives here, not on Mission,
    # so the register (councils) never depends on what officers submit.
    missions = models.ManyToManyField(
        "councils.Mission", blank=True, related_name="submissions", through="SubmittedMission"
    )
    who_leads = models.TextField(blank=True)
    # The role of national government (section 9, optional)
    national_government = models.TextField(blank=True)
    assignees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="assigned_submissions",
        limit_choices_to={"is_staff": True},
        help_text="The researchers reviewing this submission",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SubmissionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "round"], name="one_submission_per_round")
        ]
        # Declared here once; common/roles.py lists the groups that hold them and the
        # predicates that ask for them.
        permissions = [
            ("review_submission", "Can review submissions (start review, notes)"),
            ("assign_submission", "Can assign submissions to researchers"),
            ("request_changes", "Can ask an authority to change its submission"),
            ("export_submissions", "Can export submissions"),
            ("decide_submission", "Can accept or decline submissions"),
        ]

    def __str__(self):
        return f"{self.authority} – {self.round}"

    @property
    def is_editable(self) -> bool:
        """The one place that says whether officers may change the answers (status only)."""
        return self.status in (self.Status.DRAFT, self.Status.CHANGES_REQUESTED)

    @property
    def is_sent(self) -> bool:
        """Sent to the researchers at least once (anything but a draft)."""
        return self.status != self.Status.DRAFT

    def edit_refusal(self) -> str:
        """Why officers cannot change the answers now, in plain English; "" if they can."""
        if not self.is_editable:
            return (
                f"{self.authority.name} has already submitted its answers to {self.round.title}, "
                "so they cannot be changed."
            )
        if not self.round.is_open:
            return (
                f"{self.round.title} closed on {dateformat.format(self.round.closes_on, 'j F Y')}, "
                "so the answers cannot be changed."
            )
        return ""


class SubmittedMission(models.Model):
    """A register mission as one submission reports it: the link between the round's answers and
    the curated mission, and the link to the same mission in the authority's previous round, so
    its progress can be followed year on year."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE)
    mission = models.ForeignKey("councils.Mission", on_delete=models.CASCADE)
    carried_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_to",
        help_text="The same mission in the authority's previous round",
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # The table Django made for the plain many-to-many link, kept so no row is lost.
        db_table = "submissions_submission_missions"
        constraints = [
            models.UniqueConstraint(fields=["submission", "mission"], name="one_link_per_mission")
        ]

    def __str__(self):
        return f"{self.mission} in {self.submission}"


class SectionProgress(models.Model):
    """Status of one task-list section, who changed it last, and its version for optimistic locking."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(max_length=60)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "section progress"
        constraints = [
            models.UniqueConstraint(fields=["submission", "key"], name="one_progress_per_section")
        ]

    def __str__(self):
        return f"{self.submission} – {section_label(self.key)}: {self.get_status_display()}"


class Answer(models.Model):
    """An answer to one question, with the version and wording of the question it answered."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    question_version = models.PositiveIntegerField(default=1)
    question_text = models.TextField(blank=True, help_text="The question's wording, as answered")
    text = models.TextField(blank=True)
    not_yet = models.BooleanField(
        "not yet / not applicable",
        default=False,
        help_text="The authority has nothing to say here yet, or the question does not apply",
    )
    not_yet_reason = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "question"], name="one_answer_per_question"
            )
        ]

    def __str__(self):
        return f"{self.submission} – {self.question}"

    @property
    def is_answered(self) -> bool:
        """Answered, or marked "Not yet / not applicable": either completes the question."""
        return self.not_yet or bool(self.text.strip())


class Evidence(models.Model):
    """A link or a PDF an authority gives as evidence for a theme or one of its missions.

    Files are stored privately (PRIVATE_MEDIA_ROOT, never under MEDIA_URL) and served only
    through a view that checks the person asking may see the submission."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="evidence")
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    mission = models.ForeignKey(
        "councils.Mission",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    title = models.CharField(max_length=200)
    url = models.URLField("link", max_length=500, blank=True)
    file = models.FileField(upload_to=evidence_path, storage=PrivateStorage(), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(url="") & ~models.Q(file=""))
                | (~models.Q(url="") & models.Q(file="")),
                name="evidence_is_a_link_or_a_file",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_file(self) -> bool:
        return bool(self.file)


class ThemeReflection(models.Model):
    """What has worked, and what hasn't, within one theme."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="reflections")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="+")
    what_worked = models.TextField(blank=True)
    what_didnt = models.TextField("what hasn't worked", blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "theme"], name="one_reflection_per_theme")
        ]

    def __str__(self):
        return f"{self.submission} – {self.theme}"


class Consent(models.Model):
    """Each consent given, with the wording version and time; the latest one counts."""

    class Publication(models.TextChoices):
        NAMED = "named", "Publish as a named case study"
        ANONYMISED = "anonymised", "Publish anonymised (type and region only)"
        NONE = "none", "Do not publish"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="consents")
    # Blank / null while a draft is saved with the question not answered yet.
    publication = models.CharField(max_length=12, choices=Publication.choices, blank=True)
    follow_up_contact = models.BooleanField(null=True)
    privacy_agreed = models.BooleanField()
    wording_version = models.CharField(max_length=20)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    given_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-given_at", "-pk"]
        get_latest_by = ["given_at", "pk"]

    def __str__(self):
        return f"Consent to {self.get_publication_display() or 'no answer yet'} ({self.wording_version})"

    @property
    def is_complete(self) -> bool:
        """Every question answered, and the privacy notice agreed to."""
        return bool(self.publication) and self.follow_up_contact is not None and self.privacy_agreed


# --- the researchers' review -------------------------------------------------------------


class SubmissionTransition(models.Model):
    """One move of a submission between states: who, when and why."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=Submission.Status.choices)
    to_status = models.CharField(max_length=20, choices=Submission.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class ChangeRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)


class ChangeRequest(models.Model):
    """A researcher's request that the authority change one section, with what to change."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="change_requests"
    )
    section_key = models.SlugField(max_length=60)
    comment = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = ChangeRequestQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{section_label(self.section_key)}: {self.comment[:60]}"


class SubmissionNote(models.Model):
    """A researcher's internal note on a submission. Never shown to officers."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    text = models.TextField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60]
