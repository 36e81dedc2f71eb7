from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.ScorecardView.as_view(), name="scorecard"),
    path("targets/", views.AuditTargetListView.as_view(), name="audittarget_list"),
    path("targets/add/", views.AuditTargetEditView.as_view(), name="audittarget_add"),
    path("targets/<int:pk>/", views.AuditTargetDetailView.as_view(), name="audittarget_detail"),
    path("targets/<int:pk>/edit/", views.AuditTargetEditView.as_view(), name="audittarget_edit"),
]
