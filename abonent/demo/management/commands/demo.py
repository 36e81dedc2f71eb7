"""`abonent demo`: load a believable demo operator with users in every role and requests in every state."""

import os
import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from abonent.demo.services import DEMO_USERS, PASSWORD, DemoError, load_demo
from abonent.subscribers.models import Subscriber


class Command(BaseCommand):
    help = "Generate a demo operator (subscribers, tariffs, services, charges, payments, usage, requests) and load it."

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, default=20000, help="Subscribers (accounts) to generate.")
        parser.add_argument("--seed", type=int, default=42, help="Random seed: the same seed and size, the same data.")
        parser.add_argument("--months", type=int, default=36, help="Months of history.")
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="The last day of the history, YYYY-MM-DD (default: today).",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Remove the operator's data first (subscribers, history, requests, import runs); "
            "the churn classifier and users stay.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only when there are no subscribers yet (so `scripts/up` can be run again safely).",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bars.")

    def handle(self, *args, size, seed, months, today, reset, if_empty, no_progress, **options):
        if size < 1 or months < 1:
            raise CommandError("--size and --months must be positive.")
        if if_empty and not reset:
            if Subscriber.objects.exists():
                self.stdout.write("Subscribers are already loaded; nothing generated.")
                self._print_logins()
                return
        show = not no_progress and sys.stderr.isatty()
        try:
            result = load_demo(
                size=size,
                seed=seed,
                months=months,
                today=today,
                reset=reset,
                make_progress=self._progress if show else None,
                log=self.stdout.write,
            )
        except DemoError as exc:
            raise CommandError(str(exc)) from exc

        loaded = ", ".join(f"{kind} {rows}" for kind, rows in result.rows.items())
        self.stdout.write(f"Loaded in {result.seconds['import']:.1f} s: {loaded}.")
        requests = ", ".join(f"{status} {n}" for status, n in sorted(result.requests.items()))
        self.stdout.write(f"Disconnection requests ({result.seconds['requests']:.1f} s): {requests}.")
        self._print_logins()

    def _print_logins(self):
        # The port `scripts/up` serves on (PORT, 8000 by default), so the link printed is the one that answers.
        port = os.environ.get("PORT") or "8000"
        self.stdout.write(self.style.SUCCESS(f"Open http://127.0.0.1:{port} — log in as head / {PASSWORD}"))
        for username, role, _first, _last in DEMO_USERS[1:]:
            self.stdout.write(f"  also {username} / {PASSWORD} ({role})")

    def _progress(self, kind: str, rows: int):
        from tqdm import tqdm

        bar = tqdm(total=rows, desc=f"{kind:<12}", unit=" rows", unit_scale=True, leave=True, file=sys.stderr)

        def update(processed: int, total: int) -> None:
            if total and bar.total != total:
                bar.total = total
            bar.update(max(0, processed - bar.n))

        def close() -> None:
            bar.update(max(0, (bar.total or 0) - bar.n))
            bar.close()

        return update, close
