"""The audit scorecard needs no demo rows of its own: its targets are the data migration's defaults."""

from .models import AuditTarget

ORDER = 99


def load(ctx) -> dict[str, int]:

    return {"audit targets": AuditTarget.objects.count()}


def operator_models() -> list:
    # The targets are the head's settings, like the churn classifier: `demo --reset` keeps them.
    return []
