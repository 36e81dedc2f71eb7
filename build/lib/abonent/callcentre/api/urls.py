from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "callcentre-api"

router = DefaultRouter()
router.register("callbacks", views.CallbackTaskViewSet)
router.register("attempts", views.CallbackAttemptViewSet)

urlpatterns = [
    path("policy/", views.CallbackPolicyView.as_view(), name="policy"),
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    path("staffing/", views.StaffingView.as_view(), name="staffing"),
    path("workload/", views.WorkloadView.as_view(), name="workload"),
    path("missed-calls/", views.MissedCallsView.as_view(), name="missed_calls"),
    *router.urls,
]
