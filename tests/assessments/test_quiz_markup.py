"""Statement markup kept per published version (assessments/quiz_markup.py): what people see
is exactly what rendering each statement afresh gives, with their own answers and address."""

import re

import pytest
from django.test import Client

from assessments import quiz_markup, services
from assessments.models import QuestionnaireVersion
from assessments.quiz_parts import plan_quiz
from assessments.specs import QuestionnaireSpec
from tests.assessments.quiz_support import save, sized_spec_data

pytestmark = pytest.mark.django_db


def signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def items_of(html: str) -> str:
    return re.search(r'<div class="quiz__items">(.*?)</div>\s*<div class="quiz__nav">', html, re.S)[
        1
    ]


def test_two_people_on_one_version_each_see_their_own_answers_and_post_to_their_own_quiz(org):
    first = services.start_or_resume(org["pm"])
    second = services.start_or_resume(org["pm2"])
    save(first, {"cm1": 4})
    url_first, url_second = (f"/quiz/{a.pk}/energy/" for a in (first, second))

    quiz_markup._kept.clear()
    page_first = items_of(signed_in(org["pm"]).get(url_first).content.decode())
    page_second = items_of(signed_in(org["pm2"]).get(url_second).content.decode())
    # Once more from what was kept: the same markup, the answers and addresses not mixed up.
    assert quiz_markup._kept
    assert items_of(signed_in(org["pm"]).get(url_first).content.decode()) == page_first
    assert items_of(signed_in(org["pm2"]).get(url_second).content.decode()) == page_second

    assert 'id="f-cm1-4" name="cm1" value="4" checked' in page_first
    assert "checked" not in page_second
    assert page_first.count("Saved</span>") == 1 and "Saved</span>" not in page_second
    assert page_first.count(f'hx-post="{url_first}"') == page_second.count(
        f'hx-post="{url_second}"'
    )
    assert str(second.pk) not in page_first and str(first.pk) not in page_second


def test_kept_markup_is_what_a_fresh_rendering_gives(org, monkeypatch):
    assessment = services.start_or_resume(org["pm"])
    save(assessment, {"cm1": 2, "dp1": 5})
    client = signed_in(org["pm"])
    url = f"/quiz/{assessment.pk}/energy/"

    kept = items_of(client.get(url).content.decode())
    monkeypatch.setattr(QuestionnaireVersion, "frozen_key", None)  # as for a draft
    fresh = items_of(client.get(url).content.decode())
    assert kept == fresh


def test_the_overview_shows_a_part_title_as_text_never_as_markup():
    data = sized_spec_data(12, section_sizes=[5, 4, 3])
    data["sections"][1]["title"] = 'Teams & <b onclick="x()">people</b>'
    spec = QuestionnaireSpec.model_validate(data)
    answered = {item.key: 3 for item in spec.items_in_section("part0")}

    html = quiz_markup.parts_overview(
        plan_quiz(spec, answered), answered, "part1", lambda key: f"/quiz/x/{key}/?a=1&b=2"
    )
    assert "Teams &amp; &lt;b onclick=&quot;x()&quot;&gt;people&lt;/b&gt;" in html
    assert "<b" not in html and 'href="/quiz/x/part1/?a=1&amp;b=2" aria-current="step"' in html
    assert html.count("quiz-part--complete") == 1 and ", 5 of 5 answered" in html
