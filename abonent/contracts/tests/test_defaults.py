"""The annual-contract terms as a defaults file: idempotent load, an operator's edit wins unless reset,
export → load round-trips, a bad row names its place and changes nothing."""

from decimal import Decimal

import pytest
import yaml
from django.core.management import CommandError, call_command

from abonent.contracts.defaults import OFFERS
from abonent.contracts.models import ContractOffer
from abonent.core.defaults import DefaultsFileError

pytestmark = pytest.mark.django_db

FREE_TV = "Бесплатный период пользования — ТВ"


def snapshot():
    return [{k: v for k, v in row.items() if k != "id"} for row in ContractOffer.objects.order_by("name").values()]


def shipped():
    return yaml.safe_load(OFFERS.shipped.read_text(encoding="utf-8"))


def test_the_migration_loaded_the_shipped_file():
    assert len(shipped()["offers"]) == ContractOffer.objects.count() == 7
    offer = ContractOffer.objects.get(name=FREE_TV)
    assert (offer.kind, offer.service, offer.min_tenure_months) == ("free_period", "tv", 6)
    assert (offer.min_arpu, offer.cost_monthly) == (Decimal("250.00"), Decimal("30.00"))
    assert offer.script.startswith("«[Имя отчество], вы с нами уже [срок]")
    assert "\nВозражения:" in offer.script


def test_loading_twice_changes_nothing_the_second_time():
    before = snapshot()
    result = OFFERS.load()
    assert (result.created, result.updated, result.unchanged) == (0, 0, 7)
    assert snapshot() == before


def test_operator_edit_survives_a_load_and_reset_restores_the_file():
    ContractOffer.objects.filter(name=FREE_TV).update(cost_monthly=Decimal("45.00"), is_active=False)
    own = ContractOffer.objects.create(name="Своё", kind="fixed_fee", service="tv", benefit="—")

    assert OFFERS.load().updated == 0
    assert ContractOffer.objects.get(name=FREE_TV).cost_monthly == Decimal("45.00")
    assert OFFERS.load(reset=True).updated == 1
    offer = ContractOffer.objects.get(name=FREE_TV)
    assert (offer.cost_monthly, offer.is_active) == (Decimal("30.00"), True)
    assert ContractOffer.objects.get(pk=own.pk).benefit == "—"  # a row the file does not name is never touched


def test_export_then_load_into_an_empty_table_gives_the_same_rows(tmp_path):
    before = snapshot()
    call_command("export_defaults", str(tmp_path))
    exported = tmp_path / "contracts" / "offers.yaml"
    ContractOffer.objects.all().delete()

    call_command("load_defaults", "--from", str(tmp_path))
    assert snapshot() == before
    assert OFFERS.export() == exported.read_text(encoding="utf-8")


def test_a_bad_row_names_file_section_row_and_column_and_writes_nothing(tmp_path):
    data = shipped()
    data["offers"][0]["cost_monthly"] = 1  # a good change before the bad rows: must not be written either
    del data["offers"][4]["name"]
    path = tmp_path / "contracts" / "offers.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    before = snapshot()

    with pytest.raises(DefaultsFileError) as error:
        OFFERS.load(path, reset=True)
    assert (error.value.section, error.value.row, error.value.column) == ("offers", 5, "name")
    assert str(path) in str(error.value)
    with pytest.raises(CommandError, match=r"offers row 5, column name: a value is required"):
        call_command("load_defaults", "--from", str(tmp_path), "--reset")
    data["offers"][4]["name"] = "Новое"
    data["offers"][4]["kind"] = "free_lunch"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DefaultsFileError, match=r"offers row 5, column kind: .*free_lunch"):
        OFFERS.load(path)
    assert snapshot() == before
