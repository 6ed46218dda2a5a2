"""Changelist actions of the project's admins refuse a selection no row could match."""

import pytest

# The level list has no actions (levels change only inside a ladder draft), so nothing there
# ever reads a selection.
CHANGELISTS = {
    "ladders/ladder": "duplicate",
    "assessments/questionnaire": "delete_selected",
    "assessments/questionnaireversion": "publish_drafts",
    "careers/user": "delete_selected",
}


@pytest.mark.django_db
@pytest.mark.parametrize("changelist", sorted(CHANGELISTS))
@pytest.mark.parametrize("selected", ["abc", "9" * 25, "-1.5"])
def test_an_action_on_ids_that_cannot_exist_is_a_400(admin_client, changelist, selected):
    """These once reached the database and answered 500 (ValueError, OverflowError)."""
    response = admin_client.post(
        f"/admin/{changelist}/",
        {"action": CHANGELISTS[changelist], "_selected_action": [selected], "index": "0"},
    )
    assert response.status_code == 400
