"""The application forms as a defaults file: idempotent load, an operator's edit wins unless reset,
export → load round-trips, a bad row names its place and changes nothing."""

import pytest
import yaml
from django.core.management import CommandError, call_command

from abonent.core.defaults import DefaultsFileError
from abonent.processes.defaults import FORMS
from abonent.processes.models import FormTemplate

pytestmark = pytest.mark.django_db


def snapshot():
    return [{k: v for k, v in row.items() if k != "id"} for row in FormTemplate.objects.order_by("kind").values()]


def shipped():
    return yaml.safe_load(FORMS.shipped.read_text(encoding="utf-8"))


def test_the_migration_loaded_the_shipped_file():
    assert len(shipped()["forms"]) == FormTemplate.objects.count() == 15
    claim = FormTemplate.objects.get(kind="claim")
    assert (claim.title, claim.is_default) == ("Претензия", True)
    assert claim.header.startswith("Генеральному директору\n{{ operator.operator_name }}\n")
    assert claim.footer.endswith('Заявление принял(а): {{ employee|default:blank }}, {{ today|date:"d.m.Y" }}')
    assert "{% if record.deadline %} (не позднее" in claim.body


def test_loading_twice_changes_nothing_the_second_time():
    before = snapshot()
    result = FORMS.load()
    assert (result.created, result.updated, result.unchanged) == (0, 0, 15)
    assert snapshot() == before


def test_operator_edit_survives_a_load_and_reset_restores_the_file():
    FormTemplate.objects.filter(kind="claim").update(title="Претензия абонента")
    FormTemplate.objects.filter(kind="benefit").delete()

    result = FORMS.load()
    assert (result.created, result.updated) == (1, 0)
    assert FormTemplate.objects.get(kind="claim").title == "Претензия абонента"
    assert FORMS.load(reset=True).updated == 1
    assert FormTemplate.objects.get(kind="claim").title == "Претензия"


def test_export_then_load_into_an_empty_table_gives_the_same_rows(tmp_path):
    before = snapshot()
    call_command("export_defaults", str(tmp_path))
    exported = tmp_path / "processes" / "forms.yaml"
    FormTemplate.objects.all().delete()

    call_command("load_defaults", "--from", str(tmp_path))
    assert snapshot() == before
    assert FORMS.export() == exported.read_text(encoding="utf-8")


def test_a_bad_row_names_file_section_row_and_column_and_writes_nothing(tmp_path):
    data = shipped()
    data["forms"][0]["title"] = "Изменено"  # a good change before the bad row: must not be written either
    data["forms"][3]["kind"] = "no_such_kind"
    path = tmp_path / "processes" / "forms.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    before = snapshot()

    with pytest.raises(DefaultsFileError) as error:
        FORMS.load(path, reset=True)
    assert (error.value.section, error.value.row, error.value.column) == ("forms", 4, "kind")
    assert str(path) in str(error.value)
    with pytest.raises(CommandError, match=r"forms row 4, column kind: .*no_such_kind"):
        call_command("load_defaults", "--from", str(tmp_path), "--reset")
    data["forms"][3]["kind"] = data["forms"][1]["kind"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DefaultsFileError, match=r"forms row 4, column kind: duplicate key 'benefit'"):
        FORMS.load(path)
    assert snapshot() == before
