from django.urls import path

from .views import OutageReportView, outages

app_name = "outages"

urlpatterns = [*outages.urls(), path("report/", OutageReportView.as_view(), name="report")]
