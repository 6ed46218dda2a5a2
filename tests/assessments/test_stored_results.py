"""Results stored before placements kept keys only still read, and render, as they did.

``ROW_2026_1`` is a real result as the code of that time stored it (pm, a hybrid reading,
placed at Senior Product Manager): its placement still carries reversed URLs.
"""

import copy
import html as htmllib
import importlib
import re

import pytest
from django.apps import apps

from assessments.models import Result
from assessments.scoring import Outcome, ScoreResult
from tests.assessments.quiz_support import submit_pattern

pytestmark = pytest.mark.django_db

placement_keys = importlib.import_module("assessments.migrations.0005_placement_keys_not_urls")

ROW_2026_1 = {
    "outcome": "hybrid",
    "strength": "",
    "confidence": 0.5,
    "scoring_version": "2026.1",
    "payload": {
        "scoring_version": "2026.1",
        "outcome": "hybrid",
        "strength": None,
        "confidence": 0.5,
        "scales": {"builder": 75.0, "people": 75.0, "product": 75.0},
        "dimensions": {
            "craft_mastery": 75.0,
            "hands_on": 75.0,
            "maker_focus": 75.0,
            "vision_strategy": 75.0,
            "developing_people": 75.0,
            "leading_through_others": 75.0,
            "org_influence": 75.0,
            "org_building": 75.0,
            "title_pull": 25.0,
        },
        "affinities": {"builder": 75.0, "people_leader": 75.0, "hybrid": 75.0},
        "d": 0.0,
        "se_d": 11.384199576606164,
        "z": 0.0,
        "flags": [],
        "flag_notes": {},
        "contributions": {
            "cm1": -1.6666666666666667,
            "dp1": 1.25,
            "cm2": -1.6666666666666667,
            "cm3": -1.6666666666666667,
            "dp2": 1.25,
            "cm4": -1.6666666666666667,
            "cm5": -1.6666666666666667,
            "ho1": -1.6666666666666667,
            "mf1": -1.6666666666666667,
            "ho2": -1.6666666666666667,
            "mf2": -1.6666666666666667,
            "ho3": -1.6666666666666667,
            "mf3": -1.6666666666666667,
            "ho4": -1.6666666666666667,
            "mf4": -1.6666666666666667,
            "ho5": -1.6666666666666667,
            "mf5": -1.6666666666666667,
            "oi1": 1.5625,
            "oi2": 1.5625,
            "oi3": 1.5625,
            "oi4": 1.5625,
            "lto1": 1.25,
            "dp3": 1.25,
            "lto2": 1.25,
            "dp4": 1.25,
            "lto3": 1.25,
            "lto4": 1.25,
            "dp5": 1.25,
            "lto5": 1.25,
            "ob1": 1.25,
            "ob2": 1.25,
            "ob3": 1.25,
            "ob4": 1.25,
            "ob5": 1.25,
        },
        "drivers": {
            "toward": [
                {
                    "item": "oi1",
                    "text": "I want a say in how the company spends its budget and headcount.",
                    "dimension": "org_influence",
                    "answer": 4,
                    "label": "Agree",
                    "contribution": 1.5625,
                    "sentence": "You agreed that you want a say in how the "
                    "company spends its budget and headcount.",
                },
                {
                    "item": "oi2",
                    "text": "Debates about company strategy sound tiring "
                    "rather than exciting to me.",
                    "dimension": "org_influence",
                    "answer": 2,
                    "label": "Disagree",
                    "contribution": 1.5625,
                    "sentence": "You disagreed that debates about company "
                    "strategy sound tiring rather than exciting "
                    "to you.",
                },
                {
                    "item": "oi3",
                    "text": "Winning senior leaders over to a big bet is "
                    "something I find energising.",
                    "dimension": "org_influence",
                    "answer": 4,
                    "label": "Agree",
                    "contribution": 1.5625,
                    "sentence": "You agreed that winning senior leaders over "
                    "to a big bet is something you find "
                    "energising.",
                },
            ],
            "against": [
                {
                    "item": "cm1",
                    "text": "I enjoy sharpening my product craft, like "
                    "writing crisper specs or running better "
                    "discovery.",
                    "dimension": "craft_mastery",
                    "answer": 4,
                    "label": "Agree",
                    "contribution": -1.6666666666666667,
                    "sentence": "You agreed that you enjoy sharpening your "
                    "product craft, like writing crisper specs "
                    "or running better discovery.",
                },
                {
                    "item": "cm2",
                    "text": "Once I can do the core PM tasks well, getting "
                    "even better at them holds little interest for "
                    "me.",
                    "dimension": "craft_mastery",
                    "answer": 2,
                    "label": "Disagree",
                    "contribution": -1.6666666666666667,
                    "sentence": "You disagreed that once you can do the "
                    "core PM tasks well, getting even better at "
                    "them holds little interest for you.",
                },
            ],
        },
        "explanation": "Your answers put building and people leadership too close to "
        "call: the gap of 0 points is within the measurement error of "
        "about 11. A hybrid step such as a Group PM role, or a time-boxed "
        "experiment, is the way to decide. Building scored 75, people "
        "leadership 75 and product leadership 75 out of 100. Pulling most "
        "toward people leadership: you agreed that you want a say in how "
        "the company spends its budget and headcount; you disagreed that "
        "debates about company strategy sound tiring rather than exciting "
        "to you; you agreed that winning senior leaders over to a big bet "
        "is something you find energising. Pulling toward building: you "
        "agreed that you enjoy sharpening your product craft, like "
        "writing crisper specs or running better discovery; you disagreed "
        "that once you can do the core PM tasks well, getting even better "
        "at them holds little interest for you.",
        "reasons": [],
        "answered": 50,
        "total": 50,
    },
    "placement": {
        "ladder": {
            "slug": "product-management",
            "name": "Product management",
            "url": "/ladders/product-management/",
        },
        "branch": "hybrid",
        "branch_name": "Group PM bridge",
        "current": {
            "key": "senior-pm",
            "title": "Senior Product Manager",
            "summary": "Sets the strategy for a product area, reads the market "
            "and the competition, and helps junior PMs grow. The "
            "ladder forks after this level.",
            "track_kind": "shared",
            "time_split": {"people": 0, "product": 30, "individual": 70},
            "url": "/ladders/product-management/senior-pm/",
        },
        "on_branch": False,
        "next": [
            {
                "key": "group-pm",
                "title": "Group Product Manager",
                "summary": "A bridge between the two paths: leads a small group of "
                "PMs while still owning product direction and some "
                "hands-on work. A low-risk way to find out whether people "
                "leadership suits you.",
                "track_kind": "hybrid",
                "time_split": {"people": 40, "product": 40, "individual": 20},
                "url": "/ladders/product-management/group-pm/",
            }
        ],
        "later": [
            {
                "key": "director",
                "title": "Director of Product",
                "summary": "Leads a portfolio through a team of product managers: "
                "hires, coaches and organises them, and turns strategy "
                "into a plan the teams can own.",
                "track_kind": "people",
                "time_split": {"people": 60, "product": 35, "individual": 5},
                "url": "/ladders/product-management/director/",
            },
            {
                "key": "vp-product",
                "title": "VP of Product",
                "summary": "Runs the product organisation: develops its leaders, "
                "designs how it works, and keeps noise away from the "
                "teams so they can deliver.",
                "track_kind": "people",
                "time_split": {"people": 65, "product": 35, "individual": 0},
                "url": "/ladders/product-management/vp-product/",
            },
            {
                "key": "cpo",
                "title": "Chief Product Officer",
                "summary": "Speaks for the product at the top table: shapes company "
                "strategy, builds the leadership bench and represents "
                "the product to the board and the industry.",
                "track_kind": "people",
                "time_split": {"people": 60, "product": 40, "individual": 0},
                "url": "/ladders/product-management/cpo/",
            },
        ],
    },
    "questionnaire_snapshot": {
        "slug": "pm-motivators",
        "title": "What drives you as a product manager",
        "version": 1,
        "audience": "self",
        "scale": {
            "min": 1,
            "max": 5,
            "labels": [
                "Strongly disagree",
                "Disagree",
                "Neither agree nor disagree",
                "Agree",
                "Strongly agree",
            ],
        },
        "dimensions": [
            {
                "key": "craft_mastery",
                "name": "Craft mastery",
                "description": "Energy from getting better at the product craft itself.",
                "scale": "builder",
            },
            {
                "key": "hands_on",
                "name": "Hands-on problem solving",
                "description": "Solving product problems personally and shipping the result.",
                "scale": "builder",
            },
            {
                "key": "maker_focus",
                "name": "Maker focus",
                "description": "Autonomy and long stretches of "
                "deep focus, rather than a day of "
                "meetings.",
                "scale": "builder",
            },
            {
                "key": "vision_strategy",
                "name": "Vision and strategy",
                "description": "Shaping direction across teams and in the market.",
                "scale": "product",
            },
            {
                "key": "developing_people",
                "name": "Developing people",
                "description": "Satisfaction from other people's growth: coaching and feedback.",
                "scale": "people",
            },
            {
                "key": "leading_through_others",
                "name": "Leading through others",
                "description": "Getting results through a team and letting go of the detail.",
                "scale": "people",
            },
            {
                "key": "org_influence",
                "name": "Organisational influence",
                "description": "Scope, budgets and a voice in company strategy.",
                "scale": "people",
            },
            {
                "key": "org_building",
                "name": "Organisation building",
                "description": "Hiring, team design, culture and resolving conflict.",
                "scale": "people",
            },
            {
                "key": "title_pull",
                "name": "Pull of the title",
                "description": "How much title and status weigh "
                "in the decision. Never scored "
                "into a track.",
                "scale": "caution",
            },
        ],
        "thresholds": {"inconclusive_below": 40.0, "pole_z": 1.0, "clear_z": 1.645},
    },
}


