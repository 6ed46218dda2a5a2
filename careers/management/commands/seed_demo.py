from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from careers.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Create the demo organisation (admin, manager, pm, pm2, pm3). Local use only."

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
        people = seed_demo()
        self.stdout.write(f"Demo accounts ready (password: {DEMO_PASSWORD}):")
        for user in people:
            role = (
                "admin"
                if user.is_superuser
                else (f"reports to {user.manager.username}" if user.manager else "no manager")
            )
            self.stdout.write(f"  {user.username:<8} {user.get_full_name():<26} {role}")
