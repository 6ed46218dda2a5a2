"""The statements of a quiz page as markup, each rendered once per published version.

A statement's fieldset depends on the questionnaire version (its text, number and choices),
on the person's saved answer (the checked radio and the "Saved" mark), on the part's address
(where htmx posts an answer) and, on a page that flags problems, on its error. Rendering every
statement through the template was the largest cost of a quiz page, yet a published version
never changes: so the fieldset of each (version, statement, saved answer) is rendered once per
process with a placeholder address, and each page fills in its own. A statement flagged as
missing or in error, a re-rendered posted form, and a draft version are rendered afresh, from
the same template fragment (``quiz_section.html#item``), so both paths give the same markup.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from assessments.forms import QuizForm, StatementField
from core.kept import Kept

ITEM_TEMPLATE = "assessments/quiz_section.html#item"
# Stands for the part's address in kept markup. Only the whole attribute is replaced: a
# statement's own text is escaped, so it can never contain `hx-post="`.
_URL_SLOT = "/quiz/section-address/"
_POST_TO_SLOT = f'hx-post="{_URL_SLOT}"'
# About 600 entries per version of the shipped questionnaire.
_kept: Kept[str] = Kept(limit=5000)


def statements(
    form: QuizForm, keys: Iterable[str], section_url: str, version_key: tuple | None
) -> list[SafeString]:
    """The markup of the statements ``keys`` of ``form``, posting to ``section_url``.
    ``version_key`` (``QuestionnaireVersion.frozen_key``) is None for a version that may still
    change, whose statements are always rendered afresh."""
    post_to = f'hx-post="{escape(section_url)}"'
    return [_statement(form, key, section_url, post_to, version_key) for key in keys]


def _statement(
    form: QuizForm, key: str, section_url: str, post_to: str, version_key: tuple | None
) -> SafeString:
    if version_key is None or form.is_bound or key in form.missing:
        return _render(form[key], section_url)
    kept_key = (version_key, key, form.saved.get(key))
    markup = _kept.get(kept_key, lambda: _render(form[key], _URL_SLOT))
    return mark_safe(markup.replace(_POST_TO_SLOT, post_to))  # noqa: S308 (rendered markup)


def _render(field: StatementField, section_url: str) -> SafeString:
    return render_to_string(ITEM_TEMPLATE, {"field": field, "section_url": section_url})
