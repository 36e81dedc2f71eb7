from abonent.core.api.viewsets import ReadOnlyRegisterViewSet, RegisterViewSet

from ..filtersets import EmployeeFilterSet, TimeEntryFilterSet
from ..models import Employee, TimeEntry
from .serializers import EmployeeSerializer, TimeEntrySerializer


class EmployeeViewSet(RegisterViewSet):
    queryset = Employee.objects.select_related("user")
    serializer_class = EmployeeSerializer
    filterset_class = EmployeeFilterSet

    def perform_update(self, serializer):
        serializer.instance._history_user = self.request.user
        serializer.save()


class TimeEntryViewSet(ReadOnlyRegisterViewSet):
    queryset = TimeEntry.objects.select_related("user")
    serializer_class = TimeEntrySerializer
    filterset_class = TimeEntryFilterSet
