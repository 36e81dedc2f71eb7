"""The demo generator: deterministic, shaped like the import formats, and believable in its shares."""

from datetime import date, timedelta

import numpy as np
import polars as pl
import pytest

from abonent.demo import data, generator, scenario
from abonent.imports.formats import FORMATS

TODAY = date(2026, 5, 20)


@pytest.fixture(scope="module")
def frames():
    return generator.generate(size=3000, seed=5, months=24, today=TODAY)


def test_same_seed_and_size_give_identical_frames(frames):
    again = generator.generate(size=3000, seed=5, months=24, today=TODAY)
    assert list(again) == list(frames)
    for kind in frames:
        assert again[kind].equals(frames[kind]), kind


def test_another_seed_gives_another_operator(frames):
    other = generator.generate(size=3000, seed=6, months=24, today=TODAY)
    assert not other["subscribers"].equals(frames["subscribers"])
    assert not other["payments"].equals(frames["payments"])


def test_every_kind_has_rows_and_exactly_the_import_columns(frames):
    assert list(frames) == ["tariffs", "subscribers", "services", "charges", "payments", "usage"]
    for kind, frame in frames.items():
        assert frame.height > 0, kind
        assert frame.columns == [c.name for c in FORMATS[kind].columns], kind


def test_streamed_files_equal_the_frames_written_at_once(tmp_path):
    whole = generator.write_files(generator.generate(size=300, seed=3, months=6, today=TODAY), tmp_path / "a")
    streamed = generator.generate_files(tmp_path / "b", size=300, seed=3, months=6, today=TODAY)
    assert set(whole) == set(streamed) == set(generator.KINDS)
    for kind in whole:
        assert whole[kind].read_bytes() == streamed[kind].read_bytes(), kind
    header, first = whole["payments"].read_text(encoding="utf-8").splitlines()[:2]
    assert header == "payment_id;account;paid_at;amount;channel"
    assert len(first.split(";")) == 5


def test_shares_of_the_base():
    op = generator.build_operator(size=20000, seed=42, months=36, today=TODAY)
    subscribers = generator.subscribers_frame(op)
    business = subscribers.filter(pl.col("kind") == "business")
    assert 0.09 < business.height / subscribers.height < 0.11
    assert subscribers["city"].unique().to_list() == [data.CITY]
    assert 5 <= subscribers["district"].n_unique() <= 8
    assert business["name"].str.contains("^(ООО|АО|ИП) ").all()
    assert subscribers["phones"].str.contains(r"^7\d{10}(,7\d{10})?$").all()
    assert subscribers["account"].n_unique() == subscribers.height
    # Monthly churn over the last 12 months: about 2 % of residential, far less of business.
    for kind, low, high in (("residential", 1.5, 2.5), ("business", 0.1, 0.8)):
        rate = _monthly_churn(subscribers.filter(pl.col("kind") == kind), date(2025, 5, 1), 12)
        assert low < rate < high, (kind, rate)


