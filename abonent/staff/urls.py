from abonent.core.urls import register_urls

from . import views

app_name = "staff"

urlpatterns = [
    *register_urls("employees", views, "Employee"),
    *register_urls("time", views, "TimeEntry"),
]
