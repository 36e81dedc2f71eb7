from rest_framework.routers import DefaultRouter

from . import views

app_name = "contracts-api"

router = DefaultRouter()
router.register("contracts", views.AnnualContractViewSet)
router.register("agitation", views.AgitationViewSet)
router.register("offers", views.ContractOfferViewSet)

urlpatterns = router.urls