def _monthly_churn(subscribers: pl.DataFrame, start: date, months: int) -> float:
    """Churned in the period / average base / months, percent."""
    end = date(start.year + (start.month - 1 + months) // 12, (start.month - 1 + months) % 12 + 1, 1)
    churned = subscribers.filter(pl.col("disconnected_on").is_between(start, end, closed="left")).height

    def base(day):
        return subscribers.filter(
            (pl.col("connected_on") < day) & (pl.col("disconnected_on").is_null() | (pl.col("disconnected_on") >= day))
        ).height

    return churned / ((base(start) + base(end)) / 2) / months * 100


def test_disconnected_subscribers_have_dates_and_valid_reasons(frames):
    subscribers = frames["subscribers"]
    gone = subscribers.filter(pl.col("status") == "disconnected")
    staying = subscribers.filter(pl.col("status") != "disconnected")
    assert gone.height > 0
    assert gone["disconnected_on"].null_count() == 0
    assert gone["churn_reason"].null_count() == 0
    assert set(gone["churn_reason"].unique()) <= set(data.REASON_NORMS)
    assert (gone["disconnected_on"] > gone["connected_on"]).all()
    assert gone["disconnected_on"].max() <= TODAY
    assert staying["disconnected_on"].null_count() == staying.height
    assert staying["churn_reason"].null_count() == staying.height
    assert set(subscribers["status"].unique()) == {"active", "suspended", "blocked", "disconnected"}


def test_churn_structure_deviates_from_norms_where_intended():
    op = generator.build_operator(size=40000, seed=42, months=36, today=TODAY)
    gone = generator.subscribers_frame(op).filter(pl.col("disconnected_on") >= TODAY - timedelta(days=365))
    share = {
        row["churn_reason"]: row["proportion"] * 100
        for row in gone["churn_reason"].value_counts(normalize=True).iter_rows(named=True)
    }

    def group(*codes):
        return sum(share.get(c, 0) for c in codes), sum(data.REASON_NORMS[c] for c in codes)

    service, service_norm = group("could_not_get_through", "slow_repair", "rude_staff")
    quality, quality_norm = group("low_speed", "outages", "tv_picture")
    financial, financial_norm = group("temporary_money_trouble")
    assert service > 2 * service_norm  # 7 % norm
    assert quality > quality_norm + 2
    assert share["competitor"] > data.REASON_NORMS["competitor"] + 2
    assert financial < financial_norm / 1.5


def test_services_cover_every_account_and_tariffs_change(frames):
    services = frames["services"]
    assert set(services["account"]) == set(frames["subscribers"]["account"])
    assert set(services["tariff"]) <= set(frames["tariffs"]["code"])
    closed = services.filter(pl.col("ended_on").is_not_null())
    assert (closed["ended_on"] >= closed["started_on"]).all()
    # Some accounts changed tariff: two services of the same kind, one ending the day before the other starts.
    per_account = services.group_by("account").len()
    assert per_account["len"].max() >= 2
    business_fee = (
        frames["charges"]
        .join(frames["subscribers"].select("account", "kind"), on="account")
        .filter((pl.col("kind") == "business") & (pl.col("month") == date(2026, 4, 1)))["charged"]
        .mean()
    )
    assert 7000 < business_fee < 13000  # ARPU of a business client from 10 000 RUB (seed 003)


def test_balance_is_previous_balance_plus_payments_minus_charge(frames):
    charges = frames["charges"].sort("account", "month")
    paid = (
        frames["payments"]
        .with_columns(month=pl.col("paid_at").dt.date().dt.month_start())
        .group_by("account", "month")
        .agg(pl.col("amount").sum().alias("paid"))
    )
    checked = (
        charges.join(paid, on=["account", "month"], how="left")
        .with_columns(
            pl.col("paid").fill_null(0),
            previous=pl.col("balance").shift(1).over("account"),
            first=pl.col("month") == pl.col("month").min().over("account"),
        )
        .filter(~pl.col("first"))
        .with_columns(expected=pl.col("previous") + pl.col("paid") - pl.col("charged"))
    )
    assert checked.height > 10000
    assert (checked["expected"] - checked["balance"]).abs().max() < 0.011


def test_debtors_are_blocked_and_payments_look_like_an_operators(frames):
    last = (
        frames["charges"]
        .filter(pl.col("month") == date(2026, 5, 1))
        .join(frames["subscribers"].select("account", "status"), on="account")
    )
    blocked = last.filter(pl.col("status") == "blocked")
    assert blocked.height > 0
    assert (blocked["balance"] < 0).all()
    assert (blocked["charged"] == 0).mean() > 0.7  # nothing is charged from the month after the block
    assert 0.05 < (last["balance"] < 0).mean() < 0.35
    payments = frames["payments"]
    assert set(payments["channel"].unique()) == set(data.PAYMENT_CHANNELS)
    assert payments["payment_id"].n_unique() == payments.height
    assert (payments["amount"] > 0).all()
    assert payments["paid_at"].max().date() <= TODAY
    # Not everyone pays every month: fewer payments than charged months, but most months are paid.
    assert 0.7 < payments.height / frames["charges"].height < 1.0


def test_traffic_falls_before_some_subscribers_leave():
    op = generator.build_operator(size=6000, seed=9, months=18, today=TODAY)
    usage = pl.concat([m["usage"] for m in generator.iter_months(op, ["usage"]) if "usage" in m])
    assert usage["date"].n_unique() == generator.USAGE_MONTHS
    accounts = op.accounts.to_numpy()
    month_before = pl.col("date") == pl.col("date").max().over("account")
    # Leavers flagged with a drop, whose last full month is in the usage window: last month far below their first.
    leavers = accounts[op.traffic_drop & (op.disconnected < generator._day(date(2026, 3, 1)))]
    droppers = (
        usage.filter(pl.col("account").is_in(leavers.tolist()))
        .group_by("account")
        .agg(first=pl.col("bytes").sort_by("date").first(), last=pl.col("bytes").filter(month_before).first())
        .filter(pl.col("first") > 0)
    )
    stayers = usage.filter(~pl.col("account").is_in(accounts[op.disconnected < generator.NEVER].tolist()))
    assert droppers.height > 20
    assert (droppers["last"] / droppers["first"]).median() < 0.4
    stayer_ratio = (
        stayers.group_by("account")
        .agg(ratio=pl.col("bytes").sort_by("date").last() / pl.col("bytes").sort_by("date").first())["ratio"]
        .median()
    )
    assert 0.7 < stayer_ratio < 1.5


def test_requests_are_planned_in_every_state_and_match_the_churners():
    subscribers = generator.subscribers_frame(generator.build_operator(size=400, seed=1, months=36, today=TODAY))
    plans = scenario.plan_requests(subscribers, seed=1, today=TODAY)
    assert {p.status for p in plans} == {
        "new",
        "reason_established",
        "offer_made",
        "retained",
        "suspended",
        "relocated",
        "withdrawn",
        "disconnected",
    }
    assert len({p.account for p in plans}) == len(plans)
    rows = {row["account"]: row for row in subscribers.iter_rows(named=True)}
    for plan in plans:
        row = rows[plan.account]
        assert plan.received_at.date() >= row["connected_on"]
        assert plan.received_at.date() <= TODAY
        if plan.closed_at:
            assert plan.received_at <= plan.closed_at
        if plan.status == "disconnected":
            assert (plan.reason, plan.disconnected_on) == (row["churn_reason"], row["disconnected_on"])
            assert bool(plan.offer) == (plan.reason not in scenario.UNMANAGED)
        else:
            assert row["status"] != "disconnected"
    before = scenario.before_requests(subscribers, plans)
    reopened = before.filter(pl.col("account").is_in([p.account for p in plans if p.status == "disconnected"]))
    assert reopened["status"].unique().to_list() == ["active"]
    assert reopened["disconnected_on"].null_count() == reopened.height
    others = ~pl.col("account").is_in(reopened["account"].to_list())
    assert before.filter(others).equals(subscribers.filter(others))


def test_sizes_and_months_are_checked():
    with pytest.raises(ValueError):
        generator.build_operator(size=0)
    assert np.all(np.diff(generator.build_operator(size=50, seed=1, months=3, today=TODAY).connected) >= 0)
