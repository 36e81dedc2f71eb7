from rest_framework.routers import DefaultRouter

app_name = "worklists-api"

router = DefaultRouter()

urlpatterns = router.urls
