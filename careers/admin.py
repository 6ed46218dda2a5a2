from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.db.models import Count
from django.http import HttpRequest

from assessments import notifications
from assessments.models import AccessEvent
from careers.models import User
from careers.people_admin import PeopleFileAdmin, invite_people
from careers.roster import closes_loop
from core.admin import CheckedSelectionMixin

# Fields that hand out rights: shown and editable only by superusers, so that a staff member
# who may edit people cannot make themselves (or anyone) a superuser.
SUPERUSER_ONLY_FIELDS = ("is_superuser", "groups", "user_permissions")
REPORTING_LINE_PERMISSION = "careers.change_reporting_line"


class ReportInline(admin.TabularInline):
    model = User
    fk_name = "manager"
    fields = ["username", "first_name", "last_name", "level"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = "direct report"
    verbose_name_plural = "direct reports"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("level")


class PersonChangeForm(UserChangeForm):
    """Refuses a reporting line that loops back (A manages B, B manages A)."""

    def clean_manager(self):
        manager = self.cleaned_data.get("manager")
        person = self.instance
        if manager is not None and manager.pk == person.pk:
            raise forms.ValidationError("A person cannot be their own manager.")
        if (
            manager is not None
            and person.pk is not None
            and closes_loop(person.pk, manager.pk, _manager_id_of)
        ):
            raise forms.ValidationError(
                f"{manager} already reports to {person}, directly or through others; "
                "a reporting line cannot loop."
            )
        return manager


def _manager_id_of(pk: int) -> int | None:
    return User.objects.filter(pk=pk).values_list("manager_id", flat=True).first()


@admin.register(User)
class UserAdmin(CheckedSelectionMixin, PeopleFileAdmin, BaseUserAdmin):
    # No email column: addresses do not wrap, and beside the filters they pushed the level
    # column off the edge of a laptop screen. Email stays searchable.
    list_display = ["username", "full_name", "manager", "level", "report_count", "is_staff"]
    form = PersonChangeForm
    list_filter = [
        "is_staff",
        "is_superuser",
        "is_active",
        ("manager", admin.RelatedOnlyFieldListFilter),
        "ladder",
        "level",
        "groups",
    ]
    search_fields = ["username", "first_name", "last_name", "email", "manager__username"]
    list_select_related = ["manager", "level"]
    autocomplete_fields = ["manager"]
    inlines = [ReportInline]
    actions = [invite_people]
    # Who someone reports to and where they stand is what HR edits most: first on the page.
    fieldsets = [
        ("Reporting line and level", {"fields": ["manager", "ladder", "level"]}),
        *BaseUserAdmin.fieldsets,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_report_count=Count("reports"))

    # Rights -----------------------------------------------------------------------------
    # A field left out of the fieldsets, or listed as read-only, is not in the admin's form
    # at all, so a crafted POST carrying it is ignored by the form itself, not just hidden.

    def get_fieldsets(self, request: HttpRequest, obj: Any = None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (name, {**options, "fields": _without(options["fields"], SUPERUSER_ONLY_FIELDS)})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm(REPORTING_LINE_PERMISSION):
            readonly.append("manager")
        return readonly

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Editing a superuser (their password included) would be a way to become one.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: User, form, change: bool) -> None:
        """Save, and log a change of reporting line in the person's access log; the person
        is emailed who now sees what."""
        manager_changed = change and "manager" in form.changed_data
        if manager_changed and not request.user.has_perm(REPORTING_LINE_PERMISSION):
            # Unreachable through the form (the field is read-only without the right); kept
            # so that no future form can slip a reporting line past the permission.
            obj.manager_id = form.initial.get("manager")
            manager_changed = False
        previous = (
            User.objects.filter(pk=form.initial.get("manager")).first() if manager_changed else None
        )
        super().save_model(request, obj, form, change)
        if manager_changed:
            AccessEvent.record(
                AccessEvent.Kind.MANAGER_CHANGED,
                person_id=obj.pk,
                actor=request.user,
                detail=f"{previous or 'nobody'} → {obj.manager or 'nobody'}",
            )
            notifications.announce_new_manager(
                obj.pk, previous.pk if previous else None, obj.manager_id
            )

    @admin.display(description="name", ordering="last_name")
    def full_name(self, obj: User) -> str:
        return obj.get_full_name()

    @admin.display(description="reports", ordering="_report_count")
    def report_count(self, obj: User) -> int:
        return obj._report_count


def _without(fields, unwanted) -> list:
    return [field for field in fields if field not in unwanted]
