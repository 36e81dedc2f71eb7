from django.urls import path

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
    path("segments/", views.SavedSegmentListView.as_view(), name="savedsegment_list"),
    path("segments/add/", views.SavedSegmentEditView.as_view(), name="savedsegment_add"),
    path("segments/<int:pk>/", views.SavedSegmentDetailView.as_view(), name="savedsegment_detail"),
    path("segments/<int:pk>/edit/", views.SavedSegmentEditView.as_view(), name="savedsegment_edit"),
    path("segments/<int:pk>/delete/", views.SavedSegmentDeleteView.as_view(), name="savedsegment_delete"),
    path("competitor-tariffs/", views.CompetitorTariffListView.as_view(), name="competitortariff_list"),
    path("competitor-tariffs/add/", views.CompetitorTariffEditView.as_view(), name="competitortariff_add"),
    path("competitor-tariffs/<int:pk>/", views.CompetitorTariffDetailView.as_view(), name="competitortariff_detail"),
    path("competitor-tariffs/<int:pk>/edit/", views.CompetitorTariffEditView.as_view(), name="competitortariff_edit"),
    path(
        "competitor-tariffs/<int:pk>/delete/",
        views.CompetitorTariffDeleteView.as_view(),
        name="competitortariff_delete",
    ),
]
