"""The markup of a quiz page: its statements, each rendered once per published version, and
the progress bar, the overview of parts and the "Saved" mark, written in Python.

A statement's fieldset depends on the questionnaire version (its text, number and choices),
on the person's saved answer (the checked radio and the "Saved" mark), on the part's address
(where htmx posts an answer) and, on a page that flags problems, on its error. Rendering every
statement through the template was the largest cost of a quiz page, yet a published version
never changes: so the fieldset of each (version, statement, saved answer) is rendered once per
process with a placeholder address, and each page fills in its own. A statement flagged as
missing or in error, a re-rendered posted form, and a draft version are rendered afresh, from
the same template fragment (``quiz_section.html#item``), so both paths give the same markup.

The progress bar and the overview change with every answer and hold little markup but many
numbers: through the template they cost a fifth of a page (each number localised on its
way out), and an autosave returns nothing else. They are written here instead, as the
template wrote them; every text in them that is not a number is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from assessments.forms import QuizForm, StatementField
from assessments.quiz_parts import Progress, QuizPlan
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
    return render_to_string(
        ITEM_TEMPLATE, {"field": field, "section_url": section_url, "saved_mark": SAVED_MARK}
    )


# A statement's answer is stored: shown under it, and what an autosave answers first.
SAVED_MARK = mark_safe(
    '<span class="saved-mark"><svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">'
    '<path d="M5 10.5l3 3 7-7" fill="none" stroke="currentColor" stroke-width="2.4" '
    'stroke-linecap="round" stroke-linejoin="round"/></svg>Saved</span>'
)
_TICK = (
    '<svg viewBox="0 0 20 20" focusable="false"><path d="M5 10.5l3 3 7-7" fill="none" '
    'stroke="currentColor" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"/>'
    "</svg>"
)


def _swap(oob: bool) -> str:
    """Marks an element an autosave sends to replace its namesake on the page (htmx)."""
    return ' hx-swap-oob="true"' if oob else ""


def progress_bar(main: Progress, follow_up: Progress | None, *, oob: bool = False) -> SafeString:
    """The main statements answered, and the follow-up part's own bar once it is asked."""
    bars = [
        f'<div class="quiz-progress" id="quiz-progress"{_swap(oob)}>\n'
        '  <p class="quiz-progress__text"><span id="quiz-progress-label">Progress</span>'
        f'<span class="quiz-progress__count">{_answered(main)}</span></p>\n'
        f"  {_bar(main, 'quiz-progress-label', 'progress')}\n"
    ]
    if follow_up is not None:
        bars.append(
            '  <p class="quiz-progress__text quiz-progress__text--extra">'
            '<span id="quiz-extra-label">A few more, to be sure</span>'
            f'<span class="quiz-progress__count">{_answered(follow_up)}</span></p>\n'
            f"  {_bar(follow_up, 'quiz-extra-label', 'progress progress--extra')}\n"
        )
    bars.append("</div>")
    return mark_safe("".join(bars))  # noqa: S308 (numbers and fixed text only)


def _answered(progress: Progress) -> str:
    return f"{int(progress.answered)} of {int(progress.total)} answered"


def _bar(progress: Progress, label: str, css_class: str) -> str:
    return (
        f'<div class="{css_class}" role="progressbar" aria-labelledby="{label}" '
        f'aria-valuemin="0" aria-valuemax="{int(progress.total)}" '
        f'aria-valuenow="{int(progress.answered)}" aria-valuetext="{_answered(progress)}">\n'
        f'    <div class="progress__bar" style="width: {int(progress.percent)}%"></div>\n'
        "  </div>"
    )


def parts_overview(
    plan: QuizPlan,
    answered: Mapping[str, object],
    current: str,
    url_of: Callable[[str], str],
    *,
    oob: bool = False,
) -> SafeString:
    """Every part shown, numbered, with its answers of its total and a link (``url_of`` a
    section key); the open one is marked, a complete one ticked, the follow-up one a "+"."""
    links = []
    for number, part in enumerate(plan.parts, start=1):
        keys = part.keys
        done = sum(key in answered for key in keys)
        complete = done == len(keys)
        badge = _TICK if complete else "+" if part.is_follow_up else str(number)
        name = "Extra part" if part.is_follow_up else f"Part {number}"
        css_class = "quiz-part quiz-part--complete" if complete else "quiz-part"
        is_current = ' aria-current="step"' if part.key == current else ""
        links.append(
            f'    <li><a class="{css_class}" href="{escape(url_of(part.key))}"{is_current}>\n'
            f'      <span class="quiz-part__number" aria-hidden="true">{badge}</span>\n'
            f'      <span class="quiz-part__title"><span class="visually-hidden">{name}: </span>'
            f"{escape(part.section.title)}</span>\n"
            f'      <span class="quiz-part__count" aria-hidden="true">{done}/{len(keys)}</span>\n'
            f'      <span class="visually-hidden">, {done} of {len(keys)} answered</span>\n'
            "    </a></li>\n"
        )
    return mark_safe(  # noqa: S308 (titles and addresses escaped above)
        '<nav class="quiz-parts" id="quiz-parts" aria-label="Parts of the questionnaire"'
        f'{_swap(oob)}>\n  <ol class="quiz-parts__list">\n{"".join(links)}  </ol>\n</nav>'
    )
