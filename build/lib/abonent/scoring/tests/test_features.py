import datetime as dt

import polars as pl
import pytest

from abonent.scoring.features import FEATURES, features_at
from abonent.scoring.loader import load_history

from .fixtures import D, add_after, hand_subscriber

pytestmark = pytest.mark.django_db


def features(as_of=D):
    frame = features_at(load_history(until=as_of), as_of)
    return frame.row(0, named=True) if frame.height else None


def test_features_computed_by_hand():
    hand_subscriber()
    f = features()
    # Connected 15.06.2025: 365 days / 30.4375 = 11.99 months.
    assert f["tenure_months"] == pytest.approx(365 / 30.4375)
    # On D the 500 tariff is on; 90 days earlier (17.03) the 700 one: fee change -200, a downgrade.
    assert (f["monthly_fee"], f["fee_change_90d"], f["downgraded_90d"], f["n_services"]) == (500, -200, 1, 1)
    assert f["service_type"] == 0 and f["speed_mbps"] == 500
    # Closed months Dec…May (June ends after D): balances 100, -50, -20, 30, -10, 40.
    assert (f["balance_last"], f["months_negative_6"], f["min_balance_6"], f["charged_last"]) == (40, 3, -50, 500)
    # Payments 02.05 and 01.06: 14 days since the last; 1000 paid against 6 × 500 charged.
    assert (f["days_since_payment"], f["payments_180"]) == (14, 2)
    assert f["paid_to_charged_6"] == pytest.approx(1000 / 3000)
    # Recent window 19.05–15.06 (28 days): 25 days of 0.3 GB and 3 days without traffic = 7.5 GB / 28.
    # Baseline 24.02–18.05 (84 days) at 1 GB a day. Drop = 1 - 0.26786 = 73.2 %.
    assert f["usage_recent_gb"] == pytest.approx(7.5 / 28)
    assert f["usage_baseline_gb"] == pytest.approx(1.0)
    assert f["usage_drop_pct"] == pytest.approx(100 * (1 - 7.5 / 28))
    assert (f["zero_days_recent"], f["days_since_traffic"], f["stopped_using"]) == (3, 0, 0)
    # Tickets 20 and 60 days ago (one repeat, one complaint); the one 100 days ago is outside 90 days.
    assert (f["tickets_90"], f["repeat_tickets_90"], f["complaints_90"]) == (2, 1, 1)
    # Calls 10 (missed) and 40 days ago count; 100 days ago does not.
    assert (f["calls_30"], f["calls_90"], f["missed_calls_90"]) == (1, 2, 1)
    assert set(FEATURES) <= set(f)


def test_nothing_after_the_scoring_date_changes_the_features():
    s = hand_subscriber()
    before = features_at(load_history(until=D), D)
    add_after(s)
    # The loader is asked for data up to a later date on purpose: features_at must cut it at D itself.
    after = features_at(load_history(until=D + dt.timedelta(days=30)), D)
    assert after.equals(before)
    assert after.height == 1  # disconnected on D+5: still in the base as of D


def test_a_subscriber_disconnected_by_the_date_is_not_in_the_base():
    s = hand_subscriber()
    s.status, s.disconnected_on = "disconnected", D
    s.save()
    assert features_at(load_history(until=D), D).height == 0


def test_monthly_usage_counts_in_proportion_to_the_window():
    from abonent.scoring.features import History

    history = History.from_frames(
        subscribers=pl.DataFrame(
            {
                "subscriber_id": [1],
                "kind": ["residential"],
                "connected_on": [dt.date(2025, 1, 1)],
                "disconnected_on": [None],
            }
        ),
        usage=pl.DataFrame(
            {
                "subscriber_id": [1, 1, 1, 1],
                "start": [dt.date(2026, m, 1) for m in (2, 3, 4, 5)],
                "end": [dt.date(2026, 2, 28), dt.date(2026, 3, 31), dt.date(2026, 4, 30), dt.date(2026, 5, 31)],
                "bytes": [28e9, 31e9, 30e9, 0.0],
                "daily": [False] * 4,
            }
        ),
    )
    f = features_at(history, D).row(0, named=True)
    # Data ends 31.05: recent window 04.05–31.05 lies in May (0 GB); baseline 09.02–03.05: 20 days of February at
    # 1 GB, March 31, April 30, 3 days of May at 0: 81 GB / 84 days.
    assert f["usage_recent_gb"] == 0
    assert f["usage_baseline_gb"] == pytest.approx(81 / 84)
    assert f["stopped_using"] == 1 and f["usage_drop_pct"] == pytest.approx(100)
    assert f["zero_days_recent"] is None  # only daily data can say which days had no traffic
