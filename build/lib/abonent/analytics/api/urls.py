from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "analytics-api"

router = DefaultRouter()
router.register("segments", views.SavedSegmentViewSet)
router.register("competitor-tariffs", views.CompetitorTariffViewSet)

urlpatterns = [
    path("diagnostics/", views.DiagnosticsAPIView.as_view(), name="diagnostics"),
    path("churn-vs-inflow/", views.ChurnVsInflowAPIView.as_view(), name="churn-vs-inflow"),
    path("base/", views.BaseAnalysisAPIView.as_view(), name="base"),
    path("tariffs/", views.TariffReportAPIView.as_view(), name="tariffs"),
    path("survival/", views.SurvivalAPIView.as_view(), name="survival"),
    path("cohorts/", views.CohortAPIView.as_view(), name="cohorts"),
    *router.urls,
]
