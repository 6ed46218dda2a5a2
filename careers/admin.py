from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.db.models import Count

from careers.models import User
from careers.people_admin import PeopleFileAdmin, invite_people
from careers.roster import closes_loop


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
class UserAdmin(PeopleFileAdmin, BaseUserAdmin):
    list_display = [
        "username",
        "full_name",
        "email",
        "manager",
        "level",
        "report_count",
        "is_staff",
    ]
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
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        ("Career", {"fields": ["manager", "ladder", "level"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_report_count=Count("reports"))

    @admin.display(description="name", ordering="last_name")
    def full_name(self, obj: User) -> str:
        return obj.get_full_name()

    @admin.display(description="reports", ordering="_report_count")
    def report_count(self, obj: User) -> int:
        return obj._report_count
