"""Staff registers: employees with their pay and history, time entries; the role table covers retention perms."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from abonent.core.testing import check_register_views
from abonent.staff.models import Employee
from abonent.staff.services import record_time

pytestmark = pytest.mark.django_db


def test_employee_register_and_history(client_for, make_user):
    user = make_user("retention_manager", username="ivan")
    employee = Employee.objects.create(user=user, monthly_salary=55000, paid_hours_per_month=160)
    # 55 000 ₽ for 160 paid hours = 343.75 ₽ an hour.
    assert employee.hourly_cost == Decimal("343.75")
    check_register_views(client_for, employee, viewer="analyst", outsider="call_centre_agent")
    client = client_for("head_of_retention")
    response = client.post(
        reverse("staff:employee_edit", args=[employee.pk]),
        {
            "user": user.pk,
            "position": "Менеджер",
            "grade": "senior",
            "monthly_salary": "60000",
            "paid_hours_per_month": "160",
            "pbx_agent": "Agent/1002",
            "hired_on": "2024-01-10",
            "left_on": "",
        },
    )
    assert response.status_code == 302
    employee.refresh_from_db()
    assert employee.monthly_salary == 60000 and employee.history.count() == 2
    response = client.post(
        reverse("staff:employee_edit", args=[employee.pk]),
        {
            "user": user.pk,
            "monthly_salary": "60000",
            "paid_hours_per_month": "160",
            "hired_on": "2024-01-10",
            "left_on": "2023-01-01",
        },
    )
    assert response.status_code == 200 and "left_on" in response.context["form"].errors
    assert client_for("retention_manager").get(reverse("staff:employee_edit", args=[employee.pk])).status_code == 403


def test_time_entries_list(client_for, make_user):
    user = make_user("debt_agent", username="debt")
    record_time(user, 25, "letter", on=dt.date(2026, 5, 4), note="Письмо должнику")
    response = client_for("head_of_retention").get(reverse("staff:timeentry_list"), {"user": user.pk})
    assert response.status_code == 200 and response.context["table"].paginator.count == 1
