from rest_framework.routers import DefaultRouter

app_name = "surveys-api"

router = DefaultRouter()

urlpatterns = router.urls
