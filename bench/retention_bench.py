"""Retention reports benchmark: the effectiveness report, the economics and the bonuses over many offers.

Creates (in the database of ABONENT_HOME / DATABASE_URL, which must be migrated and may be empty) `--subscribers`
subscribers and `--offers` retention offers spread over 12 months, then times each report (best of 3 after a
warm-up) against a baseline from the same run: one aggregate query over the same offers joined to their
subscribers (the floor any report must read).

    ABONENT_HOME=/tmp/rb .venv/bin/abonent migrate && ABONENT_HOME=/tmp/rb .venv/bin/python bench/retention_bench.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random

from _common import best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=50_000)
    parser.add_argument("--offers", type=int, default=100_000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "abonent.settings")
    import django

    django.setup()
    from django.db.models import Count, Sum
    from django.utils import timezone

    from abonent.retention import reports
    from abonent.retention.models import Measure, RetentionOffer
    from abonent.subscribers.models import Subscriber

    rng = random.Random(42)
    today = timezone.localdate()
    start = today.replace(year=today.year - 1)
    RetentionOffer.objects.all().delete()
    Subscriber.objects.filter(external_id__startswith="RB").delete()
    subs = [
        Subscriber(
            external_id=f"RB{i:07d}",
            name=f"Bench {i}",
            connected_on=start - dt.timedelta(days=400),
            arpu=rng.choice([450, 600, 900]),
            status="disconnected" if i % 7 == 0 else "active",
            disconnected_on=start + dt.timedelta(days=rng.randrange(365)) if i % 7 == 0 else None,
        )
        for i in range(args.subscribers)
    ]
    Subscriber.objects.bulk_create(subs, batch_size=5000)
    ids = list(Subscriber.objects.filter(external_id__startswith="RB").values_list("pk", flat=True))
    measures = list(Measure.objects.all())
    offers = []
    for _ in range(args.offers):
        measure = rng.choice(measures)
        made = timezone.make_aware(dt.datetime.combine(start + dt.timedelta(days=rng.randrange(365)), dt.time(12)))
        offers.append(
            RetentionOffer(
                subscriber_id=rng.choice(ids),
                measure=measure,
                made_at=made,
                answer=rng.choice(["accepted", "declined", "thinking"]),
                cost=measure.total_cost,
            )
        )
    RetentionOffer.objects.bulk_create(offers, batch_size=5000)

    def baseline():
        list(
            RetentionOffer.objects.filter(**reports.between("made_at", start, today))
            .values("measure_id", "subscriber__status")
            .annotate(n=Count("pk"), cost=Sum("cost"), arpu=Sum("subscriber__arpu"))
        )

    floor = best(baseline)
    print(f"offers {args.offers}, subscribers {args.subscribers}, database {django.db.connection.vendor}")
    print(f"baseline aggregate query: {floor:.3f} s")
    for name, fn in [
        ("effectiveness (12 months)", lambda: reports.effectiveness(start, today)),
        ("economics (12 months)", lambda: reports.economics(start, today)),
        ("bonuses (one month)", lambda: reports.bonuses(today.replace(day=1))),
    ]:
        seconds = best(fn)
        print(f"{name}: {seconds:.3f} s ({seconds / floor:.1f}x baseline)")


if __name__ == "__main__":
    main()
