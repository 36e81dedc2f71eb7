from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from abonent.contracts import services


class Command(BaseCommand):
    help = _("Daily run of annual contracts: activate started ones, end expired ones, renewal reminders.")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=services.RENEWAL_NOTICE_DAYS, help="renewal notice, days")
        parser.add_argument("--date", help="run as of this day (YYYY-MM-DD)")

    def handle(self, *args, days, date=None, **options):
        import datetime as dt

        today = dt.date.fromisoformat(date) if date else None
        result = services.run_daily(today=today, days=days)
        self.stdout.write(f"activated {result.activated}, ended {result.ended}, renewal reminders {result.reminders}")
