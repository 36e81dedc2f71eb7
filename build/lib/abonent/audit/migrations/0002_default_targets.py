"""The shipped targets of the audit scorecard; the head changes them in the targets register."""

from decimal import Decimal

from django.db import migrations

# code, target, amber threshold, direction (a frozen copy: later metric changes must not rewrite history)
DEFAULTS = [
    ("inflow_rate", "2.0", "1.5", "higher"),
    ("inflow_vs_churn", "110", "100", "higher"),
    ("connection_rate", "85", "70", "higher"),
    ("reason_established_share", "95", "80", "higher"),
    ("offer_made_share", "90", "70", "higher"),
    ("kept_share", "40", "25", "higher"),
    ("managed_churn_share", "50", "65", "lower"),
    ("monthly_churn_rate", "1.5", "2.5", "lower"),
    ("calls_answered_share", "90", "80", "higher"),
    ("abandonment_rate", "5", "10", "lower"),
    ("average_talk_seconds", "240", "360", "lower"),
    ("callback_reach", "80", "60", "higher"),
    ("tariffs_above_market", "30", "50", "lower"),
    ("debtors_share", "5", "10", "lower"),
    ("receivables_to_billing", "10", "20", "lower"),
    ("blocked_share", "3", "6", "lower"),
]


def load_defaults(apps, schema_editor):
    AuditTarget = apps.get_model("audit", "AuditTarget")
    for code, target, amber, direction in DEFAULTS:
        AuditTarget.objects.get_or_create(
            code=code, defaults={"target": Decimal(target), "amber": Decimal(amber), "direction": direction}
        )


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
