from django.urls import path

from abonent.core.urls import register_urls

from . import views

app_name = "calls"

urlpatterns = [
    *register_urls("", views, "Call"),
    path("todo/", views.CallTodoView.as_view(), name="call_todo"),
    path("classify/", views.CallBulkClassifyView.as_view(), name="call_bulk_classify"),
    path("<int:pk>/classify/", views.CallClassifyView.as_view(), name="call_classify"),
    *register_urls("types", views, "CallType"),
    *register_urls("rules", views, "CallTypeRule"),
    path("rules/reapply/", views.ReapplyRulesView.as_view(), name="calltyperule_reapply"),
    *register_urls("mappings", views, "PbxColumnMapping"),
    *register_urls("agents", list=views.AgentIntervalListView),
]
