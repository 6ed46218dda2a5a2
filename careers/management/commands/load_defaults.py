from django.core.management.base import BaseCommand

from assessments.files import load_default_questionnaires
from ladders.files import load_default_ladders


class Command(BaseCommand):
    help = "Load the shipped ladder and questionnaires; safe to run again."

    def handle(self, *args, **options) -> None:
        for line in [*load_default_ladders(), *load_default_questionnaires()]:
            self.stdout.write(line)
