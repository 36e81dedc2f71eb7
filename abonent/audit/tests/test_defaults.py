"""The audit targets as a defaults file: idempotent load, an operator's edit wins unless reset,
export → load round-trips, a bad row names its place and changes nothing."""

from decimal import Decimal

import pytest
import yaml
from django.core.management import CommandError, call_command

from abonent.audit.defaults import TARGETS
from abonent.audit.models import AuditTarget
from abonent.core.defaults import DefaultsFileError

pytestmark = pytest.mark.django_db


def snapshot():
    return [{k: v for k, v in row.items() if k != "id"} for row in AuditTarget.objects.order_by("code").values()]


def shipped():
    return yaml.safe_load(TARGETS.shipped.read_text(encoding="utf-8"))


def test_the_migration_loaded_the_shipped_file():
    assert len(shipped()["targets"]) == AuditTarget.objects.count() == 16
    rate = AuditTarget.objects.get(code="inflow_rate")
    assert (rate.target, rate.amber, rate.direction) == (Decimal("2.0"), Decimal("1.5"), "higher")
    churn = AuditTarget.objects.get(code="monthly_churn_rate")
    assert (churn.target, churn.amber, churn.direction) == (Decimal("1.5"), Decimal("2.5"), "lower")


def test_loading_twice_changes_nothing_the_second_time():
    before = snapshot()
    result = TARGETS.load()
    assert (result.created, result.updated, result.unchanged) == (0, 0, 16)
    assert snapshot() == before


def test_operator_edit_survives_a_load_and_reset_restores_the_file():
    AuditTarget.objects.filter(code="kept_share").update(target=Decimal("45.50"), note="Наш план")
    AuditTarget.objects.filter(code="blocked_share").delete()

    result = TARGETS.load()
    assert (result.created, result.updated) == (1, 0)
    assert AuditTarget.objects.get(code="kept_share").target == Decimal("45.50")
    assert TARGETS.load(reset=True).updated == 1
    kept = AuditTarget.objects.get(code="kept_share")
    assert (kept.target, kept.note) == (Decimal(40), "")


def test_export_then_load_into_an_empty_table_gives_the_same_rows(tmp_path):
    AuditTarget.objects.filter(code="kept_share").update(target=Decimal("0.10"))
    before = snapshot()
    call_command("export_defaults", str(tmp_path))
    exported = tmp_path / "audit" / "targets.yaml"
    AuditTarget.objects.all().delete()

    call_command("load_defaults", "--from", str(tmp_path))
    assert snapshot() == before
    assert TARGETS.export() == exported.read_text(encoding="utf-8")


def test_a_bad_row_names_file_section_row_and_column_and_writes_nothing(tmp_path):
    data = shipped()
    data["targets"][0]["target"] = 3  # a good change before the bad row: must not be written either
    data["targets"][6]["direction"] = "sideways"
    path = tmp_path / "audit" / "targets.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    before = snapshot()

    with pytest.raises(DefaultsFileError) as error:
        TARGETS.load(path, reset=True)
    assert (error.value.section, error.value.row, error.value.column) == ("targets", 7, "direction")
    assert str(path) in str(error.value)
    with pytest.raises(CommandError, match=r"targets row 7, column direction: .*sideways"):
        call_command("load_defaults", "--from", str(tmp_path), "--reset")
    data["targets"][6]["direction"] = "lower"
    data["targets"][6]["target"] = "a lot"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DefaultsFileError, match=r"targets row 7, column target: "):
        TARGETS.load(path)
    assert snapshot() == before
