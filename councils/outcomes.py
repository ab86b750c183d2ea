"""What a register mission seeks to change and how progress is measured: outcomes, their
indicators (baseline and target), and dated readings of each indicator with their source.

They hang off the register's mission (not off a round's submission), so readings from one
round to the next build up one series that can be followed year on year.
"""

from django.db import models


class OutcomeQuerySet(models.QuerySet):
    def with_readings(self):
        """Each outcome's indicators and their readings, in two more queries however many."""
        return self.prefetch_related("indicators__readings")


class Outcome(models.Model):
    """One change a mission seeks, e.g. 'Fewer children in food poverty'."""

    mission = models.ForeignKey(
        "councils.Mission", on_delete=models.CASCADE, related_name="outcomes"
    )
    title = models.CharField(max_length=255, help_text="The change the mission seeks")
    order = models.PositiveSmallIntegerField(default=0)

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


class Indicator(models.Model):
    """How one outcome is measured: where it started, where it should get to, and by when."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(max_length=255, help_text="e.g. 'Children eligible for free meals'")
    unit = models.CharField(max_length=60, blank=True, help_text="e.g. '%', 'households'")
    baseline_value = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    baseline_date = models.DateField(null=True, blank=True)
    target_value = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    target_date = models.DateField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class Reading(models.Model):
    """One measurement of an indicator on a date, and where the figure comes from."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="readings")
    date = models.DateField()
    value = models.DecimalField(max_digits=16, decimal_places=4)
    source = models.CharField(
        max_length=500, help_text="Where the figure comes from: a publication, dataset or link"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.indicator}: {self.value} on {self.date}"
