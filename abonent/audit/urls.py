from django.urls import path

from abonent.core.urls import register_urls

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.ScorecardView.as_view(), name="scorecard"),
    *register_urls("targets", views, "AuditTarget"),
]
