"""NPS arithmetic and the report, on hand-computed fixtures."""

import datetime as dt

import pytest

from abonent.surveys import actions, services
from abonent.surveys.choices import NpsCategory
from abonent.surveys.services import Answer, nps_of

from .conftest import at


def test_nps_edge_cases():
    assert nps_of([]).nps is None  # no answers → no NPS, not 0
    assert nps_of([]).display == "—"
    assert nps_of([7, 8, 7, 8]).nps == 0  # all passives → 0
    assert nps_of([7, 8]).display == "0"
    assert NpsCategory.of(6) == NpsCategory.DETRACTOR  # 6 is a detractor
    assert NpsCategory.of(7) == NpsCategory.PASSIVE
    assert NpsCategory.of(9) == NpsCategory.PROMOTER
    assert nps_of([6]).nps == -100
    assert nps_of([10, 10]).nps == 100
    # 3 promoters (9, 10, 10), 1 passive (8), 1 detractor (6): (3 − 1) / 5 = +40
    result = nps_of([9, 10, 10, 8, 6])
    assert (result.promoters, result.passives, result.detractors) == (3, 1, 1)
    assert result.nps == pytest.approx(40.0)
    assert result.display == "+40"
    assert result.is_small


def test_margin_of_error():
    # 100 answers: 50 promoters, 30 passives, 20 detractors → p=.5, d=.2, NPS 30;
    # variance = .5 + .2 − .3² = .61; margin = 196·√(.61/100) = 15.3 points
    result = nps_of([10] * 50 + [7] * 30 + [3] * 20)
    assert result.nps == pytest.approx(30)
    assert result.margin == pytest.approx(15.31, abs=0.01)
    assert not result.is_small


def test_tenure_band():
    assert services.tenure_months(dt.date(2024, 1, 15), dt.date(2024, 7, 14)) == 5
    assert services.tenure_months(dt.date(2024, 1, 15), dt.date(2024, 7, 15)) == 6
    assert services.tenure_band(dt.date(2024, 1, 15), dt.date(2024, 7, 15)) == "6–12 months"
    assert services.tenure_band(dt.date(2020, 1, 1), dt.date(2024, 7, 15)) == "3 years and more"


@pytest.fixture
def answered(survey, make_subscriber, tariffs):
    """Five answers over two months:
    A business, internet, Центр, connected 2022: 10 (Jan), B residential internet Центр: 6 (Jan),
    C residential catv Север connected 2025-12: 8 (Feb), D residential catv Север: 9 (Feb) and later churned,
    E residential internet Север: 0 (Feb).
    """
    a = make_subscriber("A", kind="business", service_type="internet", tariff=tariffs["net"], district="Центр")
    b = make_subscriber("B", service_type="internet", tariff=tariffs["net"], district="Центр")
    c = make_subscriber(
        "C", service_type="catv", tariff=tariffs["tv"], district="Север", connected_on=dt.date(2025, 12, 1)
    )
    d = make_subscriber(
        "D",
        service_type="catv",
        tariff=tariffs["tv"],
        district="Север",
        status="disconnected",
        disconnected_on=dt.date(2026, 3, 1),
    )
    e = make_subscriber("E", service_type="internet", tariff=tariffs["net"], district="Север")
    for sub, score, day in [
        (a, 10, "2026-01-10"),
        (b, 6, "2026-01-20"),
        (c, 8, "2026-02-05"),
        (d, 9, "2026-02-10"),
        (e, 0, "2026-02-15"),
    ]:
        actions.record_response(survey, sub, score=score, channel="call", answered_at=at(day))
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def test_report_by_segment_and_month(answered):
    report = services.nps_report(dt.date(2026, 1, 1), dt.date(2026, 3, 31), dimension="service_type")
    # Overall: promoters 10, 9 (2); passive 8 (1); detractors 6, 0 (2) → (2 − 2) / 5 = 0
    assert report.overall.total == 5
    assert report.overall.nps == 0
    groups = {g.label: g for g in report.groups}
    # Internet: 10, 6, 0 → (1 − 2) / 3 = −33.3
    assert groups["Internet"].nps == pytest.approx(-33.333, abs=0.01)
    # Cable TV: 8, 9 → (1 − 0) / 2 = +50
    assert groups["Cable TV"].nps == pytest.approx(50)
    months = {m.strftime("%Y-%m"): g for m, g in report.months}
    assert list(months) == ["2026-01", "2026-02", "2026-03"]
    assert months["2026-01"].nps == 0  # 10 and 6
    assert months["2026-02"].nps == 0  # 8, 9, 0: (1 − 1) / 3
    assert months["2026-03"].nps is None  # no answers in March → no NPS
    by_kind = {g.label: g.nps for g in services.nps_report(dt.date(2026, 1, 1), dt.date(2026, 3, 31)).groups}
    assert by_kind == {"Residential": pytest.approx(-25), "Business": 100}  # 6, 8, 9, 0 → (1 − 2)/4
    districts = {
        g.label: g.total
        for g in services.nps_report(dt.date(2026, 1, 1), dt.date(2026, 3, 31), dimension="district").groups
    }
    assert districts == {"Центр": 2, "Север": 3}
    tenure = {
        g.label: g.total
        for g in services.nps_report(dt.date(2026, 1, 1), dt.date(2026, 3, 31), dimension="tenure").groups
    }
    assert tenure == {"under 6 months": 1, "3 years and more": 4}


