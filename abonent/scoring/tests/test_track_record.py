"""Issue 11, items 5–7: hollow models refused, fair ties, one-snapshot training, and the track record of past runs."""

import datetime as dt
from decimal import Decimal

import numpy as np
import polars as pl
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from abonent.scoring import learning, services
from abonent.scoring.choices import ModelKind, RunStatus
from abonent.scoring.features import features_at
from abonent.scoring.loader import load_history
from abonent.scoring.models import RiskScore, ScoringModel, ScoringRun
from abonent.subscribers.models import Payment, Service, Subscriber
from abonent.subscribers.services import data_as_of

from .conftest import METRICS
from .fixtures import D, at, learnable_operator, tariffs

# --- item 6: ties and hollow models ---------------------------------------------------------------------------------


def test_top_decile_averages_over_tied_ranks():
    # 20 subscribers, 3 churned: the top score 0.9 churned; the other 19 are tied at 0.5 and hold 2 churners, which
    # come first in the file. The top 10 % = 2 places: the 0.9 and one of the 19 tied (2 of whom churned).
    p = np.array([0.9] + [0.5] * 19)
    y = np.zeros(20)
    y[[0, 1, 2]] = 1
    precision, lift = learning.top_decile(y, p)
    assert precision == pytest.approx((1 + 2 / 19) / 2)  # 21/38 = 0.5526, not 1.0 from the file order
    assert lift == pytest.approx((21 / 38) / (3 / 20))
    # All tied: the cut is the base rate, whatever the order (was precision 1.0, lift 5.0 with churners first).
    y = np.zeros(20)
    y[:4] = 1
    assert learning.top_decile(y, np.full(20, 0.3)) == pytest.approx((0.2, 1.0))


def _snapshots(X_by_date, y_by_date):
    return [
        (d, pl.DataFrame({f: X[:, j] for j, f in enumerate(learning.FEATURES)}), y)
        for (d, X), y in zip(X_by_date, y_by_date, strict=True)
    ]


def test_no_churner_in_training_refuses_instead_of_auc_half():
    rng = np.random.default_rng(1)
    dates = [dt.date(2025, m, 1) for m in range(1, 10)]
    X = [(d, rng.normal(size=(200, len(learning.FEATURES)))) for d in dates]
    y = [np.zeros(200) for _d in dates[:-2]] + [np.r_[np.ones(20), np.zeros(180)] for _d in dates[-2:]]
    with translation.override("en"), pytest.raises(learning.NotTrainable, match="no subscriber in the training snap"):
        learning.train_and_evaluate(_snapshots(X, y), 90)


def test_all_scores_tied_refuses():
    dates = [dt.date(2025, m, 1) for m in range(1, 10)]
    X = [(d, np.ones((200, len(learning.FEATURES)))) for d in dates]  # nothing tells anyone apart
    y = [np.r_[np.ones(40), np.zeros(160)] for _d in dates]
    with translation.override("en"), pytest.raises(learning.NotTrainable, match="same score"):
        learning.train_and_evaluate(_snapshots(X, y), 90)


# --- item 5: one snapshot -------------------------------------------------------------------------------------------


def first_export(n: int = 300, seed: int = 5) -> list[Subscriber]:
    """Only today's state: subscribers, their services, and the leavers with their dates — all within the last 40
    days, so no monthly snapshot's 90-day window (the latest ends 30.05) holds a single leaver. The 700 tariff and a
    short tenure leave more."""
    rng = np.random.default_rng(seed)
    t500, t700 = tariffs()
    subs = []
    for i in range(n):
        tenure = int(rng.integers(60, 1500))
        dear = i % 2 == 0
        leaves = rng.random() < (0.45 if dear else 0.08) + (0.2 if tenure < 400 else 0)
        gone = D - dt.timedelta(days=int(rng.integers(0, 40))) if leaves else None
        subs.append(
            Subscriber(
                external_id=f"F{i:04d}",
                name=f"Абонент {i}",
                connected_on=D - dt.timedelta(days=tenure),
                status="disconnected" if gone else "active",
                disconnected_on=gone,
                arpu=Decimal(700 if dear else 500),
            )
        )
    Subscriber.objects.bulk_create(subs)
    subs = list(Subscriber.objects.filter(external_id__startswith="F").order_by("external_id"))
    Service.objects.bulk_create(
        [
            Service(
                subscriber=s,
                tariff=t700 if int(s.external_id[1:]) % 2 == 0 else t500,
                started_on=s.connected_on,
                ended_on=s.disconnected_on,
            )
            for s in subs
        ]
    )
    return subs


