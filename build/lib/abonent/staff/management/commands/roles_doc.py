"""`abonent roles_doc [FILE]`: write the role × permission matrix of docs/roles.md from staff.roles and the apps'
roles.py (the text around the matrix is kept)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from abonent.staff.roles import MATRIX_END, MATRIX_START, roles_markdown


class Command(BaseCommand):
    help = "Write the role × permission matrix in docs/roles.md from the code's role table."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default="docs/roles.md")

    def handle(self, *args, file, **options):
        page = Path(file)
        text = page.read_text(encoding="utf-8")
        if MATRIX_START not in text or MATRIX_END not in text:
            raise CommandError(f"{page} has no matrix markers; put {MATRIX_START!r} and {MATRIX_END!r} in it")
        before, rest = text.split(MATRIX_START, 1)
        after = rest.split(MATRIX_END, 1)[1]
        page.write_text(before + roles_markdown().rstrip("\n") + after, encoding="utf-8")
        self.stdout.write(str(page))
