from django.urls import path

from abonent.core.urls import register_urls

from . import views

app_name = "billing"

urlpatterns = [
    *register_urls("actions", views, "BillingAction"),
    path("actions/<int:pk>/step/", views.BillingActionStepView.as_view(), name="billingaction_step"),
    path("actions/mark-sent/", views.BillingActionBulkSentView.as_view(), name="billingaction_mark_sent"),
]
