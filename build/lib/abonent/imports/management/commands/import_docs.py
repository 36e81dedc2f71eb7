"""`abonent import_docs [DIR]`: write docs/imports/<kind>.md from the format spec the importer checks against."""

from pathlib import Path

from django.core.management.base import BaseCommand

from abonent.imports.formats import FORMATS, markdown


class Command(BaseCommand):
    help = "Write the import format pages (docs/imports/<kind>.md) from abonent/imports/formats.py."

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", default="docs/imports")

    def handle(self, *args, directory, **options):
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        for kind in FORMATS:
            (folder / f"{kind}.md").write_text(markdown(kind), encoding="utf-8")
            self.stdout.write(str(folder / f"{kind}.md"))
