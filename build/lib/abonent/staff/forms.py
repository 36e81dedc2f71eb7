from abonent.core.forms import DateInput, RegisterForm

from .models import Employee


class EmployeeForm(RegisterForm):
    class Meta:
        model = Employee
        fields = [
            "user",
            "position",
            "grade",
            "monthly_salary",
            "paid_hours_per_month",
            "pbx_agent",
            "hired_on",
            "left_on",
        ]
        widgets = {"hired_on": DateInput(), "left_on": DateInput()}
