"""The part overview on quiz pages, the header's navigation there, and discarding an
unfinished attempt."""

import re

import pytest

from assessments import services
from assessments.models import Answer, Assessment
from tests.assessments.quiz_support import answers_for, default_spec, save, submit_pattern

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def spec():
    return default_spec()


@pytest.fixture
def assessment(org):
    return services.start_or_resume(org["pm"])


def overview(html: str) -> str:
    return re.search(r'<nav class="quiz-parts".*?</nav>', html, re.S).group(0)


def parts_of(html: str) -> list[dict]:
    """Each part link of the overview: its href, whether it is current, its counts."""
    return [
        {
            "href": match.group(1),
            "current": bool(match.group(2)),
            "counts": match.group(3),
        }
        for match in re.finditer(
            r'<a class="quiz-part[^"]*" href="([^"]+)"( aria-current="step")?>.*?'
            r'<span class="visually-hidden">, (\d+ of \d+) answered</span>',
            overview(html),
            re.S,
        )
    ]


def current_nav(html: str) -> list[str]:
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    return re.findall(r'aria-current="page">([^<]+)</a>', nav)


# ---- the overview ---------------------------------------------------------------------


def test_every_part_is_listed_with_its_answers_a_link_and_the_open_one_marked(
    client, org, assessment, spec
):
    answers = answers_for("builder")
    first, second = spec.sections[0].key, spec.sections[1].key
    three_of_second = [item.key for item in spec.items_in_section(second)][:3]
    save(assessment, {key: answers[key] for key in [i.key for i in spec.items_in_section(first)]})
    save(assessment, {key: answers[key] for key in three_of_second})
    client.force_login(org["pm"])

    html = client.get(f"/quiz/{assessment.pk}/{second}/").content.decode()

    # The six parts asked of everyone; the follow-up part is not listed in advance.
    main = spec.sections[:-1]
    parts = parts_of(html)
    assert [part["href"] for part in parts] == [
        f"/quiz/{assessment.pk}/{section.key}/" for section in main
    ]
    sizes = [len(spec.items_in_section(section.key)) for section in main]
    expected = [sizes[0], 3] + [0] * (len(sizes) - 2)
    assert [part["counts"] for part in parts] == [
        f"{done} of {size}" for done, size in zip(expected, sizes, strict=True)
    ]
    assert [part["current"] for part in parts] == [False, True] + [False] * (len(parts) - 2)
    assert "quiz-part--complete" in overview(html).split("</li>")[0]
    for section in main:
        assert section.title in overview(html)
    assert spec.sections[-1].title not in overview(html)


def test_an_autosave_refreshes_the_overview_out_of_band(client, org, assessment, spec):
    client.force_login(org["pm"])
    section = spec.sections[2].key
    item = spec.items_in_section(section)[0]

    response = client.post(f"/quiz/{assessment.pk}/{section}/", {item.key: "4"}, headers=HTMX)

    html = response.content.decode()
    assert 'id="quiz-parts" aria-label="Parts of the questionnaire" hx-swap-oob="true"' in html
    parts = parts_of(html)
    assert parts[2]["current"] and parts[2]["counts"].startswith("1 of ")
    assert sum(part["current"] for part in parts) == 1


def test_a_quiz_page_marks_my_assessment_in_the_header(client, org, assessment, spec):
    client.force_login(org["pm"])
    html = client.get(f"/quiz/{assessment.pk}/{spec.sections[0].key}/").content.decode()
    assert current_nav(html) == ["My assessment"]


def test_a_managers_view_of_a_report_marks_my_team_in_the_header(client, org):
    view = services.start_or_resume(org["manager"], org["pm"], "pm-motivators-observer")
    section = view.version.to_spec().sections[0].key
    client.force_login(org["manager"])
    html = client.get(f"/quiz/{view.pk}/{section}/").content.decode()
    assert current_nav(html) == ["My team"]


# ---- discarding an unfinished attempt ---------------------------------------------------


def test_the_quiz_page_offers_to_discard_and_the_link_asks_first(client, org, assessment, spec):
    save(assessment, {spec.items[0].key: answers_for("builder")[spec.items[0].key]})
    client.force_login(org["pm"])
    html = client.get(f"/quiz/{assessment.pk}/{spec.sections[0].key}/").content.decode()
    assert f'href="/quiz/{assessment.pk}/discard/">Discard this attempt</a>' in html

    confirm = client.get(f"/quiz/{assessment.pk}/discard/")

    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "Discard this attempt?" in page
    assert f"answered 1 of {len(spec.main_items)} statements" in page
    assert f'<form method="post" action="/quiz/{assessment.pk}/discard/"' in page
    assert Assessment.objects.filter(pk=assessment.pk).exists()  # a GET never deletes


def test_discarding_deletes_the_attempt_and_its_answers_and_goes_home(
    client, org, assessment, spec
):
    save(assessment, {item.key: 3 for item in spec.likert_items()[:5]})
    client.force_login(org["pm"])

    response = client.post(f"/quiz/{assessment.pk}/discard/", follow=True)

    assert response.redirect_chain == [("/", 302)]
    assert "Your unfinished questionnaire and its answers are discarded." in (
        response.content.decode()
    )
    assert not Assessment.objects.filter(pk=assessment.pk).exists()
    assert not Answer.objects.filter(assessment_id=assessment.pk).exists()
    # Starting again gives a fresh attempt with nothing answered.
    fresh = services.start_or_resume(org["pm"])
    assert fresh.pk != assessment.pk and not fresh.answers.exists()


def test_discarding_keeps_earlier_results(client, org):
    earlier = submit_pattern(org["pm"], "builder")
    retake = services.start_or_resume(org["pm"])
    client.force_login(org["pm"])
    client.post(f"/quiz/{retake.pk}/discard/")
    assert Assessment.objects.filter(pk=earlier.assessment_id).exists()
    assert not Assessment.objects.filter(pk=retake.pk).exists()


@pytest.mark.parametrize("stranger", ["pm2", "manager", "admin"])
def test_only_the_respondent_may_discard(client, org, assessment, spec, stranger):
    save(assessment, {spec.items[0].key: answers_for("builder")[spec.items[0].key]})
    client.force_login(org[stranger])
    assert client.get(f"/quiz/{assessment.pk}/discard/").status_code == 404
    assert client.post(f"/quiz/{assessment.pk}/discard/").status_code == 404
    assert Answer.objects.filter(assessment=assessment).count() == 1


def test_a_submitted_assessment_cannot_be_discarded(client, org):
    result = submit_pattern(org["pm"], "builder")
    client.force_login(org["pm"])
    path = f"/quiz/{result.assessment_id}/discard/"
    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404
    assert Assessment.objects.filter(pk=result.assessment_id).exists()
    assert Answer.objects.filter(assessment_id=result.assessment_id).exists()


def test_a_manager_discards_their_view_of_a_report_and_returns_to_the_report(client, org):
    view = services.start_or_resume(org["manager"], org["pm"], "pm-motivators-observer")
    client.force_login(org["manager"])
    response = client.post(f"/quiz/{view.pk}/discard/")
    assert response.status_code == 302
    assert response["Location"] == "/team/pm/"
    assert not Assessment.objects.filter(pk=view.pk).exists()
