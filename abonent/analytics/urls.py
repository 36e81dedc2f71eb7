from django.urls import path
from django.views.generic import RedirectView

from abonent.core.urls import register_urls

from . import views

app_name = "analytics"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("diagnostics/", views.DiagnosticsView.as_view(), name="diagnostics"),
    path("base/", views.BaseAnalysisView.as_view(), name="base_analysis"),
    path("tariffs/", views.TariffsView.as_view(), name="tariffs"),
    path("churn-vs-inflow/", views.ChurnInflowView.as_view(), name="churn_inflow"),
    path("survival/", views.SurvivalView.as_view(), name="survival"),
    path("cohorts/", views.CohortsView.as_view(), name="cohorts"),
    # Saved segments moved to the subscriber base; old links and bookmarks still arrive.
    path("segments/", RedirectView.as_view(pattern_name="subscribers:savedsegment_list", query_string=True)),
    path("segments/add/", RedirectView.as_view(pattern_name="subscribers:savedsegment_add", query_string=True)),
    path("segments/<int:pk>/", RedirectView.as_view(pattern_name="subscribers:savedsegment_detail")),
    *register_urls("competitor-tariffs", views, "CompetitorTariff"),
]
