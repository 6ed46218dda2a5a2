"""The quiz over HTTP: pages, autosave, plain form posts, and every way a request can be wrong."""

import html as htmllib
import re

import pytest

from assessments import services
from assessments.forms import QuizForm
from assessments.models import Answer, Assessment, Result
from tests.assessments.quiz_support import (
    answers_for,
    default_spec,
    save,
)

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
# The parts asked of everyone; the last section of the file is the follow-up part.
MAIN_SECTIONS = default_spec().sections[:-1]


@pytest.fixture
def spec():
    return default_spec()


@pytest.fixture
def pm_client(client, org):
    client.force_login(org["pm"])
    return client


@pytest.fixture
def assessment(org):
    return services.start_or_resume(org["pm"])


def url(assessment, section="energy"):
    return f"/quiz/{assessment.pk}/{section}/"


def stored(assessment):
    return dict(Answer.objects.filter(assessment=assessment).values_list("item_key", "value"))


def section_form(spec, section, answers, action="next"):
    data = {item.key: str(answers[item.key]) for item in spec.items_in_section(section)}
    return data | {"action": action}


# ---- pages --------------------------------------------------------------------------------


def test_start_opens_the_first_section_and_never_makes_a_second_assessment(pm_client):
    first = pm_client.post("/quiz/start/")
    second = pm_client.post("/quiz/start/")
    assert first["Location"] == second["Location"]
    assert Assessment.objects.count() == 1
    page = pm_client.get(first["Location"], follow=True)
    assert page.redirect_chain[-1][0].endswith("/energy/")


def test_a_section_page_shows_its_statements_as_radio_groups_named_by_item_key(
    pm_client, assessment, spec
):
    html = pm_client.get(url(assessment)).content.decode()
    for item in spec.items_in_section("energy"):
        assert item.text in html
        assert html.count(f'name="{item.key}"') == 5
        assert f'<fieldset class="item item--likert" id="item-{item.key}"' in html
    for label in spec.scale.labels:
        assert label in html
    # Six parts asked of everyone; the follow-up part is not announced in advance.
    assert "Part 1 of 6" in html and "What gives you energy" in html
    assert "A few more, to be sure" not in html
    # An accessible progress bar that says how far along the person is, out of the 67
    # statements asked of everyone (a total that never grows).
    assert 'role="progressbar"' in html and 'aria-valuemax="67"' in html
    assert 'aria-valuenow="0"' in html and "0 of 67 answered" in html
    # The first section has no Back button; every section can be left for later.
    assert 'value="back"' not in html and "Save and finish later" in html


def test_forced_choices_are_two_cards(pm_client, assessment, spec):
    html = pm_client.get(url(assessment, "choices")).content.decode()
    item = spec.item("fc1")
    for option in item.options:
        assert option.text in html
        assert f'value="{option.key}"' in html
    assert html.count('class="choice__option"') == 2 * len(spec.items_in_section("choices"))


def test_resume_goes_to_the_first_section_with_a_gap(pm_client, assessment, spec):
    save(assessment, {item.key: 3 for item in spec.items_in_section("energy")})
    response = pm_client.get(f"/quiz/{assessment.pk}/")
    assert response["Location"] == url(assessment, "daily_work")


def test_saved_answers_are_shown_as_chosen(pm_client, assessment):
    save(assessment, {"cm1": 2})
    html = pm_client.get(url(assessment)).content.decode()
    assert re.search(r'id="f-cm1-2"[^>]*checked', html)
    assert "1 of 67 answered" in html


def test_home_offers_start_then_continue_then_the_result(pm_client, org):
    assert "Start" in pm_client.get("/").content.decode()
    assessment = services.start_or_resume(org["pm"])
    save(assessment, {"cm1": 4, "cm2": 2})
    assert "Continue (2 of 67 answered)" in pm_client.get("/").content.decode()
    services.save_answers(assessment, answers_for("people_leader"))
    services.submit_assessment(assessment)
    html = pm_client.get("/").content.decode()
    assert "A clear lean toward people leadership" in html
    assert "Retake" in html and f"/results/{assessment.pk}/" in html


# ---- autosave (htmx) ----------------------------------------------------------------------


