from django.urls import path

from abonent.core.urls import register_urls

from . import views

app_name = "churn"

urlpatterns = [
    *register_urls("requests", views, "DisconnectionRequest"),
    path(
        "requests/<int:pk>/establish-reason/",
        views.EstablishReasonView.as_view(),
        name="disconnectionrequest_establish_reason",
    ),
    path("requests/<int:pk>/make-offer/", views.MakeOfferView.as_view(), name="disconnectionrequest_make_offer"),
    path("requests/<int:pk>/close/", views.CloseRequestView.as_view(), name="disconnectionrequest_close"),
    *register_urls("reason-groups", views, "ReasonGroup"),
    *register_urls("reasons", views, "ChurnReason"),
    path("norms/", views.NormsView.as_view(), name="norms"),
    path("norms/proposals/", views.NormProposalsView.as_view(), name="norm_proposals"),
    *register_urls("scripts", views, "Script"),
    path("scripts/panel/", views.ScriptPanelView.as_view(), name="script_panel"),
]
