"""Admin for questionnaires: drafts edited in an editor or as YAML, publishing, reliability.

Published and retired versions are shown read-only (``has_change_permission`` is False for
them, so Django renders its "view" page); ``QuestionnaireVersion.save()`` refuses the change
anyway. Result and Assessment admins belong with the quiz.
"""

from __future__ import annotations

from typing import Any

import yaml
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from assessments.admin_forms import QuestionnaireEditor
from assessments.models import AccessEvent, Questionnaire, QuestionnaireVersion, Result
from assessments.specs import load_questionnaire
from assessments.statistics import MIN_MEASURED, shown_outcomes, version_statistics
from core.admin import CheckedSelectionMixin
from core.interchange import SpecError, dump_document


class QuestionnaireVersionForm(forms.ModelForm):
    """A draft's spec as YAML text; errors are listed by path (``items[3].dimension: ...``)."""

    spec = forms.CharField(
        label="Questionnaire file (YAML)",
        widget=forms.Textarea(attrs={"rows": 40, "cols": 110, "spellcheck": "false"}),
        help_text=(
            "The whole questionnaire in the format of docs/questionnaires.md. Its slug, "
            "audience and version must match this version."
        ),
    )

    class Meta:
        model = QuestionnaireVersion
        fields = ["questionnaire", "number", "spec"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stored = self.initial.get("spec")
        if isinstance(stored, dict):
            self.initial["spec"] = spec_as_yaml(self.instance)

    def clean_spec(self) -> dict[str, Any]:
        try:
            spec = load_questionnaire(self.cleaned_data["spec"])
        except SpecError as exc:
            raise ValidationError(exc.messages) from exc
        return spec.model_dump(mode="json")


def spec_as_yaml(version: QuestionnaireVersion) -> str:
    """The canonical YAML of a version, or its raw JSON as YAML if it no longer validates."""
    try:
        return dump_document(version.to_spec(), "yaml")
    except SpecError:
        return yaml.safe_dump(version.spec, sort_keys=False, allow_unicode=True, width=100)


class VersionInline(admin.TabularInline):
    model = QuestionnaireVersion
    fields = ["number", "shown_status", "published_at", "submitted_count"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = "versions (open one to edit a draft or make a new draft)"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).with_counts()

    @admin.display(description="submitted assessments")
    def submitted_count(self, obj: QuestionnaireVersion) -> int:
        return obj.submitted_count

    @admin.display(description="status")
    def shown_status(self, obj: QuestionnaireVersion) -> str:
        return obj.status_label


@admin.register(Questionnaire)
class QuestionnaireAdmin(CheckedSelectionMixin, admin.ModelAdmin):
    list_display = ["title", "slug", "audience", "version_count", "latest", "submitted"]
    list_filter = ["audience"]
    search_fields = ["slug", "title"]
    fieldsets = [(None, {"fields": ["slug", "title", "audience"]})]
    inlines = [VersionInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).with_counts()

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Every version's spec repeats the slug and audience, and the title follows the
        # latest published version, so once a questionnaire exists they change via versions.
        return ["slug", "title", "audience"] if obj else []

    @admin.display(description="versions", ordering="version_count")
    def version_count(self, obj: Questionnaire) -> int:
        return obj.version_count

    @admin.display(description="latest published", ordering="latest_number")
    def latest(self, obj: Questionnaire) -> str:
        return f"v{obj.latest_number}" if obj.latest_number else "none"

    @admin.display(description="submitted assessments", ordering="submitted_count")
    def submitted(self, obj: Questionnaire) -> int:
        return obj.submitted_count


@admin.register(QuestionnaireVersion)
class QuestionnaireVersionAdmin(CheckedSelectionMixin, admin.ModelAdmin):
    form = QuestionnaireVersionForm
    list_display = [
        "__str__",
        "number",
        "shown_status",
        "published_at",
        "submitted",
        "in_progress",
    ]
    list_display_links = ["__str__"]
    list_filter = ["status", "questionnaire"]
    search_fields = ["questionnaire__slug", "questionnaire__title"]
    list_select_related = ["questionnaire"]
    actions = ["publish_drafts", "make_new_drafts", "retire_versions"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).with_counts()

    # Read-only once published -------------------------------------------------------------

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and not obj.is_draft:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and not obj.is_draft:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request: HttpRequest) -> dict:
        # The bulk delete would skip the per-object check above and delete published versions.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> list:
        if obj is None:
            return [(None, {"fields": ["questionnaire", "number", "spec"]})]
        about = ["questionnaire", "number", "shown_status", "created_at", "published_at", "usage"]
        if obj.is_draft:
            return [(None, {"fields": about}), ("Content", {"fields": ["spec"]})]
        return [(None, {"fields": about}), ("Content (frozen)", {"fields": ["spec_yaml"]})]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return []
        frozen = ["questionnaire", "number", "shown_status", "created_at", "published_at", "usage"]
        return frozen if obj.is_draft else [*frozen, "spec_yaml"]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        questionnaire = Questionnaire.objects.filter(pk=initial.get("questionnaire")).first()
        if questionnaire and "number" not in initial:
            initial["number"] = questionnaire.next_version_number()
        return initial

    @admin.display(description="status", ordering="status")
    def shown_status(self, obj: QuestionnaireVersion) -> str:
        return obj.status_label

    @admin.display(description="submitted", ordering="submitted_count")
    def submitted(self, obj: QuestionnaireVersion) -> int:
        return obj.submitted_count

    @admin.display(description="in progress", ordering="in_progress_count")
    def in_progress(self, obj: QuestionnaireVersion) -> int:
        return obj.in_progress_count

    @admin.display(description="file (YAML)")
    def spec_yaml(self, obj: QuestionnaireVersion) -> str:
        return format_html('<pre class="questionnaire-spec">{}</pre>', spec_as_yaml(obj))

    @admin.display(description="assessments")
    def usage(self, obj: QuestionnaireVersion) -> str:
        submitted = getattr(obj, "submitted_count", None)
        if submitted is None:  # an instance that did not come from get_queryset
            return "–"
        url = reverse("admin:assessments_questionnaireversion_reliability", args=[obj.pk])
        return format_html(
            '{} submitted, {} in progress · <a href="{}">reliability and item statistics</a>',
            submitted,
            obj.in_progress_count,
            url,
        )

    # Actions --------------------------------------------------------------------------------

    @admin.action(description="Publish the selected drafts", permissions=["change"])
    def publish_drafts(self, request: HttpRequest, queryset: QuerySet) -> None:
        for version in queryset.order_by("questionnaire", "number"):
            self._publish(request, version)

    @admin.action(description="Make a new draft from this version", permissions=["add"])
    def make_new_drafts(self, request: HttpRequest, queryset: QuerySet) -> None:
        for version in queryset.order_by("questionnaire", "number"):
            self._make_draft(request, version)

    @admin.action(description="Retire the selected published versions", permissions=["change"])
    def retire_versions(self, request: HttpRequest, queryset: QuerySet) -> None:
        for version in queryset.order_by("questionnaire", "number"):
            try:
                version.retire()
            except ValidationError as exc:
                self.message_user(request, f"{version}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"{version.questionnaire} v{version.number} is retired; its answers and "
                    f"results are kept.",
                    messages.SUCCESS,
                )

    def _publish(self, request: HttpRequest, version: QuestionnaireVersion) -> bool:
        try:
            version.publish()
        except ValidationError as exc:
            problems = "; ".join(exc.messages)
            self.message_user(request, f"{version} was not published: {problems}", messages.ERROR)
            return False
        self.message_user(
            request,
            f"{version.questionnaire} v{version.number} is published and frozen; new "
            f"assessments use it. Earlier versions keep their answers and results.",
            messages.SUCCESS,
        )
        return True

    def _make_draft(
        self, request: HttpRequest, version: QuestionnaireVersion
    ) -> QuestionnaireVersion:
        draft = version.make_draft()
        self.message_user(
            request,
            f"Made draft v{draft.number} of {draft.questionnaire} from v{version.number}.",
            messages.SUCCESS,
        )
        return draft

    # Extra pages ----------------------------------------------------------------------------

    def get_urls(self) -> list:
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/reliability/",
                wrap(self.reliability_view),
                name="assessments_questionnaireversion_reliability",
            ),
            path(
                "<path:object_id>/publish/",
                wrap(require_POST(self.publish_view)),
                name="assessments_questionnaireversion_publish",
            ),
            path(
                "<path:object_id>/editor/",
                wrap(self.editor_view),
                name="assessments_questionnaireversion_editor",
            ),
            path(
                "<path:object_id>/measured-draft/",
                wrap(require_POST(self.measured_draft_view)),
                name="assessments_questionnaireversion_measured_draft",
            ),
            path(
                "<path:object_id>/new-draft/",
                wrap(require_POST(self.new_draft_view)),
                name="assessments_questionnaireversion_new_draft",
            ),
            *super().get_urls(),
        ]

    def _get_version(self, request: HttpRequest, object_id: str) -> QuestionnaireVersion:
        return get_object_or_404(self.get_queryset(request), pk=object_id)

    def _change_url(self, version: QuestionnaireVersion) -> str:
        return reverse("admin:assessments_questionnaireversion_change", args=[version.pk])

    def publish_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        version = self._get_version(request, object_id)
        if not self.has_change_permission(request, version):
            raise PermissionDenied
        self._publish(request, version)
        return HttpResponseRedirect(self._change_url(version))

    def new_draft_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        version = self._get_version(request, object_id)
        if not self.has_add_permission(request):
            raise PermissionDenied
        draft = self._make_draft(request, version)
        return HttpResponseRedirect(self._change_url(draft))

    def measured_draft_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """A new draft whose scoring uses the SD and alpha measured from this version's
        collected answers (the reliability page), or a message saying why not."""
        version = self._get_version(request, object_id)
        if not self.has_add_permission(request):
            raise PermissionDenied
        measurement, problems = version_statistics(version).measured()
        if measurement is None:
            self.message_user(
                request,
                f"No draft was made: {'; '.join(problems)}. The measured values need at least "
                f"{MIN_MEASURED} people who answered every statement of both scales.",
                messages.ERROR,
            )
            return HttpResponseRedirect(
                reverse("admin:assessments_questionnaireversion_reliability", args=[version.pk])
            )
        draft = version.make_draft(scoring={"measurement": measurement.model_dump(mode="json")})
        b, p = measurement.builder, measurement.people
        self.message_user(
            request,
            f"Made draft v{draft.number} of {draft.questionnaire} from v{version.number} with "
            f"the measured values: building products SD {b.sd:g}, alpha {b.alpha:.3f}; "
            f"building people SD {p.sd:g}, alpha {p.alpha:.3f}. Everything else is as in "
            f"v{version.number}. Check it, then publish it to use it for new assessments.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._change_url(draft))

    def editor_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """A draft edited as forms: sections, dimensions, items and scoring parameters."""
        version = self._get_version(request, object_id)
        if not self.has_change_permission(request, version):
            raise PermissionDenied  # published and retired versions are frozen
        questionnaire = version.questionnaire
        fixed = {
            "slug": questionnaire.slug,
            "audience": questionnaire.audience,
            "version": version.number,
        }
        stored = version.spec if isinstance(version.spec, dict) else {}
        editor = QuestionnaireEditor(stored, fixed, request.POST or None)
        if request.method == "POST" and editor.is_valid():
            version.spec = editor.spec.model_dump(mode="json")
            version.full_clean()
            version.save()
            self.log_change(request, version, "Edited in the questionnaire editor.")
            self.message_user(
                request, f"Saved draft v{version.number} of {questionnaire}.", messages.SUCCESS
            )
            return HttpResponseRedirect(
                reverse("admin:assessments_questionnaireversion_editor", args=[version.pk])
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": version,
            "title": f"Edit {questionnaire} v{version.number}",
            "editor": editor,
            "section_keys": [form["key"].value() for form in editor.sections.forms],
            "dimension_keys": [form["key"].value() for form in editor.dimensions.forms],
        }
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(
            request, "admin/assessments/questionnaireversion/editor.html", context, status=status
        )

    def reliability_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        version = self._get_version(request, object_id)
        if not self.has_view_permission(request, version):
            raise PermissionDenied
        stats = version_statistics(version)
        # Outcomes are results: only those who may read results see them (docs/privacy.md).
        may_see_outcomes = request.user.has_perm("assessments.view_result")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": version,
            "title": f"Reliability of {version.questionnaire} v{version.number}",
            "stats": stats,
            "outcomes": shown_outcomes(stats.outcomes) if may_see_outcomes else None,
            "can_make_draft": self.has_add_permission(request),
            "measured_minimum": MIN_MEASURED,
        }
        return TemplateResponse(
            request, "admin/assessments/questionnaireversion/reliability.html", context
        )


