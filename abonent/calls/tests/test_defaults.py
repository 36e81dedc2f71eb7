"""The call classifier as a defaults file: idempotent load, an operator's edit wins unless reset,
export → load round-trips, a bad row names its place and changes nothing."""

import pytest
import yaml
from django.core.management import CommandError, call_command

from abonent.calls.defaults import CALL_TYPES
from abonent.calls.models import CallType
from abonent.core.defaults import DefaultsFileError

pytestmark = pytest.mark.django_db


def snapshot():
    return [{k: v for k, v in row.items() if k != "id"} for row in CallType.objects.order_by("code").values()]


def shipped():
    return yaml.safe_load(CALL_TYPES.shipped.read_text(encoding="utf-8"))


def test_the_migration_loaded_the_shipped_file():
    assert len(shipped()["call_types"]) == CallType.objects.count() == 8
    missed = CallType.objects.get(is_missed=True)
    assert (missed.code, missed.name_ru, missed.order, missed.callback_priority) == (
        "missed",
        "Разговор не состоялся",
        70,
        3,
    )
    assert CallType.objects.get(code="new_connection").callback_priority == 1


def test_loading_twice_changes_nothing_the_second_time():
    before = snapshot()
    result = CALL_TYPES.load()
    assert (result.created, result.updated, result.unchanged) == (0, 0, 8)
    assert snapshot() == before


def test_operator_edit_survives_a_load_and_reset_restores_the_file():
    CallType.objects.filter(code="churn").update(callback_priority=1, name_en="Leaving")
    own = CallType.objects.create(code="sales", name_ru="Продажи", order=90)

    assert CALL_TYPES.load().updated == 0
    assert CallType.objects.get(code="churn").callback_priority == 1
    assert CALL_TYPES.load(reset=True).updated == 1
    churn = CallType.objects.get(code="churn")
    assert (churn.callback_priority, churn.name_en) == (2, "Churn")
    assert CallType.objects.get(pk=own.pk).name_ru == "Продажи"  # a row the file does not name is never touched


def test_export_then_load_into_an_empty_table_gives_the_same_rows(tmp_path):
    before = snapshot()
    call_command("export_defaults", str(tmp_path))
    exported = tmp_path / "calls" / "call_types.yaml"
    CallType.objects.all().delete()

    call_command("load_defaults", "--from", str(tmp_path))
    assert snapshot() == before
    assert CALL_TYPES.export() == exported.read_text(encoding="utf-8")


def test_a_bad_row_names_file_section_row_and_column_and_writes_nothing(tmp_path):
    data = shipped()
    data["call_types"][0]["order"] = 11  # a good change before the bad row: must not be written either
    data["call_types"][5]["code"] = ""
    path = tmp_path / "calls" / "call_types.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    before = snapshot()

    with pytest.raises(DefaultsFileError) as error:
        CALL_TYPES.load(path, reset=True)
    assert (error.value.section, error.value.row, error.value.column) == ("call_types", 6, "code")
    assert str(path) in str(error.value)
    with pytest.raises(CommandError, match=r"call_types row 6, column code: a value is required"):
        call_command("load_defaults", "--from", str(tmp_path), "--reset")
    data["call_types"][5]["code"] = "churn"
    data["call_types"][5]["callback_priority"] = -1
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DefaultsFileError, match=r"call_types row 6, column callback_priority: "):
        CALL_TYPES.load(path)
    assert snapshot() == before
