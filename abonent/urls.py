from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from abonent.core.forms import LoginForm
from abonent.core.views import home

urlpatterns = [
    path("", home, name="home"),
    path("login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("subscribers/", include("abonent.subscribers.urls")),
    path("churn/", include("abonent.churn.urls")),
    path("imports/", include("abonent.imports.urls")),
    path("billing/", include("abonent.billing.urls")),
    path("analytics/", include("abonent.analytics.urls")),
    path("calls/", include("abonent.calls.urls")),
    path("callcentre/", include("abonent.callcentre.urls")),
    path("retention/", include("abonent.retention.urls")),
    path("staff/", include("abonent.staff.urls")),
    path("processes/", include("abonent.processes.urls")),
    path("tickets/", include("abonent.tickets.urls")),
    path("debts/", include("abonent.debts.urls")),
    path("outages/", include("abonent.outages.urls")),
    path("contracts/", include("abonent.contracts.urls")),
    path("worklists/", include("abonent.worklists.urls")),
    path("scoring/", include("abonent.scoring.urls")),
    path("surveys/", include("abonent.surveys.urls")),
    path("audit/", include("abonent.audit.urls")),
    path("performance/", include("abonent.performance.urls")),
    path("ownership/", include("abonent.ownership.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/subscribers/", include("abonent.subscribers.api.urls")),
    path("api/churn/", include("abonent.churn.api.urls")),
    path("api/imports/", include("abonent.imports.api.urls")),
    path("api/billing/", include("abonent.billing.api.urls")),
    path("api/analytics/", include("abonent.analytics.api.urls")),
    path("api/calls/", include("abonent.calls.api.urls")),
    path("api/callcentre/", include("abonent.callcentre.api.urls")),
    path("api/retention/", include("abonent.retention.api.urls")),
    path("api/staff/", include("abonent.staff.api.urls")),
    path("api/processes/", include("abonent.processes.api.urls")),
    path("api/tickets/", include("abonent.tickets.api.urls")),
    path("api/debts/", include("abonent.debts.api.urls")),
    path("api/outages/", include("abonent.outages.api.urls")),
    path("api/contracts/", include("abonent.contracts.api.urls")),
    path("api/worklists/", include("abonent.worklists.api.urls")),
    path("api/scoring/", include("abonent.scoring.api.urls")),
    path("api/surveys/", include("abonent.surveys.api.urls")),
    path("api/audit/", include("abonent.audit.api.urls")),
    path("api/performance/", include("abonent.performance.api.urls")),
    path("api/ownership/", include("abonent.ownership.api.urls")),
]

# A forbidden page is a page of the site (the menu, a way back), not Django's bare "403 Forbidden".
handler403 = "abonent.core.views.permission_denied"
