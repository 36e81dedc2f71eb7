from django.urls import path

from abonent.core.urls import register_urls

from . import views

app_name = "callcentre"

urlpatterns = [
    path("my/", views.MyCallbackView.as_view(), name="my_callback"),
    path("my/next/", views.NextView.as_view(), name="next"),
    *register_urls("callbacks", views, "CallbackTask"),
    path("callbacks/<int:pk>/attempt/", views.AttemptView.as_view(), name="callbacktask_attempt"),
    path("callbacks/<int:pk>/release/", views.ReleaseView.as_view(), name="callbacktask_release"),
    path("callbacks/<int:pk>/take/", views.TakeView.as_view(), name="callbacktask_take"),
    path("callbacks/<int:pk>/cancel/", views.CancelView.as_view(), name="callbacktask_cancel"),
    *register_urls("attempts", views, "CallbackAttempt"),
    path("policy/", views.CallbackPolicyDetailView.as_view(), name="callbackpolicy_detail"),
    path("policy/edit/", views.CallbackPolicyEditView.as_view(), name="callbackpolicy_edit"),
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    path("staffing/", views.StaffingView.as_view(), name="staffing"),
    path("staffing/what-if/", views.WhatIfView.as_view(), name="what_if"),
    path("workload/", views.WorkloadView.as_view(), name="workload"),
    path("missed-calls/", views.MissedCallsView.as_view(), name="missed_calls"),
]
