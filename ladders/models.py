from django.db import models


class Ladder(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    is_default = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Track(models.Model):
    class Kind(models.TextChoices):
        SHARED = "shared", "Shared"
        IC = "ic", "Individual contributor"
        PEOPLE = "people", "People leadership"
        HYBRID = "hybrid", "Hybrid"

    ladder = models.ForeignKey(Ladder, on_delete=models.CASCADE, related_name="tracks")
    key = models.SlugField()
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=Kind.choices)

    class Meta:
        ordering = ["ladder", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["ladder", "key"], name="track_key_unique_in_ladder")
        ]

    def __str__(self) -> str:
        return self.name


class Level(models.Model):
    ladder = models.ForeignKey(Ladder, on_delete=models.CASCADE, related_name="levels")
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="levels")
    key = models.SlugField()
    title = models.CharField(max_length=120)
    rank = models.PositiveSmallIntegerField()
    summary = models.TextField(blank=True)
    scope = models.TextField(blank=True)
    people_pct = models.PositiveSmallIntegerField("people leadership %", default=0)
    product_pct = models.PositiveSmallIntegerField("product leadership %", default=0)
    individual_pct = models.PositiveSmallIntegerField("individual work %", default=100)
    next_levels = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="previous_levels"
    )

    class Meta:
        ordering = ["ladder", "rank", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["ladder", "key"], name="level_key_unique_in_ladder")
        ]

    def __str__(self) -> str:
        return self.title


class Competency(models.Model):
    ladder = models.ForeignKey(Ladder, on_delete=models.CASCADE, related_name="competencies")
    key = models.SlugField()
    name = models.CharField(max_length=120)
    area = models.CharField(max_length=120)

    class Meta:
        ordering = ["ladder", "pk"]
        verbose_name_plural = "competencies"
        constraints = [
            models.UniqueConstraint(
                fields=["ladder", "key"], name="competency_key_unique_in_ladder"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Expectation(models.Model):
    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="expectations")
    competency = models.ForeignKey(
        Competency, on_delete=models.CASCADE, related_name="expectations"
    )
    proficiency = models.PositiveSmallIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["level", "competency"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "competency"], name="one_expectation_per_level_competency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.level} · {self.competency}"
