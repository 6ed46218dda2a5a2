from django.core.management.base import BaseCommand, CommandError

from careers.invitations import default_site_url, invite, new_people
from careers.models import User


class Command(BaseCommand):
    help = (
        "Email people an invitation to CareerPath: a one-time link to choose a password, or "
        "the sign-in page when single sign-on is on. --all-new invites everyone active with "
        "an email address who was never invited and never signed in; usernames invite those "
        "people (again, if they were invited before)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("usernames", nargs="*", metavar="USERNAME")
        parser.add_argument(
            "--all-new", action="store_true", help="Invite everyone not yet invited."
        )
        parser.add_argument(
            "--site-url",
            default=None,
            help="The address links start with (default: the first of "
            "DJANGO_CSRF_TRUSTED_ORIGINS, else http://127.0.0.1:8000).",
        )

    def handle(
        self, *args, usernames: list[str], all_new: bool, site_url: str | None, **options
    ) -> None:
        if all_new == bool(usernames):
            raise CommandError("Give either --all-new or one or more usernames.", returncode=2)
        if all_new:
            people = list(new_people())
        else:
            found = User.objects.in_bulk(usernames, field_name="username")
            unknown = [name for name in usernames if name not in found]
            if unknown:
                raise CommandError(f"No such people: {', '.join(unknown)}.", returncode=2)
            people = [found[name] for name in dict.fromkeys(usernames)]
        outcome = invite(people, (site_url or default_site_url()).rstrip("/"))
        self.stdout.write(f"Invited {outcome.describe_sent()}.")
        for line in outcome.not_sent():
            self.stderr.write(line)
        if outcome.failed:
            raise CommandError("Some invitations were not sent.", returncode=1)
