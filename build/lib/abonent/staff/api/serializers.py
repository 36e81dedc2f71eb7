from rest_framework import serializers

from abonent.core.api.serializers import ValidatedModelSerializer

from ..models import Employee, TimeEntry


class EmployeeSerializer(ValidatedModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = Employee
        fields = [
            "id",
            "user",
            "username",
            "position",
            "grade",
            "monthly_salary",
            "paid_hours_per_month",
            "pbx_agent",
            "hired_on",
            "left_on",
        ]


class TimeEntrySerializer(ValidatedModelSerializer):
    class Meta:
        model = TimeEntry
        fields = ["id", "user", "date", "minutes", "activity", "note"]
        read_only_fields = fields
