"""What a result says to the person, in words: headline, experiments, cautions, an opener.

Pure: no Django. The numbers come from the stored result; this module only chooses the
words. Experiments are framed as product hypotheses — small, cheap tests of the reading —
because a questionnaire can point, but only trying the work can confirm.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from assessments.scoring import Outcome


def certainty(z: float | None) -> str:
    """How far the gap stands out from measurement noise, for a headline: "gap 2.1 times the
    measurement error". Cut down to one decimal, never rounded up."""
    if z is None:
        return ""
    return f"gap {math.floor(z * 10) / 10:.1f} times the measurement error"


def certainty_note(z: float | None) -> str:
    """One sentence on what that number means, so it is not read as "99% sure"."""
    if z is None:
        return ""
    return (
        "The gap between your two scores is that many times the difference that noise in "
        "answers typically makes: from about 2 up it rarely comes from noise alone. It shows "
        "which work energises you more, not the odds that a role will suit you."
    )


def headline(outcome: Outcome, strength: str | None) -> str:
    """The outcome in one phrase, named by its label: "A clear lean toward people leadership"."""
    if outcome.is_pole:
        name = outcome.label.lower()
        return f"A clear lean toward {name}" if strength == "clear" else f"Leaning toward {name}"
    if outcome == Outcome.HYBRID:
        return f"{outcome.label} pull on you: too close to call"
    if outcome == Outcome.INCONCLUSIVE:
        return f"{outcome.label}, and that is worth knowing"
    return f"{outcome.label} this time"


def summary(outcome: Outcome, strength: str | None) -> str:
    """Two or three sentences on what the outcome means for the person."""
    if outcome == Outcome.BUILDER:
        extra = (
            ""
            if strength == "clear"
            else " It's a lean, not a verdict, so test it before you plan around it."
        )
        return (
            "What gives you energy is the product itself: hard problems, the craft, shipping "
            "things you're proud of. The individual contributor path lets you grow in scope "
            "and influence without trading that work for a calendar full of one-to-ones." + extra
        )
    if outcome == Outcome.PEOPLE_LEADER:
        extra = (
            ""
            if strength == "clear"
            else " It's a lean, not a verdict, so test it before you plan around it."
        )
        return (
            "You get real satisfaction from other people's growth and from getting results "
            "through a team. People leadership means letting go of much of the product detail "
            "you do today, and your answers suggest that trade could suit you." + extra
        )
    if outcome == Outcome.HYBRID:
        return (
            "Building and leading both matter to you, and the gap between them is smaller "
            "than the questionnaire can measure. That is a real answer, not a failure: a "
            "role that mixes the two, such as Group PM, or a time-boxed trial is the honest "
            "way to find out which side wins."
        )
    if outcome == Outcome.INCONCLUSIVE:
        return (
            "None of the motivators we measure stood out strongly for you right now. That "
            "often means the choice is a little premature, or that something else is "
            "driving your next move, such as the team, the company or your life outside work. "
            "Exploring is the right next step, not choosing."
        )
    return (
        "Your answers didn't pass the checks we use to make sure a reading can be trusted, so "
        "rather than guess, we're not showing one. It isn't a judgement of you: it usually "
        "means the questionnaire was answered in a hurry or left partly blank."
    )


@dataclass(frozen=True)
class Experiment:
    title: str
    body: str
    hypothesis: str


EXPERIMENTS: dict[Outcome, list[Experiment]] = {
    Outcome.BUILDER: [
        Experiment(
            "Crack the problem nobody owns",
            "Pick the thorniest open question in your area, a metric that refuses to move or "
            "a segment you keep losing, and run six weeks of discovery on it yourself.",
            "Going deep on one hard problem keeps my energy up week after week.",
        ),
        Experiment(
            "Lead an initiative across teams, without reports",
            "Offer to drive a strategy or platform decision that spans several teams. You "
            "lead through insight and trust, the way principal PMs do.",
            "Influence without a reporting line feels like enough scope for me.",
        ),
        Experiment(
            "Teach one technique, then step back",
            "Run a short workshop for newer PMs on something you do well. Notice afterwards "
            "whether it filled you up or took energy away.",
            "I enjoy sharing the craft, but I'd rather do it than manage it.",
        ),
    ],
    Outcome.PEOPLE_LEADER: [
        Experiment(
            "Cover for a lead",
            "When a manager is on leave or a team is between hires, offer to be the interim "
            "lead for a month: the one-to-ones, the unblocking, the awkward conversations.",
            "The day-to-day people work energises me, not only the idea of it.",
        ),
        Experiment(
            "Mentor two PMs for a quarter",
            "Agree a goal with each, meet every two weeks, and measure success by their "
            "progress rather than your own output.",
            "Someone else's win feels as good to me as shipping my own.",
        ),
        Experiment(
            "Run a hiring loop from start to finish",
            "Write the role, interview, and lead the debrief. It's a taste of the less "
            "glamorous side: judgement calls about people and saying no kindly.",
            "I can make hard calls about people and still want more of this work.",
        ),
    ],
    Outcome.HYBRID: [
        Experiment(
            "Try a Group PM-shaped quarter",
            "Ask to support one or two PMs while keeping a slice of your own product work. "
            "Each Friday, note which half of the week you looked forward to.",
            "One side of the mix will clearly win once I live with both.",
        ),
        Experiment(
            "Lead a cross-functional initiative",
            "Bring design, engineering and another PM together around one shared goal. You "
            "practise leading people you don't manage while staying close to the product.",
            "I like coordinating people as much as solving the problem.",
        ),
        Experiment(
            "Keep a four-week energy log",
            "At the end of each day, jot down which tasks gave you energy and which drained "
            "it, sorted into building work and people work. Data beats gut feeling when it's "
            "this close.",
            "My energy log will lean one way even though my answers didn't.",
        ),
    ],
    Outcome.INCONCLUSIVE: [
        Experiment(
            "Take a stretch project in new territory",
            "Ask for work outside your usual patch: a new market, a platform, a growth "
            "problem. Unfamiliar ground often shows what you actually care about.",
            "Something new will tell me more than more of the same.",
        ),
        Experiment(
            "Start a small side project",
            "Build something small outside your day job, or organise a meet-up. Watch which "
            "part you enjoy most: making the thing, or bringing the people together.",
            "Outside the pressure of my role, my preference will show.",
        ),
        Experiment(
            "Gather a personal board of directors",
            "Ask three people, one IC leader, one people manager and one outside your company, "
            "a single specific question each about what their week is really like.",
            "Hearing about real weeks will make one of them sound like mine.",
        ),
    ],
}