def test_an_autosaved_answer_returns_its_saved_mark_and_the_new_progress(pm_client, assessment):
    response = pm_client.post(url(assessment), {"cm1": "4"}, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Saved" in html
    assert 'id="quiz-progress" hx-swap-oob="true"' in html and "1 of 67 answered" in html
    assert stored(assessment) == {"cm1": 4}


def test_the_same_answer_twice_is_one_row(pm_client, assessment):
    for _ in range(2):
        assert pm_client.post(url(assessment), {"fc1": "a"}, headers=HTMX).status_code == 200
    assert Answer.objects.filter(assessment=assessment).count() == 1


def test_two_tabs_last_write_wins_per_item(client, org, assessment):
    tab_one, tab_two = client, type(client)()
    tab_one.force_login(org["pm"])
    tab_two.force_login(org["pm"])
    assert tab_one.post(url(assessment), {"cm1": "5"}, headers=HTMX).status_code == 200
    assert tab_two.post(url(assessment), {"cm1": "1"}, headers=HTMX).status_code == 200
    assert tab_one.post(url(assessment), {"cm3": "4"}, headers=HTMX).status_code == 200
    assert stored(assessment) == {"cm1": 1, "cm3": 4}


# ---- every bad input: a 4xx with a clear message, nothing stored ---------------------------


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"nope": "3"}, 'there is no question "nope"'),
        ({"cm1": "7"}, "7 is not on the scale 1 to 5"),
        ({"cm1": "0"}, "0 is not on the scale 1 to 5"),
        ({"cm1": "agree"}, "expected a whole number from 1 to 5"),
        ({"fc1": "c"}, '"c" is not an option of this question'),
        ({"fc1": "4"}, "is not an option of this question"),
        ({"cm1": ["2", "4"]}, "one answer per statement"),
        ({"cm1": ""}, "expected a whole number from 1 to 5"),
        ({"cm1": "9" * 4301}, "expected a whole number from 1 to 5"),
        ({"cm1": "4", "fc2": "zzz"}, "not an option"),  # one bad answer: none is stored
    ],
)
def test_bad_answers_are_refused_with_a_clear_message(pm_client, assessment, data, message, htmx):
    headers = HTMX if htmx else {}
    response = pm_client.post(url(assessment), data, headers=headers)
    assert response.status_code == 400
    assert message in htmllib.unescape(response.content.decode())
    assert stored(assessment) == {}


def test_a_bad_value_is_marked_on_its_statement_and_keeps_what_was_saved(pm_client, assessment):
    save(assessment, {"cm2": 2})
    response = pm_client.post(url(assessment), {"cm1": "7", "dp1": "3", "action": "next"})
    assert response.status_code == 400
    html = htmllib.unescape(response.content.decode())
    assert 'id="item-cm1" aria-describedby="error-cm1"' in html
    assert re.search(r'id="error-cm1"[^>]*>.*7 is not on the scale 1 to 5', html)
    assert re.search(r'id="f-dp1-3"[^>]*checked', html)  # the person's choice is kept
    assert stored(assessment) == {"cm2": 2}


def test_the_form_converts_what_a_browser_posts_for_scale_items_only(spec):
    form = QuizForm(spec, {"cm1": " 4 ", "fc1": "b"})
    assert form.is_valid()
    assert form.answers == {"cm1": 4, "fc1": "b"}
    for data, message in [
        ({"cm1": "four"}, "statement 1: expected a whole number"),
        ({"cm1": "9"}, "statement 1: 9 is not on the scale"),
        ({"fc1": "4"}, '"4" is not an option'),
    ]:
        form = QuizForm(spec, data)
        assert not form.is_valid()
        assert message in form.problems()[0]


def test_an_empty_autosave_is_refused(pm_client, assessment):
    response = pm_client.post(url(assessment), {}, headers=HTMX)
    assert response.status_code == 400
    assert "Nothing to save" in response.content.decode()


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
@pytest.mark.parametrize("stranger", ["pm2", "manager", "admin"])
def test_someone_elses_assessment_is_not_found(client, org, assessment, stranger, htmx):
    client.force_login(org[stranger])
    headers = HTMX if htmx else {}
    assert client.get(url(assessment)).status_code == 404
    assert client.post(url(assessment), {"cm1": "4"}, headers=headers).status_code == 404
    assert client.get(f"/quiz/{assessment.pk}/").status_code == 404
    assert stored(assessment) == {}


