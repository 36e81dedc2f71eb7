"""`abonent load_defaults [--from DIR] [--reset]`: create the shipped (or exported) defaults that are missing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from abonent.core.defaults import DefaultsFileError, load_all


class Command(BaseCommand):
    help = "Load every app's defaults; rows that exist are kept as the operator left them unless --reset."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", help="A directory written by export_defaults")
        parser.add_argument("--reset", action="store_true", help="Overwrite existing rows with the file's values")

    def handle(self, *args, source=None, reset=False, **options):
        try:
            results = load_all(Path(source) if source else None, reset=reset)
        except (DefaultsFileError, OSError) as error:
            raise CommandError(str(error)) from None
        for name, result in results.items():
            self.stdout.write(
                f"{name}: {result.created} created, {result.updated} updated, {result.unchanged} unchanged"
            )
