from django.urls import path

from . import views

app_name = "analytics-api"

urlpatterns = [
    path("diagnostics/", views.DiagnosticsAPIView.as_view(), name="diagnostics"),
    path("churn-vs-inflow/", views.ChurnVsInflowAPIView.as_view(), name="churn-vs-inflow"),
]
