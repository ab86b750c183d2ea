from django.db import models
from django.urls import reverse
from django.utils import timezone


class ThemeQuerySet(models.QuerySet):
    def with_questions(self):
        """Themes with their questions fetched in one extra query, however many there are."""
        return self.prefetch_related("questions")

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


class Question(models.Model):
    """A question within a theme, worded as in the launch article."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField()
    help_text = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    max_length = models.PositiveIntegerField(
        default=10_000, help_text="Longest answer accepted, in characters"
    )

    class Meta:
        ordering = ["theme__order", "order", "pk"]

    def __str__(self):
        return self.text


class RoundQuerySet(models.QuerySet):
    def open_on(self, day):
        return self.filter(opens_on__lte=day, closes_on__gte=day)

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
