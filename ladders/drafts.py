"""Drafts of a ladder: start one, publish it with a change note, or see what it would change.

A draft is a copy of a published ladder in the same tables (``Ladder.draft_of``), edited with
the admin's ordinary forms while people keep seeing the published ladder. Publishing imports
the draft's spec into the published ladder in place, by key, like any ladder file: level rows
(and so everybody's ``User.level``) are kept, a level somebody holds cannot be dropped, and
the new version is recorded with its note. Stored results hold keys, not rows, so they are
untouched either way.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from core.interchange import SpecError
from ladders.diff import LadderDiff, diff_ladders, new_gaps
from ladders.files import LadderImport, import_ladder
from ladders.models import Ladder
from ladders.specs import LadderSpec


def start_draft(ladder: Ladder) -> Ladder:
    """The published ladder's draft: the one already started, else a fresh copy of it."""
    return ladder.draft_or_none() or import_ladder(ladder.to_spec(), draft=True).ladder


@dataclass(frozen=True)
class DraftReview:
    """What publishing a draft would do: the diff from the published ladder, and the
    expectations it would leave unwritten that are written (or did not exist) today."""

    draft: Ladder
    published: LadderSpec
    proposed: LadderSpec
    diff: LadderDiff
    gaps: dict[str, list[str]]  # level key → competency keys

    def gap_lines(self) -> list[str]:
        """One line per level: its title, then the competencies with nothing written."""
        return [f"{title}: {', '.join(names)}" for _, title, names in self.gap_rows()]

    def gap_rows(self) -> list[tuple[str, str, list[str]]]:
        """(level key, level title, names of the competencies with nothing written)."""
        names = {c.key: c.name for c in self.proposed.competencies}
        return [
            (level, self.proposed.level(level).title, [names[c] for c in missing])
            for level, missing in self.gaps.items()
        ]


def review_draft(draft: Ladder) -> DraftReview:
    """Compare a draft with its published ladder; SpecError if either is broken."""
    published, proposed = draft.draft_of.to_spec(), draft.to_spec()
    return DraftReview(
        draft=draft,
        published=published,
        proposed=proposed,
        diff=diff_ladders(published, proposed),
        gaps=new_gaps(published, proposed),
    )


@transaction.atomic
def publish_draft(
    draft: Ladder, *, note: str, author=None, allow_gaps: bool = False
) -> LadderImport:
    """Make the draft the published ladder's new version and delete the draft.

    Raises SpecError, with nothing changed, when the note is blank, when the draft leaves new
    expectations unwritten and ``allow_gaps`` is off, when it drops a level somebody holds,
    or when somebody was given one of the draft's own levels.
    """
    note = note.strip()
    problems = [] if note else ["note: say what changed and why; the history keeps it."]
    review = review_draft(draft)
    if review.gaps and not allow_gaps:
        problems.append(
            "expectations: not written yet for "
            + "; ".join(review.gap_lines())
            + '. Write them, or tick "publish with gaps".'
        )
    held = list(draft.levels.filter(holders__isnull=False).values_list("title", flat=True))
    if held:
        problems.append(
            "levels: somebody was given a level of the draft itself ("
            + ", ".join(sorted(set(held)))
            + "); give them the published ladder's level instead."
        )
    if problems:
        raise SpecError(problems)
    result = import_ladder(review.proposed, note=note, author=author)
    draft.delete()
    return result
