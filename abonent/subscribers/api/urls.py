from rest_framework.routers import DefaultRouter

from . import views

app_name = "subscribers-api"

router = DefaultRouter()
router.register("subscribers", views.SubscriberViewSet)
router.register("tariffs", views.TariffViewSet)
router.register("service-kinds", views.ServiceKindViewSet)
router.register("payments", views.PaymentViewSet)

urlpatterns = router.urls
