from rest_framework.routers import DefaultRouter

app_name = "retention-api"

router = DefaultRouter()

urlpatterns = router.urls
