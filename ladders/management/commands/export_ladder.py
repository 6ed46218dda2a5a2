from django.core.management.base import BaseCommand, CommandError

from core.interchange import shorten
from ladders.files import export_ladder
from ladders.models import Ladder


class Command(BaseCommand):
    help = (
        "Print a ladder's published version as a ladder file (YAML by default), for "
        "import_ladder or version control."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug", help="The ladder's slug, e.g. product-management.")
        parser.add_argument("--format", choices=["yaml", "json"], default="yaml")

    def handle(self, *args, slug: str, format: str, **options) -> None:
        published = Ladder.objects.published()
        ladder = published.filter(slug=slug).first()
        if ladder is None:
            known = ", ".join(published.values_list("slug", flat=True)) or "none yet"
            raise CommandError(
                f'No ladder with slug "{shorten(slug)}" (known: {known}).', returncode=2
            )
        self.stdout.write(export_ladder(ladder, format), ending="")