def monday_before(leaver: Subscriber, horizon: int) -> dt.date:
    cut = leaver.disconnected_on - dt.timedelta(days=horizon)
    return cut - dt.timedelta(days=cut.weekday())


def usable_leavers(subs, horizon: int) -> list[Subscriber]:
    """Leavers with a state `horizon` days before leaving (connected by that Monday)."""
    return [s for s in subs if s.disconnected_on and monday_before(s, horizon) >= s.connected_on]


def run(train=True, as_of=D):
    r = ScoringRun.objects.create(train=train, scored_on=as_of, source="cli")
    services.execute_run(r)
    return r


@pytest.mark.django_db
def test_one_snapshot_trains_a_cross_sectional_model():
    subs = first_export()
    r = run()
    # Before: "not enough history to train: 9 snapshots, 0 churned of …" (the 30-day model; the 90-day one had no
    # leaver in its training snapshots and reported AUC 0.5).
    assert r.status == RunStatus.SUCCEEDED, r.message
    for model in (r.model, r.model_30):
        assert model.kind == ModelKind.CROSS_SECTIONAL
        m = model.metrics
        assert m["split"] == {"test_share": 0.3, "seed": 7, "stratified": True}
        assert "0 churned" in m["time_based_refused"] or "ушедших 0" in m["time_based_refused"]
        leavers = len(usable_leavers(subs, model.horizon))
        assert 0 < leavers < sum(1 for s in subs if s.disconnected_on) or model.horizon == 30
        assert m["positives_train"] + m["positives_test"] == leavers  # every leaver, 30 % of them in the test
        assert m["positives_test"] == round(0.3 * leavers) or abs(m["positives_test"] - 0.3 * leavers) <= 1
        assert m["auc"] > 0.6, m
    assert r.scored == sum(1 for s in subs if not s.disconnected_on)


@pytest.mark.django_db
def test_cross_sectional_rows_are_cut_a_horizon_before_leaving():
    subs = first_export()
    earliest = services.snapshot_dates(D)[0]
    history = load_history(until=D, since=earliest)
    frame, y, meta = services.cross_sectional_sample(history, D, 90, earliest)
    frame = frame.with_columns(pl.Series("y", y))
    leaver = usable_leavers(subs, 90)[0]
    cut = monday_before(leaver, 90)
    row = frame.filter(pl.col("subscriber_id") == leaver.pk)
    expected = features_at(history, cut, subscriber_ids=[leaver.pk])
    assert row["y"].to_list() == [1] and row["as_of"].to_list() == [cut]
    assert row.drop("y", "as_of").to_dicts()[0] == pytest.approx(expected.to_dicts()[0], nan_ok=True)
    assert int(y.sum()) == len(usable_leavers(subs, 90))
    # A leaver who left within 90 days of connecting has no state that old and is left out, as a stayer connected
    # after the drawn date is: a row cut at the connection day would mark "no history yet" as leaving.
    young = next(s for s in subs if s.disconnected_on and monday_before(s, 90) < s.connected_on)
    assert young.pk not in frame["subscriber_id"].to_list()
    # Stayers are seen on the leavers' dates (a feature of the day of the month cannot tell the sides apart), and
    # each row is what features_at gives on its date.
    stayers = frame.filter(pl.col("y") == 0)
    assert set(stayers["as_of"].unique()) <= {monday_before(s, 90) for s in usable_leavers(subs, 90)}
    assert stayers.height == sum(
        1 for s in subs if not s.disconnected_on and s.pk in set(stayers["subscriber_id"].to_list())
    )
    one = stayers.row(0, named=True)
    again = features_at(history, one["as_of"], subscriber_ids=[one["subscriber_id"]]).to_dicts()[0]
    assert {k: one[k] for k in again} == pytest.approx(again, nan_ok=True)
    assert meta["leavers_from"] == (earliest + dt.timedelta(days=90)).isoformat()


