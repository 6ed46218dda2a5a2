"""The people file in the admin: django-import-export's upload, preview and confirm pages,
driven by the same checks and writes as ``import_people`` (``careers.people``), and the
"invite" action on the user list.

django-import-export would otherwise save row by row with its own lookups; here
``PersonResource.import_data`` hands the whole table to ``plan_import`` and turns the plan
into the library's ``Result``, so the preview shows exactly what the command would do:
a problem on any row lists every problem and offers no "Confirm import".
"""

from __future__ import annotations

import re
from typing import Any

import tablib
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from import_export import resources
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm, ImportForm
from import_export.results import Result, RowResult

from careers.invitations import invite, site_url_of
from careers.models import User
from careers.people import apply_plan, export_rows, plan_import
from careers.roster import COLUMNS, MAX_FILE_BYTES, read_table
from core.interchange import SpecError, describe_size

_ROW_PROBLEM = re.compile(r"row (\d+): (.*)", re.DOTALL)
_IMPORT_TYPES = {"new": RowResult.IMPORT_TYPE_NEW, "update": RowResult.IMPORT_TYPE_UPDATE}


class PersonImportForm(ImportForm):
    """The upload form, refusing a file over the people file's size limit before reading it."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"The file is larger than the limit of {describe_size(MAX_FILE_BYTES)}."
            )
        return upload


class PersonResource(resources.ModelResource):
    """People as the columns of the people file; see ``careers.roster``."""

    class Meta:
        model = User
        fields = COLUMNS
        import_id_fields = ["username"]

    def import_data(self, dataset: tablib.Dataset, dry_run: bool = False, **kwargs: Any) -> Result:
        result = Result()
        result.diff_headers = list(COLUMNS)
        table = [dataset.headers or [], *dataset]
        result.total_rows = len(dataset)
        try:
            plan = plan_import(read_table(table))
        except SpecError as exc:
            _add_problems(result, exc.messages, table)
            return result
        if not dry_run:
            apply_plan(plan)
            people = User.objects.in_bulk(
                [change.row.username for change in plan.changes], field_name="username"
            )
        for change in plan.changes:
            row = RowResult()
            row.import_type = _IMPORT_TYPES.get(change.kind, RowResult.IMPORT_TYPE_SKIP)
            row.row_values = dict(zip(COLUMNS, change.row.values(), strict=True))
            row.diff = [
                before if before == after else f"{before} → {after}" if before else after
                for before, after in zip(
                    change.before or ("",) * len(COLUMNS), change.row.values(), strict=True
                )
            ]
            if not dry_run:
                row.instance = people[change.row.username]
                row.add_instance_info(row.instance)
            result.increment_row_result_total(row)
            result.append_row_result(row)
        return result

    def export(self, queryset: QuerySet | None = None, **kwargs: Any) -> tablib.Dataset:
        return tablib.Dataset(*export_rows(queryset), headers=COLUMNS)


def _add_problems(result: Result, problems: list[str], table: list) -> None:
    """Each ``row N: …`` problem as an invalid row of the preview, with the row's cells."""
    by_row: dict[int, list[str]] = {}
    for problem in problems:
        match = _ROW_PROBLEM.fullmatch(problem)
        number, message = (int(match[1]), match[2]) if match else (1, problem)
        by_row.setdefault(number, []).append(message)
    header = [str(cell) for cell in table[0]]
    for number, messages_of_row in sorted(by_row.items()):
        cells = table[number - 1] if 1 < number <= len(table) else ()
        values = {
            name: ("" if cell is None else cell) for name, cell in zip(header, cells, strict=False)
        }
        result.append_invalid_row(number, values, ValidationError(messages_of_row))


class PeopleFileAdmin(ImportExportMixin):
    """The people file on the user admin: import (CSV or XLSX, preview, confirm) and export.

    django-import-export lets every staff member import and export unless told otherwise;
    here importing needs the rights to add and change people, exporting to view them.
    """

    resource_classes = [PersonResource]
    formats = [CSV, XLSX]
    import_form_class = PersonImportForm
    export_form_class = ExportForm

    def has_import_permission(self, request: HttpRequest) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)


@admin.action(description="Invite the selected people by email", permissions=["change"])
def invite_people(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    outcome = invite(queryset, site_url_of(request))
    if outcome.sent:
        modeladmin.message_user(request, f"Invited {outcome.describe_sent()}.", messages.SUCCESS)
    for line in outcome.not_sent():
        modeladmin.message_user(request, line, messages.WARNING)
