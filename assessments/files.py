"""Questionnaire files: import a QuestionnaireSpec as a version, export one, load the shipped ones.

Re-importing a (slug, version) that exists:

- same content (compared as validated specs, so formatting and key order do not matter):
  nothing changes, "unchanged";
- different content, stored version still a draft: the draft is replaced;
- different content, stored version published or retired: refused (it is frozen because
  answers point at it); give the file the next version number instead.

An import creates a draft unless ``publish=True``. It is atomic: on any error nothing
changes, and the error is a SpecError whose messages name the path of the problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from django.db import transaction

from assessments.models import Questionnaire, QuestionnaireVersion
from assessments.specs import QuestionnaireSpec, default_questionnaire_paths, read_questionnaire
from core.interchange import Format, SpecError, dump_document, shorten

Action = Literal["created", "replaced", "unchanged"]


@dataclass(frozen=True)
class QuestionnaireImport:
    """What ``import_questionnaire`` did to the version the file names."""

    version: QuestionnaireVersion
    action: Action
    published: bool  # published by this import

    def describe(self) -> str:
        """One line for a terminal, e.g. "Questionnaire pm-motivators v2: created (draft)"."""
        what = {"created": "created", "replaced": "draft replaced", "unchanged": "unchanged"}
        state = "and published" if self.published else f"({self.version.status})"
        return (
            f"Questionnaire {self.version.questionnaire.slug} v{self.version.number}: "
            f"{what[self.action]} {state}"
        )


def same_content(version: QuestionnaireVersion, spec: QuestionnaireSpec) -> bool:
    """Whether a stored version holds exactly this spec (after validation and defaults)."""
    return version.to_spec().model_dump(mode="json") == spec.model_dump(mode="json")


@transaction.atomic
def import_questionnaire(spec: QuestionnaireSpec, *, publish: bool = False) -> QuestionnaireImport:
    """Store the spec as version ``spec.version`` of questionnaire ``spec.slug``.

    Creates the questionnaire if needed. See the module docstring for re-imports. Raises
    SpecError, with nothing changed, if the file conflicts with what is stored.
    """
    questionnaire, _ = Questionnaire.objects.select_for_update().get_or_create(
        slug=spec.slug, defaults={"title": spec.title, "audience": spec.audience}
    )
    if questionnaire.audience != spec.audience:
        raise SpecError(
            [
                f'audience: "{spec.audience}" does not match the stored questionnaire '
                f'{spec.slug}, whose audience is "{questionnaire.audience}"'
            ]
        )
    data = spec.model_dump(mode="json")
    version = questionnaire.versions.filter(number=spec.version).first()
    if version is None:
        version = QuestionnaireVersion.objects.create(
            questionnaire=questionnaire, number=spec.version, spec=data
        )
        action: Action = "created"
    elif same_content(version, spec):
        action = "unchanged"
    elif version.is_draft:
        version.spec = data
        version.save(update_fields=["spec"])
        action = "replaced"
    else:
        raise SpecError(
            [
                f"version: {spec.slug} v{spec.version} is already {version.status} with "
                f"different content, and a {version.status} version never changes. Nothing "
                f"was changed. Give the file version {questionnaire.next_version_number()} "
                f"to import it as a new draft."
            ]
        )
    published = publish and version.is_draft
    if published:
        version.publish()
    return QuestionnaireImport(version=version, action=action, published=published)


def find_version(slug: str, number: int | None = None) -> QuestionnaireVersion:
    """Version ``number`` of questionnaire ``slug`` (any status), or its latest published.

    Raises SpecError with a readable message if there is no such version.
    """
    questionnaire = Questionnaire.objects.filter(slug=slug).first()
    if questionnaire is None:
        known = ", ".join(Questionnaire.objects.values_list("slug", flat=True)) or "none yet"
        raise SpecError([f'slug: there is no questionnaire "{shorten(slug)}" (known: {known})'])
    if number is None:
        version = questionnaire.latest_published()
        if version is None:
            raise SpecError([f"{slug} has no published version yet; name one with --version N"])
        return version
    version = questionnaire.versions.filter(number=number).first()
    if version is None:
        numbers = ", ".join(
            str(n)
            for n in questionnaire.versions.order_by("number").values_list("number", flat=True)
        )
        raise SpecError([f"version: {slug} has no version {number} (it has {numbers or 'none'})"])
    return version


def export_questionnaire(version: QuestionnaireVersion, fmt: Format = "yaml") -> str:
    """The version as a questionnaire file; importing it gives back the same version."""
    return dump_document(version.to_spec(), fmt)


def load_default_questionnaires() -> list[str]:
    """Load and publish the questionnaires shipped in ``assessments/defaults/``; idempotent.

    A shipped (slug, version) that is missing is imported and published. One that exists is
    never overwritten: if the stored one differs, the message says so and how to proceed.
    """
    lines = []
    for path in default_questionnaire_paths():
        lines.append(_load_default(path))
    return lines


def _load_default(path: Path) -> str:
    spec = read_questionnaire(path)
    name = f"Questionnaire {spec.slug} v{spec.version}"
    stored = QuestionnaireVersion.objects.filter(
        questionnaire__slug=spec.slug, number=spec.version
    ).first()
    if stored is None:
        import_questionnaire(spec, publish=True)
        return f"{name}: loaded"
    if not same_content(stored, spec):
        return (
            f"{name}: left as it is; the stored {stored.status} version differs from "
            f"{path.name}. Raise the file's version number to publish the change."
        )
    if stored.is_draft:
        stored.publish()
        return f"{name}: published"
    return f"{name}: unchanged"
