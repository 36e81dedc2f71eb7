"""`abonent processes_daily [--date YYYY-MM-DD]`: start and end temporary suspensions, remind before the end.

Run it once a day (cron, or the Celery beat task processes.daily); a second run the same day changes nothing.
"""

import datetime as dt

from django.core.management.base import BaseCommand

from abonent.processes import actions


class Command(BaseCommand):
    help = "Start planned suspensions, end those whose last day passed, and remind a few days before the end."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=dt.date.fromisoformat, default=None, help="Run as of this day")

    def handle(self, *args, **options):
        counts = actions.daily(options["date"])
        self.stdout.write(
            f"Suspensions started: {counts['started']}, ended: {counts['ended']}, reminders: {counts['reminded']}."
        )
