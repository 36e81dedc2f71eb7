"""An accepted retention offer opens its process record through the offer_accepted signal."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from abonent.processes.models import (
    BonusCard,
    EquipmentReturn,
    Reactivation,
    Recalculation,
    Relocation,
    Suspension,
    TariffChange,
    UrgentRepair,
)
from abonent.retention.models import Measure, RetentionOffer
from abonent.retention.signals import offer_accepted

TODAY = timezone.localdate()


@pytest.fixture
def offer_for(subscriber, manager):
    def _offer(process: str, details: dict | None = None) -> RetentionOffer:
        measure, _created = Measure.objects.get_or_create(
            code=f"test-{process}", defaults={"name_ru": f"Мера {process}", "process": process}
        )
        return RetentionOffer.objects.create(
            subscriber=subscriber,
            measure=measure,
            made_by=manager,
            made_at=timezone.now(),
            answer="accepted",
            details=details or {},
        )

    return _offer


def send(offer, user):
    responses = offer_accepted.send(sender=RetentionOffer, offer=offer, user=user)
    return [record for _receiver, record in responses if record is not None]


def test_suspension_from_details(offer_for, manager, subscriber):
    offer = offer_for("suspension", {"starts_on": "2030-01-10", "ends_on": "2030-03-09"})
    [record] = send(offer, manager)
    assert isinstance(record, Suspension) and record.offer == offer
    assert (record.starts_on, record.ends_on, record.status) == (dt.date(2030, 1, 10), dt.date(2030, 3, 9), "planned")
    assert record.created_by == manager


def test_suspension_without_details_is_a_month_from_today_and_starts(offer_for, manager, subscriber):
    [record] = send(offer_for("suspension"), manager)
    assert record.starts_on == TODAY and record.status == "active"
    # One month: from the 10th to the 9th of the next month, inclusive.
    assert record.ends_on > TODAY + dt.timedelta(days=26) and record.ends_on < TODAY + dt.timedelta(days=31)
    subscriber.refresh_from_db()
    assert subscriber.status == "suspended"


def test_tariff_change_by_id_or_code(offer_for, manager, tariffs):
    [by_id] = send(offer_for("tariff_change", {"tariff": tariffs["NET100"].pk}), manager)
    assert isinstance(by_id, TariffChange) and by_id.to_tariff == tariffs["NET100"]
    assert by_id.from_tariff == tariffs["NET300"] and by_id.effective_on == TODAY
    [by_code] = send(offer_for("tariff_change", {"tariff": "NET100"}), manager)
    assert by_code.to_tariff == tariffs["NET100"]


def test_recalculation_amount_and_defaults(offer_for, manager):
    [record] = send(offer_for("recalculation", {"amount": "350.00"}), manager)
    assert isinstance(record, Recalculation) and record.amount == Decimal("350.00") and record.status == "requested"
    [empty] = send(offer_for("recalculation", {"amount": "не число"}), manager)
    assert empty.amount == Decimal("0.00")


def test_other_processes(offer_for, manager):
    [relocation] = send(offer_for("relocation", {"address": "ул. Мира, 5, кв. 3"}), manager)
    assert isinstance(relocation, Relocation) and relocation.new_address == "ул. Мира, 5, кв. 3"
    [repair] = send(offer_for("repair"), manager)
    assert isinstance(repair, UrgentRepair) and repair.ticket.urgent
    [reactivation] = send(offer_for("reactivation"), manager)
    assert isinstance(reactivation, Reactivation)
    [equipment] = send(offer_for("equipment_return", {"items": "Роутер"}), manager)
    assert isinstance(equipment, EquipmentReturn) and equipment.items == "Роутер"
    [card] = send(offer_for("bonus_card", {"card_number": "BC-1", "amount": "500"}), manager)
    assert isinstance(card, BonusCard) and card.amount == Decimal("500.00")


def test_processes_it_does_not_run_return_nothing(offer_for, manager):
    from abonent.processes.signals import record_from_offer

    assert record_from_offer(offer_for("none"), manager) is None
    assert record_from_offer(offer_for("annual_contract"), manager) is None
