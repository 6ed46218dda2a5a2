from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from assessments.services import QuestionnaireUnavailable
from careers.demo import DEMO_PASSWORD, DEMO_PEOPLE, DEMO_TEAM, seed_demo


class Command(BaseCommand):
    help = (
        "Create the demo organisation (admin, manager, pm, pm2, pm3) and manager's invented "
        "team with finished results. Local use only; run load_defaults first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even with DJANGO_DEBUG off (not advised)."
        )

    def handle(self, *args, force: bool = False, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a published password, so it refuses to run "
                "with DJANGO_DEBUG off. Pass --force if you really mean it.",
                returncode=2,
            )
        try:
            people = {user.username: user for user in seed_demo(team=True)}
        except QuestionnaireUnavailable as exc:
            raise CommandError(f"{exc} (the demo team's results need it).", returncode=2) from exc
        self.stdout.write(f"Demo accounts ready (password: {DEMO_PASSWORD}):")
        for person in DEMO_PEOPLE:
            user = people[person.username]
            role = (
                "admin"
                if user.is_superuser
                else (f"reports to {user.manager.username}" if user.manager else "no manager")
            )
            self.stdout.write(f"  {user.username:<8} {user.get_full_name():<26} {role}")
        private = [person.username for person in DEMO_TEAM if not person.shares]
        self.stdout.write(
            f"  and manager's demo team, each with a finished result, shared except by "
            f"{', '.join(private)}: {', '.join(person.username for person in DEMO_TEAM)}"
        )
