from rest_framework.routers import DefaultRouter

from . import views

app_name = "worklists-api"

router = DefaultRouter()
router.register("items", views.WorkItemViewSet)
router.register("campaigns", views.CampaignViewSet)

urlpatterns = router.urls
