"""The adaptive follow-up part over HTTP: asked only when the main answers leave the gap
ambiguous, with the same autosave, resume and plain-form behaviour as every other part, and
no result stored until it is answered."""

import re

import pytest

from assessments import services
from assessments.models import Answer, Result
from tests.assessments.quiz_support import (
    answers_for,
    answers_in_band,
    default_spec,
    follow_up_answers,
    save,
)

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
SPEC = default_spec()
MAIN_SECTIONS = [section for section in SPEC.sections if section.key != "follow_up"]
LAST_MAIN = MAIN_SECTIONS[-1].key
FOLLOW_UP_KEYS = [item.key for item in SPEC.index.follow_up]


@pytest.fixture
def pm_client(client, org):
    client.force_login(org["pm"])
    return client


@pytest.fixture
def assessment(org):
    return services.start_or_resume(org["pm"])


def url(assessment, section):
    return f"/quiz/{assessment.pk}/{section}/"


def stored(assessment):
    return dict(Answer.objects.filter(assessment=assessment).values_list("item_key", "value"))


def part_form(section, answers, action):
    data = {item.key: str(answers[item.key]) for item in SPEC.items_in_section(section)}
    return data | {"action": action}


def in_band(assessment):
    """Every main statement answered, in the ambiguous band: the follow-up part is asked."""
    save(assessment, answers_in_band())


def test_a_pm_in_the_band_is_taken_to_the_follow_up_part_instead_of_a_result(pm_client, assessment):
    main = answers_in_band()
    save(assessment, {k: v for k, v in main.items() if k not in SPEC.items_in_section(LAST_MAIN)})
    response = pm_client.post(url(assessment, LAST_MAIN), part_form(LAST_MAIN, main, "finish"))

    assert response.status_code == 302
    assert pm_client.get(response["Location"])["Location"] == url(assessment, "follow_up")
    assert not Result.objects.exists()
    assert assessment.answers.count() == len(SPEC.main_items)


def test_the_follow_up_part_shows_only_its_statements_its_own_count_and_why(pm_client, assessment):
    in_band(assessment)

    html = pm_client.get(url(assessment, "follow_up")).content.decode()

    shown = re.findall(r'<fieldset class="item item--\w+" id="item-(\w+)"', html)
    assert shown == FOLLOW_UP_KEYS
    assert "One more short part" in html and "A few more, to be sure" in html
    assert "Your answers so far sit close to the middle" in html
    assert f"These {len(FOLLOW_UP_KEYS)} statements" in html
    # The main count stays whole; the extra part has its own count.
    assert "67 of 67 answered" in html and 'aria-valuemax="67"' in html
    assert f"0 of {len(FOLLOW_UP_KEYS)} answered" in html
    assert f'aria-valuemax="{len(FOLLOW_UP_KEYS)}"' in html
    # Listed in the overview as the extra part, the current one; Back and See my result.
    assert 'aria-current="step"' in html and "Extra part: </span>A few more" in html
    assert 'value="back"' in html and "See my result" in html


def test_leaving_and_coming_back_lands_on_the_follow_up_part(pm_client, assessment):
    in_band(assessment)
    save(assessment, {FOLLOW_UP_KEYS[0]: 4})

    response = pm_client.get(f"/quiz/{assessment.pk}/")

    assert response["Location"] == url(assessment, "follow_up")
    assert "Continue (67 of 67 answered)" in pm_client.get("/").content.decode()


