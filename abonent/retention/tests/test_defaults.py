"""The retention matrix as a defaults file: idempotent load, an operator's edit wins unless reset, export → load
round-trips, a bad row names its place and changes nothing."""

from decimal import Decimal

import pytest
import yaml
from django.core.management import CommandError, call_command

from abonent.core.defaults import DefaultsFileError
from abonent.retention.defaults import MATRIX
from abonent.retention.models import MatrixEntry, Measure

pytestmark = pytest.mark.django_db


def snapshot():
    measures = [{k: v for k, v in row.items() if k != "id"} for row in Measure.objects.order_by("code").values()]
    matrix = sorted(MatrixEntry.objects.values_list("reason__code", "measure__code", "order"))
    return measures, matrix


def shipped():
    return yaml.safe_load(MATRIX.shipped.read_text(encoding="utf-8"))


def test_the_migration_loaded_the_shipped_file():
    data = shipped()
    assert len(data["measures"]) == Measure.objects.count() == 13
    assert len(data["matrix"]) == MatrixEntry.objects.count()
    discount = Measure.objects.get(code="discount")
    assert (discount.cost_monthly, discount.cost_months, discount.grant_role) == (Decimal(100), 3, "head_of_retention")
    assert Measure.objects.get(code="urgent_repair").limit_per_year is None
    first = MatrixEntry.objects.filter(reason__code="competitor").order_by("order").first()
    assert first.measure.code == "tariff_change"
    # The migration writes each measure's first history row, so the first edit shows what changed.
    assert discount.history.filter(history_type="+").count() == 1


def test_loading_twice_changes_nothing_the_second_time():
    before = snapshot()
    result = MATRIX.load()
    assert (result.created, result.updated, result.unchanged) == (0, 0, 13 + MatrixEntry.objects.count())
    assert snapshot() == before


def test_operator_edit_survives_a_load_and_reset_restores_the_file():
    discount = Measure.objects.get(code="discount")
    discount.cost_monthly = Decimal("150.00")
    discount.save()
    entry = MatrixEntry.objects.get(reason__code="competitor", measure__code="discount")
    entry.delete()
    Measure.objects.create(code="own_measure", name_ru="Своё", order=99)

    result = MATRIX.load()
    assert (result.created, result.updated) == (1, 0)
    assert Measure.objects.get(code="discount").cost_monthly == Decimal("150.00")
    assert MatrixEntry.objects.get(reason__code="competitor", measure__code="discount").order == 5

    result = MATRIX.load(reset=True)
    assert (result.created, result.updated) == (0, 1)
    assert Measure.objects.get(code="discount").cost_monthly == Decimal(100)
    assert Measure.objects.filter(code="own_measure").exists()  # a row the file does not name is never touched


def test_export_then_load_into_an_empty_matrix_gives_the_same_rows(tmp_path):
    Measure.objects.filter(code="bonus_card").update(description="Карта на 300 ₽\nв магазинах-партнёрах")
    before = snapshot()
    call_command("export_defaults", str(tmp_path))
    exported = tmp_path / "retention" / "matrix.yaml"
    MatrixEntry.objects.all().delete()
    Measure.objects.all().delete()

    call_command("load_defaults", "--from", str(tmp_path))
    assert snapshot() == before
    assert MATRIX.export() == exported.read_text(encoding="utf-8")


def test_a_bad_row_names_file_section_row_and_column_and_writes_nothing(tmp_path):
    data = shipped()
    data["measures"][0]["cost_monthly"] = 999  # a good change before the bad row: must not be written either
    data["matrix"].append({"reason": "competitor", "measure": "no_such_measure", "order": 6})
    path = tmp_path / "retention" / "matrix.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    before = snapshot()

    with pytest.raises(DefaultsFileError) as error:
        MATRIX.load(path, reset=True)
    row = len(data["matrix"])
    assert (error.value.section, error.value.row, error.value.column) == ("matrix", row, "measure")
    assert str(path) in str(error.value)
    with pytest.raises(CommandError, match=rf"matrix row {row}, column measure: unknown measure 'no_such_measure'"):
        call_command("load_defaults", "--from", str(tmp_path), "--reset")
    assert snapshot() == before


@pytest.mark.parametrize(
    ("change", "section", "column", "message"),
    [
        (lambda d: d["measures"][2].pop("code"), "measures", "code", "a value is required"),
        (lambda d: d["measures"][2].update(process="teleport"), "measures", "process", "not a valid choice"),
        (lambda d: d["measures"][2].update(code="tariff_change"), "measures", "code", "duplicate key"),
        (lambda d: d["matrix"][2].update(reason="nope"), "matrix", "reason", "unknown reason 'nope'"),
        (lambda d: d["matrix"][2].update(colour="red"), "matrix", "colour", "unknown column"),
    ],
)
def test_each_kind_of_bad_row_is_named(tmp_path, change, section, column, message):
    data = shipped()
    change(data)
    path = tmp_path / "matrix.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DefaultsFileError, match=message) as error:
        MATRIX.read(path)
    assert (error.value.section, error.value.row, error.value.column) == (section, 3, column)
