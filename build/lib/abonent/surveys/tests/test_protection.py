"""Survey answers dated in 2099 are refused, and an unknown column is a warning on the run."""

import pytest

from abonent.surveys.models import Response

from .test_importers import run_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscribers(make_subscriber, survey):
    return [make_subscriber("70001")]


def test_an_answer_in_2099_is_refused(tmp_path, subscribers):
    run = run_import(tmp_path, "Лицевой счёт;Дата;Оценка\n70001;2099-02-01;10\n")
    assert [(e["row"], e["column"], e["code"]) for e in run.errors] == [(2, "date", "implausible_date")]
    assert Response.objects.count() == 0


def test_an_unknown_column_is_listed_as_a_warning(tmp_path, subscribers):
    run = run_import(tmp_path, "Лицевой счёт;Дата;Оценка;Оператор\n70001;2026-02-01;10;Анна\n")
    assert run.status == "succeeded" and [w["column"] for w in run.warnings] == ["Оператор"]
