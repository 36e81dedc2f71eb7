"""The classifier as a defaults file: idempotent load, export → edit → load, --reset, a bad row changes nothing."""

from decimal import Decimal

import pytest
import yaml
from django.core.management import CommandError, call_command

from abonent.churn.defaults import DEFAULT_FILE, ClassifierFileError, load_classifier
from abonent.churn.models import ChurnReason, ReasonGroup, Script
from abonent.imports.services import importer_for, start_run

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(ReasonGroup.objects.order_by("code").values()),
        list(ChurnReason.objects.order_by("code").values()),
        list(Script.objects.order_by("pk").values()),
    )


def test_shipped_file_is_what_the_migration_loaded():
    shipped = yaml.safe_load(DEFAULT_FILE.read_text(encoding="utf-8"))
    assert len(shipped["groups"]) == 8 and len(shipped["reasons"]) == 18
    assert ReasonGroup.objects.count() == 8
    assert ChurnReason.objects.count() == 18
    assert Script.objects.filter(is_default=True).count() == 8
    assert ChurnReason.objects.get(code="competitor").norm_percent == Decimal(18)


def test_load_defaults_twice_changes_nothing_the_second_time(capsys):
    before = snapshot()
    call_command("load_defaults")
    call_command("load_defaults")
    assert snapshot() == before
    # 8 groups + 8 scripts + 18 reasons
    assert "churn/classifier: 0 created, 0 updated, 34 unchanged" in capsys.readouterr().out


def test_operator_edit_survives_load_unless_reset():
    reason = ChurnReason.objects.get(code="competitor")
    reason.norm_percent = Decimal("25.50")
    reason.norm_source = "manual"
    reason.save()
    ChurnReason.objects.get(code="price").delete()

    result = load_classifier()
    assert (result.created, result.updated) == (1, 0)
    assert ChurnReason.objects.get(code="competitor").norm_percent == Decimal("25.50")
    assert ChurnReason.objects.get(code="price").norm_percent == Decimal(6)

    call_command("load_defaults", "--reset")
    competitor = ChurnReason.objects.get(code="competitor")
    assert (competitor.norm_percent, competitor.norm_source) == (Decimal(18), "template")


def test_export_edit_load_round_trips(tmp_path):
    call_command("export_defaults", str(tmp_path))
    exported = tmp_path / "churn" / "classifier.yaml"
    data = yaml.safe_load(exported.read_text(encoding="utf-8"))
    assert [r["code"] for r in data["reasons"]] == list(
        ChurnReason.objects.order_by("order").values_list("code", flat=True)
    )

    data["groups"].append(
        {"code": "tv_only", "order": 9, "managed": True, "name_ru": "Только ТВ", "name_en": "TV only"}
    )
    data["reasons"].append(
        {
            "code": "tv_channels",
            "group": "tv_only",
            "order": 19,
            "managed": True,
            "norm_percent": 1.5,
            "name_ru": "Мало каналов",
            "name_en": "Too few channels",
        }
    )
    exported.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    call_command("load_defaults", "--from", str(tmp_path))

    added = ChurnReason.objects.get(code="tv_channels")
    assert (added.group.code, added.norm_percent, added.name_en) == ("tv_only", Decimal("1.50"), "Too few channels")
    second = tmp_path / "again"
    call_command("export_defaults", str(second))
    assert yaml.safe_load((second / "churn" / "classifier.yaml").read_text(encoding="utf-8")) == data


def test_bad_row_names_file_row_column_and_changes_nothing(tmp_path):
    path = tmp_path / "churn" / "classifier.yaml"
    path.parent.mkdir()
    data = yaml.safe_load(DEFAULT_FILE.read_text(encoding="utf-8"))
    data["reasons"][0]["norm_percent"] = 7  # a good change before the bad row: must not be written either
    data["reasons"].append({"code": "new_one", "group": "no_such_group", "name_ru": "Новая", "norm_percent": 1})
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    before = snapshot()

    with pytest.raises(ClassifierFileError) as error:
        load_classifier(path, reset=True)
    assert (error.value.section, error.value.row, error.value.column) == ("reasons", 19, "group")
    assert str(path) in str(error.value)
    with pytest.raises(CommandError, match=r"reasons row 19, column group: unknown group 'no_such_group'"):
        call_command("load_defaults", "--from", str(tmp_path), "--reset")
    assert snapshot() == before


def test_classifier_import_kind_all_or_nothing(tmp_path):
    data = yaml.safe_load(DEFAULT_FILE.read_text(encoding="utf-8"))
    next(r for r in data["reasons"] if r["code"] == "competitor")["norm_percent"] = 30
    data["reasons"].append({"code": "x", "group": "nope", "name_ru": "Икс", "norm_percent": 1})
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    before = snapshot()
    run = importer_for("churn_classifier")(bad, file_name="bad.yaml", run=start_run("churn_classifier", "bad.yaml"))
    assert run.status == "failed"
    assert "bad.yaml: reasons row 19, column group" in run.message
    assert snapshot() == before

    data["reasons"].pop()
    good = tmp_path / "good.yaml"
    good.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    run = importer_for("churn_classifier")(good, file_name="good.yaml", run=start_run("churn_classifier", "good.yaml"))
    assert (run.status, run.rows_updated) == ("succeeded", 1)
    assert ChurnReason.objects.get(code="competitor").norm_percent == Decimal(30)


def test_classifier_is_an_import_kind_of_the_cli(tmp_path):
    """`abonent import churn_classifier FILE` takes an exported classifier back; a norm edited in the file wins."""
    call_command("export_defaults", str(tmp_path))
    path = tmp_path / "churn" / "classifier.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    reason = data["reasons"][0]
    reason["norm_percent"] = 42.5
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    call_command("import", "churn_classifier", str(path))
    assert ChurnReason.objects.get(code=reason["code"]).norm_percent == Decimal("42.5")
