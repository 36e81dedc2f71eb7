from django.urls import path

from . import views

app_name = "performance"

urlpatterns = [path("managers/", views.ManagerPerformanceView.as_view(), name="managers")]