def test_follow_up_answers_autosave_and_refresh_the_extra_count(pm_client, assessment):
    in_band(assessment)

    response = pm_client.post(url(assessment, "follow_up"), {FOLLOW_UP_KEYS[0]: "5"}, headers=HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Saved" in html and f"1 of {len(FOLLOW_UP_KEYS)} answered" in html
    assert stored(assessment)[FOLLOW_UP_KEYS[0]] == 5


def test_see_my_result_with_follow_up_statements_open_lists_them_and_stores_no_result(
    pm_client, assessment
):
    in_band(assessment)
    some = {key: follow_up_answers()[key] for key in FOLLOW_UP_KEYS[:10]}

    response = pm_client.post(
        url(assessment, "follow_up"), {k: str(v) for k, v in some.items()} | {"action": "finish"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert f"{len(FOLLOW_UP_KEYS) - 10} statements still need an answer" in html
    assert not Result.objects.exists()
    assert all(stored(assessment)[key] == value for key, value in some.items())


def test_answering_the_follow_up_part_stores_the_final_result_once(pm_client, assessment):
    in_band(assessment)
    extra = follow_up_answers(toward="people")

    response = pm_client.post(url(assessment, "follow_up"), part_form("follow_up", extra, "finish"))

    assert response["Location"] == f"/results/{assessment.pk}/"
    result = Result.objects.get(assessment=assessment)
    assert result.outcome == "people_leader"
    assert result.score.follow_up == []  # the final reading, not the provisional one
    assert result.payload["answered"] == len(SPEC.items)
    # A double click, or the same post from a second tab: the same result, no second row.
    again = pm_client.post(url(assessment, "follow_up"), {"action": "finish"})
    assert again["Location"] == f"/results/{assessment.pk}/"
    assert Result.objects.count() == 1


def test_next_on_the_last_main_part_leads_to_the_follow_up_part(pm_client, assessment):
    in_band(assessment)

    response = pm_client.post(url(assessment, LAST_MAIN), {"action": "next"})

    assert response["Location"] == url(assessment, "follow_up")
    html = pm_client.get(url(assessment, LAST_MAIN)).content.decode()
    assert 'value="next" class="button button--primary' in html  # no longer the last part


def test_a_clear_pm_never_sees_the_follow_up_part(pm_client, assessment):
    clear = answers_for("builder")
    save(assessment, {item.key: clear[item.key] for item in SPEC.main_items})

    html = pm_client.get(url(assessment, LAST_MAIN)).content.decode()
    assert "A few more, to be sure" not in html and "See my result" in html
    assert pm_client.get(url(assessment, "follow_up"))["Location"] == f"/quiz/{assessment.pk}/"
    assert pm_client.get(f"/quiz/{assessment.pk}/")["Location"] == url(assessment, LAST_MAIN)

    response = pm_client.post(url(assessment, LAST_MAIN), {"action": "finish"})

    assert response["Location"] == f"/results/{assessment.pk}/"
    assert Result.objects.get(assessment=assessment).outcome == "builder"


@pytest.mark.parametrize("htmx", [True, False], ids=["autosave", "plain"])
def test_a_follow_up_statement_not_asked_is_refused_and_nothing_is_stored(
    pm_client, assessment, htmx
):
    clear = answers_for("builder")
    save(assessment, {item.key: clear[item.key] for item in SPEC.main_items})
    before = stored(assessment)
    data = {FOLLOW_UP_KEYS[0]: "4", "cm1": "1"}

    response = pm_client.post(
        url(assessment, LAST_MAIN), data, **({"headers": HTMX} if htmx else {})
    )

    assert response.status_code == 400
    assert "this extra statement is not asked of you now" in response.content.decode()
    assert stored(assessment) == before  # not even the valid cm1


def test_follow_up_statements_are_refused_before_the_main_parts_are_done(pm_client, assessment):
    save(assessment, {"cm1": 3})

    response = pm_client.post(url(assessment, "follow_up"), {FOLLOW_UP_KEYS[0]: "4"}, headers=HTMX)

    assert response.status_code == 400
    assert stored(assessment) == {"cm1": 3}
    # The page itself is not offered yet: it leads back to where the person left off.
    assert pm_client.get(url(assessment, "follow_up"))["Location"] == f"/quiz/{assessment.pk}/"


@pytest.mark.parametrize(
    "data",
    [{"nope": "4"}, {FOLLOW_UP_KEYS[0]: "9"}, {FOLLOW_UP_KEYS[0]: ["4", "5"]}],
    ids=["unknown key", "off the scale", "twice"],
)
def test_bad_input_on_the_follow_up_part_is_refused_and_nothing_is_stored(
    pm_client, assessment, data
):
    in_band(assessment)
    before = stored(assessment)

    plain = pm_client.post(url(assessment, "follow_up"), data | {"action": "finish"})
    autosave = pm_client.post(url(assessment, "follow_up"), data, headers=HTMX)

    assert plain.status_code == 400 and autosave.status_code == 400
    assert stored(assessment) == before
    assert not Result.objects.exists()


def test_a_second_tab_that_makes_the_gap_clear_retires_the_follow_up_part(pm_client, assessment):
    in_band(assessment)
    # The other tab turns every builder statement up: the gap is no longer ambiguous.
    clear = answers_for("builder")
    save(assessment, {item.key: clear[item.key] for item in SPEC.main_items})

    stale = pm_client.post(url(assessment, "follow_up"), {FOLLOW_UP_KEYS[0]: "4"}, headers=HTMX)
    assert stale.status_code == 400 and FOLLOW_UP_KEYS[0] not in stored(assessment)

    # "See my result" on the stale page still gives the result, from the main answers.
    finish = pm_client.post(url(assessment, "follow_up"), {"action": "finish"})
    assert finish["Location"] == f"/results/{assessment.pk}/"
    assert Result.objects.get(assessment=assessment).outcome == "builder"


def test_a_second_tab_that_brings_the_gap_into_the_band_sends_finish_to_the_follow_up_part(
    pm_client, assessment
):
    clear = answers_for("builder")
    save(assessment, {item.key: clear[item.key] for item in SPEC.main_items})
    in_band(assessment)  # the other tab's changes, after this page was loaded

    response = pm_client.post(url(assessment, LAST_MAIN), {"action": "finish"})

    assert pm_client.get(response["Location"])["Location"] == url(assessment, "follow_up")
    assert not Result.objects.exists()


def test_submitting_never_stores_a_provisional_reading(assessment):
    in_band(assessment)

    with pytest.raises(services.FollowUpPending) as pending:
        services.submit_assessment(assessment)

    assert pending.value.keys == FOLLOW_UP_KEYS
    assert not Result.objects.exists() and assessment.is_open
