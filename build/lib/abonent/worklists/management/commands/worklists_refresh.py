from django.core.management.base import BaseCommand, CommandError

from abonent.worklists import services
from abonent.worklists.choices import WorkList


class Command(BaseCommand):
    help = "Recompute the hot and warm churn lists from live data (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("lists", nargs="*", help="hot, warm (both when none given)")

    def handle(self, *args, lists=None, **options):
        for work_list in lists or [WorkList.HOT, WorkList.WARM]:
            if work_list not in (WorkList.HOT, WorkList.WARM):
                raise CommandError(f"Unknown list {work_list!r}: hot or warm.")
            result = services.refresh_list(work_list)
            self.stdout.write(
                f"{work_list}: added {result.added}, already on it {result.kept}, no longer on it {result.cancelled}"
            )
