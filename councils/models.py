from django.db import models
from django.db.models import Q


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

    code = models.CharField(
        "register code", max_length=4, unique=True, help_text="Three-letter register code"
    )
    name = models.CharField(max_length=200, help_text="Everyday name, e.g. 'Camden'")
    official_name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=200, unique=True)
    gss_code = models.CharField(
        "GSS code", max_length=9, unique=True, null=True, blank=True, help_text="ONS code"
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
    is_current = models.BooleanField(default=True, db_index=True)
    email_domains = models.TextField(
        blank=True,
        help_text="Email domains of this authority's officers, one per line (e.g. camden.gov.uk)",
    )

    objects = AuthorityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "authorities"
        indexes = [models.Index(fields=["nation", "region", "type"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("councils:authority_detail", kwargs={"slug": self.slug})

    @property
    def is_strategic(self) -> bool:
        return self.type in self.STRATEGIC_TYPES

    @property
    def email_domain_list(self) -> list[str]:
        return [d.strip().lower() for d in self.email_domains.splitlines() if d.strip()]
