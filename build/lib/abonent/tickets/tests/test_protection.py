"""Ticket dates far in the future or the past are refused with their row and column."""

import pytest

from abonent.tickets.models import Ticket

from .test_importers import run_import, write

pytestmark = pytest.mark.django_db


def test_opened_in_2099_is_refused(tmp_path, subscriber):
    text = "Номер заявки;Лицевой счёт;Дата создания\nT-1;100001;01.03.2099 10:00\nT-2;100001;01.03.1901 10:00\n"
    run = run_import(write(tmp_path, text))
    assert [(e["row"], e["column"], e["code"]) for e in run.errors] == [
        (2, "opened_at", "implausible_date"),
        (3, "opened_at", "implausible_date"),
    ]
    assert Ticket.objects.count() == 0
