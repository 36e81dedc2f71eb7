from rest_framework.routers import DefaultRouter

app_name = "contracts-api"

router = DefaultRouter()

urlpatterns = router.urls
