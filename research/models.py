import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from councils.models import Mission
from instrument.models import Theme
from submissions.models import Answer, Submission, ThemeReflection
from submissions.storage import PrivateStorage


class Code(models.Model):
    """One entry in a theme's codebook, e.g. "Co-design with residents"."""

    theme = models.ForeignKey("instrument.Theme", on_delete=models.CASCADE, related_name="codes")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text="When to apply this code")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text="A broader code in the same theme, if this one refines it",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["theme__order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["theme", "name"], name="unique_code_name_per_theme")
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.parent_id and self.theme_id and self.parent.theme_id != self.theme_id:
            raise ValidationError(
                {"parent": "Choose a parent code from the same theme as this code."}
            )
        if self.parent_id and self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": "A code cannot be its own parent."})


class CodableAnswer(Answer):
    """An answer as researchers see it: to be read and coded (a proxy, no table of its own)."""

    class Meta:
        proxy = True
        verbose_name = "answer to code"
        verbose_name_plural = "answers to code"


class DoubleCodingAssignmentQuerySet(models.QuerySet):
    def open(self):
        """Assignments where at least one coder has not finished."""
        return self.filter(Q(coder_a_done=False) | Q(coder_b_done=False))

    def completed(self):
        return self.filter(coder_a_done=True, coder_b_done=True)

    def for_coder(self, user):
        return self.filter(Q(coder_a=user) | Q(coder_b=user))


class DoubleCodingAssignment(models.Model):
    """An answer that two researchers code independently, to measure agreement."""

    answer = models.OneToOneField(
        "submissions.Answer", on_delete=models.CASCADE, related_name="double_coding"
    )
    coder_a = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    coder_b = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    coder_a_done = models.BooleanField("first coder done", default=False)
    coder_b_done = models.BooleanField("second coder done", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DoubleCodingAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(coder_a=models.F("coder_b")), name="double_coding_two_coders"
            )
        ]

    def __str__(self):
        return f"Double coding of {self.answer}"

    @property
    def is_open(self) -> bool:
        return not (self.coder_a_done and self.coder_b_done)


class CodingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Hide the other coder's codings of an answer while its double coding is open.

        Coders on a double-coded answer code blind: until both have marked it done, each sees
        only their own codings of it. Everyone else sees every coding.
        """
        if user is None or not user.is_authenticated:
            return self
        return self.exclude(Q(answer_id__in=blind_answer_ids(user)) & ~Q(coder=user))


def blind_answer_ids(user):
    """The answers `user` is double coding and has not yet seen the other coder's codes on
    (a subquery of answer ids)."""
    return DoubleCodingAssignment.objects.open().for_coder(user).values("answer_id")


def coding_visible_to(user, *, answer_id, coder_id) -> bool:
    """The same rule as CodingQuerySet.visible_to, for one coding (e.g. a deleted one's history)."""
    if user is None or not user.is_authenticated or coder_id == user.pk:
        return True
    return not blind_answer_ids(user).filter(answer_id=answer_id).exists()


class TextUnit(models.Model):
    """A part of a submission other than an answer that researchers can code: a theme's "what
    worked" or "what didn't", a mission's statement, the role of national government. It names
    where the text lives (submission, field, object id); the text stays where the officer wrote it."""

    class Field(models.TextChoices):
        WHAT_WORKED = "what_worked", "What has worked"
        WHAT_DIDNT = "what_didnt", "What hasn't worked"
        MISSION_STATEMENT = "mission_statement", "Mission statement"
        NATIONAL_GOVERNMENT = "national_government", "The role of national government"

    REFLECTION_FIELDS = (Field.WHAT_WORKED, Field.WHAT_DIDNT)

    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="text_units"
    )
    field = models.CharField(max_length=30, choices=Field.choices)
    object_id = models.PositiveIntegerField(
        default=0, help_text="The theme (reflections) or the mission (statements); 0 otherwise"
    )

    class Meta:
        ordering = ["submission_id", "field", "object_id"]
        verbose_name = "other text to code"
        verbose_name_plural = "other texts to code"
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "field", "object_id"], name="one_unit_per_text"
            )
        ]

    def __str__(self):
        return f"{self.submission} – {self.label}"

    @property
    def theme_id(self) -> int | None:
        """The theme whose codebook applies (reflections); None: any theme's codes."""
        return self.object_id if self.field in self.REFLECTION_FIELDS else None

    @property
    def label(self) -> str:
        if self.field in self.REFLECTION_FIELDS:
            theme = Theme.objects.filter(pk=self.object_id).first()
            return f"{theme}: {self.get_field_display()}"
        if self.field == self.Field.MISSION_STATEMENT:
            mission = Mission.objects.filter(pk=self.object_id).first()
            return f"{self.get_field_display()}: {mission.title if mission else '(removed)'}"
        return self.get_field_display()

    @property
    def text(self) -> str:
        """The text as it is now ("" if its source has gone)."""
        if self.field in self.REFLECTION_FIELDS:
            reflection = ThemeReflection.objects.filter(
                submission_id=self.submission_id, theme_id=self.object_id
            ).first()
            return getattr(reflection, self.field, "") if reflection else ""
        if self.field == self.Field.MISSION_STATEMENT:
            mission = Mission.objects.filter(pk=self.object_id).first()
            return mission.statement if mission else ""
        return Submission.objects.get(pk=self.submission_id).national_government


