"""The work lists' scripts as a defaults file: idempotent load, an operator's edit wins unless reset, export → load
round-trips, a bad row names its place and changes nothing."""

import pytest
import yaml
from django.core.management import CommandError, call_command

from abonent.churn.models import ReasonGroup, Script
from abonent.core.defaults import DefaultsFileError
from abonent.worklists.defaults import SCRIPTS, WARM_TITLE, WINBACK_TITLE, shipped_script

pytestmark = pytest.mark.django_db


def snapshot():
    return sorted(Script.objects.values_list("title", "title_en", "group__code", "body_ru", "body_en", "is_default"))


def shipped():
    return yaml.safe_load(SCRIPTS.shipped.read_text(encoding="utf-8"))


def test_the_migration_loaded_the_shipped_file():
    assert [row["title"] for row in shipped()["scripts"]] == [WINBACK_TITLE, WARM_TITLE]
    winback = Script.objects.get(title=WINBACK_TITLE)
    assert (winback.group.code, winback.title_en) == ("other", "Win-back call to churned subscribers")
    assert winback.body_ru.startswith("1. Приветствие.") and winback.body_ru.endswith("в карточку задания.")
    assert Script.objects.get(title=WARM_TITLE).group.code == "financial"


def test_loading_twice_changes_nothing_the_second_time():
    before = snapshot()
    result = SCRIPTS.load()
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert snapshot() == before


def test_operator_edit_survives_a_load_and_reset_restores_the_file():
    Script.objects.filter(title=WINBACK_TITLE).update(body_ru="Своё")
    Script.objects.filter(title=WARM_TITLE).delete()

    assert (SCRIPTS.load().created, Script.objects.get(title=WINBACK_TITLE).body_ru) == (1, "Своё")
    assert SCRIPTS.load(reset=True).updated == 1
    assert Script.objects.get(title=WINBACK_TITLE).body_ru.startswith("1. Приветствие.")


def test_a_missing_script_is_created_when_a_work_list_needs_it():
    Script.objects.filter(title=WARM_TITLE).delete()
    assert shipped_script(WARM_TITLE).group.code == "financial"


def test_export_then_load_after_deleting_the_scripts_gives_the_same_rows(tmp_path):
    before = snapshot()
    call_command("export_defaults", str(tmp_path))
    exported = tmp_path / "worklists" / "scripts.yaml"
    Script.objects.filter(title__in=[WINBACK_TITLE, WARM_TITLE]).delete()

    call_command("load_defaults", "--from", str(tmp_path))
    assert snapshot() == before
    assert SCRIPTS.export() == exported.read_text(encoding="utf-8")
    # Only the work lists' scripts are this file's: the classifier's group scripts are exported with it.
    assert [row["title"] for row in yaml.safe_load(exported.read_text(encoding="utf-8"))["scripts"]] == [
        WINBACK_TITLE,
        WARM_TITLE,
    ]


def test_a_bad_row_names_file_section_row_and_column_and_writes_nothing(tmp_path):
    data = shipped()
    data["scripts"][0]["body_en"] = "Changed"  # a good change before the bad row: must not be written either
    data["scripts"][1]["group"] = "no_such_group"
    path = tmp_path / "worklists" / "scripts.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    before = snapshot()

    with pytest.raises(DefaultsFileError) as error:
        SCRIPTS.load(path, reset=True)
    assert (error.value.section, error.value.row, error.value.column) == ("scripts", 2, "group")
    with pytest.raises(CommandError, match=r"scripts row 2, column group: unknown group 'no_such_group'"):
        call_command("load_defaults", "--from", str(tmp_path), "--reset")
    assert snapshot() == before
    assert ReasonGroup.objects.filter(code="no_such_group").count() == 0
