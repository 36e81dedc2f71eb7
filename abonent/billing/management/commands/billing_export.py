"""`abonent billing_export [--format csv|xlsx] [--state pending] [--kind ...] [--output FILE] [--mark-sent]`.

Writes the outbox in the documented format (docs/billing/outbox.md) to a file or stdout (CSV); with --mark-sent the
exported pending actions become sent (via "file", the file's name as billing's reference) after the file is
written.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from abonent.billing import actions, services
from abonent.billing.choices import ActionKind, ActionState, SentVia
from abonent.billing.models import BillingAction


class Command(BaseCommand):
    help = "Export the billing actions (CSV or XLSX, documented in docs/billing/outbox.md); optionally mark them sent."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
        parser.add_argument("--state", choices=ActionState.values, default=ActionState.PENDING)
        parser.add_argument("--kind", choices=ActionKind.values, action="append", help="Repeat for several kinds.")
        parser.add_argument("--output", "-o", help="File to write; CSV goes to stdout without it.")
        parser.add_argument("--mark-sent", action="store_true", help="Mark the exported pending actions sent.")

    def handle(self, *args, **options):
        rows = BillingAction.objects.filter(state=options["state"]).order_by("created_at", "pk")
        if options["kind"]:
            rows = rows.filter(kind__in=options["kind"])
        ids = list(rows.values_list("pk", flat=True))
        rows = BillingAction.objects.filter(pk__in=ids).order_by("created_at", "pk")
        data = services.export_csv(rows) if options["format"] == "csv" else services.export_xlsx(rows)
        output = options["output"]
        if output:
            Path(output).write_bytes(data)
        elif options["format"] == "xlsx":
            raise CommandError("XLSX needs --output FILE.")
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        sent = 0
        if options["mark_sent"] and options["state"] == ActionState.PENDING:
            reference = Path(output).name if output else "stdout"
            sent = len(actions.mark_sent(ids, user=None, via=SentVia.FILE, reference=reference).sent)
        self.stderr.write(f"Exported: {len(ids)}, marked sent: {sent}.")
