import datetime as dt

import pytest
from django.utils import timezone

from abonent.imports.kinds import importer_for
from abonent.imports.models import ImportRun
from abonent.surveys.importers import import_survey_answers
from abonent.surveys.models import Response
from abonent.worklists.models import WorkItem


def run_import(tmp_path, text: str, name="answers.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    run = ImportRun.objects.create(kind="survey_answers", file_name=name)
    return import_survey_answers(path, file_name=name, user=None, source="cli", run=run)


GOOD = (
    "Лицевой счёт;Дата;Оценка;Комментарий\n"
    "70001;2026-02-01;10;Спасибо\n"
    "70002;03.02.2026;6;Дорого\n"
    "70003;2026-02-05 18:30;8;\n"
)


@pytest.fixture
def subscribers(make_subscriber, survey):
    return [make_subscriber(f"7000{i}") for i in (1, 2, 3)]


def test_registered():
    assert importer_for("survey_answers") is import_survey_answers


def test_good_file_then_idempotent(tmp_path, subscribers, survey):
    run = run_import(tmp_path, GOOD)
    assert run.status == "succeeded", run.errors
    assert (run.rows_added, run.rows_updated, run.rows_unchanged) == (3, 0, 0)
    answers = {r.subscriber.external_id: r for r in Response.objects.select_related("subscriber")}
    assert answers["70002"].score == 6 and answers["70002"].comment == "Дорого"
    assert answers["70002"].channel == "import" and answers["70002"].import_run == run
    assert timezone.localtime(answers["70003"].answered_at).replace(tzinfo=None) == dt.datetime(2026, 2, 5, 18, 30)
    assert WorkItem.objects.get().subscriber.external_id == "70002"
    again = run_import(tmp_path, GOOD, encoding="cp1251")
    assert again.status == "succeeded"
    assert (again.rows_added, again.rows_updated, again.rows_unchanged) == (0, 0, 3)
    assert Response.objects.count() == 3
    corrected = run_import(tmp_path, GOOD.replace("70001;2026-02-01;10", "70001;2026-02-01;9"))
    assert (corrected.rows_added, corrected.rows_updated, corrected.rows_unchanged) == (0, 1, 2)


def test_bad_rows_change_nothing(tmp_path, subscribers, survey):
    text = (
        "account,date,score,comment\n"
        "70001,2026-02-01,10,ok\n"
        "99999,2026-02-01,5,нет такого\n"
        "70002,2026-13-01,5,\n"
        "70003,2026-02-01,11,\n"
        "70001,2026-02-01,3,дубль\n"
        "70002,2024-01-01,3,до опроса\n"
    )
    run = run_import(tmp_path, text)
    assert run.status == "failed"
    assert not Response.objects.exists()
    errors = {(e["row"], e["column"], e["code"]) for e in run.errors}
    assert errors == {
        (3, "account", "unknown_account"),
        (4, "date", "bad_date"),
        (5, "score", "bad_score"),
        (6, "account", "duplicate"),
        (7, "date", "no_survey"),
    }
    score_error = next(e for e in run.errors if e["column"] == "score")
    assert score_error["value"] == "11" and score_error["file"] == "answers.csv"
    assert "0 to 10" in score_error["expected"]


def test_missing_column(tmp_path, survey):
    run = run_import(tmp_path, "account;comment\n1;x\n")
    assert run.status == "failed"
    assert {e["column"] for e in run.errors} == {"date", "score"}


def test_named_survey(tmp_path, subscribers, survey):
    run = run_import(tmp_path, "account;date;score;survey\n70001;2026-02-01;9;Другой\n")
    assert run.errors[0]["code"] == "unknown_survey"
    run = run_import(tmp_path, "account;date;score;survey\n70001;2026-02-01;9;nps 2026\n")
    assert run.status == "succeeded"
