"""Every app's defaults file together: the shipped files are what the migrations loaded, and `export_defaults DIR`
then `load_defaults --from DIR` round-trips every contributed file."""

import pytest
from django.core.management import CommandError, call_command

from abonent.audit.defaults import TARGETS
from abonent.core.defaults import DefaultsFileError, contributions

pytestmark = pytest.mark.django_db

SHIPPED = {
    "churn/classifier",
    "retention/matrix",
    "worklists/scripts",
    "contracts/offers",
    "processes/forms",
    "calls/call_types",
    "audit/targets",
    "subscribers/service_kinds",
}


def names() -> list[str]:
    return [f"{label}/{name}" for label, name, *_rest in contributions()]


def test_every_app_contributes_its_file_and_ships_it():
    assert set(names()) == SHIPPED
    for *_rest, shipped in contributions():
        assert shipped.exists(), shipped


def test_the_shipped_files_are_what_the_migrations_loaded(capsys):
    call_command("load_defaults", "--reset")
    out = capsys.readouterr().out
    for name in names():
        assert f"{name}: 0 created, 0 updated, " in out, out


def test_export_then_load_round_trips_every_file(tmp_path, capsys):
    call_command("export_defaults", str(tmp_path))
    exported = {name: (tmp_path / f"{name}.yaml").read_text(encoding="utf-8") for name in names()}
    capsys.readouterr()

    call_command("load_defaults", "--from", str(tmp_path), "--reset")
    out = capsys.readouterr().out
    for name in names():
        assert f"{name}: 0 created, 0 updated, " in out, out
    again = tmp_path / "again"
    call_command("export_defaults", str(again))
    assert {name: (again / f"{name}.yaml").read_text(encoding="utf-8") for name in names()} == exported


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("targets: [\n", r"targets\.yaml: not valid YAML at line 2"),
        ("- code: x\n", r"targets\.yaml: expected sections"),
        ("target: []\n", r"targets\.yaml: target: unknown section; expected \['targets'\]"),
        ("targets: {code: x}\n", r"targets\.yaml: targets: expected a list of rows"),
    ],
)
def test_a_file_that_is_not_sections_of_rows_is_named(tmp_path, text, message):
    path = tmp_path / "audit" / "targets.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DefaultsFileError, match=message):
        TARGETS.load(path)
    with pytest.raises(CommandError, match=message):
        call_command("load_defaults", "--from", str(tmp_path))


def test_the_shipped_files_are_written_as_a_fresh_install_exports_them():
    # So an operator's export differs from the shipped file only where their data does (the classifier's file is
    # kept by hand, with its comments).
    for label, name, _load, export, shipped in contributions():
        if f"{label}/{name}" != "churn/classifier":
            assert export() == shipped.read_text(encoding="utf-8"), shipped
