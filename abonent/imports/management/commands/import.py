"""`abonent import <kind> <file>`: load a billing export or a PBX/tickets/survey file, with a progress bar."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from abonent.imports.choices import ImportStatus
from abonent.imports.kinds import kinds
from abonent.imports.services import import_file


class Command(BaseCommand):
    help = "Import a billing export (CSV in UTF-8 or cp1251 with ; or , or XLSX) or a PBX log. Formats: docs/imports/."
    # The system checks load every URL configuration and so every view module (the risk model's pulls in LightGBM
    # and scikit-learn): seconds before a one-row file is read. An import needs only the database, which it opens
    # itself; `abonent check` and the server still run all of them.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(kinds()), help="What the file holds")
        parser.add_argument("file", help="CSV or XLSX file")
        parser.add_argument("--encoding", help="utf-8 or cp1251 (detected when left out)")
        parser.add_argument("--delimiter", help="; , or tab (detected when left out)")
        parser.add_argument("--sheet", help="XLSX sheet name or number (the first when left out)")
        parser.add_argument("--mapping", help="pbx_csv: name or id of the saved column mapping")
        parser.add_argument("--user", help="Username to record as the one who imported")
        parser.add_argument("--max-errors", type=int, default=50, help="Errors to print (all are kept in the run)")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar")

    def handle(
        self,
        *args,
        kind,
        file,
        encoding=None,
        delimiter=None,
        sheet=None,
        user=None,
        max_errors=50,
        no_progress=False,
        mapping=None,
        **options,
    ):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        account = None
        if user:
            try:
                account = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist:
                raise CommandError(f"No such user: {user}") from None
        bar = tqdm(
            total=0, unit=" rows", desc=kind, file=self.stderr._out, disable=no_progress, dynamic_ncols=True, leave=True
        )

        def progress(processed: int, total: int) -> None:
            if total and bar.total != total:
                bar.total = total
            bar.n = processed
            bar.refresh()

        try:
            run = import_file(
                kind,
                path,
                user=account,
                source="cli",
                encoding=encoding,
                delimiter=delimiter,
                sheet=sheet,
                progress=progress,
                **({"mapping": mapping} if mapping else {}),
            )
        finally:
            bar.close()
        self.stdout.write(f"Import #{run.pk} {run.get_status_display().lower()}: {run.message}")
        if run.status != ImportStatus.SUCCEEDED:
            for error in run.errors[:max_errors]:
                self.stdout.write(format_error(error))
            if run.error_count > min(max_errors, len(run.errors)):
                self.stdout.write(f"… and {run.error_count - min(max_errors, len(run.errors))} more")
            raise CommandError(f"import #{run.pk} failed; nothing was changed", returncode=1)


def format_error(error: dict) -> str:
    """file:row column «value» — expected"""
    where = error.get("file", "")
    if error.get("row"):
        where += f":{error['row']}"
    column = f" {error['column']}" if error.get("column") else ""
    value = f" «{error['value']}»" if error.get("value") not in (None, "") else ""
    return f"{where}{column}{value} — {error.get('expected', '')}"