def stored_old_row(person) -> Result:
    result = submit_pattern(person, "hybrid")
    Result.objects.filter(pk=result.pk).update(**copy.deepcopy(ROW_2026_1))
    return Result.objects.get(pk=result.pk)


def article(client, result) -> str:
    text = htmllib.unescape(client.get(f"/results/{result.assessment_id}/").content.decode())
    body = re.search(r"<article.*?</article>", text, re.S).group(0)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)


def test_an_old_row_reads_typed(org):
    result = stored_old_row(org["pm"])
    assert result.score == ScoreResult.model_validate(ROW_2026_1["payload"])
    assert result.score.outcome is Outcome.HYBRID
    placement = result.ladder_placement
    assert placement.ladder.slug == "product-management" and placement.current.key == "senior-pm"
    assert [level.key for level in placement.next] == ["group-pm"]
    assert result.snapshot.thresholds.inconclusive_below == 40.0
    assert [d.key for d in result.snapshot.dimensions][:1] == ["craft_mastery"]


def test_an_old_row_renders_the_same_before_and_after_its_urls_are_dropped(client, org):
    client.force_login(org["pm"])
    result = stored_old_row(org["pm"])
    before = article(client, result)
    # Every link the old row stored is the one the page now reverses from the keys.
    stored = ROW_2026_1["placement"]
    for level in [stored["current"], *stored["next"], *stored["later"]]:
        assert f'href="{level["url"]}"' in before
    assert f'href="{stored["ladder"]["url"]}"' in before
    assert "Both paths pull on you: too close to call" in before

    placement_keys.drop_urls(apps, None)
    result.refresh_from_db()
    assert "url" not in str(result.placement)
    assert article(client, result) == before

    placement_keys.add_urls(apps, None)
    result.refresh_from_db()
    assert result.placement == ROW_2026_1["placement"]
