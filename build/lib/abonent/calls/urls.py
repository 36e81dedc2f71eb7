from django.urls import path

from . import views

app_name = "calls"

urlpatterns = [
    path("", views.CallListView.as_view(), name="call_list"),
    path("todo/", views.CallTodoView.as_view(), name="call_todo"),
    path("classify/", views.CallBulkClassifyView.as_view(), name="call_bulk_classify"),
    path("<int:pk>/", views.CallDetailView.as_view(), name="call_detail"),
    path("<int:pk>/classify/", views.CallClassifyView.as_view(), name="call_classify"),
    path("types/", views.CallTypeListView.as_view(), name="calltype_list"),
    path("types/add/", views.CallTypeEditView.as_view(), name="calltype_add"),
    path("types/<int:pk>/", views.CallTypeDetailView.as_view(), name="calltype_detail"),
    path("types/<int:pk>/edit/", views.CallTypeEditView.as_view(), name="calltype_edit"),
    path("types/<int:pk>/delete/", views.CallTypeDeleteView.as_view(), name="calltype_delete"),
    path("rules/", views.CallTypeRuleListView.as_view(), name="calltyperule_list"),
    path("rules/add/", views.CallTypeRuleEditView.as_view(), name="calltyperule_add"),
    path("rules/reapply/", views.ReapplyRulesView.as_view(), name="calltyperule_reapply"),
    path("rules/<int:pk>/", views.CallTypeRuleDetailView.as_view(), name="calltyperule_detail"),
    path("rules/<int:pk>/edit/", views.CallTypeRuleEditView.as_view(), name="calltyperule_edit"),
    path("rules/<int:pk>/delete/", views.CallTypeRuleDeleteView.as_view(), name="calltyperule_delete"),
    path("mappings/", views.PbxColumnMappingListView.as_view(), name="pbxcolumnmapping_list"),
    path("mappings/add/", views.PbxColumnMappingEditView.as_view(), name="pbxcolumnmapping_add"),
    path("mappings/<int:pk>/", views.PbxColumnMappingDetailView.as_view(), name="pbxcolumnmapping_detail"),
    path("mappings/<int:pk>/edit/", views.PbxColumnMappingEditView.as_view(), name="pbxcolumnmapping_edit"),
    path("mappings/<int:pk>/delete/", views.PbxColumnMappingDeleteView.as_view(), name="pbxcolumnmapping_delete"),
    path("agents/", views.AgentIntervalListView.as_view(), name="agentinterval_list"),
]
