"""The next billing import confirms what billing's data shows done and flags what it still does not."""

import datetime as dt

import pytest
from django.utils import timezone

from abonent.billing import actions
from abonent.billing.models import BillingAction
from abonent.imports.services import import_file

from .conftest import days_ago

pytestmark = pytest.mark.django_db


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_services_import_confirms_the_new_tariff_and_flags_the_old_one(
    make_subscriber, subscriber, tariffs, head, tmp_path
):
    other = make_subscriber("100002", tariff=tariffs["NET300"])
    early = make_subscriber("100003", tariff=tariffs["NET300"])
    for account, key, sent_days in (("100001", "a", 1), ("100002", "b", 4), ("100003", "c", 1)):
        action = actions.enqueue(
            subscriber=BillingAction.subscriber.field.related_model.objects.get(external_id=account),
            kind="tariff_change",
            key=key,
            parameters={"from_tariff": "NET300", "to_tariff": "NET100"},
        )
        actions.mark_sent([action], user=head, at=days_ago(sent_days))
    # Billing moved 100001 to NET100; 100002 (sent 4 days ago) and 100003 (sent yesterday) are still on NET300.
    day = (timezone.localdate() - dt.timedelta(days=1)).strftime("%d.%m.%Y")
    text = "\n".join(
        [
            "account;tariff;started_on;ended_on",
            f"100001;NET300;01.06.2022;{day}",
            f"100001;NET100;{day};",
            "100002;NET300;01.06.2022;",
            "100003;NET300;01.06.2022;",
        ]
    )
    assert import_file("services", _write(tmp_path, "services.csv", text), user=head).status == "succeeded"
    got = {
        a.subscriber.external_id: (a.state, a.settled_by) for a in BillingAction.objects.select_related("subscriber")
    }
    assert got == {"100001": ("confirmed", head), "100002": ("rejected", head), "100003": ("sent", None)}
    flagged = BillingAction.objects.get(subscriber=other)
    assert flagged.billing_message == "Не применено: через 3 дн. данные биллинга показывают NET300, а не NET100."
    assert BillingAction.objects.get(subscriber=early).settled_at is None
    assert "NET100" in BillingAction.objects.get(subscriber=subscriber).billing_message


def test_a_subscribers_import_confirms_a_suspension_and_leaves_a_payments_import_alone(subscriber, head, tmp_path):
    today = timezone.localdate()
    params = {"starts_on": today.isoformat(), "ends_on": (today + dt.timedelta(days=30)).isoformat()}
    action = actions.enqueue(subscriber=subscriber, kind="suspend", key="s", parameters=params)
    actions.mark_sent([action], user=head)
    payments = _write(tmp_path, "p.csv", f"account;paid_at;amount\n100001;{today:%d.%m.%Y} 10:00;450\n")
    assert import_file("payments", payments).status == "succeeded"
    assert BillingAction.objects.get().state == "sent"
    text = "account;name;connected_on;status\n100001;Иванов Иван Петрович;10.05.2022;приостановлен\n"
    assert import_file("subscribers", _write(tmp_path, "s.csv", text)).status == "succeeded"
    assert BillingAction.objects.get().state == "confirmed"


def test_a_change_from_a_later_day_is_not_judged_before_it(subscriber, head, tmp_path):
    later = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    params = {"from_tariff": "NET300", "to_tariff": "NET100", "on": later}
    action = actions.enqueue(subscriber=subscriber, kind="tariff_change", key="later", parameters=params)
    actions.mark_sent([action], user=head, at=days_ago(10))
    text = "account;tariff;started_on;ended_on\n100001;NET300;01.06.2022;\n"
    assert import_file("services", _write(tmp_path, "services.csv", text)).status == "succeeded"
    assert BillingAction.objects.get().state == "sent"  # still on NET300, but its day has not come
