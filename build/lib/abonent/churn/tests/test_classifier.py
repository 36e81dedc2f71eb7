"""The classifier: shipped defaults, norms, norm proposals from history, archive instead of delete."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from abonent.churn import actions
from abonent.churn.models import ChurnReason, ReasonGroup, Script
from abonent.churn.services import propose_norms

GROUPS = [
    ("unmanaged", False, "Неуправляемый отток"),
    ("not_decision_maker", True, "Лицо, не принимающее решение"),
    ("moving_uncovered", True, "Переезд в зону охвата сети без подключения"),
    ("service", True, "Обслуживание и качество сервиса"),
    ("quality", True, "Качество услуги"),
    ("financial", True, "Временные финансовые сложности"),
    ("preferences", True, "Изменились предпочтения"),
    ("other", True, "Другое"),
]
REASONS = {
    "moved_out_of_coverage": ("unmanaged", False, 15),
    "business_closed": ("unmanaged", False, 3),
    "death": ("unmanaged", False, 2),
    "not_decision_maker": ("not_decision_maker", True, 3),
    "moving_to_unconnected_building": ("moving_uncovered", True, 7),
    "could_not_get_through": ("service", True, 3),
    "slow_repair": ("service", True, 3),
    "rude_staff": ("service", True, 1),
    "low_speed": ("quality", True, 6),
    "outages": ("quality", True, 3),
    "tv_picture": ("quality", True, 2),
    "temporary_money_trouble": ("financial", True, 10),
    "competitor": ("preferences", True, 18),
    "mobile_internet": ("preferences", True, 8),
    "price": ("preferences", True, 6),
    "no_longer_needed": ("preferences", True, 4),
    "temporary_absence": ("other", True, 4),
    "other": ("other", True, 2),
}


@pytest.mark.django_db
def test_default_classifier_is_shipped():
    groups = list(ReasonGroup.objects.order_by("order"))
    assert [(g.code, g.is_managed, g.name_ru) for g in groups] == GROUPS
    assert all(g.name_en for g in groups)
    reasons = {r.code: r for r in ChurnReason.objects.select_related("group")}
    assert {code: (r.group.code, r.is_managed, int(r.norm_percent)) for code, r in reasons.items()} == REASONS
    assert sum(r.norm_percent for r in reasons.values()) == 100
    assert {r.norm_source for r in reasons.values()} == {"template"}
    assert all(r.name_ru and r.name_en for r in reasons.values())


@pytest.mark.django_db
def test_one_default_script_per_group_in_both_languages():
    for group in ReasonGroup.objects.all():
        scripts = list(Script.objects.filter(group=group, is_default=True))
        assert len(scripts) == 1, group.code
        script = scripts[0]
        for body in (script.body_ru, script.body_en):
            assert 10 <= len(body.splitlines()) <= 25, (group.code, len(body.splitlines()))
    assert "временную блокировку" in Script.objects.get(is_default=True, group__code="financial").body_ru
    assert "move the contract" in Script.objects.get(is_default=True, group__code="moving_uncovered").body_en
    assert "speed" in Script.objects.get(is_default=True, group__code="quality").body_en
    assert "recalculation" in Script.objects.get(is_default=True, group__code="service").body_en
    assert "annual contract" in Script.objects.get(is_default=True, group__code="preferences").body_en


def test_bilingual_names_follow_the_language(reasons):
    from django.utils import translation

    with translation.override("en"):
        assert str(reasons["competitor"]) == "Went to a competitor"
    with translation.override("ru"):
        assert str(reasons["competitor"]) == "Переход к конкуренту"


# Norm proposals ----------------------------------------------------------------------------------------------------
#
# Churn with a reason per month (baseline chosen as 15.01.2025–10.04.2025, i.e. the whole months January–April):
#            competitor  price  low_speed  outages  total   shares, %: competitor / price / low_speed / outages
#   January       2        1        1         0       4                  50 / 25 / 25 / 0
#   February      1        2        2         0       5                  20 / 40 / 40 / 0
#   March         2        0        0         0       2                 100 /  0 /  0 / 0
#   April         1        1        0         2       4                  25 / 25 /  0 / 50
# Medians of four months (the mean of the middle two):
#   competitor (20, 25, 50, 100) → 37.5;  price (0, 25, 25, 40) → 25;  low_speed (0, 0, 25, 40) → 12.5;
#   outages (0, 0, 0, 50) → 0;  every other reason → 0.   Sum of medians 75.
# Proposed = median / 75 × 100: competitor 50.00, price 33.33, low_speed 16.67 (33.333… and 16.666… round to a
# sum of exactly 100.00), others 0.00.
# Left out: December 2024 and May 2025 (outside the baseline) and a February disconnection with no reason.

CHURN = [
    ("2025-01-03", "competitor"),
    ("2025-01-20", "competitor"),
    ("2025-01-31", "price"),
    ("2025-01-09", "low_speed"),
    ("2025-02-01", "competitor"),
    ("2025-02-10", "price"),
    ("2025-02-11", "price"),
    ("2025-02-12", "low_speed"),
    ("2025-02-28", "low_speed"),
    ("2025-03-05", "competitor"),
    ("2025-03-06", "competitor"),
    ("2025-04-01", "competitor"),
    ("2025-04-15", "price"),
    ("2025-04-20", "outages"),
    ("2025-04-28", "outages"),
    ("2024-12-31", "price"),
    ("2025-05-01", "low_speed"),
    ("2025-05-02", "low_speed"),
    ("2025-02-15", None),
]


@pytest.fixture
def churn_history(make_subscriber, reasons):
    for day, code in CHURN:
        make_subscriber(
            status="disconnected",
            disconnected_on=dt.date.fromisoformat(day),
            churn_reason=reasons[code] if code else None,
        )


def test_propose_norms_on_a_hand_worked_history(churn_history):
    proposals = {p.code: p for p in propose_norms(dt.date(2025, 1, 15), dt.date(2025, 4, 10))}
    assert len(proposals) == 18
    expected = {
        # code: (median, proposed, min, max, monthly shares)
        "competitor": ("37.50", "50.00", "20.00", "100.00", ["50.00", "20.00", "100.00", "25.00"]),
        "price": ("25.00", "33.33", "0.00", "40.00", ["25.00", "40.00", "0.00", "25.00"]),
        "low_speed": ("12.50", "16.67", "0.00", "40.00", ["25.00", "40.00", "0.00", "0.00"]),
        "outages": ("0.00", "0.00", "0.00", "50.00", ["0.00", "0.00", "0.00", "50.00"]),
        "death": ("0.00", "0.00", "0.00", "0.00", ["0.00", "0.00", "0.00", "0.00"]),
    }
    for code, (med, proposed, low, high, monthly) in expected.items():
        p = proposals[code]
        assert (p.median_share, p.proposed, p.min_share, p.max_share) == tuple(
            Decimal(v) for v in (med, proposed, low, high)
        ), code
        assert p.monthly_shares == [Decimal(v) for v in monthly], code
    assert sum(p.proposed for p in proposals.values()) == Decimal("100.00")
    assert proposals["competitor"].current_norm == Decimal("18.00")
    assert proposals["competitor"].change == Decimal("32.00")


def test_no_churn_in_the_baseline_proposes_nothing(churn_history):
    proposals = propose_norms(dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert proposals and all(p.proposed is None and p.median_share is None for p in proposals)


def test_archived_reasons_get_no_proposal_and_the_rest_still_sum_to_100(churn_history, reasons):
    reasons["low_speed"].is_archived = True
    reasons["low_speed"].save()
    proposals = {p.code: p for p in propose_norms(dt.date(2025, 1, 1), dt.date(2025, 4, 30))}
    assert "low_speed" not in proposals
    # 37.5 / 62.5 = 60 % and 25 / 62.5 = 40 %: the month shares still count low_speed's churn in the total.
    assert (proposals["competitor"].proposed, proposals["price"].proposed) == (Decimal("60.00"), Decimal("40.00"))


def test_proposal_page_shows_and_applies_the_selected_proposals(churn_history, client_for, reasons):
    client = client_for("head_of_retention")
    url = reverse("churn:norm_proposals")
    page = client.get(url, {"start": "2025-01-15", "end": "2025-04-10"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-code="competitor"' in html and "50.00" in html and "33.33" in html
    response = client.post(
        url, {"start": "2025-01-15", "end": "2025-04-10", "apply": [reasons["competitor"].pk, reasons["price"].pk]}
    )
    assert response.status_code == 302
    competitor, price, low_speed = (ChurnReason.objects.get(code=c) for c in ("competitor", "price", "low_speed"))
    assert (competitor.norm_percent, competitor.norm_source) == (Decimal("50.00"), "history")
    assert (price.norm_percent, price.norm_source) == (Decimal("33.33"), "history")
    assert (low_speed.norm_percent, low_speed.norm_source) == (Decimal("6.00"), "template"), "not selected"
    assert competitor.history.first().history_user == client.user


def test_analyst_sees_proposals_but_cannot_apply(churn_history, client_for, reasons):
    client = client_for("analyst")
    url = reverse("churn:norm_proposals")
    assert client.get(url).status_code == 200
    response = client.post(url, {"start": "2025-01-01", "end": "2025-04-30", "apply": [reasons["competitor"].pk]})
    assert response.status_code == 403
    assert ChurnReason.objects.get(code="competitor").norm_percent == 18


# Norms page --------------------------------------------------------------------------------------------------------


def test_norms_page_shows_the_sum_and_marks_edited_norms_manual(client_for, reasons):
    client = client_for("head_of_retention")
    page = client.get(reverse("churn:norms"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="norms-total" data-saved="100.00"' in html
    assert 'id="norms-warning" class="text-danger d-none"' in html, "no warning at 100 %"
    data = {f"norm_{r.pk}": r.norm_percent for r in reasons.values()}
    data[f"norm_{reasons['competitor'].pk}"] = "20.5"
    response = client.post(reverse("churn:norms"), data, follow=True)
    assert "The norms sum to 102.50 %, not 100 %." in response.content.decode()
    competitor, price = ChurnReason.objects.get(code="competitor"), ChurnReason.objects.get(code="price")
    assert (competitor.norm_percent, competitor.norm_source) == (Decimal("20.50"), "manual")
    assert price.norm_source == "template", "an unchanged norm keeps its source"
    assert 'id="norms-warning" class="text-danger"' in response.content.decode()


def test_norms_page_refuses_changes_without_permission(client_for, reasons):
    client = client_for("retention_manager")
    assert client.get(reverse("churn:norms")).status_code == 200
    data = {f"norm_{r.pk}": 5 for r in reasons.values()}
    assert client.post(reverse("churn:norms"), data).status_code == 403


def test_reason_form_edit_marks_the_norm_manual(client_for, reasons):
    client = client_for("head_of_retention")
    reason = reasons["outages"]
    data = {
        "group": reason.group_id,
        "code": reason.code,
        "name_ru": reason.name_ru,
        "name_en": reason.name_en,
        "is_managed": "on",
        "norm_percent": "4.00",
        "order": reason.order,
    }
    assert client.post(reverse("churn:churnreason_edit", args=[reason.pk]), data).status_code == 302
    reason.refresh_from_db()
    assert (reason.norm_percent, reason.norm_source) == (Decimal("4.00"), "manual")
    assert reason.history.first().history_user == client.user


# Archive instead of delete -----------------------------------------------------------------------------------------


def test_used_reason_is_archived_and_unused_is_deleted(client_for, bring_to, subscriber, reasons):
    bring_to(subscriber, "reason_established", reason="rude_staff")
    client = client_for("administrator")
    used = reasons["rude_staff"]
    response = client.post(reverse("churn:churnreason_delete", args=[used.pk]), follow=True)
    assert "was archived instead of deleted" in response.content.decode()
    used.refresh_from_db()
    assert used.is_archived
    unused = ChurnReason.objects.create(group=used.group, code="long_queue", name_ru="Очередь в офисе")
    response = client.post(reverse("churn:churnreason_delete", args=[unused.pk]))
    assert response.status_code == 302
    assert not ChurnReason.objects.filter(code="long_queue").exists()


def test_reason_of_a_churned_subscriber_is_archived_not_deleted(make_subscriber, reasons, make_user):
    make_subscriber(status="disconnected", disconnected_on=dt.date(2025, 1, 5), churn_reason=reasons["price"])
    assert actions.retire_reason(reasons["price"], user=make_user("administrator")) == "archived"
    assert ChurnReason.objects.get(code="price").is_archived


def test_group_with_reasons_is_archived_with_them(make_user):
    group = ReasonGroup.objects.get(code="other")
    assert actions.retire_group(group, user=make_user("administrator")) == "archived"
    assert ReasonGroup.objects.get(code="other").is_archived
    assert set(ChurnReason.objects.filter(group__code="other").values_list("is_archived", flat=True)) == {True}
    empty = ReasonGroup.objects.create(code="empty", name_ru="Пустая", order=9)
    assert actions.retire_group(empty, user=None) == "deleted"


def test_head_cannot_delete_but_can_add_reasons(client_for, reasons):
    client = client_for("head_of_retention")
    assert client.post(reverse("churn:churnreason_delete", args=[reasons["other"].pk])).status_code == 403
    data = {
        "group": reasons["other"].group_id,
        "code": "long_queue",
        "name_ru": "Очередь в офисе",
        "name_en": "Queue at the office",
        "is_managed": "on",
        "norm_percent": "0.5",
        "order": 30,
    }
    assert client.post(reverse("churn:churnreason_add"), data).status_code == 302
    assert ChurnReason.objects.get(code="long_queue").norm_source == "manual"
