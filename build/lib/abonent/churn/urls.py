from django.urls import path

from . import views

app_name = "churn"

urlpatterns = [
    path("requests/", views.DisconnectionRequestListView.as_view(), name="disconnectionrequest_list"),
    path("requests/add/", views.DisconnectionRequestCreateView.as_view(), name="disconnectionrequest_add"),
    path("requests/<int:pk>/", views.DisconnectionRequestDetailView.as_view(), name="disconnectionrequest_detail"),
    path(
        "requests/<int:pk>/establish-reason/",
        views.EstablishReasonView.as_view(),
        name="disconnectionrequest_establish_reason",
    ),
    path("requests/<int:pk>/make-offer/", views.MakeOfferView.as_view(), name="disconnectionrequest_make_offer"),
    path("requests/<int:pk>/close/", views.CloseRequestView.as_view(), name="disconnectionrequest_close"),
    path("reason-groups/", views.ReasonGroupListView.as_view(), name="reasongroup_list"),
    path("reason-groups/add/", views.ReasonGroupEditView.as_view(), name="reasongroup_add"),
    path("reason-groups/<int:pk>/", views.ReasonGroupDetailView.as_view(), name="reasongroup_detail"),
    path("reason-groups/<int:pk>/edit/", views.ReasonGroupEditView.as_view(), name="reasongroup_edit"),
    path("reason-groups/<int:pk>/delete/", views.ReasonGroupDeleteView.as_view(), name="reasongroup_delete"),
    path("reasons/", views.ChurnReasonListView.as_view(), name="churnreason_list"),
    path("reasons/add/", views.ChurnReasonEditView.as_view(), name="churnreason_add"),
    path("reasons/<int:pk>/", views.ChurnReasonDetailView.as_view(), name="churnreason_detail"),
    path("reasons/<int:pk>/edit/", views.ChurnReasonEditView.as_view(), name="churnreason_edit"),
    path("reasons/<int:pk>/delete/", views.ChurnReasonDeleteView.as_view(), name="churnreason_delete"),
    path("norms/", views.NormsView.as_view(), name="norms"),
    path("norms/proposals/", views.NormProposalsView.as_view(), name="norm_proposals"),
    path("scripts/", views.ScriptListView.as_view(), name="script_list"),
    path("scripts/add/", views.ScriptEditView.as_view(), name="script_add"),
    path("scripts/panel/", views.ScriptPanelView.as_view(), name="script_panel"),
    path("scripts/<int:pk>/", views.ScriptDetailView.as_view(), name="script_detail"),
    path("scripts/<int:pk>/edit/", views.ScriptEditView.as_view(), name="script_edit"),
]
