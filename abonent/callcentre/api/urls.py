from rest_framework.routers import DefaultRouter

app_name = "callcentre-api"

router = DefaultRouter()

urlpatterns = router.urls