@pytest.mark.django_db
def test_history_that_allows_snapshots_stays_time_based():
    learnable_operator()
    r = run()
    assert r.status == RunStatus.SUCCEEDED, r.message
    assert r.model.kind == r.model_30.kind == ModelKind.TIME_BASED


@pytest.mark.django_db
def test_the_kind_is_labelled_on_the_pages_and_in_the_api(admin_client):
    model = ScoringModel.objects.create(
        version=1, horizon=90, kind=ModelKind.CROSS_SECTIONAL, metrics={**METRICS, "leavers_from": "2025-10-01"}
    )
    ScoringRun.objects.create(scored_on=D, status="succeeded", model=model)
    page = admin_client.get(reverse("scoring:evaluation"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "cross-sectional, weaker evidence" in page
    page = admin_client.get(reverse("scoring:evaluation"), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "по одному срезу, доказательность слабее" in page
    data = admin_client.get(f"/api/scoring/models/{model.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert data["kind"] == "cross_sectional" and data["kind_display"] == "cross-sectional, weaker evidence"


# --- item 7: track record -------------------------------------------------------------------------------------------

SCORED_ON = dt.date(2026, 1, 1)
D5 = dt.date(2026, 5, 10)  # a day of data after the past run's last disconnection


@pytest.fixture
def past_run(db):
    """A run of 01.01.2026 that scored 10 subscribers 0.9, 0.8, … 0.0. Two left within 90 days (scores 0.9 and 0.4,
    both disconnected now), one left on day 91 (not within the horizon)."""
    model = ScoringModel.objects.create(
        version=1, horizon=90, metrics={**METRICS, "thresholds": {"high": 0.5, "medium": 0.3}}
    )
    run = ScoringRun.objects.create(scored_on=SCORED_ON, status="succeeded", model=model, scored=10)
    left = {9: SCORED_ON + dt.timedelta(days=10), 4: SCORED_ON + dt.timedelta(days=90), 7: SCORED_ON + dt.timedelta(91)}
    for i, score in enumerate(range(9, -1, -1)):
        gone = left.get(score)
        s = Subscriber.objects.create(
            external_id=f"T{i}",
            name=f"Абонент {i}",
            connected_on=dt.date(2020, 1, 1),
            status="disconnected" if gone else "active",
            disconnected_on=gone,
        )
        RiskScore.objects.create(
            run=run,
            subscriber=s,
            model=model,
            scored_on=SCORED_ON,
            probability=score / 10,
            band="high" if score >= 5 else ("medium" if score >= 3 else "low"),
            rank=i + 1,
        )
    ScoringRun.objects.create(scored_on=dt.date(2026, 4, 1), status="succeeded", model=model)  # window still open
    return run


def test_track_record_by_hand(past_run):
    records = services.track_record(dt.date(2026, 6, 1))
    assert [(r["run"], r["horizon"]) for r in records] == [(past_run.pk, 90)]  # the April run's 90 days are not over
    r = records[0]
    # Leavers scored 0.9 and 0.4 against 8 stayers: 0.9 beats all 8, 0.4 beats 0.3, 0.2, 0.1, 0.0 → 12 / 16.
    assert r["auc"] == 0.75
    assert r["left"] == 2 and r["scored"] == 10 and r["base_rate"] == 0.2
    assert r["top_decile_precision"] == 1.0 and r["top_decile_lift"] == 5.0  # the top 1 of 10 is the 0.9 leaver
    assert r["calibration"] == [
        {"band": "high", "count": 5, "predicted": 0.7, "observed": 0.2},  # 0.9…0.5, one left
        {"band": "medium", "count": 2, "predicted": 0.35, "observed": 0.5},  # 0.4 (left), 0.3
        {"band": "low", "count": 3, "predicted": 0.1, "observed": 0.0},
    ]
    assert r["alert"] is False  # floors 0.6 and 1.5 by default
    assert services.track_record(dt.date(2026, 3, 31)) == []  # 01.01 + 90 = 01.04: not over on 31.03


def test_track_record_alerts_below_the_floor(past_run, settings, admin_client):
    settings.SCORING_FLOOR_AUC = 0.8
    [r] = services.track_record(dt.date(2026, 6, 1))
    assert r["alert"] is True and r["below_floor"] == ["auc"]
    page = admin_client.get(reverse("scoring:track_record") + "?as_of=2026-06-01", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-metric="auc">0.75<' in html and "below the floor" in html
    # The dashboard panel (outcomes known to the latest data: the day-91 disconnection, 02.04.2026).
    assert services.latest_data_date() == dt.date(2026, 4, 2)
    dash = admin_client.get(reverse("analytics:dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-test="track-record-alert"' in dash and "AUC 0.75" in dash
    api = admin_client.get("/api/scoring/track-record/?as_of=2026-06-01").json()
    assert api["reference_date"] == "2026-06-01"
    [rec] = api["records"]
    assert rec["auc"] == 0.75 and rec["top_decile_lift"] == 5.0 and rec["below_floor"] == ["auc"]
    assert rec["calibration"][1] == {"band": "medium", "count": 2, "predicted": 0.35, "observed": 0.5}
    schema = admin_client.get("/api/schema/").content.decode()
    assert "/api/scoring/track-record/" in schema


def test_the_page_and_the_api_default_to_the_latest_data_date_and_take_as_of(past_run, admin_client):
    """One as-of input (scoring.forms.TrackRecordForm) serves both: empty is the latest imported data's date."""
    # A payment of 10.05 is the latest data; the subscriber base alone would say 02.04 (the last disconnection).
    Payment.objects.create(external_id="late", subscriber=past_run.scores.first().subscriber, paid_at=at(D5), amount=1)
    assert services.latest_data_date() == D5 and data_as_of() == dt.date(2026, 4, 2)
    page = admin_client.get(reverse("scoring:track_record"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.context["reference"] == D5 and 'value="2026-05-10"' in page.content.decode()
    # By 10.05 only the January run's 90 days are over (the April run's are not, as they would be by the wall clock).
    assert [(r["run"], r["horizon"]) for r in page.context["records"]] == [(past_run.pk, 90)]
    api = admin_client.get("/api/scoring/track-record/").json()
    assert api["as_of"] == api["reference_date"] == "2026-05-10"
    assert [(r["run"], r["horizon"]) for r in api["records"]] == [(past_run.pk, 90)]

    page = admin_client.get(reverse("scoring:track_record") + "?as_of=2026-03-31", HTTP_ACCEPT_LANGUAGE="en")
    assert page.context["reference"] == dt.date(2026, 3, 31) and page.context["records"] == []
    api = admin_client.get("/api/scoring/track-record/?as_of=2026-03-31").json()
    assert api["as_of"] == "2026-03-31" and api["records"] == []


def test_a_future_as_of_is_refused_on_the_page_and_in_the_api(past_run, admin_client):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    page = admin_client.get(reverse("scoring:track_record") + f"?as_of={tomorrow}", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and page.context["records"] is None
    html = page.content.decode()
    assert "The as-of date is in the future." in html and 'data-test="track-record"' not in html
    api = admin_client.get(f"/api/scoring/track-record/?as_of={tomorrow}", HTTP_ACCEPT_LANGUAGE="en")
    assert api.status_code == 400 and api.json() == {"as_of": ["The as-of date is in the future."]}
    api = admin_client.get("/api/scoring/track-record/?as_of=01.06.2026", HTTP_ACCEPT_LANGUAGE="en")
    assert api.status_code == 400 and "as_of" in api.json()


@pytest.mark.django_db
def test_a_past_run_scores_those_who_left_since():
    subs = learnable_operator()
    first = run(as_of=D)
    assert first.status == RunStatus.SUCCEEDED, first.message
    past = dt.date(2026, 1, 15)
    earlier = run(train=False, as_of=past)
    live = [s for s in subs if s.connected_on <= past and (s.disconnected_on is None or s.disconnected_on > past)]
    assert any(s.disconnected_on for s in live)
    # Before: only those still active today were scored, so the ones the figures are about were missing.
    assert earlier.scored == len(live) == RiskScore.objects.filter(run=earlier).count()
    [record] = [r for r in services.track_record(D) if r["run"] == earlier.pk and r["horizon"] == 90]
    end = past + dt.timedelta(days=90)
    assert record["left"] == sum(1 for s in live if s.disconnected_on and s.disconnected_on <= end)
