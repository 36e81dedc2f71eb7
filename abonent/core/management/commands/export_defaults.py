"""`abonent export_defaults DIR`: write the operator's current defaults as `DIR/<app>/<name>.yaml`."""

from pathlib import Path

from django.core.management.base import BaseCommand

from abonent.core.defaults import export_all


class Command(BaseCommand):
    help = "Export every app's current defaults in the format load_defaults --from reads."

    def add_arguments(self, parser):
        parser.add_argument("target", help="Directory to write into")

    def handle(self, *args, target, **options):
        for path in export_all(Path(target)):
            self.stdout.write(str(path))