# ---- results and the access log: privacy -----------------------------------------------


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows kept as a record: readable with the view permission, never added, edited or
    deleted in the admin."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Result)
class ResultAdmin(ReadOnlyAdmin):
    """Results, read-only, for admins who hold ``assessments.view_result`` (or superusers).

    Being staff is not enough, and ``change_result`` does not imply reading: the only way in
    is the explicit view permission (see docs/privacy.md). Nothing here can be edited or
    deleted: a result is the snapshot a person was shown.
    """

    list_display = ["subject", "respondent", "outcome", "strength", "created_at", "shared"]
    list_filter = ["outcome", "strength", "assessment__shared_with_manager"]
    search_fields = ["assessment__subject__username", "assessment__subject__last_name"]
    list_select_related = ["assessment__subject", "assessment__respondent"]
    date_hierarchy = "created_at"
    fields = [
        "assessment",
        "outcome",
        "strength",
        "confidence",
        "scoring_version",
        "created_at",
        "payload",
        "placement",
    ]
    readonly_fields = fields

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("assessments.view_result")

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None
    ) -> HttpResponse:
        """The result's read-only page; reading it is written to the person's access log."""
        response = super().change_view(request, object_id, form_url, extra_context)
        result = getattr(response, "context_data", {}).get("original")
        if request.method == "GET" and response.status_code == 200 and result is not None:
            # The stored payload quotes answers (see docs/privacy.md), hence "and its answers".
            AccessEvent.record_view(request.user, result, answers=True, detail="in the admin")
        return response

    @admin.display(description="about", ordering="assessment__subject__username")
    def subject(self, obj: Result) -> str:
        return str(obj.assessment.subject)

    @admin.display(description="answered by", ordering="assessment__respondent__username")
    def respondent(self, obj: Result) -> str:
        return str(obj.assessment.respondent)

    @admin.display(description="shared with manager", boolean=True)
    def shared(self, obj: Result) -> bool:
        return obj.assessment.shared_with_manager


@admin.register(AccessEvent)
class AccessEventAdmin(ReadOnlyAdmin):
    """The access log, read-only: a record nobody may write, edit or delete by hand.

    Readable by superusers and holders of ``assessments.view_accessevent``.
    """

    list_display = ["at", "person", "actor_name", "kind", "result_date", "detail"]
    list_filter = ["kind"]
    search_fields = ["person__username", "person__last_name", "actor_name"]
    list_select_related = ["person", "result"]
    date_hierarchy = "at"
    fields = ["at", "person", "actor", "actor_name", "kind", "result", "detail", "seen_at"]
    readonly_fields = fields

    @admin.display(description="result of", ordering="result__created_at")
    def result_date(self, obj: AccessEvent) -> str:
        return f"{obj.result.created_at:%Y-%m-%d %H:%M}" if obj.result else "–"
