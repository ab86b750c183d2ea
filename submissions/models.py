from django.db import models


class Theme(models.Model):
    """One of the six question themes from the launch article; editable by researchers."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(blank=True, help_text="One or two sentences shown in theme lists")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("submissions:theme_detail", kwargs={"slug": self.slug})


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
