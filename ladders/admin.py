"""Admin for ladders: a published ladder is read here and changed in its draft.

The published ladder's content (name, tracks, levels, competencies, expectations) is shown
read-only; "Edit in a draft" copies it (or opens the draft already started), the draft is
edited with the same forms and checks, previewed on the real ladder page, and published with
a change note from its "Review and publish" page. The ladder's History page lists every
published version with what it changed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.forms import Textarea
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from core.admin import CheckedSelectionMixin
from core.interchange import SpecError
from ladders.diff import diff_ladders
from ladders.drafts import publish_draft, review_draft, start_draft
from ladders.files import duplicate_ladder, export_ladder
from ladders.forms import (
    ExpectationInlineForm,
    ExpectationInlineFormSet,
    LevelAdminForm,
    LevelInlineForm,
    LevelInlineFormSet,
    PublishForm,
)
from ladders.models import (
    Competency,
    Expectation,
    Ladder,
    LadderVersion,
    Level,
    Track,
    count_of,
)

SHORT_TEXT = {models.TextField: {"widget": Textarea(attrs={"rows": 2, "cols": 60})}}


def is_published(ladder: Ladder | None) -> bool:
    """A saved ladder people see: its content changes only through a draft."""
    return ladder is not None and ladder.pk is not None and not ladder.is_draft


def _published_level(level: Level | None) -> bool:
    return level is not None and level.pk is not None and is_published(level.ladder)


class DraftOnlyInline(admin.TabularInline):
    """An inline of a ladder's content: editable on a draft (or a new ladder), read-only on a
    published ladder (``frozen`` says which, for the parent object)."""

    extra = 0

    def frozen(self, obj: Any) -> bool:
        return is_published(obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self.frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self.frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self.frozen(obj) and super().has_delete_permission(request, obj)


class TrackInline(DraftOnlyInline):
    model = Track
    fields = ["key", "name", "kind", "position"]


class LevelInline(DraftOnlyInline):
    model = Level
    form = LevelInlineForm
    formset = LevelInlineFormSet
    # The time split is edited on the level's own page, with the rest of what the level is
    # about: three more number columns pushed rank and order off a laptop screen.
    fields = ["key", "title", "track", "rank", "position"]
    show_change_link = True
    verbose_name_plural = "levels (open a level to edit its forks and expectations)"
    # Rows edit ranks, order and time splits together; a new level is added on its own page
    # (the link under the table), which also takes its forks: one way to add a level.
    template = "admin/ladders/ladder/level_inline.html"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CompetencyInline(DraftOnlyInline):
    model = Competency
    fields = ["key", "name", "area", "description", "position"]
    formfield_overrides = SHORT_TEXT


@admin.register(Ladder)
class LadderAdmin(CheckedSelectionMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "status", "tracks", "levels", "competencies", "holders"]
    list_filter = ["is_default", ("draft_of", admin.EmptyFieldListFilter)]
    search_fields = ["name", "slug"]
    readonly_fields = ["draft_of"]
    fieldsets = [(None, {"fields": ["name", "slug", "is_default", "description"]})]
    actions = ["duplicate", "download"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Ladder]:
        return (
            super()
            .get_queryset(request)
            .with_counts()
            .select_related("draft_of")
            .annotate(version_count=count_of(LadderVersion, "ladder"))
        )

    def get_fieldsets(self, request: HttpRequest, obj: Ladder | None = None):
        if obj is None:
            return self.fieldsets[:1]
        if obj.is_draft:
            return [(None, {"fields": ["draft_of", "name", "description"]})]
        return [(None, {"fields": ["name", "slug", "is_default", "description"]})]

    def get_readonly_fields(self, request: HttpRequest, obj: Ladder | None = None):
        if is_published(obj):
            # Only the default flag is not content: it changes here, not in a draft.
            return ["name", "slug", "description"]
        return self.readonly_fields

    def get_inlines(self, request: HttpRequest, obj: Ladder | None):
        # Levels need the ladder's tracks, which exist only once the ladder is saved.
        return (
            [TrackInline, LevelInline, CompetencyInline] if obj else [TrackInline, CompetencyInline]
        )

    @admin.display(description="status")
    def status(self, ladder: Ladder) -> str:
        if ladder.is_draft:
            return f"Draft of “{ladder.draft_of.slug}”"
        versions = getattr(ladder, "version_count", 0)
        return f"Published · {versions} version{'s' if versions != 1 else ''}"

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

    @admin.action(description="Duplicate ladder")
    def duplicate(self, request: HttpRequest, queryset: QuerySet[Ladder]) -> None:
        for ladder in queryset.published():
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
        name = f"{ladder.public_slug}-draft" if ladder.is_draft else ladder.slug
        response["Content-Disposition"] = f'attachment; filename="{name}.yaml"'
        return response

    # Drafts, publishing, history ----------------------------------------------------------

    def get_urls(self) -> list:
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/draft/",
                wrap(require_POST(self.draft_view)),
                name="ladders_ladder_draft",
            ),
            path(
                "<path:object_id>/publish/",
                wrap(self.publish_view),
                name="ladders_ladder_publish",
            ),
            *super().get_urls(),
        ]

    def _ladder(self, request: HttpRequest, object_id: str, permission: str) -> Ladder:
        ladder = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not getattr(self, f"has_{permission}_permission")(request, ladder):
            raise PermissionDenied
        return ladder

    def draft_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Open the ladder's draft, copying the published ladder on the first edit."""
        ladder = self._ladder(request, object_id, "change")
        if ladder.is_draft:
            draft = ladder
        else:
            started = ladder.draft_or_none() is None
            draft = start_draft(ladder)
            if started:
                self.message_user(
                    request,
                    "Started a draft. People keep seeing the published ladder until you "
                    "publish it.",
                    messages.SUCCESS,
                )
        return HttpResponseRedirect(reverse("admin:ladders_ladder_change", args=[draft.pk]))

    def publish_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """What the draft changes, its gaps, and the form that publishes it with a note."""
        draft = self._ladder(request, object_id, "change")
        if not draft.is_draft:
            return HttpResponseRedirect(reverse("admin:ladders_ladder_change", args=[draft.pk]))
        review = review_draft(draft)
        form = PublishForm(request.POST or None, gaps=bool(review.gaps))
        if request.method == "POST" and form.is_valid():
            live = draft.draft_of
            try:
                result = publish_draft(
                    draft,
                    note=form.cleaned_data["note"],
                    author=request.user,
                    allow_gaps=form.cleaned_data["allow_gaps"],
                )
            except SpecError as exc:
                form.add_problems(exc.messages)
            else:
                self.message_user(request, result.describe_version(), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:ladders_ladder_history", args=[live.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": draft,
            "title": f"Publish the draft of {draft.draft_of}",
            "review": review,
            "form": form,
            # Each level with gaps links to its page in the draft, where they are written.
            "gap_rows": [(draft.levels.get(key=key), names) for key, _, names in review.gap_rows()],
        }
        status = 400 if form.errors else 200
        return TemplateResponse(
            request, "admin/ladders/ladder/publish.html", context, status=status
        )

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict | None = None
    ) -> HttpResponse:
        """The published versions, newest first, each with what it changed."""
        ladder = self._ladder(request, object_id, "view")
        live = ladder.draft_of if ladder.is_draft else ladder
        versions = list(live.versions.select_related("author").order_by("number"))
        entries = []
        previous = None
        for version in versions:
            spec = version.to_spec()
            entries.append((version, diff_ladders(previous, spec) if previous else None))
            previous = spec
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": live,
            "title": f"History of {live}",
            "entries": entries[::-1],
            "draft": live.draft_or_none(),
        }
        return TemplateResponse(request, "admin/ladders/ladder/versions.html", context)


class ExpectationInline(DraftOnlyInline):
    """A level's expectations: editable on a draft's level, read-only on a published one."""

    model = Expectation
    form = ExpectationInlineForm
    formset = ExpectationInlineFormSet
    fields = ["competency", "proficiency", "text"]
    formfield_overrides = SHORT_TEXT

    def frozen(self, obj: Any) -> bool:
        return _published_level(obj)


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

    def has_change_permission(self, request: HttpRequest, obj: Level | None = None) -> bool:
        # A published level is shown read-only: it changes in its ladder's draft.
        return not _published_level(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Level | None = None) -> bool:
        return not _published_level(obj) and super().has_delete_permission(request, obj)

    def get_actions(self, request: HttpRequest) -> dict:
        # The bulk delete would skip the per-level check above and delete published levels.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "ladder":
            # New levels go into a draft; "Edit in a draft" on the ladder's page starts one.
            kwargs["queryset"] = Ladder.objects.drafts()
            kwargs["help_text"] = (
                "Levels are added to a ladder's draft. No draft in the list? Open the ladder "
                "and choose “Edit in a draft”."
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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
