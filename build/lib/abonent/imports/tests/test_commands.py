"""`abonent import`: summary, error table, exit status."""

from io import StringIO

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.utils import translation

from abonent.imports.models import ImportRun

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The command speaks the active language (Russian by default); these tests read its English."""
    with translation.override("en"):
        yield


def test_successful_import_prints_a_summary(base, write, make_user):
    user = make_user("head_of_retention", username="olga")
    out, err = StringIO(), StringIO()
    path = write("t.csv", "code;name;service_type;monthly_fee\nNEW;Новый;internet;700\n")
    call_command("import", "tariffs", str(path), "--user", "olga", stdout=out, stderr=err)
    run = ImportRun.objects.latest("pk")
    assert (run.source, run.user, run.rows_added) == ("cli", user, 1)
    assert f"Import #{run.pk} succeeded: 1 rows: 1 added, 0 updated, 0 unchanged." in out.getvalue()
    assert "1/1" in err.getvalue()  # the progress bar reached the end


def test_failed_import_prints_every_error_and_exits_with_1(base, write):
    path = write("p.csv", "account;paid_at;amount\n9999;05.01.2024 10:15;5\n1001;32.01.2024;-5\n")
    out = StringIO()
    with pytest.raises(CommandError) as info:
        call_command("import", "payments", str(path), "--no-progress", stdout=out)
    assert info.value.returncode == 1
    lines = out.getvalue().splitlines()
    assert lines[0].startswith(f"Import #{ImportRun.objects.latest('pk').pk} failed: 3 errors in 2 rows")
    assert lines[1].startswith("p.csv:2 account «9999» — ")
    assert lines[2].startswith("p.csv:3 paid_at «32.01.2024» — ")
    assert lines[3].startswith("p.csv:3 amount «-5» — ")


def test_exit_status_from_the_command_line(base, write, capsys):
    path = write("t.csv", "code;name\nX;Y\n")
    with pytest.raises(SystemExit) as info:
        ManagementUtility(["abonent", "import", "tariffs", str(path), "--no-progress"]).execute()
    assert info.value.code == 1
    assert "t.csv:1 service_type" in capsys.readouterr().out


def test_missing_file_and_unknown_kind(write):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import", "tariffs", "/nonexistent.csv")
    with pytest.raises(CommandError):
        call_command("import", "animals", str(write("a.csv", "a\n1\n")))