def test_an_unknown_section_is_not_found(pm_client, assessment):
    assert pm_client.get(url(assessment, "no_such_section")).status_code == 404


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_a_submitted_assessment_refuses_new_answers(pm_client, assessment, htmx):
    services.save_answers(assessment, answers_for("builder"))
    services.submit_assessment(assessment)
    before = stored(assessment)
    headers = HTMX if htmx else {}
    response = pm_client.post(url(assessment), {"cm1": "1", "action": "next"}, headers=headers)
    assert response.status_code == 409
    assert "already been submitted" in response.content.decode()
    assert stored(assessment) == before


def test_a_submitted_assessment_page_leads_to_its_result(pm_client, assessment):
    services.save_answers(assessment, answers_for("builder"))
    services.submit_assessment(assessment)
    response = pm_client.get(url(assessment))
    assert response["Location"] == f"/results/{assessment.pk}/"


# ---- the plain form (no JavaScript) -------------------------------------------------------


def test_next_saves_the_section_and_moves_on(pm_client, assessment, spec):
    answers = answers_for("builder")
    response = pm_client.post(url(assessment), section_form(spec, "energy", answers))
    assert response.status_code == 302
    assert response["Location"] == url(assessment, "daily_work")
    assert stored(assessment) == {
        item.key: answers[item.key] for item in spec.items_in_section("energy")
    }


def test_next_with_gaps_names_them_and_keeps_what_was_answered(pm_client, assessment, spec):
    data = {"cm1": "4", "dp1": "2", "action": "next"}
    response = pm_client.post(url(assessment), data)
    assert response.status_code == 200  # saved; the page lists what is still open
    html = response.content.decode()
    assert stored(assessment) == {"cm1": 4, "dp1": 2}
    missing = [item for item in spec.items_in_section("energy") if item.key not in data]
    assert f"{len(missing)} statements still need an answer" in html
    for item in missing:
        assert f'href="#f-{item.key}-1"' in html  # the summary links to each gap
        assert f'aria-describedby="error-{item.key}"' in html  # and each says so inline
    assert re.search(r'id="f-cm1-4"[^>]*checked', html)
    assert re.search(r'id="f-dp1-2"[^>]*checked', html)


def test_back_saves_and_goes_back_without_asking_for_the_rest(pm_client, assessment):
    response = pm_client.post(url(assessment, "daily_work"), {"ho1": "5", "action": "back"})
    assert response["Location"] == url(assessment, "energy")
    assert stored(assessment) == {"ho1": 5}


def test_save_and_finish_later_goes_home_with_the_count(pm_client, assessment):
    response = pm_client.post(url(assessment), {"cm1": "3", "action": "later"}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert "Your answers are saved (1 of 67)" in response.content.decode()
    assert stored(assessment) == {"cm1": 3}


def test_the_whole_quiz_by_plain_posts_ends_on_the_result(pm_client, assessment, spec):
    # A clear people leader: the six main parts, and no follow-up part.
    answers = answers_for("people_leader")
    location = url(assessment)
    for index, section in enumerate(MAIN_SECTIONS):
        is_last = index == len(MAIN_SECTIONS) - 1
        action = "finish" if is_last else "next"
        response = pm_client.post(location, section_form(spec, section.key, answers, action))
        assert response.status_code == 302, response.content.decode()[:500]
        location = response["Location"]
    assert location == f"/results/{assessment.pk}/"
    result = Result.objects.get(assessment=assessment)
    assert result.outcome == "people_leader"
    # A double click on "See my result": the same result, no error, no second row.
    again = pm_client.post(url(assessment, MAIN_SECTIONS[-1].key), {"action": "finish"})
    assert again.status_code == 302 and again["Location"] == location
    assert Result.objects.count() == 1


def test_finish_with_gaps_in_earlier_sections_lists_them_with_links(pm_client, assessment, spec):
    answers = answers_for("builder")
    last = MAIN_SECTIONS[-1].key
    save(assessment, {k: v for k, v in answers.items() if k not in ("cm1", "fc3")})
    response = pm_client.post(url(assessment, last), section_form(spec, last, answers, "finish"))
    assert response.status_code == 200  # what was posted is saved; the gaps are listed
    html = response.content.decode()
    assert "2 statements still need an answer" in html
    assert f'href="{url(assessment, "energy")}#f-cm1-1"' in html
    assert f'href="{url(assessment, "choices")}#f-fc3-a"' in html
    assert not Result.objects.exists()
