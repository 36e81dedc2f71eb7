"""One definition of a *kept* disconnection request and of the *kept share* (docs/reports/kept.md).

A request is **kept** when it ended retained, suspended instead or relocated: the subscriber stays. It is
**decided** when it ended kept or disconnected. A withdrawn request (the subscriber changed their mind) is no
retention result either way, so it is left out of the share's numerator and denominator alike:

    kept share = kept ÷ (kept + disconnected) × 100

Diagnostics (requests received in the period), the audit scorecard (requests closed in the period) and the
retention reports take the definition from here; which requests are counted is the caller's (its queryset).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from .choices import RequestStatus

KEPT: tuple[str, ...] = (RequestStatus.RETAINED, RequestStatus.SUSPENDED, RequestStatus.RELOCATED)
DECIDED: tuple[str, ...] = (*KEPT, RequestStatus.DISCONNECTED)


def kept_share(kept: int, disconnected: int) -> Decimal | None:
    """Kept requests among the decided ones, in percent (0–100); None when none was decided."""
    decided = kept + disconnected
    return Decimal(kept) * 100 / decided if decided else None


@dataclass(frozen=True)
class KeptCount:
    """A set of requests by how they ended, as far as the kept share is concerned."""

    kept: int
    disconnected: int
    withdrawn: int

    @property
    def decided(self) -> int:
        return self.kept + self.disconnected

    @property
    def share(self) -> Decimal | None:
        return kept_share(self.kept, self.disconnected)


def count_kept(queryset: QuerySet) -> KeptCount:
    """Count a queryset of disconnection requests kept / disconnected / withdrawn, in one aggregate query."""
    counts = queryset.aggregate(
        kept=Count("pk", filter=Q(status__in=KEPT)),
        disconnected=Count("pk", filter=Q(status=RequestStatus.DISCONNECTED)),
        withdrawn=Count("pk", filter=Q(status=RequestStatus.WITHDRAWN)),
    )
    return KeptCount(counts["kept"], counts["disconnected"], counts["withdrawn"])


def count_kept_by(queryset: QuerySet, field: str) -> dict:
    """`count_kept` per value of `field` (a manager, a month…), in one grouped query: {value: KeptCount}."""
    rows = (
        queryset.order_by()
        .values(field)
        .annotate(
            kept=Count("pk", filter=Q(status__in=KEPT)),
            disconnected=Count("pk", filter=Q(status=RequestStatus.DISCONNECTED)),
            withdrawn=Count("pk", filter=Q(status=RequestStatus.WITHDRAWN)),
        )
    )
    return {row[field]: KeptCount(row["kept"], row["disconnected"], row["withdrawn"]) for row in rows}
