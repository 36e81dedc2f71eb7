from .views import exemptions, promises

app_name = "debts"

urlpatterns = [*promises.urls(), *exemptions.urls()]
