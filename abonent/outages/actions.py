"""Recording an outage: the register's page, the API and the import all go through here (who recorded it)."""

from __future__ import annotations

from abonent.core.actions import save_with_history

from .models import Outage


def record_outage(*, user, **fields) -> Outage:
    outage = Outage(recorded_by=user if user and user.is_authenticated else None, **fields)
    outage.full_clean()
    save_with_history(outage, user)
    return outage
