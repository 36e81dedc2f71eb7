from django.urls import path

from abonent.core.urls import register_urls

from . import views

app_name = "contracts"

urlpatterns = [
    *register_urls("", views, "AnnualContract"),
    path("<int:pk>/<slug:step>/", views.ContractStepView.as_view(), name="annualcontract_step"),
    path("renewals/", views.RenewalListView.as_view(), name="renewals"),
    path("eligible/", views.EligibleListView.as_view(), name="eligible"),
    path("report/", views.ContractReportView.as_view(), name="report"),
    *register_urls("agitation", views, "Agitation", name="agitation"),
    *register_urls("offers", views, "ContractOffer"),
]
