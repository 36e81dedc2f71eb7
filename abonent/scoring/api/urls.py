from rest_framework.routers import DefaultRouter

app_name = "scoring-api"

router = DefaultRouter()

urlpatterns = router.urls