WITHHELD_STEPS = [
    "Retake it when you have fifteen quiet minutes, without distractions.",
    "Answer for how you feel in most weeks, not on your best or worst day.",
    "Read each statement to the end: some are worded the other way round on purpose, and "
    "one asks for a particular answer to check the questionnaire is being read.",
]


def experiments_for(outcome: Outcome) -> list[Experiment]:
    return EXPERIMENTS.get(outcome, [])


FLAG_TITLES = {
    "forced_choice_disagreement": "Your either-or choices tell a slightly different story",
    "long_run": "Many answers in a row were the same",
    "low_spread": "Your answers barely varied",
    "acquiescence": "You agreed with most statements, however they were worded",
    "title_pull": "Check what the pull is really toward",
    "low_energy": "Energy is low on both paths",
    "polite_yes": "Would this be a yes to be polite?",
    "team_without_people_work": "A team, or the people work?",
}


def flag_title(key: str) -> str:
    return FLAG_TITLES.get(key, "Something to keep in mind")


def conversation_opener(outcome: Outcome, next_title: str | None) -> str:
    """A few sentences the person can send their manager, or say, to start the talk."""
    goal = f"a {next_title}" if next_title else None
    if outcome == Outcome.BUILDER:
        aim = goal or "a more senior individual contributor role"
        return (
            "I've been thinking about where I want to grow. The part of the job that gives "
            "me the most energy is the product work itself, and I'd like to go deeper there "
            f"rather than move into managing people. One day I'd like to be {aim}. Could we "
            "talk about what I should focus on over the next six months to get ready, and "
            "which projects would stretch me in that direction?"
        )
    if outcome == Outcome.PEOPLE_LEADER:
        aim = goal or "a people leader"
        return (
            "I've been thinking about my next step. Helping other people grow is the part of "
            f"the job I enjoy most, and one day I'd like to be {aim}. Before that, I'd like "
            "to try it in a low-risk way, for example by mentoring someone or covering for a "
            "lead. Could we talk about what that could look like, and what you'd want to see "
            "from me to feel I'm ready?"
        )
    if outcome == Outcome.HYBRID:
        aim = f", perhaps as {goal}" if goal else ""
        return (
            "I'm drawn to both building products and leading people, and I'd like to find "
            "out which suits me better before committing to either. Could we talk about a way "
            f"to test it{aim}, or with a time-boxed trial of supporting a couple of PMs while "
            "I keep some product work of my own?"
        )
    return (
        "I've been reflecting on where I want my career to go, and I don't have a clear "
        "answer yet. I'd value your view on where you see me doing my best work, and whether "
        "there's a stretch project that would help me find out what I enjoy most."
    )


@dataclass(frozen=True)
class Confidant:
    """Someone to talk a result through with, when there is no manager to start with."""

    who: str
    why: str
    opener: str


def personal_board(outcome: Outcome) -> list[Confidant]:
    """A small personal board for a person with no manager on record: a mentor, a peer who
    made the move, and a people leader they trust, each with a first question to ask."""
    if outcome == Outcome.WITHHELD:
        return []
    lean = {
        Outcome.BUILDER: "going deeper in product work rather than managing people",
        Outcome.PEOPLE_LEADER: "moving toward leading people",
        Outcome.HYBRID: "a role that mixes building products and leading people",
    }.get(outcome, "working out which kind of growth suits me")
    return [
        Confidant(
            who="A mentor",
            why="Someone more senior who knows your work and will be honest with you.",
            opener=(
                f"I've been reflecting on my next step, and I'm drawn to {lean}. You've seen "
                "how I work: where do you think I do my best work, and what would you try "
                "first in my place?"
            ),
        ),
        Confidant(
            who="A peer who made the move",
            why="A PM who chose a path not long ago remembers what surprised them.",
            opener=(
                "You made your choice between the product path and the people path not long "
                "ago. What was a normal week like before and after, and what do you wish "
                "you'd known first?"
            ),
        ),
        Confidant(
            who="A people leader you trust",
            why="They know what leading a team asks of you day to day, the good and the hard.",
            opener=(
                "What do you spend most of your week on that nobody sees from the outside? "
                "I'm trying to tell whether I'd want that work, or only the idea of it."
            ),
        ),
    ]
