from django.urls import path

from . import views

app_name = "performance-api"

urlpatterns = [path("managers/", views.ManagerPerformanceAPIView.as_view(), name="managers")]
