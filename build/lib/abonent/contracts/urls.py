from django.urls import path

from . import views

app_name = "contracts"

urlpatterns = [
    path("", views.AnnualContractListView.as_view(), name="annualcontract_list"),
    path("add/", views.AnnualContractCreateView.as_view(), name="annualcontract_add"),
    path("<int:pk>/", views.AnnualContractDetailView.as_view(), name="annualcontract_detail"),
    path("<int:pk>/edit/", views.AnnualContractEditView.as_view(), name="annualcontract_edit"),
    path("<int:pk>/<slug:step>/", views.ContractStepView.as_view(), name="annualcontract_step"),
    path("renewals/", views.RenewalListView.as_view(), name="renewals"),
    path("eligible/", views.EligibleListView.as_view(), name="eligible"),
    path("report/", views.ContractReportView.as_view(), name="report"),
    path("agitation/", views.AgitationListView.as_view(), name="agitation_list"),
    path("agitation/add/", views.AgitationCreateView.as_view(), name="agitation_add"),
    path("agitation/<int:pk>/", views.AgitationDetailView.as_view(), name="agitation_detail"),
    path("offers/", views.ContractOfferListView.as_view(), name="contractoffer_list"),
    path("offers/add/", views.ContractOfferEditView.as_view(), name="contractoffer_add"),
    path("offers/<int:pk>/", views.ContractOfferDetailView.as_view(), name="contractoffer_detail"),
    path("offers/<int:pk>/edit/", views.ContractOfferEditView.as_view(), name="contractoffer_edit"),
]