def test_report_by_saved_segment(answered):
    from abonent.analytics.models import SavedSegment

    SavedSegment.objects.create(name="ТВ", definition={"service_type": "catv"})
    report = services.nps_report(dt.date(2026, 1, 1), dt.date(2026, 3, 31), dimension="segment")
    assert [(g.label, g.total, g.nps) for g in report.groups] == [("ТВ", 2, 50)]
    segment = SavedSegment.objects.get()
    filtered = services.nps_report(dt.date(2026, 1, 1), dt.date(2026, 3, 31), segment=segment)
    assert filtered.overall.total == 2


def test_churn_after_answer(answered):
    rows = services.answers(dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    result = {r.category: r for r in services.churn_after_answer(rows)}
    # D (promoter, answered 10 Feb) left on 1 March: 19 days later, within 90 days
    assert (result["promoter"].subscribers, result["promoter"].churned, result["promoter"].churned_in_window) == (
        2,
        1,
        1,
    )
    assert result["promoter"].churn_pct == 50
    assert result["detractor"].churned == 0
    assert result["passive"].subscribers == 1


def test_nps_beside_risk_without_scores(answered):
    rows = services.answers(dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert services.nps_by_risk(rows) is None


def test_nps_beside_risk_with_scores(answered, monkeypatch):
    from types import SimpleNamespace

    s = answered
    bands = {s["a"].pk: ("low", 0.05), s["b"].pk: ("high", 0.7), s["e"].pk: ("high", 0.5), s["c"].pk: ("medium", 0.3)}
    monkeypatch.setattr(
        services,
        "risk_scores",
        lambda ids: {pk: SimpleNamespace(band=b, probability=p) for pk, (b, p) in bands.items() if pk in ids},
    )
    rows = services.answers(dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    result = {r.band: r for r in services.nps_by_risk(rows)}
    # high: B 6, E 0 → −100, mean probability (0.7 + 0.5) / 2
    assert result["high"].nps.nps == -100
    assert result["high"].mean_probability == pytest.approx(0.6)
    assert result["medium"].nps.nps == 0  # C 8
    assert result["low"].nps.nps == 100  # A 10
    assert result[""].nps.total == 1  # D not scored


def test_answers_row_shape():
    row = Answer(1, 9, dt.date(2026, 1, 1), "residential", "", "", "", dt.date(2020, 1, 1), None)
    assert services._group_key(row, "service_type") == "—"
