from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("employees/", views.EmployeeListView.as_view(), name="employee_list"),
    path("employees/add/", views.EmployeeEditView.as_view(), name="employee_add"),
    path("employees/<int:pk>/", views.EmployeeDetailView.as_view(), name="employee_detail"),
    path("employees/<int:pk>/edit/", views.EmployeeEditView.as_view(), name="employee_edit"),
    path("time/", views.TimeEntryListView.as_view(), name="timeentry_list"),
]
