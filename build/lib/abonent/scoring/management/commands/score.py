"""`abonent score [--train] [--date YYYY-MM-DD]`: retrain the risk models and/or score the active base."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from abonent.scoring.choices import RunStatus
from abonent.scoring.models import ScoringRun
from abonent.scoring.services import execute_run


class Command(BaseCommand):
    help = "Score the active base with the current risk models (--train: retrain them first)."

    def add_arguments(self, parser):
        parser.add_argument("--train", action="store_true", help="Retrain the 30- and 90-day models first")
        parser.add_argument("--date", help="Scoring date YYYY-MM-DD (today when left out)")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, train=False, date=None, no_progress=False, **options):
        try:
            as_of = dt.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError(f"not a date: {date}") from None
        from django.utils import timezone

        run = ScoringRun.objects.create(train=train, scored_on=as_of or timezone.localdate(), source="cli")
        bar = tqdm(total=100, desc="scoring", file=self.stderr._out, disable=no_progress, dynamic_ncols=True)

        def progress(percent: int, stage: str) -> None:
            bar.n = percent
            bar.set_postfix_str(stage)
            bar.refresh()

        try:
            execute_run(run, progress=progress)
        finally:
            bar.close()
        if run.status != RunStatus.SUCCEEDED:
            raise CommandError(f"scoring run #{run.pk} failed: {run.message}")
        self.stdout.write(f"Scoring run #{run.pk}: {run.message}")
        for model in filter(None, [run.model, run.model_30]):
            m = model.metrics
            self.stdout.write(
                f"  {model.horizon} days v{model.version}: AUC {m.get('auc')}, top-decile precision "
                f"{m.get('top_decile_precision')}, lift {m.get('top_decile_lift')}, base rate {m.get('base_rate')}, "
                f"train {m.get('n_train')} / test {m.get('n_test')}"
            )
