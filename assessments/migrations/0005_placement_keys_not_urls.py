"""Placements keep ladder and level keys only; the pages reverse() the URLs when they render.

Rows written before stored each URL beside its key; the URLs are dropped here (and rebuilt
from the keys when migrating back), so every row reads the same way.
"""

from django.db import migrations
from django.urls import reverse

LEVEL_LISTS = ("next", "later")


def _levels(placement):
    current = placement.get("current")
    return [*([current] if current else []), *(l for k in LEVEL_LISTS for l in placement.get(k) or [])]


def drop_urls(apps, schema_editor):
    Result = apps.get_model("assessments", "Result")
    for result in Result.objects.exclude(placement={}).iterator():
        placement = result.placement
        ladder = placement.get("ladder")
        if not ladder:
            continue
        ladder.pop("url", None)
        for level in _levels(placement):
            level.pop("url", None)
        result.save(update_fields=["placement"])


def add_urls(apps, schema_editor):
    Result = apps.get_model("assessments", "Result")
    for result in Result.objects.exclude(placement={}).iterator():
        placement = result.placement
        ladder = placement.get("ladder")
        if not ladder:
            continue
        ladder["url"] = reverse("ladders:ladder", args=[ladder["slug"]])
        for level in _levels(placement):
            level["url"] = reverse("ladders:level", args=[ladder["slug"], level["key"]])
        result.save(update_fields=["placement"])


class Migration(migrations.Migration):
    dependencies = [("assessments", "0004_result_outcome_choices")]

    operations = [migrations.RunPython(drop_urls, add_urls)]
