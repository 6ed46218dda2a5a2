"""The quiz page, an autosave and the result page cost the same number of queries whatever the
size of the questionnaire."""

import pytest

from assessments import services
from assessments.specs import QuestionnaireSpec
from tests.assessments.quiz_support import (
    answers_in_band,
    pattern,
    publish_spec,
    sized_spec_data,
)

pytestmark = pytest.mark.django_db

# The smallest valid questionnaire has 12 statements (see sized_spec_data); its first page
# shows 5. The large one has 60, with 20 on a page.
SIZES = {
    "small": (12, [5, 4, 3]),
    "large": (60, [20, 20, 20]),
}
# Upper bounds for the small questionnaire; the large one must then match it exactly.
# Page: the user (with the navigation), the assessment with its version, the answers.
PAGE_QUERIES = 3
# Autosave: the user, the assessment with its version, the stored answers (which parts are asked,
# and the progress after the save), and one statement that stores the answer only while
# the assessment is open (it used to take four: savepoint, status check, upsert, release).
SAVE_QUERIES = 4
# Result: the user (with the navigation), the result with its assessment, the manager and the
# "keep my manager up to date" choice for the sharing panel (one query), and whether the
# manager still reads an older result.
RESULT_QUERIES = 3


def sized(org, size: str):
    items, sections = SIZES[size]
    data = sized_spec_data(items, slug=f"sized-{size}", section_sizes=sections)
    publish_spec(data)
    spec = QuestionnaireSpec.model_validate(data)
    return spec, services.start_or_resume(org["pm"], slug=spec.slug)


def measure(django_assert_max_num_queries, django_assert_num_queries, org, request):
    """Run ``request(spec, assessment)`` for the small questionnaire (within the bound), then
    for the large one, which must run exactly as many queries."""
    small = sized(org, "small")
    with django_assert_max_num_queries(request.bound) as captured:
        request(*small)
    large = sized(org, "large")
    with django_assert_num_queries(len(captured)):
        request(*large)


def test_the_quiz_page_runs_a_fixed_number_of_queries(
    client, org, django_assert_max_num_queries, django_assert_num_queries
):
    client.force_login(org["pm"])

    def page(spec, assessment):
        first = spec.sections[0]
        response = client.get(f"/quiz/{assessment.pk}/{first.key}/")
        assert response.status_code == 200
        shown = response.content.decode().count('class="item item--')
        assert shown == len(spec.items_in_section(first.key)) in (5, 20)

    page.bound = PAGE_QUERIES
    measure(django_assert_max_num_queries, django_assert_num_queries, org, page)


def test_an_autosave_runs_a_fixed_number_of_queries(
    client, org, django_assert_max_num_queries, django_assert_num_queries
):
    client.force_login(org["pm"])

    def save(spec, assessment):
        response = client.post(
            f"/quiz/{assessment.pk}/{spec.sections[0].key}/",
            {spec.items[-1].key: "4"},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 200

    save.bound = SAVE_QUERIES
    measure(django_assert_max_num_queries, django_assert_num_queries, org, save)


def test_the_result_page_runs_a_fixed_number_of_queries(
    client, org, django_assert_max_num_queries, django_assert_num_queries
):
    client.force_login(org["pm"])
    submitted = []
    for size in SIZES:
        spec, assessment = sized(org, size)
        services.save_answers(assessment, pattern(spec, builder=5, people=2))
        services.submit_assessment(assessment)
        submitted.append(assessment)

    def read(assessment):
        response = client.get(f"/results/{assessment.pk}/")
        assert response.status_code == 200
        assert "building products" in response.content.decode()

    with django_assert_max_num_queries(RESULT_QUERIES) as captured:
        read(submitted[0])
    with django_assert_num_queries(len(captured)):
        read(submitted[1])


def test_the_follow_up_part_costs_what_any_part_costs(
    client, org, django_assert_max_num_queries, django_assert_num_queries
):
    # Deciding whether the follow-up part is asked scores the stored answers in memory:
    # no query more than a main part, and its autosave costs what any autosave does.
    client.force_login(org["pm"])
    assessment = services.start_or_resume(org["pm"])
    services.save_answers(assessment, answers_in_band())
    with django_assert_max_num_queries(PAGE_QUERIES) as main_page:
        assert client.get(f"/quiz/{assessment.pk}/energy/").status_code == 200
    with django_assert_num_queries(len(main_page)):
        html = client.get(f"/quiz/{assessment.pk}/follow_up/").content.decode()
    assert "A few more, to be sure" in html
    key = assessment.version.to_spec().index.follow_up[0].key
    with django_assert_max_num_queries(SAVE_QUERIES):
        response = client.post(
            f"/quiz/{assessment.pk}/follow_up/", {key: "4"}, headers={"HX-Request": "true"}
        )
    assert response.status_code == 200
