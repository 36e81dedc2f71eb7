"""The hidden-churn script as a defaults file: shown unsaved until first use, idempotent load, an operator's edit
wins unless reset, export → load round-trips, a bad row names its place and changes nothing.

It is not contributed to `load_defaults` (no migration ships it; see scoring/defaults.py), so these load and export
it directly."""

import pytest
import yaml

from abonent.churn.models import Script
from abonent.core.defaults import DefaultsFileError
from abonent.scoring import actions
from abonent.scoring.defaults import HIDDEN_SCRIPT, HIDDEN_SCRIPT_TITLE

pytestmark = pytest.mark.django_db


def snapshot():
    return sorted(Script.objects.values_list("title", "title_en", "group__code", "body_ru", "body_en", "is_default"))


def shipped():
    return yaml.safe_load(HIDDEN_SCRIPT.shipped.read_text(encoding="utf-8"))


def test_the_page_shows_the_file_until_the_first_task_creates_the_script():
    shown = actions.shipped_hidden_churn_script()
    assert shown.pk is None and shown.title == HIDDEN_SCRIPT_TITLE
    assert shown.body_ru == shipped()["scripts"][0]["body_ru"]
    assert shown.body_ru.startswith("1. Приветствие. «Добрый день, [имя отчество]!")
    assert not Script.objects.filter(title=HIDDEN_SCRIPT_TITLE).exists()

    created = actions.hidden_churn_script()
    assert (created.group.code, created.title_en) == ("quality", "Hidden churn: pays but does not use the service")
    assert actions.shipped_hidden_churn_script() == created == actions.hidden_churn_script()


def test_loading_twice_changes_nothing_the_second_time():
    assert HIDDEN_SCRIPT.load().created == 1
    before = snapshot()
    result = HIDDEN_SCRIPT.load()
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert snapshot() == before


def test_operator_edit_survives_a_load_and_reset_restores_the_file():
    script = actions.hidden_churn_script()
    script.body_en = "Our own text"
    script.save()
    assert HIDDEN_SCRIPT.load().updated == 0
    assert Script.objects.get(pk=script.pk).body_en == "Our own text"
    assert HIDDEN_SCRIPT.load(reset=True).updated == 1
    assert Script.objects.get(pk=script.pk).body_en == shipped()["scripts"][0]["body_en"]


def test_export_then_load_after_deleting_the_script_gives_the_same_row(tmp_path):
    actions.hidden_churn_script()
    before = snapshot()
    exported = tmp_path / "hidden_script.yaml"
    exported.write_text(HIDDEN_SCRIPT.export(), encoding="utf-8")
    assert yaml.safe_load(exported.read_text(encoding="utf-8")) == shipped()
    Script.objects.filter(title=HIDDEN_SCRIPT_TITLE).delete()

    assert HIDDEN_SCRIPT.load(exported).created == 1
    assert snapshot() == before
    assert HIDDEN_SCRIPT.export() == exported.read_text(encoding="utf-8")


def test_a_bad_row_names_file_section_row_and_column_and_writes_nothing(tmp_path):
    data = shipped()
    data["scripts"][0]["group"] = "no_such_group"
    path = tmp_path / "scoring" / "hidden_script.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    before = snapshot()

    with pytest.raises(DefaultsFileError) as error:
        HIDDEN_SCRIPT.load(path)
    assert (error.value.section, error.value.row, error.value.column) == ("scripts", 1, "group")
    assert str(error.value).endswith("scripts row 1, column group: unknown group 'no_such_group'")
    assert snapshot() == before
