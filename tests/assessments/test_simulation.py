"""The simulation benchmark: repeatable, and its respondents behave as the model says."""

import random

from assessments.simulation import Model, answer_as, draw_person, report, simulate
from assessments.specs import load_default_questionnaire

SELF = load_default_questionnaire("pm-motivators")


def test_the_same_seed_gives_the_same_figures():
    first = simulate(SELF, respondents=60, seed=3, careless=10)
    again = simulate(SELF, respondents=60, seed=3, careless=10)
    assert first == again
    assert first != simulate(SELF, respondents=60, seed=4, careless=10)


def test_clear_people_are_mostly_recovered_and_never_reversed():
    # About three in ten simulated people are clear cases; 500 gives well over 100 of them.
    figures = simulate(SELF, respondents=500, seed=5, careless=0)
    assert figures.respondents == 500 and figures.clear > 100
    assert figures.recovery > 0.75
    assert figures.wrong_pole < 0.02


def test_a_strong_trait_shows_in_the_answers():
    model = Model(noise=0.0, dimension_share=1.0)
    person = draw_person(SELF, model, random.Random(1))
    for key in person.dimensions:
        person.dimensions[key] = 4.0
    answers = answer_as(SELF, person, model, random.Random(1))
    for item in SELF.likert_items():
        assert item.keyed(answers[item.key], SELF.scale) == SELF.scale.max


def test_the_report_names_every_target():
    figures = simulate(SELF, respondents=20, seed=1, careless=2)
    text = "\n".join(report(figures, Model(), seed=1, slug="pm-motivators"))
    for name in (
        "recovery of clear cases", "wrong pole", "close cases held", "mean extra items",
        "honest respondents withheld", "same-person topic rate",
    ):  # fmt: skip
        assert name in text
