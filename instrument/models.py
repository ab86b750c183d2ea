from django.db import models
from django.urls import reverse
from django.utils import timezone


class ThemeQuerySet(models.QuerySet):
    def with_questions(self, round=None):
        """Themes with their questions fetched in one extra query, however many there are:
        only `round`'s questions when given, every round's otherwise."""
        if round is None:
            return self.prefetch_related("questions")
        return self.prefetch_related(
            models.Prefetch("questions", queryset=Question.objects.filter(round=round))
        )

    def neighbours_of(self, theme):
        """The themes before and after `theme` in display order (None at either end)."""
        themes = list(self.only("title", "slug", "order"))
        index = next(i for i, t in enumerate(themes) if t.pk == theme.pk)
        previous_theme = themes[index - 1] if index > 0 else None
        next_theme = themes[index + 1] if index + 1 < len(themes) else None
        return previous_theme, next_theme


class Theme(models.Model):
    """One of the six question themes from the launch article; editable by researchers."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(blank=True, help_text="One or two sentences shown in theme lists")
    order = models.PositiveSmallIntegerField(default=0)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("instrument:theme_detail", kwargs={"slug": self.slug})

    @property
    def research_questions(self) -> list[str]:
        """The launch article's wording its questions ask about, once each, in order (from
        the questions as loaded, so one round's when prefetched for a round)."""
        return research_questions(self.questions.all())


class QuestionQuerySet(models.QuerySet):
    def for_round(self, round):
        return self.filter(round=round)

    def learning(self):
        return self.filter(section=Question.Section.LEARNING)


class Question(models.Model):
    """A question asked of officers in one round: within a theme, or in "Learning and
    enablers". Once it has answers, changing its text makes a new version (see save()); each
    answer keeps the version and the wording it answered."""

    class Section(models.TextChoices):
        THEME = "theme", "A theme"
        LEARNING = "learning", "Learning and enablers"

    round = models.ForeignKey("Round", on_delete=models.CASCADE, related_name="questions")
    section = models.CharField(max_length=20, choices=Section.choices, default=Section.THEME)
    theme = models.ForeignKey(
        Theme,
        on_delete=models.CASCADE,
        related_name="questions",
        null=True,
        blank=True,
        help_text="Blank for the questions of Learning and enablers",
    )
    text = models.TextField(help_text="As officers are asked it, in the second person")
    research_question = models.TextField(
        blank=True,
        help_text="The research question this one asks about, in the launch article's words",
    )
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Goes up when the text changes after it has answers"
    )
    help_text = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    max_length = models.PositiveIntegerField(
        default=10_000, help_text="Longest answer accepted, in characters"
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["theme__order", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(section="theme", theme__isnull=False)
                    | models.Q(section="learning", theme__isnull=True)
                ),
                name="question_theme_matches_section",
            )
        ]

    def __str__(self):
        return self.text

    def save(self, *args, **kwargs):
        # Here rather than in a service so that every path (the admin's forms and inlines,
        # the shell, a data migration's real model) versions the wording the same way.
        if self.pk and self.text_changed() and self.answers.exists():
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    def text_changed(self) -> bool:
        saved = Question.objects.filter(pk=self.pk).values_list("text", flat=True).first()
        return saved is not None and saved != self.text


def research_questions(questions) -> list[str]:
    return list(dict.fromkeys(q.research_question for q in questions if q.research_question))


class RoundQuerySet(models.QuerySet):
    def open_on(self, day):
        return self.filter(opens_on__lte=day, closes_on__gte=day)

    def for_instrument(self):
        """The round whose questions the public pages show: the one open today, else the
        latest to have opened, else the next to open."""
        return (
            self.current()
            or self.latest_started()
            or self.filter(opens_on__gt=timezone.localdate()).order_by("opens_on", "pk").first()
        )

    def current(self):
        """The round open today (the latest to open, if rounds overlap), or None."""
        return self.open_on(timezone.localdate()).order_by("-opens_on", "-pk").first()

    def latest_started(self):
        """The latest round to have opened, open or closed, or None."""
        return self.filter(opens_on__lte=timezone.localdate()).order_by("-opens_on", "-pk").first()


class Round(models.Model):
    """A call for practice, e.g. "Call for practice 2025–26": one submission per authority."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    opens_on = models.DateField()
    closes_on = models.DateField(help_text="Last day submissions are accepted")

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on"]

    def __str__(self):
        return self.title

    def is_open_on(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on

    @property
    def is_open(self) -> bool:
        return self.is_open_on(timezone.localdate())
