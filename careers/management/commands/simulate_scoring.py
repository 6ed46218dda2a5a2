from django.core.management.base import BaseCommand, CommandParser

from assessments.scoring import QuestionnaireSnapshot, ScoreResult
from assessments.simulation import Model, report, simulate
from assessments.specs import QuestionnaireSpec, load_default_questionnaire
from careers.comparison import compare


def count_topics(spec: QuestionnaireSpec, self_view: ScoreResult, manager: ScoreResult) -> int:
    """The topics the team page would raise for this pair of results."""
    dimensions = QuestionnaireSnapshot.of(spec).dimensions
    return len(compare(dimensions, self_view, manager, first_name="Sam").topics)


class Command(BaseCommand):
    help = (
        "Simulate respondents with known motivations (the model is in docs/scoring.md), "
        "score them with the shipped questionnaires and print how well the scoring recovers "
        "them. Repeatable: the same seed gives the same figures. Not part of make test."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--respondents", type=int, default=20_000, help="Honest respondents (default 20000)."
        )
        parser.add_argument(
            "--noise",
            type=float,
            default=Model.noise,
            help=f"Item noise as a multiple of the model's (default {Model.noise}).",
        )

    def handle(self, *args, seed: int, respondents: int, noise: float, **options) -> None:
        spec = load_default_questionnaire("pm-motivators")
        observer = load_default_questionnaire("pm-motivators-observer")
        model = Model(noise=noise)
        figures = simulate(
            spec,
            observer,
            model=model,
            respondents=respondents,
            seed=seed,
            count_topics=count_topics,
        )
        self.stdout.write("\n".join(report(figures, model, seed=seed, slug=spec.slug)))
