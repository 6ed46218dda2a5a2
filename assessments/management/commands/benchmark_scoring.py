import os
import platform

from django.core.management.base import BaseCommand, CommandParser

from assessments.benchmark import run_benchmark


def pin_to_one_core() -> str:
    """Run on a single CPU where the OS allows it, so the figure is per core."""
    if not hasattr(os, "sched_setaffinity"):
        return "one thread (CPU pinning is not available here)"
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"one core (pinned to CPU {cpu})"


class Command(BaseCommand):
    help = (
        "Time score() in process on the shipped pm-motivators questionnaire with every item "
        "answered, and print scorings per second. Not part of make test."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seconds", type=float, default=3.0, help="How long to keep scoring (default 3)."
        )

    def handle(self, *args, seconds: float, **options) -> None:
        core = pin_to_one_core()
        result = run_benchmark(seconds)
        micro = 1_000_000 * result["seconds"] / result["scorings"]
        self.stdout.write(
            f"Scoring {result['questionnaire']}: {result['answers']} answers per assessment, "
            f"on {core}.\n"
            f"  {result['scorings']:,} scorings in {result['seconds']:.2f} s\n"
            f"  {result['per_second']:,.0f} scorings per second, {micro:.1f} µs per scoring\n"
            f"  Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
            f"{os.cpu_count()} CPUs in the machine"
        )
