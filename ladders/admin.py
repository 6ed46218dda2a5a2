from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import QuerySet
from django.forms import Textarea
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html

from core.admin import CheckedSelectionMixin
from core.interchange import SpecError
from ladders.files import duplicate_ladder, export_ladder
from ladders.forms import (
    ExpectationInlineForm,
    ExpectationInlineFormSet,
    LevelAdminForm,
    LevelInlineForm,
    LevelInlineFormSet,
)
from ladders.models import Competency, Expectation, Ladder, Level, Track, count_of

SHORT_TEXT = {models.TextField: {"widget": Textarea(attrs={"rows": 2, "cols": 60})}}


class TrackInline(admin.TabularInline):
    model = Track
    extra = 0
    fields = ["key", "name", "kind", "position"]


class LevelInline(admin.TabularInline):
    model = Level
    form = LevelInlineForm
    formset = LevelInlineFormSet
    extra = 0
    fields = ["key", "title", "track", "rank", "position"]
    fields += ["people_pct", "product_pct", "individual_pct"]
    show_change_link = True
    verbose_name_plural = "levels (open a level to edit its forks and expectations)"


class CompetencyInline(admin.TabularInline):
    model = Competency
    extra = 0
    fields = ["key", "name", "area", "description", "position"]
    formfield_overrides = SHORT_TEXT


@admin.register(Ladder)
class LadderAdmin(CheckedSelectionMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "is_default", "tracks", "levels", "competencies", "holders"]
    list_filter = ["is_default"]
    search_fields = ["name", "slug"]
    readonly_fields = ["add_level_link"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "is_default", "description"]}),
        ("Levels", {"fields": ["add_level_link"]}),
    ]
    actions = ["duplicate", "download"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Ladder]:
        return super().get_queryset(request).with_counts()

    def get_fieldsets(self, request: HttpRequest, obj: Ladder | None = None):
        return self.fieldsets if obj else self.fieldsets[:1]

    def get_inlines(self, request: HttpRequest, obj: Ladder | None):
        # Levels need the ladder's tracks, which exist only once the ladder is saved.
        return (
            [TrackInline, LevelInline, CompetencyInline] if obj else [TrackInline, CompetencyInline]
        )

    @admin.display(description="tracks", ordering="track_count")
    def tracks(self, ladder: Ladder) -> int:
        return ladder.track_count

    @admin.display(description="levels", ordering="level_count")
    def levels(self, ladder: Ladder) -> int:
        return ladder.level_count

    @admin.display(description="competencies", ordering="competency_count")
    def competencies(self, ladder: Ladder) -> int:
        return ladder.competency_count

    @admin.display(description="people on a level", ordering="holder_count")
    def holders(self, ladder: Ladder) -> int:
        return ladder.holder_count

    @admin.display(description="Add")
    def add_level_link(self, ladder: Ladder) -> str:
        url = reverse("admin:ladders_level_add") + f"?ladder={ladder.pk}"
        return format_html('<a class="addlink" href="{}">Add a level to this ladder</a>', url)

    @admin.action(description="Duplicate ladder")
    def duplicate(self, request: HttpRequest, queryset: QuerySet[Ladder]) -> None:
        for ladder in queryset:
            try:
                copy = duplicate_ladder(ladder)
            except SpecError as exc:
                self.message_user(request, f"{ladder} was not copied: {exc}", messages.ERROR)
            else:
                self.message_user(request, f"Copied {ladder} as “{copy.slug}”.", messages.SUCCESS)

    @admin.action(description="Download as file")
    def download(self, request: HttpRequest, queryset: QuerySet[Ladder]) -> HttpResponse | None:
        if queryset.count() != 1:
            self.message_user(request, "Choose exactly one ladder to download.", messages.WARNING)
            return None
        ladder = queryset.get()
        try:
            text = export_ladder(ladder, "yaml")
        except SpecError as exc:
            self.message_user(request, f"{ladder} cannot be exported: {exc}", messages.ERROR)
            return None
        response = HttpResponse(text, content_type="application/yaml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{ladder.slug}.yaml"'
        return response


class ExpectationInline(admin.TabularInline):
    model = Expectation
    form = ExpectationInlineForm
    formset = ExpectationInlineFormSet
    extra = 0
    fields = ["competency", "proficiency", "text"]
    formfield_overrides = SHORT_TEXT


@admin.register(Level)
class LevelAdmin(CheckedSelectionMixin, admin.ModelAdmin):
    form = LevelAdminForm
    inlines = [ExpectationInline]
    list_display = ["title", "ladder", "track", "rank", "next_count", "expectations", "holders"]
    list_filter = ["ladder", "track__kind"]
    list_select_related = ["ladder", "track"]
    search_fields = ["title", "key", "ladder__name"]
    ordering = ["ladder", "rank", "position"]
    fieldsets = [
        (None, {"fields": ["ladder", "track", "key", "title", "rank", "position"]}),
        ("What the level is about", {"fields": ["summary", "scope"]}),
        (
            "Time split (adds up to 100%)",
            {"fields": ["people_pct", "product_pct", "individual_pct"]},
        ),
        ("Forks", {"fields": ["next_levels", "previous_levels"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Level]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                next_count=count_of(Level.next_levels.through, "from_level"),
                expectation_count=count_of(Expectation, "level"),
                holder_count=count_of(get_user_model(), "level"),
            )
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Level | None = None):
        # A level moved to another ladder would take its edges and holders with it.
        return ["ladder"] if obj else []

    def get_inlines(self, request: HttpRequest, obj: Level | None):
        # Expectations pick from the ladder's competencies, known once the level is saved.
        return self.inlines if obj else []

    @admin.display(description="next levels", ordering="next_count")
    def next_count(self, level: Level) -> int:
        return level.next_count

    @admin.display(description="expectations", ordering="expectation_count")
    def expectations(self, level: Level) -> int:
        return level.expectation_count

    @admin.display(description="people", ordering="holder_count")
    def holders(self, level: Level) -> int:
        return level.holder_count