class Coding(models.Model):
    """A code applied to an answer or another text unit of a submission (optionally to a quoted
    excerpt of it) by a researcher."""

    # The proxy, so the admin's answer autocomplete searches the researchers' answer list;
    # the column is an ordinary foreign key to submissions.Answer.
    answer = models.ForeignKey(
        CodableAnswer, null=True, blank=True, on_delete=models.CASCADE, related_name="codings"
    )
    unit = models.ForeignKey(
        TextUnit,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="codings",
        help_text="The text coded, when it is not an answer",
    )
    code = models.ForeignKey(Code, on_delete=models.PROTECT, related_name="codings")
    excerpt = models.TextField(
        blank=True,
        help_text="Optional: the words of the answer this code applies to, copied exactly",
    )
    memo = models.TextField(blank=True, help_text="Your note on why the code applies")
    # What the coder read: later edits to the answer must not silently change what was coded.
    answer_text = models.TextField(
        "answer as coded", blank=True, editable=False, help_text="The answer's text when coded"
    )
    question_version = models.PositiveIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="The version of the question the coded answer answered (blank: not an answer)",
    )
    coder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="codings"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = CodingQuerySet.as_manager()

    class Meta:
        ordering = ["answer_id", "code__name", "pk"]
        indexes = [models.Index(fields=["answer", "code"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(answer__isnull=False, unit__isnull=True)
                | Q(answer__isnull=True, unit__isnull=False),
                name="coding_of_an_answer_or_a_unit",
            )
        ]

    def __str__(self):
        return (
            f"{self.code} on answer {self.answer_id}"
            if self.answer_id
            else f"{self.code} on {self.unit}"
        )

    def save(self, *args, **kwargs):
        if self._state.adding:
            if not self.answer_text:
                self.answer_text = self.target.text
            if self.answer_id and self.question_version is None:
                self.question_version = self.answer.question_version
        super().save(*args, **kwargs)

    @property
    def target(self):
        """What was coded: the answer, or the text unit."""
        return self.answer if self.answer_id else self.unit

    @property
    def target_theme_id(self) -> int | None:
        if self.answer_id:
            return self.answer.question.theme_id
        return self.unit.theme_id if self.unit_id else None

    @property
    def answer_changed(self) -> bool:
        """True when the text has been edited since it was coded."""
        return self.answer_text != self.target.text

    def clean(self):
        errors = {}
        self.excerpt = self.excerpt.strip()
        if not self.answer_id and not self.unit_id:
            raise ValidationError("Choose the answer or the text this code applies to.")
        theme_id = self.target_theme_id
        if self.code_id and theme_id and self.code.theme_id != theme_id:
            theme = Theme.objects.get(pk=theme_id)
            errors["code"] = (
                f"Choose a code from the theme “{theme}”: "
                f"“{self.code}” belongs to “{self.code.theme}”."
            )
        # New codings quote the text as it is now; existing ones the text they coded.
        read = self.answer_text or self.target.text
        if self.excerpt and self.excerpt not in read:
            errors["excerpt"] = (
                "The excerpt must be copied exactly from the answer. "
                "Check the wording, spacing and punctuation match."
            )
        if errors:
            raise ValidationError(errors)


def export_path(instance, filename: str) -> str:
    # A random name in private storage: the download view, not the path, decides who may read it.
    return f"exports/{instance.requested_by_id}/{uuid.uuid4().hex}.xlsx"


class ExportJob(models.Model):
    """A spreadsheet a researcher asked for: built by a Celery task (research/tasks.py) into
    private storage, then linked in an email to them (research/export_jobs.py)."""

    class Dataset(models.TextChoices):
        ANSWERS = "answers", "Answers, one row per answer"
        WIDE = "wide", "One row per submission"
        LONG = "long", "One row per answer and per coding"

    class Status(models.TextChoices):
        PENDING = "pending", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    dataset = models.CharField(max_length=20, choices=Dataset.choices)
    # Fixed when asked, so the file holds what the researcher's filtered list showed then.
    submission_ids = models.JSONField(default=list)
    include_notes = models.BooleanField(default=False)
    include_emails = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(storage=PrivateStorage(), upload_to=export_path, blank=True)
    filename = models.CharField(max_length=100, help_text="The name the download is given")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename} for {self.requested_by}"
